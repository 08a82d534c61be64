// What the digest feature needs from the outside, as interfaces: the store slice, the backup data, proactive
// delivery (the channels), the clock and a logger; and its settings.
import type { Store } from '../../store/store';
import type { AccessPolicy } from '../authorize';
import type { PayloadStash } from '../commands/payload';
import type { Delivery } from '../delivery';
import type { GroupMembership } from '../group-membership';
import type { Metrics } from '../metrics';
import type { PortalOptions } from '../portal-links';
import type { BackupDataPort } from '../ports';
import type { ReadPolicy } from '../read-access';

export type DigestStore = Pick<
  Store,
  | 'upsertDigestSubscription'
  | 'getDigestSubscription'
  | 'listDigestSubscriptions'
  | 'deleteDigestSubscription'
  | 'pauseDigestSubscription'
  | 'setDigestNotes'
  | 'listDueDigests'
  | 'claimDigestRun'
  | 'renewDigestRun'
  | 'markDigestRunSending'
  | 'finishDigestRun'
  | 'closeAbandonedDigestRun'
  | 'purgeDigestRuns'
  | 'putDigestSnapshot'
  | 'getDigestSnapshot'
  | 'purgeDigestSnapshots'
  | 'putSnooze'
  | 'deleteSnooze'
  | 'listSnoozes'
  | 'purgeExpiredSnoozes'
  | 'appendAudit'
>;

/** The slice of a logger the feature uses (pino fits). */
export interface DigestLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface DigestSettings {
  /** A run missed by more than this is skipped (not posted at lunchtime as if fresh). */
  maxLateMs: number;
  /** How long a claimed run is this replica's before another may take it over; renewed while it works. */
  leaseMs: number;
  /** How often the scheduler looks for due digests. */
  checkMs: number;
  /** Posted later than this after its time, a digest says it is late. */
  lateAfterMs: number;
  /** Conversations posted to at once (each platform paces its own rate limits). */
  postConcurrency: number;
}

export const DEFAULT_DIGEST_SETTINGS: DigestSettings = {
  maxLateMs: 6 * 3_600_000,
  leaseMs: 5 * 60_000,
  checkMs: 30_000,
  lateAfterMs: 10 * 60_000,
  postConcurrency: 8,
};

/** The default schedule of `digest on`. */
export const DEFAULT_DIGEST_TIME = '08:00';

export interface DigestDeps {
  store: DigestStore;
  data: BackupDataPort;
  /** DIGEST_ALLOW: who may change a conversation's digest and snoozes (no rules: anyone there). */
  policy: AccessPolicy;
  /** Where scheduled digests go (the channels); without it digests can be set up but not posted. */
  delivery?: Delivery;
  clock: () => Date;
  log: DigestLogger;
  stash: PayloadStash;
  portal?: PortalOptions;
  /**
   * READ_ALLOW: what each conversation may read, checked again when its digests and notifications run (default: not
   * configured, everything).
   */
  readPolicy?: ReadPolicy;
  /** The groups a 1:1 chat's person is in now, when READ_ALLOW names groups (the channels' lookups). */
  groups?: GroupMembership;
  /** The retry feature is wired and RETRY_ALLOW names somebody: a digest offers "Retry N failing items". */
  offerRetry: boolean;
  /** Names this process in run claims (default: random). */
  replicaId?: string;
  settings?: Partial<DigestSettings>;
  /** Each round's runs by what became of them (default: not counted). */
  metrics?: Pick<Metrics, 'digests'>;
}
