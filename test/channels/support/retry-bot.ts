// The whole bot for the retry end-to-end tests, wired as main.ts wires it (composeRetry, the store-backed stash, the
// progress router): the real core over the Azure stand-in (in process, clock moving from the estate's time), a
// PostgreSQL store, Teams + playground on /api/messages and Slack on /slack/events (against the Slack API stand-in).

import { mountSlack } from '../../../src/channels/slack/mount';
import { mountTeamsAndPlayground, type TeamsWiring } from '../../../src/channels/teams/wire';
import { type AzureBackend, connectAzure } from '../../../src/compose-azure';
import { composeRetry, type RetryComposition } from '../../../src/compose-retry';
import { loadConfig } from '../../../src/config';
import { groupsNamed, parseAccessPolicy } from '../../../src/core/authorize';
import { createConversationCore } from '../../../src/core/conversation';
import { parseReadPolicy } from '../../../src/core/read-access';
import { createHttpServer } from '../../../src/http/server';
import type { Estate } from '../../../src/sim/estate';
import type { SimHandle } from '../../../src/sim/server/types';
import { openStore, type Store } from '../../../src/store';
import {
  demoEstate,
  ESTATE_NOW,
  failedRecently,
  type PickedItem,
  retryableItems,
} from '../../azure/actions/support/estate-items';
import { type SlackStandIn, startSlackStandIn } from '../../standins/slack-api';
import { createTestDatabase, type TestDatabase } from '../../store/support/test-database';
import { captureLog } from '../../support/capture-log';
import { SIGNING_SECRET } from '../slack/support';

export interface RetryBot {
  origin: string;
  messagesUrl: string;
  estate: Estate;
  sim: SimHandle;
  azure: AzureBackend;
  store: Store;
  retry: RetryComposition;
  teams: TeamsWiring;
  slack: SlackStandIn;
  logText(): string;
  /** Waits until every slow answer and Slack task started so far is done. */
  settle(): Promise<void>;
  /** Undoes a test's stand-in faults: no vault refuses the bot, backups take their usual time again. */
  resetFaults(): void;
  close(): Promise<void>;
}

export interface RetryBotOptions {
  /** RETRY_ALLOW entries. */
  allow?: string[];
  /** READ_ALLOW entries (none: every conversation reads everything). */
  read?: string[];
  /** Demo mode: the playground's user may retry. */
  demo?: boolean;
  /** Stand-in: how long a triggered backup runs (ms, on the estate clock that moves with real time). */
  jobDelayMs?: number;
  /** More settings, as the environment would give them (e.g. ARM_REQUEST_TIMEOUT_SECONDS). */
  env?: Record<string, string>;
}

/** The estate's clock, moving with real time, so job delays and "ago" windows behave. */
export function movingClock(): () => Date {
  const t0 = Date.now();
  return () => new Date(ESTATE_NOW.getTime() + (Date.now() - t0));
}

export async function startRetryBot(options: RetryBotOptions = {}): Promise<RetryBot> {
  const captured = captureLog({ level: 'warn' });
  const log = captured.log;
  const now = movingClock();
  const estate = demoEstate();
  const jobDelayMs = options.jobDelayMs ?? 4_000;
  const slack = await startSlackStandIn();
  const config = loadConfig({
    DATA_DIR: '/tmp/unused',
    SLACK_BOT_TOKEN: 'xoxb-retry-tests',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    // Local Bot Framework clients (the Direct Line stand-in, a Bot Connector stand-in) reply to a loopback origin.
    ALLOW_EMULATOR: 'true',
    ...options.env,
  });
  const azure = await connectAzure(config, log, {
    now,
    estate,
    sim: {
      quota: { limit: 10_000, windowMs: 5_000 },
      lro: { retryAfterSeconds: 0 },
      jobCompletion: { delayMs: jobDelayMs },
    },
  });
  const db: TestDatabase = await createTestDatabase();
  const store = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' });
  const policy = parseAccessPolicy(options.allow ?? [], { demo: options.demo === true });
  const readPolicy = parseReadPolicy(options.read ?? []);
  const retry = composeRetry({ config, azure, store, policy, log, now, settings: { trackIntervalMs: 150 } });
  const core = createConversationCore({
    data: azure.backupData,
    policy,
    readPolicy,
    clock: now,
    log,
    stash: retry.stash,
    // As main.ts wires it (ANSWER_DEADLINE_SECONDS in `env`).
    answerDeadlineMs: config.answerDeadlineSeconds * 1000,
    ...retry.plugin,
  });
  const http = createHttpServer({ log, readiness: async () => {} });
  // Group rules, as main.ts wires them: each channel looks up the groups the rules name on its platform.
  const groupIds = groupsNamed('slack', policy.rules, readPolicy.rules);
  const mounted = await mountSlack({ config, log, server: http.server, core, store, groupIds });
  if (mounted.channel) retry.progress.register(['slack'], mounted.channel.progress);
  // Generous answer budgets: a shared test machine must not turn a Start into a "working" card and a later update.
  const timing = { invokeBudgetMs: 15_000, placeholderAfterMs: 15_000 };
  const estateSummary = azure.estate ? { estate: azure.estate } : {};
  const teamsGroups = groupsNamed('teams', policy.rules, readPolicy.rules);
  const teams = mountTeamsAndPlayground(http.server, {
    config,
    core,
    store,
    log,
    timing,
    groupIds: teamsGroups,
    ...estateSummary,
  });
  retry.progress.register(['teams', 'playground'], teams.progress);
  const port = await http.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    messagesUrl: `${origin}/api/messages`,
    estate,
    sim: azure.sim as SimHandle,
    azure,
    store,
    retry,
    teams,
    slack,
    logText: captured.text,
    async settle() {
      await teams.teams.idle();
    },
    resetFaults() {
      const admin = (azure.sim as SimHandle).admin;
      admin.setForbidden([]);
      admin.setJobCompletion({ delayMs: jobDelayMs });
    },
    async close() {
      await retry.workflow.close();
      await teams.close();
      await http.close();
      await mounted.stop();
      await azure.close();
      await store.close();
      await slack.close();
      await db.drop();
    },
  };
}

/** VMs whose jobs cards offer Retry (a backup failed in the last 24 h), and the other retryable VMs. */
export function pickRetryVms(estate: Estate): { vms: PickedItem[]; spare: PickedItem[] } {
  const vms = retryableItems(estate, 'vm').filter((i) => failedRecently(estate, i.id, ESTATE_NOW));
  return { vms, spare: retryableItems(estate, 'vm').filter((i) => !vms.includes(i)) };
}

/** Runs `fn` while the item's row says its protection is stopped (Resource Graph still listing it as protected). */
export async function withProtectionStopped<T>(item: PickedItem, fn: () => Promise<T>): Promise<T> {
  const before = item.row.properties;
  item.row.properties = { ...(before as object), currentProtectionState: 'ProtectionStopped' };
  try {
    return await fn();
  } finally {
    item.row.properties = before;
  }
}
