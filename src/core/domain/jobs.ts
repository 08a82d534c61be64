// Backup and restore jobs of both vault kinds, in one shape, and their counts over a time window.
import type { DatasourceRef, VaultRef } from './refs';
import type { WorkloadOrOther } from './workload';

/**
 * Normalised job status. RSV and Backup vault jobs share most values; BV also reports `Started` (→ InProgress)
 * and `Paused`; anything else lands in Unknown with the raw value kept on the job.
 */
export const JOB_STATUSES = [
  'InProgress',
  'Completed',
  'CompletedWithWarnings',
  'Failed',
  'Cancelled',
  'Cancelling',
  'Paused',
  'Unknown',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Which jobs a list shows: Failed only; InProgress + Cancelling (still running); or all. */
export type JobListKind = 'failed' | 'running' | 'all';

export type JobOperationKind = 'backup' | 'restore' | 'configure' | 'delete' | 'other';

export interface JobOperation {
  kind: JobOperationKind;
  /** As Azure gives it: RSV `operation` (e.g. "Backup"), BV `operationCategory` (e.g. "Backup"). */
  raw: string;
  /** Started by a person (on-demand), not by the policy schedule. */
  adhoc: boolean;
}

/** One entry of a job's error list, exactly as Azure words it. */
export interface JobError {
  /** RSV gives a number (kept as its decimal string), BV a readable code such as UserErrorDiskSnapshotNotFound. */
  code: string;
  message?: string;
  title?: string;
  /** Azure's recommended actions, unedited. */
  recommendations: string[];
}

export interface Job {
  id: string;
  tenantId?: string;
  /** Subscription of the vault (where the job resource lives). */
  subscriptionId: string;
  vault: VaultRef;
  datasource: DatasourceRef;
  workload: WorkloadOrOther;
  operation: JobOperation;
  status: JobStatus;
  rawStatus: string;
  /** ISO-8601 UTC. */
  startTime?: string;
  endTime?: string;
  durationMs?: number;
  /** First error's code; see `errors` for all of them. */
  errorCode?: string;
  errorMessage?: string;
  recommendations: string[];
  errors: JobError[];
  /** BV jobs: the backup instance. */
  backupInstanceId?: string;
  /**
   * RSV jobs: the protected item. The REST job models name none: the data layer ties the job to its vault's item by
   * kind, name and host (entityFriendlyName, storageAccountName), or takes a backupInstanceId the row happens to carry.
   */
  protectedItemId?: string;
  /**
   * Set on a job no item could be tied to: `unmatched` (no item of its vault has its name), `ambiguous` (several
   * have). Views say so instead of silently offering no Retry.
   */
  itemUnknown?: 'unmatched' | 'ambiguous';
}

export interface JobCountRow {
  tenantId?: string;
  status: JobStatus;
  workload: WorkloadOrOther;
  operation: JobOperationKind;
  count: number;
}

export interface JobSummary {
  /** The window the counts cover, as the filter said it (24h, 7d, 14d). */
  since: string;
  total: number;
  byStatus: Record<JobStatus, number>;
  /** Per workload, counts by status; only workloads with at least one job appear. */
  byWorkload: Partial<Record<WorkloadOrOther, Record<JobStatus, number>>>;
  /** The aggregated rows as returned (summed across subscription batches), for views that need another cut. */
  rows: JobCountRow[];
}

export function emptyStatusCounts(): Record<JobStatus, number> {
  return Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
}
