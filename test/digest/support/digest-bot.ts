// The whole bot for the digest end-to-end tests, wired as main.ts wires it (composeRetry, composeDigest, one delivery
// router): the real core over the Azure stand-in in process, a PostgreSQL store, Teams on /api/messages (replies and
// proactive posts to the Bot Connector stand-in) and Slack on /slack/events (the Slack API stand-in). One fake clock
// drives everything the bot and the stand-in call "now"; tests move it and run the scheduler's rounds themselves.

import { mountAlertWebhook } from '../../../src/channels/alerts/webhook';
import { DeliveryRouter } from '../../../src/channels/delivery';
import { GroupMembershipRouter } from '../../../src/channels/group-membership';
import { mountSlack } from '../../../src/channels/slack/mount';
import { mountTeamsAndPlayground, type TeamsWiring } from '../../../src/channels/teams/wire';
import { type AzureBackend, connectAzure } from '../../../src/compose-azure';
import { composeDigest, type DigestComposition } from '../../../src/compose-digest';
import { composeNotify, type NotifyComposition } from '../../../src/compose-notify';
import { composeRetry } from '../../../src/compose-retry';
import { loadConfig } from '../../../src/config';
import { groupsNamed, parseAccessPolicy } from '../../../src/core/authorize';
import { createConversationCore } from '../../../src/core/conversation';
import type { ConversationCore } from '../../../src/core/conversation-port';
import type { Metrics } from '../../../src/core/metrics';
import { parseReadPolicy } from '../../../src/core/read-access';
import { createHttpServer } from '../../../src/http/server';
import { generateEstate } from '../../../src/sim/estate';
import type { Estate } from '../../../src/sim/estate/types';
import type { SimHandle } from '../../../src/sim/server/types';
import { openStore, type Store } from '../../../src/store';
import { SIGNING_SECRET } from '../../channels/slack/support';
import { type BotConnectorStandIn, startBotConnector } from '../../standins/bot-connector';
import { type SlackStandIn, startSlackStandIn } from '../../standins/slack-api';
import { createTestDatabase, type TestDatabase } from '../../store/support/test-database';
import { type CapturedLog, captureLog } from '../../support/capture-log';

