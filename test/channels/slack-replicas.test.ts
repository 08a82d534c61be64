// Two bot processes (src/main.ts) behind one Slack app, sharing one PostgreSQL database and the Azure stand-in: Slack
// redelivers a `retry` message to the other process (X-Slack-Retry-Num) while the first is still on it, and both get
// the Start click at once. One confirmation is posted, one backup reaches Azure, and it is followed to its end on the
// confirmation message by exactly one of them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signSlackRequest } from '../../src/channels/slack/verify';
import { generateEstate } from '../../src/sim/estate';
import { startSim } from '../../src/sim/server/start-sim';
import type { SimHandle } from '../../src/sim/server/types';
import { openStore, type Store } from '../../src/store';
import { retryableItem } from '../azure/actions/support/estate-items';
import { type RecordedCall, type SlackStandIn, startSlackStandIn, TEAM_ID } from '../standins/slack-api';
import { createTestDatabase, type TestDatabase } from '../store/support/test-database';
import { actionBody, eventBody, FORM, JSON_TYPE, SIGNING_SECRET } from './slack/support';
import { type BotReplica, listening, startReplica } from './support/bot-replicas';

jest.setTimeout(120_000);

const ANA = 'U0000AAA';
const DM = 'D0000DM1';

let sim: SimHandle;
let db: TestDatabase;
let store: Store;
let slack: SlackStandIn;
let folder: string;
const bots: BotReplica[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bot-slack-replicas-'));
  const estate = generateEstate({ seed: 42, scale: 'small', now: new Date() });
  sim = await startSim({
    estate,
    seed: 13,
    lro: { retryAfterSeconds: 0 },
    quota: { limit: 10_000, windowMs: 5_000 },
    jobCompletion: { delayMs: 4_000 },
  });
  db = await createTestDatabase();
  store = await openStore({ databaseUrl: db.url, dataDir: join(folder, 'unused') });
  slack = await startSlackStandIn();
  const setup = {
    folder,
    databaseUrl: db.url,
    simUrl: sim.url,
    userId: ANA,
    retryAllow: `slack:user:${ANA}`,
    env: { SLACK_BOT_TOKEN: 'xoxb-replicas', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
  };
  bots.push(await startReplica(setup, 'a'), await startReplica(setup, 'b'));
  await Promise.all(bots.map(listening));
});

afterAll(async () => {
  for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await store?.close();
  await slack?.close();
  await sim?.close();
  await db?.drop();
  rmSync(folder, { recursive: true, force: true });
});

/** A signed POST to a replica's /slack/events; `retryNum` marks it as Slack's redelivery. */
function deliver(bot: BotReplica, body: string, type: string, retryNum?: number): Promise<Response> {
  // A redelivery is signed afresh (a later timestamp; an identical signed request would be refused as a replay).
  const timestamp = Math.floor(Date.now() / 1000) - (retryNum === undefined ? 1 : 0);
  const base = bot.url.replace('/api/messages', '');
  return fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': type,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(SIGNING_SECRET, timestamp, body),
      ...(retryNum === undefined
        ? {}
        : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' }),
    },
    body,
  });
}

type Element = { type: string; action_id?: string; value?: string; text?: { text: string } };
type Block = { type: string; block_id?: string; elements?: Element[]; text?: { text?: string } };
const blocksOf = (call: RecordedCall): Block[] => (call.args.blocks ?? []) as Block[];
const textOf = (call: RecordedCall): string => JSON.stringify(call.args.blocks ?? '');

function startButton(call: RecordedCall): { element: Element; blockId: string } | undefined {
  for (const block of blocksOf(call)) {
    const element = block.elements?.find((e) => e.type === 'button' && e.text?.text === 'Start backup');
    if (element) return { element, blockId: block.block_id ?? '' };
  }
  return undefined;
}

test('a redelivered retry and a Start clicked on both replicas: one confirmation, one backup, one end', async () => {
  const [a, b] = bots as [BotReplica, BotReplica];
  const item = retryableItem(sim.estate, 'vm', 10);
  const message = eventBody(
    { type: 'message', channel_type: 'im', user: ANA, text: `retry ${item.id}`, channel: DM, ts: '1700000001.000100' },
    'Ev-replicas-retry',
  );
  // Slack gave up waiting on A and delivers the same event to B while A still works on it.
  const delivered = await Promise.all([deliver(a, message, JSON_TYPE), deliver(b, message, JSON_TYPE, 1)]);
  expect(delivered.map((r) => r.status)).toEqual([200, 200]);
  // The confirmation is posted, or a "working" message is posted and then updated into it.
  const confirmations = () =>
    [...slack.calls('chat.postMessage'), ...slack.calls('chat.update')].filter((c) => startButton(c) !== undefined);
  for (const end = Date.now() + 60_000; confirmations().length === 0; ) {
    if (Date.now() > end) throw new Error('no confirmation was posted');
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 1_500)); // time for a second answer, if one were coming
  expect(confirmations()).toHaveLength(1);
  expect(slack.calls('chat.postMessage')).toHaveLength(1);
  const confirm = confirmations()[0] as RecordedCall;
  const ts = String(confirm.method === 'chat.update' ? confirm.args.ts : confirm.answer?.ts);

  // Both replicas receive a click on Start at the same moment.
  const { element, blockId } = startButton(confirm) as { element: Element; blockId: string };
  const click = (id: string) =>
    actionBody({
      type: 'block_actions',
      user: { id: ANA, username: 'alice', team_id: TEAM_ID },
      api_app_id: 'A0000APP',
      team: { id: TEAM_ID, domain: 'contoso' },
      trigger_id: '1.2.3',
      container: { type: 'message', message_ts: ts, channel_id: DM, is_ephemeral: false },
      channel: { id: DM, name: 'directmessage' },
      message: { type: 'message', text: '', ts, blocks: blocksOf(confirm) },
      response_url: slack.responseUrl(id),
      actions: [{ type: 'button', action_id: element.action_id, block_id: blockId, value: element.value }],
    });
  const clicked = await Promise.all([deliver(a, click('start-a'), FORM), deliver(b, click('start-b'), FORM)]);
  expect(clicked.map((r) => r.status)).toEqual([200, 200]);

  // Followed to its end on the confirmation message, once.
  const completed = (c: RecordedCall) => c.args.ts === ts && /Backup of .* completed/.test(textOf(c));
  await slack.waitFor('chat.update', 1, 60_000, completed);
  let records: string[] = [];
  for (const end = Date.now() + 20_000; !records.includes('retry-job:completed') && Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 200));
    records = (await store.queryAudit({ limit: 20 })).map((r) => `${r.action}:${r.result}`);
  }
  await new Promise((r) => setTimeout(r, 2_000)); // a second end would be reported within two polls
  records = (await store.queryAudit({ limit: 20 })).map((r) => `${r.action}:${r.result}`);
  expect(records.filter((r) => r !== 'retry:already-running')).toEqual([
    'retry-job:completed',
    'retry:started',
    'retry:starting',
  ]);
  expect(records.filter((r) => r === 'retry:already-running')).toHaveLength(1);
  expect(slack.calls('chat.update').filter(completed)).toHaveLength(1);
  expect(sim.admin.countBackupCalls(item.id)).toBe(1);
  expect(sim.admin.countBackupCalls()).toBe(1);
  expect(await store.listPendingOperations()).toEqual([]);
});
