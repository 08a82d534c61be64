// Failure notifications end to end in Slack: `notify on`, failures appearing in the Azure stand-in (row routes)
// under a driven clock, polls as every replica runs them; one message per poll, never twice (overlap, restart, second
// replica), grouped, updated in place on a repeat and on a fix, snoozes, failures fixed before anyone was told.
import type { Row } from '../../src/sim/estate/types';
import { actionBody, FORM, postToSlackEvents } from '../channels/slack/support';
import { postsIn, slackSays } from '../digest/support/chat';
import { type DigestBot, startDigestBot } from '../digest/support/digest-bot';
import { type RecordedCall, TEAM_ID } from '../standins/slack-api';
import type { TestDatabase } from '../store/support/test-database';
import { backupJob, failableInstances, lower, nameOf, props } from './support/rows';

jest.setTimeout(180_000);

const START = new Date('2026-12-08T06:00:00Z');
const MIN = 60_000;
const CHANNEL = 'C0000CHN';
let bot: DigestBot & { db: TestDatabase };

beforeAll(async () => {
  bot = await startDigestBot({ start: START, retryAllow: ['slack:*'] });
});
afterAll(async () => {
  await bot?.close();
});

const instances = () => failableInstances(bot.estate);
const job = (instance: Row, status: 'Failed' | 'Completed', at: Date, code?: string) =>
  backupJob(instance, status, at, code === undefined ? {} : { code });
const updatesIn = (channel: string) =>
  bot.slack
    .calls('chat.update')
    .filter((c) => c.args.channel === channel)
    .map((c) => JSON.stringify(c.args.blocks));

test('a new failure is posted once, grouped with its fix and Retry; the overlap, a restart and a repeat poll post nothing more', async () => {
  expect(await slackSays(bot, 'notify on')).toContain('turned on failure notifications');
  const [disk] = instances() as [Row];
  bot.clock.set('2026-12-08T06:10:00Z');
  const failed = job(disk, 'Failed', new Date('2026-12-08T06:08:00Z'));
  bot.sim.admin.putRows('RecoveryServicesResources', [failed]);
  await bot.poll();
  const posts = postsIn(bot, CHANNEL);
  expect(posts).toHaveLength(1);
  const first = posts[0] as string;
  expect(first).toContain('1 new backup failure');
  expect(first).toContain(nameOf(disk));
  expect(first).toContain('UserErrorDiskSnapshotNotFound');
  expect(first).toContain('Fix:');
  expect(first).toContain(`Retry ${nameOf(disk)}`);
  // Failures from before `notify on` are history, not news: the estate's older failures are not in the message.
  expect(first).not.toMatch(/\d+ new backup failures/);

  // Next poll: the window overlaps the last one (jobs reach Resource Graph late); the job is not told again.
  bot.clock.advance(MIN);
  await bot.poll();
  expect(postsIn(bot, CHANNEL)).toHaveLength(1);

  // A second replica on the same database (a restart looks the same): nothing is posted twice.
  const replica = await startDigestBot({ start: bot.clock.now(), estate: bot.estate, database: bot.db });
  try {
    replica.clock.set(bot.clock.now());
    replica.sim.admin.putRows('RecoveryServicesResources', [failed]);
    replica.clock.advance(2 * MIN);
    await replica.poll();
    expect(replica.slack.calls('chat.postMessage')).toHaveLength(0);
  } finally {
    await replica.close();
  }
});

test('a repeat failure updates the earlier message; a later good backup marks it fixed in place', async () => {
  const [disk] = instances() as [Row];
  bot.clock.advance(30 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [job(disk, 'Failed', new Date(bot.clock.now().getTime() - MIN))]);
  await bot.poll();
  expect(postsIn(bot, CHANNEL)).toHaveLength(1);
  const repeat = updatesIn(CHANNEL).at(-1) as string;
  expect(repeat).toContain(`${nameOf(disk)} (`);
  expect(repeat).toMatch(/failed 2 times since/);

  bot.clock.advance(30 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [
    job(disk, 'Completed', new Date(bot.clock.now().getTime() - MIN)),
  ]);
  await bot.poll();
  expect(postsIn(bot, CHANNEL)).toHaveLength(1);
  const fixed = updatesIn(CHANNEL).at(-1) as string;
  expect(fixed).toContain('1 backup failure fixed');
  expect(fixed).toContain('fixed');
  expect(fixed).toContain('by the schedule');
  // Nothing left to retry on a fixed item.
  expect(fixed).not.toContain(`Retry ${nameOf(disk)}`);
});