/** A clock only tests move. */
export class FakeClock {
  private t: number;
  constructor(start: Date) {
    this.t = start.getTime();
  }
  readonly now = (): Date => new Date(this.t);
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface DigestBot {
  origin: string;
  messagesUrl: string;
  clock: FakeClock;
  estate: Estate;
  sim: SimHandle;
  azure: AzureBackend;
  store: Store;
  core: ConversationCore;
  digest: DigestComposition;
  notify: NotifyComposition;
  teams: TeamsWiring;
  connector: BotConnectorStandIn;
  slack: SlackStandIn;
  log: CapturedLog;
  /** One scheduler round at the clock's time, as every replica runs them. */
  tick(): ReturnType<DigestComposition['feature']['scheduler']['tick']>;
  /** One notification poll at the clock's time. */
  poll(): ReturnType<NotifyComposition['feature']['poller']['tick']>;
  close(): Promise<void>;
}

/** The secret path segment of the alert webhook every test bot serves (POST /api/alerts/<secret>). */
export const ALERT_SECRET = 'test-alert-secret-0123456789-abcdefghijkl';

export interface DigestBotOptions {
  start: Date;
  /** DIGEST_ALLOW entries (default empty: anyone). */
  digestAllow?: string[];
  retryAllow?: string[];
  /** READ_ALLOW entries (default empty: not configured, every conversation reads everything). */
  readAllow?: string[];
  /** Another bot's database (a second replica). */
  database?: TestDatabase;
  /** Another bot's estate (a second replica serves the same stand-in data). */
  estate?: Estate;
  seed?: number;
  /** NOTIFY_MAX_ITEMS (default 10). */
  notifyMaxItems?: number;
  /** Counted as main.ts counts with METRICS on (default: nothing). */
  metrics?: Metrics;
}

export async function startDigestBot(options: DigestBotOptions): Promise<DigestBot & { db: TestDatabase }> {
  const log = captureLog({ level: 'info' });
  const clock = new FakeClock(options.start);
  const estate = options.estate ?? generateEstate({ seed: options.seed ?? 5, scale: 'small', now: options.start });
  const slack = await startSlackStandIn();
  const connector = await startBotConnector();
  const config = loadConfig({
    DATA_DIR: '/tmp/unused',
    SLACK_BOT_TOKEN: 'xoxb-digest-tests',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    // The Bot Connector stand-in is a loopback origin, as the Bot Framework Emulator's is.
    ALLOW_EMULATOR: 'true',
  });
  const azure = await connectAzure(config, log.log, {
    now: clock.now,
    estate,
    // No quota waits on a driven clock: the quota windows are real time, and these tests count requests themselves.
    sim: { quota: { limit: 100_000, windowMs: 5_000 } },
    // Answers cached for 30 s of real time would hide the rows a test changes between two runs.
    arg: { cacheTtlMs: 0, ...(options.metrics ? { metrics: options.metrics } : {}) },
  });
  const metrics = options.metrics ? { metrics: options.metrics } : {};
  const db = options.database ?? (await createTestDatabase());
  const store = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent', ...metrics });
  const policy = parseAccessPolicy(options.retryAllow ?? [], {});
  const readPolicy = parseReadPolicy(options.readAllow ?? []);
  const digestPolicy = parseAccessPolicy(options.digestAllow ?? [], { setting: 'DIGEST_ALLOW', scopes: false });
  const retry = composeRetry({ config, azure, store, policy, log: log.log, now: clock.now, ...metrics });
  const delivery = new DeliveryRouter();
  const groups = new GroupMembershipRouter();
  const ruleLists = [policy.rules, readPolicy.rules, digestPolicy.rules];
  // Wired as src/main.ts wires them, on the test clock.
  const push = {
    config,
    azure,
    store,
    stash: retry.stash,
    policy: digestPolicy,
    delivery,
    log: log.log,
    offerRetry: policy.rules.length > 0,
    readPolicy,
    groups,
    now: clock.now,
    ...metrics,
  };
  const digest = composeDigest(push);
  const notify = composeNotify({
    ...push,
    updater: retry.progress,
    settings: { pollMs: 60_000, ...(options.notifyMaxItems ? { maxItems: options.notifyMaxItems } : {}) },
  });
  const core = createConversationCore({
    data: azure.backupData,
    policy,
    readPolicy,
    clock: clock.now,
    log: log.log,
    stash: retry.stash,
    handlers: { ...retry.plugin.handlers, ...digest.handlers, ...notify.handlers },
    authorizedByHandler: retry.plugin.authorizedByHandler,
    ...metrics,
  });
  const http = createHttpServer({ log: log.log, readiness: async () => {} });
  const mounted = await mountSlack({
    config,
    log: log.log,
    server: http.server,
    core,
    store,
    groupIds: groupsNamed('slack', ...ruleLists),
    // Slack's signatures keep real time; the user group cache follows the digests' clock.
    groupsNow: () => clock.now().getTime(),
  });
  if (mounted.channel) {
    delivery.register(['slack'], mounted.channel.delivery);
    groups.register('slack', mounted.channel.groups);
    retry.progress.register(['slack'], mounted.channel.progress);
  }
  const timing = { invokeBudgetMs: 20_000, placeholderAfterMs: 20_000 };
  const teams = mountTeamsAndPlayground(http.server, {
    config,
    core,
    store,
    log: log.log,
    timing,
    groupIds: groupsNamed('teams', ...ruleLists),
    onConversationRemoved: async (address) => {
      await digest.feature.conversationRemoved(address);
      await notify.feature.conversationRemoved(address);
    },
  });
  delivery.register(['teams', 'playground'], teams.delivery);
  groups.register('teams', teams.teams.groups);
  retry.progress.register(['teams', 'playground'], teams.progress);
  mountAlertWebhook(http.server, {
    secret: ALERT_SECRET,
    maxAgeMs: 60 * 60_000,
    clock: clock.now,
    accept: (alert) => notify.feature.acceptAlert(alert),
    log: log.log,
  });
  const port = await http.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    messagesUrl: `${origin}/api/messages`,
    clock,
    estate,
    sim: azure.sim as SimHandle,
    azure,
    store,
    core,
    digest,
    notify,
    teams,
    connector,
    slack,
    log,
    db,
    tick: () => digest.feature.scheduler.tick(),
    poll: () => notify.feature.poller.tick(),
    async close() {
      await digest.feature.scheduler.close();
      await notify.feature.poller.close();
      await retry.workflow.close();
      await teams.close();
      await http.close();
      await mounted.stop();
      await azure.close();
      await store.close();
      await slack.close();
      await connector.close();
      if (options.database === undefined) await db.drop();
    },
  };
}
