// The retry feature for the composition root: Azure backup actions, the store-backed button stash shared by every
// replica, the workflow (claims, audit, tracking) and the router its card updates go through.
import { createBackupActions } from './azure/actions';
import { ProgressRouter } from './channels/progress';
import type { AzureBackend } from './compose-azure';
import type { Config } from './config';
import type { AccessPolicy } from './core/authorize';
import type { PayloadStash } from './core/commands/payload';
import type { Metrics } from './core/metrics';
import {
  createRetryWorkflow,
  type RetryPlugin,
  type RetrySettings,
  type RetryWorkflow,
  retryHandlers,
} from './core/retry';
import { createStoreStash } from './core/store-stash';
import type { Logger } from './log';
import type { Store } from './store/index';

export interface RetryComposition {
  workflow: RetryWorkflow;
  /** For the conversation core too: a button the workflow made must decode on every replica. */
  stash: PayloadStash;
  /** Channels register here once mounted. */
  progress: ProgressRouter;
  /** Spread into createConversationCore's deps. */
  plugin: RetryPlugin;
  /** Starts the hourly clean-up of expired stash entries and claims; returns its stop. */
  startMaintenance(): () => void;
}

/** Stash entries kept at most (a busy bot's "Show query" payloads would otherwise pile up for 14 days). */
export const STASH_MAX_ENTRIES = 20_000;
const MAINTENANCE_EVERY_MS = 60 * 60_000;

export function composeRetry(deps: {
  config: Pick<Config, 'retry'>;
  azure: Pick<AzureBackend, 'connection' | 'backupData'>;
  store: Store;
  policy: AccessPolicy;
  log: Logger;
  /** Tests: the estate clock and faster polling. */
  now?: () => Date;
  /** Backup requests and followed jobs (METRICS). */
  metrics?: Metrics;
  settings?: Partial<RetrySettings>;
}): RetryComposition {
  const { config, store, log } = deps;
  const stash = createStoreStash(store);
  const progress = new ProgressRouter();
  const workflow = createRetryWorkflow({
    actions: createBackupActions({
      connection: deps.azure.connection,
      retentionDays: config.retry.retentionDays,
      requestTimeoutMs: config.retry.armRequestTimeoutSeconds * 1_000,
      ...(deps.now ? { now: deps.now } : {}),
    }),
    items: deps.azure.backupData,
    store,
    policy: deps.policy,
    sink: progress,
    stash,
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
    log: log.child({ component: 'retry' }),
    settings: {
      claimWindowMs: config.retry.claimWindowMinutes * 60_000,
      trackIntervalMs: config.retry.pollSeconds * 1_000,
      refusalAudit: { max: config.retry.refusalAuditPerMinute, windowMs: 60_000 },
      ...deps.settings,
    },
    ...(deps.now ? { now: deps.now } : {}),
  });
  return {
    workflow,
    stash,
    progress,
    plugin: retryHandlers(workflow),
    startMaintenance() {
      const timer = setInterval(() => {
        Promise.all([store.purgeExpiredStash(STASH_MAX_ENTRIES), store.purgeExpiredIdempotencyKeys()]).catch(
          (err: unknown) => log.warn({ err }, 'could not purge expired stash entries and claims'),
        );
      }, MAINTENANCE_EVERY_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
