// Section notify: 500 conversations (250 Slack, 250 Teams) with notifications on over 50 distinct scopes on the large
// estate; the stand-in runs in its own process with a frozen clock. Figures: the bot's own time for a poll that finds
// nothing new (target ≤ 50 ms for 50 scopes, beside the wait on Resource Graph), Resource Graph requests per poll
// (target: one per scope and subscription batch, whatever the number of conversations), and, with 200 new failures
// put into the estate at once, the time from the poll's start to the last message posted.
import { composeNotify } from '../../src/compose-notify';
import { buildBvJobRow } from '../../src/sim/estate';
import type { Row } from '../../src/sim/estate/types';
import { BENCH_NOW } from '../lib/large-estate';
import { startPushBot } from '../lib/push-bot';
import { note, progress, report, runSection } from '../lib/report';

const CONVERSATIONS = 500;
const SCOPES = 50;
const NEW_FAILURES = 200;
const IDLE_TARGET_MS = 50;
const POLL_MS = 60_000;

/** Raw rows through the stand-in's Resource Graph endpoint (to build new jobs for real instances). */
async function argRows(url: string, query: string): Promise<Row[]> {
  const res = await fetch(`${url}/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01`, {
    method: 'POST',
    // The stand-in takes any bearer token (and counts this one's quota apart from the bot's).
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench-notify' },
    body: JSON.stringify({ query, options: { resultFormat: 'objectArray', $top: 1000 } }),
  });
  if (!res.ok) throw new Error(`Resource Graph stand-in answered ${res.status}`);
  return ((await res.json()) as { data: Row[] }).data;
}

runSection(async () => {
  let clock = BENCH_NOW.getTime();
  const now = () => new Date(clock);
  const bot = await startPushBot('notify', now);
  const { azure, store } = bot;
  const notify = composeNotify({
    config: bot.config,
    azure,
    store,
    stash: bot.stash,
    policy: { rules: [] },
    delivery: bot.delivery,
    updater: bot.updates,
    log: bot.log,
    offerRetry: true,
    now,
    settings: { pollMs: POLL_MS, postConcurrency: 16 },
  });

  const subscriptions = [...(await azure.backupData.subscriptionNames()).keys()].sort().slice(0, SCOPES);
  for (let n = 0; n < CONVERSATIONS; n++) {
    const sub = subscriptions[n % subscriptions.length] as string;
    const { platform, key, address } = bot.conversation(n);
    await store.upsertNotifySubscription({
      platform,
      conversationKey: key,
      address,
      filters: { subscription: sub },
      scopeKey: `sub:${sub}`,
      timezone: 'UTC',
      createdBy: { platform, userId: 'bench' },
      since: now(),
      at: now(),
    });
  }

  const argCount = async () =>
    ((await (await fetch(`${bot.simUrl}/_sim/requests?endpoint=arg`)).json()) as { count: number }).count;
  const advance = async (ms: number) => {
    clock += ms;
    await fetch(`${bot.simUrl}/_sim/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: ms }) });
  };

  progress(`${CONVERSATIONS} conversations over ${subscriptions.length} scopes; first poll (warm-up)`);
  await notify.feature.poller.tick();
  const idle: number[] = [];
  const idleParts: string[] = [];
  const idleRequests: number[] = [];
  // Each poll costs the stand-in ~4 s a query over 1.3M rows; two idle polls, the slower one reported.
  for (let i = 0; i < 2; i++) {
    await advance(POLL_MS);
    await fetch(`${bot.simUrl}/_sim/requests`, { method: 'DELETE' });
    const round = await notify.feature.poller.tick();
    idle.push(round.ownMs);
    idleParts.push(
      `${round.ownMs} ms (claims ${round.claimMs}, conversations ${round.tellMs}, finish ${round.finishMs}; ${round.posted} posted)`,
    );
    idleRequests.push(await argCount());
  }
  idle.sort((a, b) => a - b);

  progress(`putting ${NEW_FAILURES} new failed backups into the estate`);
  const wanted = subscriptions.map((s) => `'${s}'`).join(',');
  const instances = await argRows(
    bot.simUrl,
    `RecoveryServicesResources | where type =~ 'microsoft.dataprotection/backupvaults/backupinstances' | where subscriptionId in~ (${wanted}) | where tostring(properties.currentProtectionState) == 'ProtectionConfigured' | take ${NEW_FAILURES}`,
  );
  await advance(POLL_MS);
  const failedAt = new Date(clock - 60_000);
  const rows = instances.map((instance, n) =>
    buildBvJobRow(instance, {
      jobId: `bench-notify-${n}`,
      startTime: new Date(failedAt.getTime() - 10 * 60_000),
      endTime: failedAt,
      isUserTriggered: false,
      status: 'Failed',
      ruleName: 'BackupDaily',
      error: {
        code: n % 2 === 0 ? 'UserErrorDiskSnapshotNotFound' : 'UserErrorDiskBackupPolicyNotFound',
        message: 'The bench made this backup fail.',
        recommendations: [],
      },
    }),
  );
  await fetch(`${bot.simUrl}/_sim/rows`, {
    method: 'POST',
    body: JSON.stringify({ table: 'RecoveryServicesResources', rows }),
  });
  await fetch(`${bot.simUrl}/_sim/requests`, { method: 'DELETE' });
  const postsBefore = bot.posts();
  const started = performance.now();
  const busy = await notify.feature.poller.tick();
  const seconds = (performance.now() - started) / 1000;
  const busyRequests = await argCount();
  const posts = bot.posts() - postsBefore;
  const scopesHit = new Set(instances.map((i) => String(i.subscriptionId).toLowerCase())).size;

  report({
    name: 'bot time per poll with nothing new (slower of 2)',
    value: idle.at(-1) ?? 0,
    unit: 'ms',
    target: IDLE_TARGET_MS,
    better: 'lower',
  });
  report({
    // At most one per scope and subscription batch (one batch each here): below SCOPES + 1.
    name: 'Resource Graph requests per poll with nothing new',
    value: Math.max(...idleRequests),
    unit: 'requests',
    target: SCOPES + 1,
    better: 'lower',
  });
  report({
    name: 'Resource Graph requests for the poll with 200 failures',
    value: busyRequests,
    unit: 'requests',
    target: SCOPES + 1,
    better: 'lower',
  });
  report({ name: 'messages posted', value: posts, unit: 'messages', better: 'higher' });
  report({ name: 'time from the poll to the last message posted', value: seconds, unit: 's', better: 'lower' });
  report({ name: 'waiting on Resource Graph in that poll', value: busy.readMs / 1000, unit: 's', better: 'lower' });
  note(
    `${instances.length} failed backups put in ${scopesHit} of ${subscriptions.length} scopes; ${busy.posted} posted, ` +
      `${busy.updated} updated, ${busy.failed} failed. Polls with nothing new: ${idleParts.join('; ')}. Each conversation whose ` +
      'scope got new failures gets one message (grouped); Resource Graph at its real quota in a separate process.',
  );

  await notify.feature.poller.close();
  await bot.close();
});
