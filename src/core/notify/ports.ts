// What the notification feature needs from the outside, as interfaces: the store slice, the backup data, proactive
// delivery and in-place updates (the channels), the clock and a logger; and its settings.
import type { Store } from '../../store/store';
import type { AccessPolicy } from '../authorize';
import type { PayloadStash } from '../commands/payload';
import type { MessageRef, Reply } from '../conversation-port';
import type { Delivery } from '../delivery';
import type { GroupMembership } from '../group-membership';
import type { Metrics } from '../metrics';
import type { BackupDataPort } from '../ports';
import type { ReadPolicy } from '../read-access';

export type NotifyStore = Pick<
  Store,
  | 'upsertNotifySubscription'
  | 'getNotifySubscription'
  | 'listNotifySubscriptions'
  | 'deleteNotifySubscription'
  | 'pauseNotifySubscription'
  | 'setNotifyFound'
  | 'setNotifyNotes'
  | 'claimNotifyScopes'
  | 'renewNotifyScopes'
  | 'finishNotifyScopes'
  | 'getNotifyScope'
  | 'recordNotifyAnnouncements'
  | 'findNotifyAnnouncements'
  | 'attachNotifyMessage'
  | 'createNotifyMessage'
  | 'getNotifyMessage'
  | 'updateNotifyMessage'
  | 'listAllOpenNotifyMessages'
  | 'putNotifyAlert'
  | 'listNotifyAlerts'
  | 'purgeNotify'
  | 'listSnoozes'
  | 'queryAudit'
  | 'appendAudit'
>;

export interface NotifyLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Updates a message posted earlier (the channels' ProgressSink fits). */
export interface MessageUpdater {
  update(ref: MessageRef, reply: Reply): Promise<void>;
}

export interface NotifySettings {
  /** NOTIFY_POLL_SECONDS: how often each scope is read. */
  pollMs: number;
  /**
   * Jobs reach Resource Graph some minutes after they end: each poll reads again this far before the watermark, and
   * the announcement records drop what was already posted.
   */
  overlapMs: number;
  /** A poll's lease on a scope; renewed while it works, so a dead replica's scope is polled again after this. */
  leaseMs: number;
  /** NOTIFY_MAX_ITEMS: more items than this in one message become one line per error code. */
  maxItems: number;
  /** A repeat failure within this of the message that announced the item updates that message. */
  repeatWindowMs: number;
  /** Open messages younger than this are updated when their items are fixed. */
  fixWindowMs: number;
  postConcurrency: number;
}

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = {
  pollMs: 300_000,
  overlapMs: 30 * 60_000,
  leaseMs: 5 * 60_000,
  maxItems: 10,
  repeatWindowMs: 24 * 3_600_000,
  fixWindowMs: 7 * 24 * 3_600_000,
  postConcurrency: 8,
};

export interface NotifyDeps {
  store: NotifyStore;
  data: BackupDataPort;
  /** DIGEST_ALLOW: who may change what a conversation receives (no rules: anyone there). */
  policy: AccessPolicy;
  delivery?: Delivery;
  updater?: MessageUpdater;
  clock: () => Date;
  log: NotifyLogger;
  stash: PayloadStash;
  /**
   * READ_ALLOW: what each conversation may read, checked again when its digests and notifications run (default: not
   * configured, everything).
   */
  readPolicy?: ReadPolicy;
  /** The groups a 1:1 chat's person is in now, when READ_ALLOW names groups (the channels' lookups). */
  groups?: GroupMembership;
  /** The retry feature is wired and RETRY_ALLOW names somebody: messages carry Retry buttons. */
  offerRetry: boolean;
  replicaId?: string;
  settings?: Partial<NotifySettings>;
  /** Each poll's messages posted, updated and failed (default: not counted). */
  metrics?: Pick<Metrics, 'notifications'>;
}
