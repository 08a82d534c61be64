// Two bot processes (src/main.ts, as deployed) sharing one PostgreSQL database and one Azure stand-in (ARM_ENDPOINT on
// 127.0.0.1 with no client secret: the stand-in's static token) receive the same Start click at the same moment:
// exactly one backup call reaches Azure, and the other process answers "already running".
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
import {
  type BotReplica,
  confirmationFor as confirmation,
  listening,
  playgroundActivity,
  startReplica,
} from './support/bot-replicas';
import { button, type Card, readCard } from './support/teams-cards';

jest.setTimeout(180_000);

const TESTER = { id: 'replica-tester', name: 'Replica Tester' };

let sim: SimHandle;
let db: TestDatabase;
let store: Store;
let connector: BotConnectorStandIn;
let folder: string;
const bots: BotReplica[] = [];

const startBot = (name: string) =>
  startReplica({ folder, databaseUrl: db.url, simUrl: sim.url, userId: TESTER.id }, name);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bot-replicas-'));
  // The estate is generated for now: the bot processes run on the real clock.
  const estate = generateEstate({ seed: 42, scale: 'small', now: new Date() });
  sim = await startSim({
    estate,
    seed: 7,
    lro: { retryAfterSeconds: 0 },
    quota: { limit: 10_000, windowMs: 5_000 },
    jobCompletion: { delayMs: 600_000 },
  });
  db = await createTestDatabase();
  store = await openStore({ databaseUrl: db.url, dataDir: join(folder, 'unused') });
  connector = await startBotConnector();
  bots.push(await startBot('a'), await startBot('b'));
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
  playgroundActivity(connector, TESTER, 'replica-conversation', fields);

const confirmationFor = (botUrl: string, text: string) =>
  confirmation(connector, botUrl, activity({ type: 'message', text }));

test('two bot processes receive the same Start click at once: one backup call reaches Azure', async () => {
  const [a, b] = bots as [BotReplica, BotReplica];
  const item = retryableItem(sim.estate, 'vm', 7);
  const confirm = await confirmationFor(a.url, `retry ${item.id}`);
  const start = button(confirm.card, 'Start backup').data;
  const click = () =>
    activity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: confirm.id,
      value: { action: { type: 'Action.Execute', verb: 'cmd', data: start }, trigger: 'manual' },
    });
  const answers = await Promise.all([sendToBot(a.url, click()), sendToBot(b.url, click())]);
  expect(answers.map((r) => r.status)).toEqual([200, 200]);

  // Both processes audit what they did: one start, one "already running" (whichever process won the claim).
  let results: string[] = [];
  for (let i = 0; i < 300 && results.length < 2; i++) {
    results = (await store.queryAudit({ actor: { platform: 'playground', userId: TESTER.id } }))
      .filter((r) => r.action === 'retry' && r.result !== 'starting')
      .map((r) => r.result)
      .sort();
    if (results.length < 2) await new Promise((r) => setTimeout(r, 100));
  }
  expect(results).toEqual(['already-running', 'started']);
  expect(sim.admin.countBackupCalls(item.id)).toBe(1);
  const shown = answers
    .map((r) => (r.body as { value?: Card }).value)
    .map((card) => readCard(card))
    .filter((text) => !/Working on/.test(text));
  for (const text of shown) expect(text).toMatch(/started|already running/i);
});

test('both stop cleanly on SIGTERM; the running backup stays pending in the database, free for the next replica', async () => {
  for (const bot of bots) bot.child.kill('SIGTERM');
  const codes = await Promise.all(bots.map((bot) => bot.exited));
  expect(codes).toEqual([0, 0]);
  const pending = await store.listPendingOperations('retry-job');
  expect(pending).toHaveLength(1);
  // Its lease was given up on the way out: the next replica to look takes it at once, not after the lease.
  expect(pending[0]).toMatchObject({ owner: null, leaseUntil: null });
});
