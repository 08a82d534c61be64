// Digests across real bot processes (src/main.ts, as deployed) sharing one PostgreSQL and one Azure stand-in, posting
// to the Slack API stand-in: two processes due at the same moment post exactly one digest; a process killed (SIGKILL)
// while it reads Resource Graph for a claimed digest loses its claim when the lease runs out, and the other process
// posts the digest, marked late. The processes run on the real clock, with a 1-second check and a 3-second lease.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEstate } from '../../src/sim/estate';
import { startSim } from '../../src/sim/server/start-sim';
import type { SimHandle } from '../../src/sim/server/types';
import { openStore, type Store } from '../../src/store';
import { SIGNING_SECRET } from '../channels/slack/support';
import { type SlackStandIn, startSlackStandIn } from '../standins/slack-api';
import { createTestDatabase, type TestDatabase } from '../store/support/test-database';
import { freePort, type MainProcess, spawnMain } from '../support/main-process';

jest.setTimeout(180_000);

let sim: SimHandle;
let db: TestDatabase;
let store: Store;
let slack: SlackStandIn;
let folder: string;
const started: MainProcess[] = [];

async function startBot(name: string): Promise<MainProcess> {
  const bot = spawnMain(folder, {
    DATA_DIR: join(folder, name),
    PORT: String(await freePort()),
    DATABASE_URL: db.url,
    ARM_ENDPOINT: sim.url,
    SLACK_BOT_TOKEN: 'xoxb-digest-replicas',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DIGEST_CHECK_SECONDS: '1',
    DIGEST_LEASE_SECONDS: '3',
    LOG_LEVEL: 'info',
  });
  started.push(bot);
  for (let i = 0; i < 900 && !bot.output().includes('listening on port'); i++) {
    if (bot.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!bot.output().includes('listening on port')) throw new Error(`the bot did not start:\n${bot.output()}`);
  return bot;
}

/** A Slack digest of channel `channel`, due a second ago (as `digest on` would have stored it). */
async function dueDigest(channel: string): Promise<void> {
  const now = new Date();
  await store.upsertDigestSubscription({
    platform: 'slack',
    conversationKey: channel,
    address: { channel },
    time: '08:00',
    timezone: 'UTC',
    days: 'daily',
    quiet: false,
    filters: {},
    scopeKey: '(everything)',
    createdBy: { platform: 'slack', userId: 'U0000AAA', name: 'alice' },
    nextRunAt: new Date(now.getTime() - 1_000),
    at: now,
  });
}

const postsTo = (channel: string) => slack.calls('chat.postMessage').filter((c) => c.args.channel === channel);

async function until(what: string, test: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'digest-replicas-'));
  sim = await startSim({
    estate: generateEstate({ seed: 9, scale: 'small', now: new Date() }),
    seed: 9,
    quota: { limit: 10_000, windowMs: 5_000 },
  });
  db = await createTestDatabase();
  store = await openStore({ databaseUrl: db.url, dataDir: join(folder, 'unused') });
  slack = await startSlackStandIn();
});

afterAll(async () => {
  for (const bot of started) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await store?.close();
  await slack?.close();
  await sim?.close();
  await db?.drop();
  rmSync(folder, { recursive: true, force: true });
});

test('two processes, one digest due: exactly one post', async () => {
  await Promise.all([startBot('a'), startBot('b')]);
  await dueDigest('C0000BOTH');
  await until('the digest', () => postsTo('C0000BOTH').length > 0);
  // Both processes keep checking every second; give them time to post a second one, if they would.
  await new Promise((r) => setTimeout(r, 4_000));
  expect(postsTo('C0000BOTH')).toHaveLength(1);
  const sub = await store.getDigestSubscription('slack', 'C0000BOTH');
  expect(sub?.lastRun).toMatchObject({ status: 'posted', late: false });
  expect(sub?.nextRunAt.getTime()).toBeGreaterThan(Date.now());
  for (const bot of started.splice(0)) {
    bot.child.kill('SIGTERM');
    await bot.exited;
  }
});

test('a process killed while it works on a claimed digest: the other posts it once the lease runs out, marked late', async () => {
  // Resource Graph hangs for the first process: it claims the digest and then waits on its queries.
  sim.admin.setFaults({ rules: [{ target: 'arg', latencyMs: 20_000 }] });
  const first = await startBot('killed');
  await dueDigest('C0000KILL');
  await until('the first process to claim the digest', () => first.output().includes('running due digests'));
  first.child.kill('SIGKILL');
  await first.exited;
  sim.admin.clearFaults();
  const second = await startBot('survivor');
  await until('the digest from the second process', () => postsTo('C0000KILL').length > 0, 90_000);
  await new Promise((r) => setTimeout(r, 3_000));
  expect(postsTo('C0000KILL')).toHaveLength(1);
  expect(JSON.stringify(postsTo('C0000KILL')[0]?.args.blocks)).toMatch(/Late: due \d\d:\d\d UTC, posted \d\d:\d\d UTC/);
  expect((await store.getDigestSubscription('slack', 'C0000KILL'))?.lastRun).toMatchObject({
    status: 'posted',
    late: true,
  });
  second.child.kill('SIGTERM');
  await second.exited;
});