test('many failures in one poll are one message, one line per error code beyond NOTIFY_MAX_ITEMS', async () => {
  const disks = instances().slice(1, 16);
  expect(disks).toHaveLength(15);
  bot.clock.advance(30 * MIN);
  const at = new Date(bot.clock.now().getTime() - 2 * MIN);
  bot.sim.admin.putRows(
    'RecoveryServicesResources',
    disks.map((d, i) =>
      job(d, 'Failed', at, i % 2 === 0 ? 'UserErrorDiskSnapshotNotFound' : 'UserErrorDiskBackupPolicyNotFound'),
    ),
  );
  await bot.poll();
  const posts = postsIn(bot, CHANNEL);
  expect(posts).toHaveLength(2);
  const many = posts[1] as string;
  expect(many).toContain(`${disks.length} new backup failures on ${disks.length} items`);
  expect(many).toContain('one line per error code');
  expect(many).not.toContain(nameOf(disks[0] as Row));
  expect(many).toContain('Failed jobs');
});

test('snoozed items and failures already fixed by a later backup are not announced', async () => {
  const [snoozed, healed] = instances().slice(16) as [Row, Row];
  expect(await slackSays(bot, `snooze ${nameOf(snoozed)} 1d`)).toContain(`snoozed ${nameOf(snoozed)}`);
  bot.clock.advance(30 * MIN);
  const now = bot.clock.now().getTime();
  bot.sim.admin.putRows('RecoveryServicesResources', [
    job(snoozed, 'Failed', new Date(now - 5 * MIN)),
    job(healed, 'Failed', new Date(now - 10 * MIN)),
    job(healed, 'Completed', new Date(now - 2 * MIN)),
  ]);
  const before = postsIn(bot, CHANNEL).length;
  await bot.poll();
  expect(postsIn(bot, CHANNEL)).toHaveLength(before);
});

test('notify off: no more messages; the settings card says so', async () => {
  expect(await slackSays(bot, 'notify off')).toContain('turned off failure notifications');
  const [disk] = instances().slice(18) as [Row];
  bot.clock.advance(30 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [job(disk, 'Failed', new Date(bot.clock.now().getTime() - MIN))]);
  const before = postsIn(bot, CHANNEL).length;
  await bot.poll();
  expect(postsIn(bot, CHANNEL)).toHaveLength(before);
  expect(await slackSays(bot, 'notify')).toContain('off in this conversation');
});

test('a failure the stand-in makes (as the demo does every two minutes) is announced', async () => {
  await slackSays(bot, 'notify on', 'U0000AAA', 'C0000DMO');
  bot.clock.advance(10 * MIN);
  const job = bot.sim.admin.failBackup();
  const p = (job?.properties ?? {}) as Record<string, unknown>;
  const name = String(p.entityFriendlyName ?? p.dataSourceName);
  await bot.poll();
  const [posted] = postsIn(bot, 'C0000DMO');
  expect(posted).toContain('1 new backup failure');
  expect(posted).toContain(`${name} (`);
});

