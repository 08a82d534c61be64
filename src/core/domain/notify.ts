// What failure notifications read and announce: the backup jobs of one scope that ended since the last poll (failed
// and good, the good ones to tell "fixed"), and the failure events made of them or of Azure Monitor alerts.
import type { BackupFilters } from './filters';
import type { Job } from './jobs';
import type { VaultRef } from './refs';
import type { WorkloadOrOther } from './workload';

/** One scope of a poll: the conversations' filters, and the start of the window (the watermark minus an overlap). */
export interface NotifyScopeRequest {
  filters: BackupFilters;
  /** Jobs that ended (or, still without an end time, started) at or after this instant. */
  from: Date;
}

export interface NotifyJobs {
  /** Failed backup jobs of the window, newest first, at most NOTIFY_JOB_LIMIT (`hasMore` when there were more). */
  failed: Job[];
  /** Completed (or completed with warnings) backup jobs of the window, newest first, at most NOTIFY_JOB_LIMIT. */
  good: Job[];
  hasMore: boolean;
}

/** The most jobs of each kind a poll reads per scope: one Resource Graph page. */
export const NOTIFY_JOB_LIMIT = 1_000;

/**
 * A failed backup as notifications announce it, from a polled job or an Azure Monitor alert. `eventKey` deduplicates:
 * the lower-case job id when known. An alert that names no job is matched to the polled job of the same item that
 * failed within NOTIFY_MATCH_MINUTES of it.
 */
export interface FailureEvent {
  eventKey: string;
  source: 'poll' | 'alert';
  /** Lower-case ARM id of the backup item (RSV protected item, Backup vault backup instance), else vault|datasource. */
  itemKey: string;
  /** The ARM id as Azure spells it, when known: the Retry button's target. */
  itemId?: string;
  /** What people call it: the VM, database, share… */
  itemName: string;
  workload: WorkloadOrOther;
  vault: VaultRef;
  /**
   * Polled jobs: the datasource's subscription and resource group (which may differ from the vault's: cross-subscription
   * backup), the vault's when the job's datasource is unknown. Alerts: the vault's, all an alert names.
   */
  subscriptionId: string;
  resourceGroup?: string;
  location?: string;
  errorCode?: string;
  errorMessage?: string;
  /** When it failed (ISO UTC): the job's end time (else start), or the alert's fired time. */
  failedAt: string;
  /** The job, for polled events (the views' explanations and retry offers read it). */
  job?: Job;
}

export const NOTIFY_MATCH_MINUTES = 30;
