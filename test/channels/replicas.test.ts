// Two bot processes (src/main.ts, as deployed) sharing one PostgreSQL database and one Azure stand-in (ARM_ENDPOINT on
// 127.0.0.1 with no client secret: the stand-in's static token) receive the same Start click at the same moment:
// exactly one backup call reaches Azure, and the other process answers "already running".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAYGROUND_CHANNEL_ID } from '../../src/playground/channel';
import { generateEstate } from '../../src/sim/estate';
import { startSim } from '../../src/sim/server/start-sim';
import type { SimHandle } from '../../src/sim/server/types';
import { openStore, type Store } from '../../src/store';
import { retryableItem } from '../azure/actions/support/estate-items';
import { type BotConnectorStandIn, sendToBot, startBotConnector, type TestActivity } from '../standins/bot-connector';
import { createTestDatabase, type TestDatabase } from '../store/support/test-database';
import { freePort, type MainProcess, spawnMain } from '../support/main-process';
import { button, type Card, readCard } from './support/teams-cards';
import { cardOf } from './teams/support';

jest.setTimeout(180_000);

const TESTER = { id: 'replica-tester', name: 'Replica Tester' };

interface Bot extends MainProcess {
  url: string;
}

let sim: SimHandle;
let db: TestDatabase;
let store: Store;
let connector: BotConnectorStandIn;
let folder: string;
const bots: Bot[] = [];

async function startBot(name: string): Promise<Bot> {
  const port = await freePort();
  const main = spawnMain(folder, {
    DATA_DIR: join(folder, name),
    PORT: String(port),
    DATABASE_URL: db.url,
    // A loopback ARM endpoint and no AZURE_CLIENT_SECRET: azure mode against the stand-in, with its static token.
    ARM_ENDPOINT: sim.url,
    RETRY_ALLOW: `playground:user:${TESTER.id}`,
    RETRY_POLL_SECONDS: '1',
    LOG_LEVEL: 'info',
    // No app id outside demo mode: opted in, replying to the Bot Connector stand-in (a loopback origin).
    LOCAL_CHAT_WITHOUT_AUTH: 'true',
    ALLOW_EMULATOR: 'true',
  });
  return { ...main, url: `http://127.0.0.1:${port}/api/messages` };
}

async function listening(bot: Bot): Promise<void> {
  for (let i = 0; i < 900 && !bot.output().includes('listening on port'); i++) {
    if (bot.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!bot.output().includes('listening on port')) throw new Error(`the bot did not start:\n${bot.output()}`);
}

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

/**
 * An activity from the playground's channel (a local Bot Framework client that clicks with Action.Execute, as Teams
 * does; the Emulator would get Action.Submit buttons): the caller's platform is "playground".
 */
function activity(fields: TestActivity): TestActivity {
  return {
    id: `act-${Math.random().toString(36).slice(2)}`,
    channelId: PLAYGROUND_CHANNEL_ID,
    serviceUrl: connector.serviceUrl,
    from: TESTER,
    recipient: { id: 'bot', name: 'Backup' },
    conversation: { id: 'replica-conversation', conversationType: 'personal' },
    ...fields,
  };
}

/** The confirmation card the bot posted for `retry …` (after a "working" placeholder, if the answer was slow). */
async function confirmationFor(botUrl: string, text: string): Promise<{ card: Card; id: string }> {
  const message = activity({ type: 'message', text });
  expect((await sendToBot(botUrl, message)).status).toBe(200);
  const reply = await connector.waitFor(
    (c) => c.kind === 'reply' && c.activityId === message.id && c.activity?.type === 'message',
    60_000,
  );
  const id = reply.newId as string;
  const final = await connector.waitFor(
    (c) => (c === reply || (c.kind === 'update' && c.activityId === id)) && /now\?/.test(readCard(cardOf(c.activity))),
    60_000,
  );
  return { card: cardOf(final.activity), id };
}

test('two bot processes receive the same Start click at once: one backup call reaches Azure', async () => {
  const [a, b] = bots as [Bot, Bot];
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

test('both stop cleanly on SIGTERM; the running backup stays pending in the database for the next start', async () => {
  for (const bot of bots) bot.child.kill('SIGTERM');
  const codes = await Promise.all(bots.map((bot) => bot.exited));
  expect(codes).toEqual([0, 0]);
  const pending = await store.listPendingOperations('retry-job');
  expect(pending).toHaveLength(1);
});
