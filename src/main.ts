// Composition root: config → log → store → Azure data → retry → core → channels → HTTP server, and a graceful stop
// on SIGTERM/SIGINT.
// A bad setting prints one line and exits 1.

import { mountAlertWebhook } from './channels/alerts/webhook';
import { DeliveryRouter } from './channels/delivery';
import { GroupMembershipRouter } from './channels/group-membership';
import { mountSlack } from './channels/slack/mount';
import { backstopFor } from './channels/teams/answer';
import { mountTeamsAndPlayground } from './channels/teams/wire';
import { type AzureBackend, connectAzure } from './compose-azure';
import { composeDigest } from './compose-digest';
import { composeLocalChat } from './compose-local-chat';
import { composeMetrics } from './compose-metrics';
import { composeNotify } from './compose-notify';
import { composeRetry } from './compose-retry';
import {
  type Config,
  ConfigError,
  checkChannels,
  describeConfig,
  describeStartup,
  isLocalChatWithoutAuth,
  loadConfig,
  readEnvironment,
} from './config';
import { type AccessPolicy, AccessPolicyError, groupsNamed, parseAccessPolicy } from './core/authorize';
import { createConversationCore } from './core/conversation';
import { demoExampleNames } from './demo-examples';
import { createHttpServer } from './http/server';
import { createLogger, type Logger } from './log';
import { routeConsoleToLog } from './log-console';
import { scrubSecrets } from './log-scrub';
import { openStore, type Store } from './store/index';

