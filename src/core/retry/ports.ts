// What the retry workflow needs from the outside, as interfaces: the Azure backup actions (src/azure/actions implements
// them), the item lookup (BackupData fits), the store slice it uses, and the channel's ProgressSink for card updates.
import type { Store } from '../../store/store';
import type { MessageRef, Reply } from '../conversation-port';
import type { RetryTarget } from '../domain/instances';
import type { JobError, JobStatus } from '../domain/jobs';
import type { WorkloadOrOther } from '../domain/workload';
import type { BackupDataPort } from '../ports';

/** A backup job an on-demand backup created: enough to read its status again after a restart (JSON-safe). */
export interface JobRef {
  kind: 'rsv' | 'bv';
  subscriptionId: string;
  resourceGroup: string;
  vaultName: string;
  /** The job's name (a GUID), whatever form Azure returned it in (bare or inside an ARM id). */
  jobId: string;
  /** The job's ARM id. */
  id: string;
}

export interface TriggerOptions {
  /** Chooses the Recovery Services request body (VM, SQL/HANA workload, file share); read from the item name if absent. */
  workload?: WorkloadOrOther;
  /** When the request is sent (recovery point expiry counts from it); default: now. */
  now?: Date;
  signal?: AbortSignal;
  /**
   * Azure accepted the request and the bot is about to wait before asking for the job again (as long as Azure's
   * Retry-After says): the card can say so instead of standing still for a minute.
   */
  onWait?: (wait: TriggerWait) => void;
}

/** A wait between looks at a trigger's operation. */
export interface TriggerWait {
  delayMs: number;
  /** Azure's Retry-After (seconds), when its last answer carried one. */
  retryAfterSeconds?: number;
}

export interface TriggerResult {
  job: JobRef;
  /** What Azure was asked to do, for the card and the audit record ("Full backup, kept until …", "rule BackupHourly …"). */
  request: TriggerRequestInfo;
}

export interface TriggerRequestInfo {
  /** Recovery Services: the request's objectType; Backup vaults: 'TriggerBackupRequest'. */
  objectType: string;
  /** SQL / HANA: Full. */
  backupType?: string;
  /** Recovery Services: ISO time until which the recovery point is kept. */
  expiresAt?: string;
  /** Why expiresAt is later than the configured retention (Azure's own minimum for the backup type), for the card. */
  keptBecause?: string;
  /** Backup vaults: the AzureBackupRule run and the retention tag applied. */
  ruleName?: string;
  retentionTag?: string;
}

/** A job's state as Azure reports it now; `errors` as Azure words them (readable code when Azure gives one). */
export interface JobState {
  status: JobStatus;
  rawStatus: string;
  startTime?: string;
  endTime?: string;
  errors: JobError[];
}

/** Recovery Services and Backup vault on-demand backups. Failures are thrown as BackupActionError. */
export interface BackupActions {
  /** What triggerBackup would ask Azure for (for the confirmation card); sends nothing. */
  describeBackup(target: RetryTarget, options?: TriggerOptions): TriggerRequestInfo;
  /** Starts an on-demand backup and resolves once Azure names its job (the backup itself runs on). */
  triggerBackup(target: RetryTarget, options?: TriggerOptions): Promise<TriggerResult>;
  getJobStatus(job: JobRef, options?: { signal?: AbortSignal }): Promise<JobState>;
}

/** Item lookup (src/azure BackupData implements it); the workflow passes `fresh` right before a write. */
/** Items by name or id; subscription names (optional) let cards name the subscription beside its id. */
export type ItemSource = Pick<BackupDataPort, 'item' | 'subscriptionNames'>;

export type { MessageRef };

/** Implemented by the channels: replace the card at `ref` with `reply` (rendered for ref.platform). */
export interface ProgressSink {
  update(ref: MessageRef, reply: Reply): Promise<void>;
}

/** The slice of the Store the workflow uses. */
export type RetryStore = Pick<
  Store,
  | 'claimIdempotencyKey'
  | 'setIdempotencyPayload'
  | 'releaseIdempotencyKey'
  | 'getIdempotencyKey'
  | 'appendAudit'
  | 'appendAuditLimited'
  | 'queryAudit'
  | 'upsertPendingOperation'
  | 'getPendingOperation'
  | 'listPendingOperations'
  | 'deletePendingOperation'
  | 'claimPendingOperations'
  | 'renewPendingOperations'
  | 'replacePendingOperation'
  | 'releasePendingOperations'
>;

/** The slice of a logger the workflow uses (pino fits). */
export interface RetryLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
