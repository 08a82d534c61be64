// Notifications through Teams (proactive post, update in place through the Bot Connector), a conversation that is
// gone (paused, audited, resumable; the Teams removal event), who may turn them on, and Azure Monitor alerts through
// the webhook: announced before the poll sees the job, deduplicated against it; a wrong or replayed secret posts
// nothing.
import type { Row } from '../../src/sim/estate/types';
import { fixture } from '../channels/alerts/fixtures';
import { cardOf, textsOf } from '../channels/teams/support';
import { postsIn, slackSays } from '../digest/support/chat';
import { ALERT_SECRET, type DigestBot, startDigestBot } from '../digest/support/digest-bot';
import { CHANNEL_ID, sendToBot, teamsMessage, teamsRemoval } from '../standins/bot-connector';
import { backupJob, failableInstances, lower, props } from './support/rows';

jest.setTimeout(120_000);

const START = new Date('2026-12-08T06:00:00Z');
const MIN = 60_000;
let bot: DigestBot & { db: { drop(): Promise<void> } };

beforeAll(async () => {
  bot = await startDigestBot({ start: START, retryAllow: ['teams:*', 'slack:*'] });
});
afterAll(async () => {
  await bot?.close();
});
beforeEach(async () => {
  bot.connector.calls.length = 0;
  bot.slack.reset();
  for (const sub of await bot.store.listNotifySubscriptions()) {
    await bot.store.deleteNotifySubscription(sub.platform, sub.conversationKey);
  }
});

const instances = () => failableInstances(bot.estate);
const failedJob = (instance: Row, at: Date, status: 'Failed' | 'Completed' = 'Failed', name?: string) =>
  backupJob(instance, status, at, name === undefined ? {} : { name });

async function teamsSays(text: string): Promise<string[]> {
  const before = bot.connector.calls.length;
  const sent = await sendToBot(bot.messagesUrl, teamsMessage(bot.connector.serviceUrl, text, 'channel'));
  expect(sent.status).toBeLessThan(300);
  const reply = await bot.connector.waitFor(
    (c, i = bot.connector.calls.indexOf(c)) => i >= before && c.kind === 'reply' && c.activity?.type === 'message',
  );
  return textsOf(cardOf(reply.activity));
}

const teamsPosts = () => bot.connector.calls.filter((c) => c.kind === 'send' && c.conversationId === CHANNEL_ID);
const teamsUpdates = () => bot.connector.calls.filter((c) => c.kind === 'update');

test('Teams: the notification is a proactive message; a repeat and a fix update that same message', async () => {
  expect((await teamsSays('notify on type:disk'))[0]).toBe('Ada Admin turned on failure notifications');
  const audit = (await bot.store.queryAudit({ limit: 5 })).find((r) => r.action === 'notify-on');
  expect(audit?.details).toMatchObject({ scope: 'type:disks' });
  const disk = instances().find(
    (r) => lower((props(r).dataSourceInfo as Record<string, unknown>).datasourceType) === 'microsoft.compute/disks',
  ) as Row;
  bot.clock.advance(10 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [failedJob(disk, new Date(bot.clock.now().getTime() - MIN))]);
  await bot.poll();
  expect(teamsPosts()).toHaveLength(1);
  const posted = textsOf(cardOf(teamsPosts()[0]?.activity)).join('\n');
  expect(posted).toContain('1 new backup failure');
  expect(posted).toContain(String(props(disk).friendlyName));

  bot.clock.advance(10 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [failedJob(disk, new Date(bot.clock.now().getTime() - MIN))]);
  await bot.poll();
  bot.clock.advance(10 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [
    failedJob(disk, new Date(bot.clock.now().getTime() - MIN), 'Completed'),
  ]);
  await bot.poll();
  expect(teamsPosts()).toHaveLength(1);
  const updates = teamsUpdates();
  expect(updates).toHaveLength(2);
  // The same activity is updated each time (the id the post returned).
  expect(new Set(updates.map((u) => u.activityId))).toEqual(new Set([teamsPosts()[0]?.newId]));
  expect(textsOf(cardOf(updates[0]?.activity)).join('\n')).toMatch(/failed 2 times since/);
  expect(textsOf(cardOf(updates[1]?.activity)).join('\n')).toContain('1 backup failure fixed');
});

test('a conversation that is gone pauses its notifications (audited); notify on resumes them; the Teams removal too', async () => {
  await slackSays(bot, 'notify on', 'U0000AAA', 'C0000OLD');
  const [one, two] = instances() as [Row, Row];
  bot.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
  bot.clock.advance(10 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [failedJob(one, new Date(bot.clock.now().getTime() - MIN))]);
  expect(await bot.poll()).toMatchObject({ posted: 0, failed: 1 });
  expect((await bot.store.getNotifySubscription('slack', 'C0000OLD'))?.pausedReason).toBe(
    'the bot can no longer post here (channel_not_found)',
  );
  expect((await bot.store.queryAudit({ limit: 5 })).some((r) => r.action === 'notify-paused')).toBe(true);
  // Paused: the next failure is not tried there.
  bot.clock.advance(10 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [failedJob(two, new Date(bot.clock.now().getTime() - MIN))]);
  await bot.poll();
  expect(bot.slack.calls('chat.postMessage')).toHaveLength(0);
  expect(await slackSays(bot, 'notify', 'U0000AAA', 'C0000OLD')).toMatch(/Paused .*can no longer post here/);
  expect(await slackSays(bot, 'notify on', 'U0000AAA', 'C0000OLD')).toContain('changed failure notifications');
  expect((await bot.store.getNotifySubscription('slack', 'C0000OLD'))?.pausedAt).toBeNull();

  await teamsSays('notify on');
  for (const activity of teamsRemoval(bot.connector.serviceUrl, 'channel')) await sendToBot(bot.messagesUrl, activity);
  expect((await bot.store.getNotifySubscription('teams', CHANNEL_ID))?.pausedReason).toBe(
    'the bot was removed from this conversation',
  );
});

