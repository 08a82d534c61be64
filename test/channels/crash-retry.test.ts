// A bot process killed with SIGKILL after Azure accepted a backup but before the job id came back (the stand-in holds
// the operation-status GET), and restarted at once: the process had recorded its intent in PostgreSQL first, so once
// its lease runs out one live replica (the other one, alive all along, or the restarted one) takes it over, finds the
// job in Resource Graph, finishes the card and audits it. Exactly one backup started, one outcome recorded. Real processes (src/main.ts), a real PostgreSQL server, the Azure and Bot Connector
// stand-ins on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEstate } from '../../src/sim/estate';
import { startSim } from '../../src/sim/server/start-sim';
import type { SimHandle } from '../../src/sim/server/types';
import { openStore, type Store } from '../../src/store';
import { retryableItem } from '../azure/actions/support/estate-items';
import { type BotConnectorStandIn, sendToBot, startBotConnector, type TestActivity } from '../standins/bot-connector';
import { createTestDatabase, type TestDatabase } from '../store/support/test-database';
import { type BotReplica, confirmationFor, listening, playgroundActivity, startReplica } from './support/bot-replicas';
import { button, readCard } from './support/teams-cards';
import { cardOf } from './teams/support';

jest.setTimeout(120_000);

const TESTER = { id: 'crash-tester', name: 'Crash Tester' };

let sim: SimHandle;
let db: TestDatabase;
let store: Store;
let connector: BotConnectorStandIn;
let folder: string;
const bots: BotReplica[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bot-crash-'));
  // The estate is generated for now: the bot processes run on the real clock.
  const estate = generateEstate({ seed: 42, scale: 'small', now: new Date() });
  sim = await startSim({
    estate,
    seed: 11,
    lro: { retryAfterSeconds: 0 },
    quota: { limit: 10_000, windowMs: 5_000 },
    jobCompletion: { delayMs: 6_000 },
  });
  db = await createTestDatabase();
  store = await openStore({ databaseUrl: db.url, dataDir: join(folder, 'unused') });
  connector = await startBotConnector();
  const setup = { folder, databaseUrl: db.url, simUrl: sim.url, userId: TESTER.id };
  bots.push(await startReplica(setup, 'doomed'), await startReplica(setup, 'survivor'));
  await Promise.all(bots.map(listening));
});

afterAll(async () => {
  for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await store?.close();
  await connector?.close();
  await sim?.close();
  await db?.drop();
  rmSync(folder, { recursive: true, force: true });
});

const activity = (fields: TestActivity): TestActivity =>
  playgroundActivity(connector, TESTER, 'crash-conversation', fields);

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await check()); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('killed between Azure accepting the backup and learning its job, then restarted: one live replica finishes the card', async () => {
  const [doomed, survivor] = bots as [BotReplica, BotReplica];
  const setup = { folder, databaseUrl: db.url, simUrl: sim.url, userId: TESTER.id };
  const item = retryableItem(sim.estate, 'vm', 9);
  const confirm = await confirmationFor(connector, doomed.url, activity({ type: 'message', text: `retry ${item.id}` }));

  // Azure takes the trigger POST (202) and then never answers the operation-status GET that would name the job.
  sim.admin.setFaults({ rules: [{ target: 'operations', timeoutMs: 'forever' }] });
  const start = button(confirm.card, 'Start backup').data;
  const click = activity({
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: confirm.id,
    value: { action: { type: 'Action.Execute', verb: 'cmd', data: start }, trigger: 'manual' },
  });
  const pressed = sendToBot(doomed.url, click).catch((err: unknown) => err);
  await until('Azure to accept the backup', () => sim.admin.countBackupCalls(item.id) === 1);
  const [intent] = await store.listPendingOperations('retry-start');
  expect(intent?.state).toMatchObject({ item: { id: item.id } });
  expect((await store.queryAudit({ limit: 5 })).map((r) => `${r.action}:${r.result}`)).toEqual(['retry:starting']);

  doomed.child.kill('SIGKILL');
  await doomed.exited;
  await pressed;
  sim.admin.clearFaults();
  // A supervisor restarts the killed process at once: it and the survivor both look for work nobody holds.
  const restarted = await startReplica(setup, 'doomed');
  bots.push(restarted);

  // Once the dead process's lease runs out, one of the two takes the request over and updates the confirmation card.
  const cardText = (text: RegExp) =>
    connector.waitFor(
      (c) => c.kind === 'update' && c.activityId === confirm.id && text.test(readCard(cardOf(c.activity))),
      30_000,
    );
  await cardText(new RegExp(`Backup of ${item.name} started`));
  await cardText(new RegExp(`Backup of ${item.name} completed`));

  await until('the job to leave the pending work', async () => (await store.listPendingOperations()).length === 0);
  const audit = await store.queryAudit({ limit: 10 });
  expect(audit.map((r) => `${r.action}:${r.result}`)).toEqual([
    'retry-job:completed',
    'retry:started',
    'retry:starting',
  ]);
  expect(audit[1]).toMatchObject({ target: item.id, details: { reconciled: true }, actor: { userId: TESTER.id } });
  const takeovers = [survivor, restarted].map((bot) => bot.output().split('took over pending backups').length - 1);
  expect(takeovers.reduce((a, b) => a + b)).toBe(1);
  expect(sim.admin.countBackupCalls(item.id)).toBe(1);
  expect(sim.admin.countBackupCalls()).toBe(1);
});
