// READ_ALLOW for what the bot posts on its own, end to end through the Slack stand-in over one Azure stand-in
// estate: two channels bound to different subscriptions get disjoint digests and disjoint notifications; turning
// either on is refused where the guardrail does not allow it; a conversation that lost every scope is skipped (digest)
// or paused (notifications), logged and audited, and gets nothing.
import { cardOf, textsOf } from '../channels/teams/support';
import { postsIn, slackSays } from '../digest/support/chat';
import { type DigestBot, startDigestBot } from '../digest/support/digest-bot';
import { backupJob, failableInstances, nameOf } from '../notify/support/rows';
import { CHANNEL_ID, sendToBot, teamsMessage } from '../standins/bot-connector';
import { A, A_NAME, B, B_NAME, namesOnlyIn, READ_ALLOW } from './support/estate';

jest.setTimeout(120_000);

// Monday 7 December 2026, 06:30 UTC.
const START = new Date('2026-12-07T06:30:00Z');
const MIN = 60_000;
let bot: DigestBot & { db: { drop(): Promise<void> } };

beforeAll(async () => {
  bot = await startDigestBot({ start: START, readAllow: READ_ALLOW });
});
afterAll(async () => {
  await bot?.close();
});
beforeEach(async () => {
  bot.clock.set(START);
  bot.slack.reset();
  bot.connector.calls.length = 0;
  for (const sub of await bot.store.listDigestSubscriptions()) {
    await bot.store.deleteDigestSubscription(sub.platform, sub.conversationKey);
  }
  for (const sub of await bot.store.listNotifySubscriptions()) {
    await bot.store.deleteNotifySubscription(sub.platform, sub.conversationKey);
  }
});

const says = (text: string, channel: string, user = 'U0000AAA') => slackSays(bot, text, user, channel);
const mentioned = (text: string, names: readonly string[]) => names.filter((n) => text.includes(n));

test('two channels bound to different subscriptions get disjoint digests', async () => {
  expect(await says('digest on 07:00 tz:UTC', 'C0000CHN')).toContain('turned on the daily digest');
  expect(await says('digest on 07:00 tz:UTC', 'C0000TWO')).toContain('turned on the daily digest');
  bot.clock.set('2026-12-07T07:00:20Z');
  // Same filters, different guardrails: two reads, never one shared.
  expect(await bot.tick()).toMatchObject({ claimed: 2, posted: 2, scopes: 2 });
  const [inA] = postsIn(bot, 'C0000CHN');
  const [inB] = postsIn(bot, 'C0000TWO');
  const onlyA = namesOnlyIn(bot.estate, A);
  const onlyB = namesOnlyIn(bot.estate, B);
  expect(mentioned(inA ?? '', onlyA).length).toBeGreaterThan(0);
  expect(mentioned(inA ?? '', onlyB)).toEqual([]);
  expect(mentioned(inB ?? '', onlyB).length).toBeGreaterThan(0);
  expect(mentioned(inB ?? '', onlyA)).toEqual([]);
  expect(inA).toContain('First digest here');
  // Each conversation's snapshot (kept per guardrail) survives the hourly clean-up: the next day tells what changed.
  bot.clock.set('2026-12-08T06:00:00Z');
  await bot.store.purgeDigestSnapshots(new Date(bot.clock.now().getTime() - 3_600_000));
  bot.clock.set('2026-12-08T07:00:20Z');
  expect(await bot.tick()).toMatchObject({ posted: 2, scopes: 2 });
  const [, nextA] = postsIn(bot, 'C0000CHN');
  expect(nextA).toBeDefined();
  expect(nextA).not.toContain('First digest here');
});

test('a Teams channel’s digest reads its own subscription, not the Slack channel’s', async () => {
  const sent = await sendToBot(
    bot.messagesUrl,
    teamsMessage(bot.connector.serviceUrl, 'digest on 07:00 tz:UTC', 'channel'),
  );
  expect(sent.status).toBeLessThan(300);
  await bot.connector.waitFor((c) => c.kind === 'reply' && c.activity?.type === 'message');
  expect(await says('digest on 07:00 tz:UTC', 'C0000CHN')).toContain('turned on the daily digest');
  bot.clock.set('2026-12-07T07:00:20Z');
  expect(await bot.tick()).toMatchObject({ posted: 2, scopes: 2 });
  const teams = bot.connector.calls.filter((c) => c.kind === 'send' && c.conversationId === CHANNEL_ID);
  expect(teams).toHaveLength(1);
  const inTeams = textsOf(cardOf(teams[0]?.activity)).join('\n');
  expect(mentioned(inTeams, namesOnlyIn(bot.estate, B)).length).toBeGreaterThan(0);
  expect(mentioned(inTeams, namesOnlyIn(bot.estate, A))).toEqual([]);
  expect(mentioned(postsIn(bot, 'C0000CHN').join('\n'), namesOnlyIn(bot.estate, B))).toEqual([]);
});