test('Slack not_in_channel: whoever turned notifications on hears it once in a DM; not paused; later ones arrive', async () => {
  await slackSays(bot, 'notify on', 'U0000BOB', 'C0000NEW');
  const dms = () => bot.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'U0000BOB');
  const [a, b, c] = instances().slice(6, 9) as [Row, Row, Row];
  for (const disk of [a, b]) {
    bot.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    bot.clock.advance(10 * MIN);
    bot.sim.admin.putRows('RecoveryServicesResources', [failedJob(disk, new Date(bot.clock.now().getTime() - MIN))]);
    await bot.poll();
  }
  expect(dms()).toHaveLength(1);
  expect(JSON.stringify(dms()[0]?.args.blocks)).toContain('Invite it there (/invite @Backup');
  expect((await bot.store.getNotifySubscription('slack', 'C0000NEW'))?.pausedAt).toBeNull();
  bot.clock.advance(10 * MIN);
  bot.sim.admin.putRows('RecoveryServicesResources', [failedJob(c, new Date(bot.clock.now().getTime() - MIN))]);
  await bot.poll();
  expect(postsIn(bot, 'C0000NEW')).toHaveLength(1);
});

test('DIGEST_ALLOW rules notify too: a refusal says who may, and nothing changes', async () => {
  const strict = await startDigestBot({ start: START, digestAllow: ['slack:user:U0000ANA'], estate: bot.estate });
  try {
    const refused = await slackSays(strict, 'notify on', 'U0000BOB', 'C0000CHN');
    expect(refused).toContain('DIGEST_ALLOW');
    expect(await strict.store.getNotifySubscription('slack', 'C0000CHN')).toBeUndefined();
    expect((await strict.store.queryAudit({ limit: 5 }))[0]).toMatchObject({ action: 'notify-on', result: 'denied' });
  } finally {
    await strict.close();
  }
});

let alerts = 0;

/** A Backup vault job-failure alert for `instance`, fired at `at`, in the common alert schema. */
function alertFor(instance: Row, at: Date, jobName?: string): object {
  const alert = fixture('bv-disk-backup-failure');
  const vaultId = String(instance.id).split('/backupInstances/')[0] as string;
  alert.data.essentials.alertId = `/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/${++alerts}-alert`;
  alert.data.essentials.alertTargetIDs = [vaultId.toLowerCase()];
  alert.data.essentials.configurationItems = [vaultId.split('/').at(-1)];
  alert.data.essentials.firedDateTime = at.toISOString();
  alert.data.alertContext.sourceId = instance.id;
  alert.data.alertContext.linkedResourceName = String(props(instance).friendlyName);
  if (jobName !== undefined) alert.data.alertContext.extendedInfo = { jobId: jobName };
  return alert;
}

const postAlert = (body: object, secret = ALERT_SECRET) =>
  fetch(`${bot.origin}/api/alerts/${secret}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('an alert is announced at once and not again when the poll finds its job; a wrong or replayed one posts nothing', async () => {
  await slackSays(bot, 'notify on');
  const list = instances();
  const [first, second] = [list[2], list[3]] as [Row, Row];
  bot.clock.advance(10 * MIN);
  const failedAt = new Date(bot.clock.now().getTime() - MIN);

  // With the job's name: the same key as the polled job.
  const res = await postAlert(alertFor(first, failedAt, 'alerted-job-1'));
  expect(res.status).toBe(202);
  await bot.slack.waitFor('chat.postMessage', 1, 20_000);
  await bot.poll(); // the poll the alert started, to its end
  expect(postsIn(bot, 'C0000CHN')[0]).toContain(String(props(first).friendlyName));
  bot.sim.admin.putRows('RecoveryServicesResources', [failedJob(first, failedAt, 'Failed', 'alerted-job-1')]);
  bot.clock.advance(2 * MIN);
  await bot.poll();
  expect(postsIn(bot, 'C0000CHN')).toHaveLength(1);

  // Without a job name: matched to the polled job of the same item failing within 30 minutes.
  bot.clock.advance(10 * MIN);
  const secondAt = new Date(bot.clock.now().getTime() - MIN);
  expect((await postAlert(alertFor(second, secondAt))).status).toBe(202);
  await bot.slack.waitFor('chat.postMessage', 2, 20_000);
  await bot.poll();
  bot.sim.admin.putRows('RecoveryServicesResources', [failedJob(second, new Date(secondAt.getTime() - 3 * MIN))]);
  bot.clock.advance(2 * MIN);
  await bot.poll();
  expect(postsIn(bot, 'C0000CHN')).toHaveLength(2);
  // One failure, told once: neither a new message nor "failed 2 times" on the first.
  expect(JSON.stringify(bot.slack.calls('chat.update').map((c) => c.args.blocks))).not.toMatch(/failed 2 times/);

  // Wrong secret, missing secret, an alert fired two hours ago: 401, nothing posted.
  const third = list[4] as Row;
  expect((await postAlert(alertFor(third, bot.clock.now()), `${ALERT_SECRET}x`)).status).toBe(401);
  expect((await fetch(`${bot.origin}/api/alerts/`, { method: 'POST', body: '{}' })).status).toBeGreaterThanOrEqual(400);
  expect((await postAlert(alertFor(third, new Date(bot.clock.now().getTime() - 120 * MIN)))).status).toBe(401);
  await bot.poll();
  expect(postsIn(bot, 'C0000CHN')).toHaveLength(2);
});