/** A click on the button labelled `label` in a message the bot posted in `channel`. */
async function click(message: RecordedCall, label: string, channel: string): Promise<void> {
  type Block = {
    block_id?: string;
    elements?: Array<{ type: string; action_id?: string; value?: string; text?: { text?: string } }>;
  };
  const blocks = (message.args.blocks ?? []) as Block[];
  const block = blocks.find((b) => b.elements?.some((e) => e.type === 'button' && e.text?.text === label));
  const element = block?.elements?.find((e) => e.text?.text === label);
  if (block === undefined || element === undefined)
    throw new Error(`no "${label}" button in ${JSON.stringify(blocks)}`);
  const ts = String(message.answer?.ts ?? message.args.ts);
  const payload = {
    type: 'block_actions',
    user: { id: 'U0000AAA', username: 'alice', team_id: TEAM_ID },
    api_app_id: 'A0000APP',
    team: { id: TEAM_ID, domain: 'contoso' },
    trigger_id: '1.2.3',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    channel: { id: channel, name: 'backups' },
    message: { type: 'message', text: String(message.args.text ?? ''), ts, blocks },
    response_url: bot.slack.responseUrl(`click-${ts}`),
    actions: [{ type: 'button', action_id: element.action_id, block_id: block.block_id, value: element.value }],
  };
  expect((await postToSlackEvents(bot.origin, actionBody(payload), FORM)).status).toBe(200);
}

test('Retry on the message starts the backup after confirmation; when it succeeds, the line says who fixed it', async () => {
  const channel = 'C0000RTY';
  await slackSays(bot, 'notify on', 'U0000AAA', channel);
  // Any disk: this channel has not been told about it yet.
  const disk = instances().find(
    (r) => lower((props(r).dataSourceInfo as Record<string, unknown>).datasourceType) === 'microsoft.compute/disks',
  );
  if (disk === undefined) throw new Error('the estate has no disk instance');
  bot.clock.advance(10 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [job(disk, 'Failed', new Date(bot.clock.now().getTime() - MIN))]);
  await bot.poll();
  const notification = bot.slack
    .calls('chat.postMessage')
    .filter((c) => c.args.channel === channel)
    .at(-1) as RecordedCall;
  await click(notification, `Retry ${nameOf(disk)}`, channel);
  const [confirm] = await bot.slack.waitFor('chat.postMessage', 1, 20_000, (c) =>
    JSON.stringify(c.args.blocks).includes('now?'),
  );
  await click(confirm as RecordedCall, 'Start backup', channel);
  await bot.slack.waitFor('response_url', 1, 20_000, (c) => /Started/.test(JSON.stringify(c.args.blocks)));
  // The stand-in finishes the backup once its clock passes the job's end; the next poll sees it.
  bot.clock.advance(5 * MIN);
  await bot.poll();
  const fixed = bot.slack
    .calls('chat.update')
    .filter((c) => c.args.channel === channel && c.args.ts === notification.answer?.ts)
    .at(-1);
  expect(JSON.stringify(fixed?.args.blocks)).toMatch(/fixed \d\d:\d\d \w+ by a retry from alice/);
});

test('Resource Graph down for a poll: nothing is lost; the next poll reads the window again and tells the failure', async () => {
  const channel = 'C0000OUT';
  await slackSays(bot, 'notify on vault:' + String(instances()[5]?.id).split('/')[8], 'U0000AAA', channel);
  const disk = instances()[5] as Row;
  bot.clock.advance(10 * MIN);
  await bot.poll();
  const scopeKey = (await bot.store.getNotifySubscription('slack', channel))?.scopeKey as string;
  const before = await bot.store.getNotifyScope(scopeKey);
  bot.clock.advance(5 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [job(disk, 'Failed', new Date(bot.clock.now().getTime() - MIN))]);
  bot.sim.admin.setFaults({ rules: [{ target: 'arg', errorRate: 1, errorStatus: 500 }] });
  try {
    await bot.poll();
  } finally {
    bot.sim.admin.clearFaults();
  }
  const failed = await bot.store.getNotifyScope(scopeKey);
  expect(failed?.lastPollOk).toBe(false);
  expect(failed?.watermark).toEqual(before?.watermark);
  expect(postsIn(bot, channel)).toHaveLength(0);
  expect(await slackSays(bot, 'notify', 'U0000AAA', channel)).toContain(
    'Resource Graph answered only in part; the next poll reads the window again',
  );

  bot.clock.advance(5 * MIN);
  await bot.poll();
  expect(postsIn(bot, channel)).toHaveLength(1);
  expect(postsIn(bot, channel)[0]).toContain(nameOf(disk));
  expect((await bot.store.getNotifyScope(scopeKey))?.lastPollOk).toBe(true);
});
