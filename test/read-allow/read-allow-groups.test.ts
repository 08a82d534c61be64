// READ_ALLOW group rules for what the bot posts on its own, end to end: a Slack 1:1 chat allowed only by a
// slack:group rule gets its digest and notifications (the person's groups asked of usergroups.users.list at the Slack
// stand-in when each one runs, on the driven clock); a person removed from the group gets nothing on the next run; a
// lookup that fails skips that run (logged, audited) without reading or pausing anything.
import { GROUPS_UNCHECKED } from '../../src/core/digest/read-guard';
import { postsIn, slackSays } from '../digest/support/chat';
import { type DigestBot, startDigestBot } from '../digest/support/digest-bot';
import { backupJob, failableInstances, nameOf } from '../notify/support/rows';
import { A, B, namesOnlyIn } from './support/estate';

jest.setTimeout(120_000);

const OPS = 'S0000OPS';
const GONE = 'S0000GONE';
const ANA = 'U0000ANA';
const DM = 'D0000DM1';
const MIN = 60_000;
/** Each test runs on its own day, so the user group cache (five minutes) never carries over from an earlier one. */
const day = (n: number, time: string) => new Date(`2026-12-${String(6 + n).padStart(2, '0')}T${time}:00Z`);

let bot: DigestBot & { db: { drop(): Promise<void> } };

beforeAll(async () => {
  bot = await startDigestBot({
    start: day(1, '06:30'),
    readAllow: [`slack:group:${OPS}@sub:${A}`],
    // A group only RETRY_ALLOW names, which Slack does not know: its failing lookup must not skip digests.
    retryAllow: [`slack:group:${GONE}`],
  });
});
afterAll(async () => {
  await bot?.close();
});

const mentioned = (text: string, names: readonly string[]) => names.filter((n) => text.includes(n));
const lookups = () => bot.slack.calls('usergroups.users.list').filter((c) => c.args.usergroup === OPS);
const audited = async (action: string) =>
  (await bot.store.queryAudit({ limit: 50 })).filter((r) => r.action === action && r.target === DM);

test('a 1:1 digest allowed only by a group rule posts the group’s scope; removed from the group, nothing', async () => {
  bot.slack.setUserGroup(OPS, [ANA, 'U0000BOB']);
  expect(await slackSays(bot, 'digest on 07:00 tz:UTC', ANA, DM)).toContain('turned on the daily digest');
  bot.clock.set(day(1, '07:00'));
  bot.clock.advance(20_000);
  bot.slack.reset();
  bot.slack.setUserGroup(OPS, [ANA, 'U0000BOB']);
  expect(await bot.tick()).toMatchObject({ claimed: 1, posted: 1, skipped: 0 });
  // Asked when it ran, not only when the digest was turned on; only the group READ_ALLOW names.
  expect(lookups().length).toBeGreaterThan(0);
  expect(bot.slack.calls('usergroups.users.list').filter((c) => c.args.usergroup === GONE)).toEqual([]);
  const [digest] = postsIn(bot, DM);
  expect(mentioned(digest ?? '', namesOnlyIn(bot.estate, A)).length).toBeGreaterThan(0);
  expect(mentioned(digest ?? '', namesOnlyIn(bot.estate, B))).toEqual([]);

  // Ana leaves the group: the next morning's run reads nothing for her.
  bot.slack.setUserGroup(OPS, ['U0000BOB']);
  bot.clock.set(day(2, '07:00'));
  bot.clock.advance(20_000);
  expect(await bot.tick()).toMatchObject({ claimed: 1, posted: 0, skipped: 1 });
  expect(postsIn(bot, DM)).toHaveLength(1);
  const [skipped] = await audited('digest-skipped');
  expect(skipped).toMatchObject({
    result: 'denied',
    details: { reason: expect.stringContaining('does not name you') },
  });
  expect(bot.log.text()).toContain('skipped a digest: READ_ALLOW gives this conversation no scope');
});

test('a failed group lookup skips that digest run, logged and audited; it runs again once the lookup works', async () => {
  // Slack answers no_such_subteam for a group it does not know (as when the group was deleted or the scope is missing).
  bot.slack.reset();
  bot.clock.set(day(3, '07:00'));
  bot.clock.advance(20_000);
  expect(await bot.tick()).toMatchObject({ claimed: 1, posted: 0, skipped: 1 });
  expect(lookups().length).toBeGreaterThan(0);
  expect(postsIn(bot, DM)).toEqual([]);
  expect(bot.log.text()).toContain(`skipped a digest: ${GROUPS_UNCHECKED}`);
  const failed = (await audited('digest-skipped')).filter(
    (r) => (r.details as { reason?: string } | undefined)?.reason === 'the slack group lookup failed',
  );
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ result: 'denied' });
  // Not paused: the next occurrence stays scheduled, and posts once Slack answers again.
  const sub = await bot.store.getDigestSubscription('slack', DM);
  expect(sub).toMatchObject({ pausedAt: null });
  expect(sub?.nextRunAt.toISOString()).toBe(day(4, '07:00').toISOString());
  bot.slack.setUserGroup(OPS, [ANA]);
  bot.clock.set(day(4, '07:00'));
  bot.clock.advance(20_000);
  expect(await bot.tick()).toMatchObject({ claimed: 1, posted: 1 });
  expect(mentioned(postsIn(bot, DM)[0] ?? '', namesOnlyIn(bot.estate, B))).toEqual([]);
  await bot.store.deleteDigestSubscription('slack', DM);
});

test('notifications of a 1:1 chat allowed by a group rule: a failed lookup sits the poll out, nothing lost', async () => {
  const inA = failableInstances(bot.estate).filter((r) => String(r.subscriptionId).toLowerCase() === A);
  const inB = failableInstances(bot.estate).find((r) => String(r.subscriptionId).toLowerCase() === B);
  const [first, second] = inA;
  if (first === undefined || second === undefined || inB === undefined) throw new Error('too few failable instances');
  bot.slack.reset();
  bot.slack.setUserGroup(OPS, [ANA]);
  bot.clock.set(day(5, '09:00'));
  expect(await slackSays(bot, 'notify on', ANA, DM)).toContain('turned on failure notifications');
  bot.clock.advance(10 * MIN);
  const failedAt = () => new Date(bot.clock.now().getTime() - MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [
    backupJob(first, 'Failed', failedAt()),
    backupJob(inB, 'Failed', failedAt()),
  ]);
  await bot.poll();
  const told = postsIn(bot, DM).join('\n');
  expect(told).toContain(nameOf(first));
  expect(told).not.toContain(nameOf(inB));

  // Slack stops answering for the group: two polls leave the chat out, audited once, and it is not paused.
  bot.slack.reset();
  bot.clock.advance(10 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [backupJob(second, 'Failed', failedAt())]);
  await bot.poll();
  bot.clock.advance(2 * MIN);
  await bot.poll();
  expect(postsIn(bot, DM)).toEqual([]);
  expect(await audited('notify-skipped')).toHaveLength(1);
  expect(bot.log.text()).toContain('left notifications out of this poll');
  expect(await bot.store.getNotifySubscription('slack', DM)).toMatchObject({ pausedAt: null });

  // Slack answers again: the failure that happened meanwhile is told now.
  bot.slack.setUserGroup(OPS, [ANA]);
  bot.clock.advance(2 * MIN);
  await bot.poll();
  const later = postsIn(bot, DM).join('\n');
  expect(later).toContain(nameOf(second));
  expect(later).not.toContain(nameOf(inB));
});
