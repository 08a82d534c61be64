// The notification feature for the composition root: the store-backed feature with its command handler, the poller
// every replica runs with its clean-up, where its posts and updates go (the channels), and the alert entry.
import { randomBytes } from 'node:crypto';
import type { AzureBackend } from './compose-azure';
import type { Config } from './config';
import type { AccessPolicy } from './core/authorize';
import type { PayloadStash } from './core/commands/payload';
import type { Delivery } from './core/delivery';
import type { GroupMembership } from './core/group-membership';
import type { Metrics } from './core/metrics';
import { createNotifyFeature, type NotifyFeature, type NotifySettings } from './core/notify';
import type { MessageUpdater } from './core/notify/ports';
import type { ReadPolicy } from './core/read-access';
import type { Logger } from './log';
import type { Store } from './store/index';

export interface NotifyComposition {
  feature: NotifyFeature;
  handlers: NotifyFeature['handlers'];
  /** Starts the poller and the clean-up; returns a stop that waits for a poll in progress. */
  start(): () => Promise<void>;
}

export function composeNotify(deps: {
  config: Pick<Config, 'notify'>;
  azure: Pick<AzureBackend, 'backupData'>;
  store: Store;
  stash: PayloadStash;
  /** DIGEST_ALLOW: the rule for everything a conversation receives. */
  policy: AccessPolicy;
  delivery: Delivery;
  updater: MessageUpdater;
  log: Logger;
  offerRetry: boolean;
  /** READ_ALLOW, parsed at startup (config.readAllow): checked when digests and notifications run. */
  readPolicy?: ReadPolicy;
  /** The channels' group lookups (main.ts registers them once mounted), for 1:1 chats READ_ALLOW binds by group. */
  groups?: GroupMembership;
  now?: () => Date;
  /** What the rounds posted and failed to post (METRICS). */
  metrics?: Metrics;
  settings?: Partial<NotifySettings>;
}): NotifyComposition {
  const feature = createNotifyFeature({
    store: deps.store,
    data: deps.azure.backupData,
    policy: deps.policy,
    delivery: deps.delivery,
    updater: deps.updater,
    clock: deps.now ?? (() => new Date()),
    log: deps.log.child({ component: 'notify' }),
    stash: deps.stash,
    offerRetry: deps.offerRetry,
    ...(deps.readPolicy === undefined ? {} : { readPolicy: deps.readPolicy }),
    ...(deps.groups === undefined ? {} : { groups: deps.groups }),
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
    replicaId: `notify-${randomBytes(6).toString('hex')}`,
    settings: {
      pollMs: deps.config.notify.pollSeconds * 1_000,
      maxItems: deps.config.notify.maxItems,
      ...deps.settings,
    },
  });
  return {
    feature,
    handlers: feature.handlers,
    start() {
      const stopPoller = feature.poller.start();
      const stopMaintenance = feature.startMaintenance();
      return async () => {
        stopPoller();
        stopMaintenance();
        await feature.poller.close();
      };
    },
  };
}