test('digest on is refused where the guardrail does not allow it, and says why', async () => {
  const dm = await says('digest on', 'D0000DM1', 'U0000ZZZ');
  expect(dm).toContain('READ_ALLOW does not name you');
  expect(dm).toContain('your entry would be slack:user:U0000ZZZ@sub:');
  expect(await says(`digest on sub:${B}`, 'C0000CHN')).toContain(`No subscription \\"${B}\\" is visible`);
  expect(await says('notify on', 'C0000BAD')).toContain('READ_ALLOW binds no backup data to this conversation');
  const byName = await says(`notify on sub:${B_NAME}`, 'C0000CHN');
  expect(byName).toContain(`No subscription named \\"${B_NAME}\\" is visible in this conversation`);
  expect(byName).toContain(`Here you can read: ${A_NAME}.`);
  expect(await says(`digest on sub:${B_NAME}`, 'C0000CHN')).toContain(
    `No subscription named \\"${B_NAME}\\" is visible here`,
  );
  expect(await bot.store.listDigestSubscriptions()).toEqual([]);
  expect(await bot.store.listNotifySubscriptions()).toEqual([]);
  // Turning off stays possible for a conversation without scope.
  expect(await says('digest off', 'C0000BAD')).toContain('No digest to turn off');
});

test('a digest whose conversation lost every scope is skipped, logged and audited when it runs', async () => {
  const now = bot.clock.now();
  await bot.store.upsertDigestSubscription({
    platform: 'slack',
    conversationKey: 'C0000GONE',
    address: { channel: 'C0000GONE' },
    time: '07:00',
    timezone: 'UTC',
    days: 'daily',
    quiet: false,
    filters: {},
    scopeKey: '(everything)',
    createdBy: { platform: 'slack', userId: 'U0000AAA', name: 'alice', personal: false },
    nextRunAt: new Date('2026-12-07T07:00:00Z'),
    at: now,
  });
  bot.clock.set('2026-12-07T07:00:20Z');
  expect(await bot.tick()).toMatchObject({ claimed: 1, posted: 0, skipped: 1 });
  expect(postsIn(bot, 'C0000GONE')).toEqual([]);
  const [record] = (await bot.store.queryAudit({ limit: 5 })).filter((r) => r.action === 'digest-skipped');
  expect(record).toMatchObject({ target: 'C0000GONE', result: 'denied' });
  expect(bot.log.text()).toContain('skipped a digest: READ_ALLOW gives this conversation no scope');
  // It keeps its schedule: the next run is tomorrow's.
  const [sub] = await bot.store.listDigestSubscriptions();
  expect(sub?.nextRunAt.toISOString()).toBe('2026-12-08T07:00:00.000Z');
});

test('two channels bound to different subscriptions get disjoint notifications', async () => {
  expect(await says('notify on', 'C0000CHN')).toContain('turned on failure notifications');
  expect(await says('notify on', 'C0000TWO')).toContain('turned on failure notifications');
  const inA = failableInstances(bot.estate).find((r) => String(r.subscriptionId).toLowerCase() === A);
  const inB = failableInstances(bot.estate).find((r) => String(r.subscriptionId).toLowerCase() === B);
  if (inA === undefined || inB === undefined) throw new Error('the estate has no failable instance in A or B');
  bot.clock.advance(10 * MIN);
  const failedAt = new Date(bot.clock.now().getTime() - MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [
    backupJob(inA, 'Failed', failedAt),
    backupJob(inB, 'Failed', failedAt),
  ]);
  await bot.poll();
  const postedA = postsIn(bot, 'C0000CHN').join('\n');
  const postedB = postsIn(bot, 'C0000TWO').join('\n');
  expect(postedA).toContain(nameOf(inA));
  expect(postedA).not.toContain(nameOf(inB));
  expect(postedB).toContain(nameOf(inB));
  expect(postedB).not.toContain(nameOf(inA));
});

test('notifications of a conversation that lost every scope are paused and audited, and post nothing', async () => {
  const now = bot.clock.now();
  await bot.store.upsertNotifySubscription({
    platform: 'slack',
    conversationKey: 'C0000GONE',
    address: { channel: 'C0000GONE' },
    filters: {},
    scopeKey: '(everything)',
    timezone: 'UTC',
    createdBy: { platform: 'slack', userId: 'U0000AAA', name: 'alice', personal: false },
    since: now,
    at: now,
  });
  const instance = failableInstances(bot.estate)[0];
  if (instance === undefined) throw new Error('the estate has no failable instance');
  bot.clock.advance(10 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [
    backupJob(instance, 'Failed', new Date(bot.clock.now().getTime() - MIN)),
  ]);
  await bot.poll();
  expect(postsIn(bot, 'C0000GONE')).toEqual([]);
  const sub = await bot.store.getNotifySubscription('slack', 'C0000GONE');
  expect(sub?.pausedReason).toMatch(/^READ_ALLOW: READ_ALLOW binds no backup data to this conversation/);
  const [record] = (await bot.store.queryAudit({ limit: 5 })).filter((r) => r.action === 'notify-paused');
  expect(record).toMatchObject({ target: 'C0000GONE' });
});
