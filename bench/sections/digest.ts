// Section digest: 1,000 conversations (500 Slack channels, 500 Teams channels) over 50 distinct scopes, all due at
// 08:00 on the large estate. The stand-in runs in its own process (`npm run sim`, ARG's real quota of 15 queries per
// 5 s), so this process's RSS is the bot's; Slack and the Bot Connector are stand-ins in this process. Figures: Resource
// Graph requests (target: proportional to the 50 scopes, not the 1,000 conversations), time until the last digest is
// posted (target ≤ 2 min), the bot's peak RSS (target ≤ 600 MB), and the store space of what digests remember.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryRouter } from '../../src/channels/delivery';
import { mountSlack } from '../../src/channels/slack/mount';
import { mountTeamsAndPlayground } from '../../src/channels/teams/wire';
import { connectAzure } from '../../src/compose-azure';
import { composeDigest } from '../../src/compose-digest';
import { loadConfig } from '../../src/config';
import { createConversationCore } from '../../src/core/conversation';
import { createMemoryStash } from '../../src/core/memory-stash';
import { createHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/log';
import { openStore } from '../../src/store';
import { startBotConnector } from '../../test/standins/bot-connector';
import { startSlackStandIn } from '../../test/standins/slack-api';
import { BENCH_NOW } from '../lib/large-estate';
import { MemorySampler } from '../lib/memory';
import { startPostgres, startSimProcess } from '../lib/processes';
import { note, progress, report, runSection } from '../lib/report';

const CONVERSATIONS = 1_000;
const SCOPES = 50;
const TIME_TARGET_S = 120;
const RSS_TARGET_MB = 600;

runSection(async () => {
  progress('starting the stand-in with the large estate in its own process (~30 s)');
  const sim = await startSimProcess();
  const folder = mkdtempSync(join(tmpdir(), 'bench-digest-'));
  const slack = await startSlackStandIn();
  const connector = await startBotConnector();
  const log = createLogger({ log: { level: 'error', format: 'json' } });
  const config = loadConfig({
    ARM_ENDPOINT: sim.url,
    DATA_DIR: folder,
    SLACK_BOT_TOKEN: 'xoxb-bench-digest',
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: slack.apiUrl,
  });
  const azure = await connectAzure(config, log);
  const postgres = startPostgres();
  const store = await openStore({ dataDir: folder, ...(postgres ? { databaseUrl: postgres.url } : {}) });
  if (!postgres)
    note('PostgreSQL could not be started: the store is PGlite, whose ~680 MB of WebAssembly memory counts in RSS.');
  const now = () => new Date(BENCH_NOW.getTime() + 60_000);
  const stash = createMemoryStash();
  const core = createConversationCore({ data: azure.backupData, policy: { rules: [] }, clock: now, log, stash });
  const http = createHttpServer({ log, readiness: async () => {} });
  const slackChannel = await mountSlack({ config, log, server: http.server, core, store });
  const teams = mountTeamsAndPlayground(http.server, { config, core, store, log });
  await http.listen(0, '127.0.0.1');
  const delivery = new DeliveryRouter();
  if (slackChannel.channel) delivery.register(['slack'], slackChannel.channel.delivery);
  delivery.register(['teams'], teams.delivery);
  const digest = composeDigest({
    config,
    azure,
    store,
    stash,
    policy: { rules: [] },
    delivery,
    log,
    offerRetry: false,
    now,
    settings: { postConcurrency: 16 },
  });

  const subscriptions = [...(await azure.backupData.subscriptionNames()).keys()].sort().slice(0, SCOPES);
  for (let n = 0; n < CONVERSATIONS; n++) {
    const sub = subscriptions[n % subscriptions.length] as string;
    const slackOne = n % 2 === 0;
    const key = slackOne ? `CBENCH${String(n).padStart(5, '0')}` : `19:bench-${n}@thread.tacv2`;
    await store.upsertDigestSubscription({
      platform: slackOne ? 'slack' : 'teams',
      conversationKey: key,
      address: slackOne
        ? { channel: key }
        : {
            channelId: 'msteams',
            serviceUrl: connector.serviceUrl,
            conversation: { id: key, conversationType: 'channel' },
            bot: { id: '28:bench', name: 'Backup' },
          },
      time: '08:00',
      timezone: 'UTC',
      days: 'daily',
      quiet: false,
      filters: { subscription: sub },
      scopeKey: `sub:${sub}`,
      createdBy: { platform: slackOne ? 'slack' : 'teams', userId: 'bench' },
      nextRunAt: BENCH_NOW,
      at: new Date(BENCH_NOW.getTime() - 86_400_000),
    });
  }
  await fetch(`${sim.url}/_sim/requests`, { method: 'DELETE' });
  const rssBefore = process.memoryUsage().rss / (1024 * 1024);
  progress(`${CONVERSATIONS} digests over ${subscriptions.length} scopes due; running the round`);
  const sampler = new MemorySampler(50).start();
  const started = performance.now();
  const round = await digest.feature.scheduler.tick();
  const seconds = (performance.now() - started) / 1000;
  const peaks = sampler.stop();
  const log2 = (await (await fetch(`${sim.url}/_sim/requests?endpoint=arg`)).json()) as { count: number };
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
  await teams.close();
  await http.close();
  await slackChannel.stop();
  await azure.close();
  await store.close();
  await slack.close();
  await connector.close();
  sim.child.kill('SIGTERM');
  postgres?.stop();
  rmSync(folder, { recursive: true, force: true });
});