function loadConfigOrExit(): { config: Config; dotEnvFile: string | undefined } {
  try {
    const { env, dotEnvFile } = readEnvironment();
    const config = loadConfig(env);
    checkChannels(config);
    return { config, dotEnvFile };
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** RETRY_ALLOW and DIGEST_ALLOW are checked before anything starts: a bad entry is one line naming it, and exit 1. */
function loadPolicyOrExit(entries: readonly string[], options: Parameters<typeof parseAccessPolicy>[1]): AccessPolicy {
  try {
    return parseAccessPolicy(entries, options);
  } catch (err) {
    if (err instanceof AccessPolicyError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** What the operator can fix, in one line (no stack: the cause is the setting), or undefined for anything else. */
function explainListenFailure(err: unknown, config: Config): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  // The metrics port of its own fails the same ways as the bot's.
  const metricsPort = config.metrics.port !== undefined && (err as { port?: number }).port === config.metrics.port;
  const [name, port] = metricsPort ? ['METRICS_PORT', config.metrics.port] : ['PORT', config.port];
  if (code === 'EADDRINUSE') return `port ${port} is already in use; set ${name} to a free port (e.g. ${name}=3979)`;
  if (code === 'EACCES') return `not allowed to listen on port ${port}; set ${name} above 1024 (e.g. ${name}=3978)`;
  return undefined;
}

/** A demo backup fails this often (real time): with the demo's 30-second poll, a notification within minutes. */
const DEMO_FAIL_EVERY_MS = 2 * 60_000;
async function main(): Promise<void> {
  const { config, dotEnvFile } = loadConfigOrExit();
  const basePolicy = loadPolicyOrExit(config.retryAllow, { demo: config.mode === 'demo' });
  // No demo extra here: an empty DIGEST_ALLOW means anyone in the conversation, in demo mode too.
  const digestPolicy = loadPolicyOrExit(config.digestAllow, { setting: 'DIGEST_ALLOW', scopes: false });
  const log = createLogger(config);
  // Libraries that print on the console (botframework-connector: rejected tokens and the keys it knows) go through it.
  routeConsoleToLog(log);
  log.info({ config: describeConfig(config), dotEnvFile: dotEnvFile ?? 'none' }, describeStartup(config));
  if (!config.readAllow.configured) {
    // Said loudly: without READ_ALLOW anyone who can message the bot reads every subscription it can read.
    log.warn('READ_ALLOW is not set: every conversation sees the whole BACKUP_SCOPE; set READ_ALLOW');
  }
  process.on('unhandledRejection', (reason) => {
    log.fatal({ err: reason }, 'unhandled promise rejection; exiting');
    process.exit(1);
  });

  // METRICS: one registry every part counts into (or a port that counts nothing).
  const telemetry = composeMetrics(config, log.child({ component: 'metrics' }));
  const { metrics } = telemetry;
  let store: Store;
  try {
    store = await openStore({ ...optionalUrl(config.databaseUrl), dataDir: config.dataDir, log, metrics });
  } catch (err) {
    log.fatal({ err }, 'could not open the store (check DATABASE_URL or DATA_DIR)');
    process.exit(1);
  }
  let azure: AzureBackend;
  try {
    // The demo's backups keep failing now and then, so `notify on` in the playground has something to announce.
    azure = await connectAzure(config, log.child({ component: 'azure' }), {
      arg: { metrics },
      ...(config.mode === 'demo' ? { sim: { failEveryMs: DEMO_FAIL_EVERY_MS } } : {}),
    });
    log.info(
      { azure: { mode: azure.mode, endpoint: azure.endpoint, estate: azure.estate } },
      `backup data from ${azure.description}`,
    );
  } catch (err) {
    log.fatal({ err }, 'could not start the backup data layer (check ARM_ENDPOINT, BACKUP_SCOPE or DEMO_ESTATE)');
    await store.close().catch(() => {});
    process.exit(1);
  }
  // No MICROSOFT_APP_ID outside demo mode, opted in: anyone local may claim a Teams identity, so they may not write.
  const policy = isLocalChatWithoutAuth(config) ? composeLocalChat(basePolicy, azure.standIn, log) : basePolicy;
  const http = createHttpServer({ log, readiness: () => store.ping() });
  telemetry.mount(http.server);
  // Retry: on-demand backups with confirmation, claims and audit in the store, progress on the card that started them.
  const retry = composeRetry({ config, azure, store, policy, log, metrics });
  // Posts the bot makes on its own (digests) go through one router to the channel of each address.
  const delivery = new DeliveryRouter();
  // Digests and notifications of 1:1 chats bound by group rules ask the channels' group lookups (registered below).
  const groups = new GroupMembershipRouter();
  // What the bot posts on its own shares one wiring: the store, the stash, DIGEST_ALLOW and the delivery router.
  const push = {
    config,
    azure,
    store,
    stash: retry.stash,
    policy: digestPolicy,
    delivery,
    log,
    offerRetry: policy.rules.length > 0,
    readPolicy: config.readAllow,
    groups,
    metrics,
  };
  // Digests: per-conversation schedules in the store, a scheduler on every replica, posts through `delivery`.
  const digest = composeDigest(push);
  // Notifications: per-conversation scopes in the store, a poller on every replica, posts through `delivery` and
  // updates in place (repeats, fixes) through the cards' progress router.
  const notify = composeNotify({ ...push, updater: retry.progress });
  // The demo's help and welcome examples name things its estate has, so a newcomer's first copied command finds them.
  const examples = config.mode === 'demo' ? await demoExampleNames(azure.backupData).catch(() => undefined) : undefined;
  // The conversation core, one for every channel; its long buttons live in the store, so every replica reads them.
  const core = createConversationCore({
    data: azure.backupData,
    policy,
    readPolicy: config.readAllow,
    clock: () => new Date(),
    log: log.child({ component: 'core' }),
    stash: retry.stash,
    handlers: { ...retry.plugin.handlers, ...digest.handlers, ...notify.handlers },
    authorizedByHandler: retry.plugin.authorizedByHandler,
    ...(examples ? { examples } : {}),
    answerDeadlineMs: config.answerDeadlineSeconds * 1000,
    metrics,
  });
  // Slack (src/channels/slack): POST /slack/events on this server, or Socket Mode when SLACK_APP_TOKEN is set.
  // Group rules: each channel looks up only the groups some rule names, and nothing when none does.
  const ruleLists = [policy.rules, config.readAllow.rules, digestPolicy.rules];
  const slack = await mountSlack({
    config,
    log,
    server: http.server,
    core,
    store,
    groupIds: groupsNamed('slack', ...ruleLists),
  });
  if (slack.channel) {
    retry.progress.register(['slack'], slack.channel.progress);
    delivery.register(['slack'], slack.channel.delivery);
    groups.register('slack', slack.channel.groups);
  }
  // Teams (src/channels/teams): POST /api/messages; with no Teams app configured, also the playground web chat at /.
  const teams = mountTeamsAndPlayground(http.server, {
    config,
    core,
    store,
    log,
    estate: azure.estate,
    armEndpoint: config.azure.armEndpoint,
    timing: { answerTimeoutMs: backstopFor(config.answerDeadlineSeconds * 1000) },
    groupIds: groupsNamed('teams', ...ruleLists),
    // A conversation that removed the bot gets no more digests or notifications (paused and audited).
    onConversationRemoved: async (address) => {
      await digest.feature.conversationRemoved(address);
      await notify.feature.conversationRemoved(address);
    },
  });
  retry.progress.register(['teams', 'playground'], teams.progress);
  groups.register('teams', teams.teams.groups);
  // Azure Monitor alerts (optional): POST /api/alerts/<NOTIFY_WEBHOOK_SECRET>, announced by a poll at once.
  mountAlertWebhook(http.server, {
    secret: config.notifyAlerts.webhookSecret,
    maxAgeMs: config.notifyAlerts.maxAgeMinutes * 60_000,
    clock: () => new Date(),
    accept: (alert) => notify.feature.acceptAlert(alert),
    log: log.child({ component: 'alerts' }),
  });
  delivery.register(['teams', 'playground'], teams.delivery);
  // Backups a previous process started are followed again (their cards keep updating).
  const resumed = await retry.workflow.resume().catch((err: unknown) => {
    log.error({ err }, 'could not resume tracking started backups');
    return 0;
  });
  if (resumed > 0) log.info({ resumed }, `following ${resumed} backup(s) started before this process`);
  const stopMaintenance = retry.startMaintenance();
  const stopDigests = digest.start();
  const stopNotify = notify.start();
  try {
    const port = await http.listen(config.port, config.host);
    const where = config.host === undefined ? 'every interface' : config.host;
    log.info({ port, host: config.host ?? null }, `listening on port ${port} of ${where} (GET /healthz, GET /readyz)`);
    log.info(teams.describe(port));
    const serving = await telemetry.start();
    if (serving !== undefined) log.info(serving);
  } catch (err) {
    const known = explainListenFailure(err, config);
    if (known === undefined) log.fatal({ err }, 'startup failed');
    else log.fatal({ port: config.port }, known);
    stopMaintenance();
    await stopDigests();
    await stopNotify();
    await retry.workflow.close().catch(() => {});
    await azure.close().catch(() => {});
    await store.close().catch(() => {});
    process.exit(1);
  }
  stopOnSignals(log, async () => {
    stopMaintenance();
    // A digest round in progress finishes; an unposted run's claim runs out and another replica takes it.
    await stopDigests();
    await stopNotify();
    await teams.close();
    await http.close();
    await telemetry.close();
    await slack.stop();
    // Jobs still running stay pending in the store; the next start follows them again.
    await retry.workflow.close();
    await azure.close();
    await store.close();
  });
}

function optionalUrl(databaseUrl: string | undefined): { databaseUrl?: string } {
  return databaseUrl === undefined ? {} : { databaseUrl };
}

function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal while stopping; exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'stopping: finishing in-flight requests, then closing the store');
    stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((err: unknown) => {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`backup-center-bot failed to start: ${scrubSecrets(detail)}\n`);
  process.exit(1);
});
