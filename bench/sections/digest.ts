// Section digest: 1,000 conversations (500 Slack channels, 500 Teams channels) over 50 distinct scopes, all due at
// 08:00 on the large estate. The stand-in runs in its own process (`npm run sim`, ARG's real quota of 15 queries per
// 5 s), so this process's RSS is the bot's; Slack and the Bot Connector are stand-ins in this process. Figures: Resource
// Graph requests (target: proportional to the 50 scopes, not the 1,000 conversations), time until the last digest is
// posted (target ≤ 2 min), the bot's peak RSS (target ≤ 600 MB), and the store space of what digests remember.
import { composeDigest } from '../../src/compose-digest';
import { BENCH_NOW } from '../lib/large-estate';
import { MemorySampler } from '../lib/memory';
import { startPushBot } from '../lib/push-bot';
import { note, progress, report, runSection } from '../lib/report';

const CONVERSATIONS = 1_000;
const SCOPES = 50;
const TIME_TARGET_S = 120;
const RSS_TARGET_MB = 600;

runSection(async () => {
  const now = () => new Date(BENCH_NOW.getTime() + 60_000);
  const bot = await startPushBot('digest', now);
  const { azure, store, slack, connector } = bot;
  const digest = composeDigest({
    config: bot.config,
    azure,
    store,
    stash: bot.stash,
    policy: { rules: [] },
    delivery: bot.delivery,
    log: bot.log,
    offerRetry: false,
    now,
    settings: { postConcurrency: 16 },
  });

  const subscriptions = [...(await azure.backupData.subscriptionNames()).keys()].sort().slice(0, SCOPES);
  for (let n = 0; n < CONVERSATIONS; n++) {
    const sub = subscriptions[n % subscriptions.length] as string;
    const { platform, key, address } = bot.conversation(n);
    await store.upsertDigestSubscription({
      platform,
      conversationKey: key,
      address,
      time: '08:00',
      timezone: 'UTC',
      days: 'daily',
      quiet: false,
      filters: { subscription: sub },
      scopeKey: `sub:${sub}`,
      createdBy: { platform, userId: 'bench' },
      nextRunAt: BENCH_NOW,
      at: new Date(BENCH_NOW.getTime() - 86_400_000),
    });
  }
  await fetch(`${bot.simUrl}/_sim/requests`, { method: 'DELETE' });
  const rssBefore = process.memoryUsage().rss / (1024 * 1024);
  progress(`${CONVERSATIONS} digests over ${subscriptions.length} scopes due; running the round`);
  const sampler = new MemorySampler(50).start();
  const started = performance.now();
  const round = await digest.feature.scheduler.tick();
  const seconds = (performance.now() - started) / 1000;
  const peaks = sampler.stop();
  const log2 = (await (await fetch(`${bot.simUrl}/_sim/requests?endpoint=arg`)).json()) as { count: number };
  const slackPosts = slack.calls('chat.postMessage').length;
  const teamsPosts = connector.calls.filter((c) => c.kind === 'send').length;

  report({
    name: 'digests posted',
    value: slackPosts + teamsPosts,
    unit: 'digests',
    target: CONVERSATIONS - 1,
    better: 'higher',
  });
  report({ name: 'distinct scopes read', value: round.scopes, unit: 'scopes', better: 'lower' });
  report({ name: 'Resource Graph requests', value: log2.count, unit: 'requests', better: 'lower' });
  report({
    name: 'Resource Graph requests per scope',
    value: log2.count / Math.max(1, round.scopes),
    unit: 'requests',
    better: 'lower',
  });
  report({
    name: 'time until the last digest is posted',
    value: seconds,
    unit: 's',
    target: TIME_TARGET_S,
    better: 'lower',
  });
  report({ name: 'bot peak RSS', value: peaks.rssMb, unit: 'MB', target: RSS_TARGET_MB, better: 'lower' });
  report({ name: 'bot RSS before the round', value: rssBefore, unit: 'MB', better: 'lower' });
  report({ name: 'bot peak heap', value: peaks.heapUsedMb, unit: 'MB', better: 'lower' });
  report({ name: 'claiming the runs', value: round.claimMs / 1000, unit: 's', better: 'lower' });
  report({ name: 'reading Resource Graph (50 scopes)', value: round.readMs / 1000, unit: 's', better: 'lower' });
  report({ name: 'building and posting 1,000 digests', value: round.postMs / 1000, unit: 's', better: 'lower' });
  report({
    name: 'store space of digest snapshots',
    value: (await store.digestSnapshotBytes()) / 1024,
    unit: 'kB',
    better: 'lower',
  });
  note(
    `${round.posted} posted, ${round.failed} failed; ${slackPosts} Slack and ${teamsPosts} Teams posts. Resource Graph ` +
      'at its real quota (15 queries per 5 s per caller) in a separate process; the stand-in evaluates one query at a ' +
      'time over 1.33M rows, which dominates the time (real Resource Graph answers in parallel).',
  );
  note("RSS and heap are this process's: the bot, its store client and the small Slack and Bot Connector stand-ins.");

  await digest.feature.scheduler.close();
  await bot.close();
});
