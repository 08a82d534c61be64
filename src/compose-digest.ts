// The digest feature for the composition root: DIGEST_ALLOW, the store-backed feature with its command handlers, the
// scheduler every replica runs with its hourly clean-up, and where its posts go (the channels' delivery).
import { randomBytes } from 'node:crypto';
import type { AzureBackend } from './compose-azure';
import type { Config } from './config';
import type { AccessPolicy } from './core/authorize';
import type { PayloadStash } from './core/commands/payload';
import type { Delivery } from './core/delivery';
import { createDigestFeature, type DigestFeature, type DigestSettings } from './core/digest';
import type { GroupMembership } from './core/group-membership';
import type { Metrics } from './core/metrics';
import type { ReadPolicy } from './core/read-access';
import type { Logger } from './log';
import type { Store } from './store/index';

export interface DigestComposition {
  feature: DigestFeature;
  /** Spread into createConversationCore's handlers. */
  handlers: DigestFeature['handlers'];
  /** Starts the scheduler and the clean-up; returns a stop that waits for a round in progress. */
  start(): () => Promise<void>;
}

export function composeDigest(deps: {
  config: Pick<Config, 'digest'>;
  azure: Pick<AzureBackend, 'backupData'>;
  store: Store;
  stash: PayloadStash;
  /** DIGEST_ALLOW, parsed at startup. */
  policy: AccessPolicy;
  delivery: Delivery;
  log: Logger;
  /** The retry feature is wired and RETRY_ALLOW names somebody. */
  offerRetry: boolean;
  /** READ_ALLOW, parsed at startup (config.readAllow): checked when digests and notifications run. */
  readPolicy?: ReadPolicy;
  /** The channels' group lookups (main.ts registers them once mounted), for 1:1 chats READ_ALLOW binds by group. */
  groups?: GroupMembership;
  /** Tests: a driven clock and faster settings. */
  now?: () => Date;
  /** What the rounds posted and failed to post (METRICS). */
  metrics?: Metrics;
  settings?: Partial<DigestSettings>;
}): DigestComposition {
  const { config } = deps;
  const feature = createDigestFeature({
    store: deps.store,
    data: deps.azure.backupData,
    policy: deps.policy,
    delivery: deps.delivery,
    clock: deps.now ?? (() => new Date()),
    log: deps.log.child({ component: 'digest' }),
    stash: deps.stash,
    offerRetry: deps.offerRetry,
    ...(deps.readPolicy === undefined ? {} : { readPolicy: deps.readPolicy }),
    ...(deps.groups === undefined ? {} : { groups: deps.groups }),
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
    replicaId: `digest-${randomBytes(6).toString('hex')}`,
    settings: {
      maxLateMs: config.digest.maxLateHours * 3_600_000,
      checkMs: config.digest.checkSeconds * 1_000,
      leaseMs: config.digest.leaseSeconds * 1_000,
      ...deps.settings,
    },
  });
  return {
    feature,
    handlers: feature.handlers,
    start() {
      const stopScheduler = feature.scheduler.start();
      const stopMaintenance = feature.startMaintenance();
      return async () => {
        stopScheduler();
        stopMaintenance();
        await feature.scheduler.close();
      };
    },
  };
}
