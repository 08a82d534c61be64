// What a daily digest reads about one scope: the failed backup jobs of the last 24 h, the backup items with something
// to report (failing, overdue for their policy, recovered lately, running long), the vaults and unprotected datasources.
import type { BackupFilters } from './filters';
import type { ProtectionState } from './instances';
import type { Job } from './jobs';
import type { DatasourceRef, VaultRef } from './refs';
import type { UnprotectedDatasource } from './unprotected';
import type { VaultHealth } from './vaults';
import type { WorkloadOrOther } from './workload';

/**
 * One backup item (RSV protected item or Backup vault backup instance) with something a digest may report. Job facts
 * come from Resource Graph's 14 days of jobs linked to the item by `backupInstanceId` (documented for Backup vault
 * jobs; Recovery Services job rows may lack it, so for those items the item's own last-backup fields stand in).
 */
export interface DigestItem {
  /** Lower-case ARM id of the item: the key of snapshots and snoozes. */
  key: string;
  /** The ARM id as Azure spells it. */
  id: string;
  /** What people call it (the VM, database, share, disk…). */
  name: string;
  workload: WorkloadOrOther;
  vault: VaultRef;
  datasource: DatasourceRef;
  protectionState: ProtectionState;
  policy?: { id?: string; name?: string };
  /** Hours between scheduled backups per the item's policy; undefined when unknown or continuous (no schedule). */
  everyHours?: number;
  /**
   * Newest good backup known (ISO UTC): a completed linked job, RSV `lastRecoveryPoint`, or RSV `lastBackupTime` when
   * `lastBackupStatus` says it succeeded. Undefined: none in Resource Graph's 14 days of jobs and none on the item.
   */
  lastGoodAt?: string;
  /** Newest finished backup attempt (ISO UTC) and whether it failed: the item is failing now when it did. */
  lastAttemptAt?: string;
  lastAttemptFailed: boolean;
  /** Newest failed backup job (ISO UTC) linked to the item. */
  lastFailureAt?: string;
  /** Failed backup jobs linked to the item in the last 24 h and in the 14 days Resource Graph keeps. */
  failures24h: number;
  failures14d: number;
  /** A backup of the item is running: since when (ISO UTC). */
  runningSince?: string;
  /** Average minutes of the item's completed backups in 14 days; undefined when there were none. */
  typicalMinutes?: number;
}

/** One scope of a digest run: the conversation's filters, and how far back recoveries matter (its previous digest). */
export interface DigestScopeRequest {
  filters: BackupFilters;
  /** Items that failed and recovered after this time are reported (to tell "fixed since the last digest"). */
  recoveredSince: Date;
}

export interface DigestData {
  /** Failed backup jobs of the last 24 h, newest first, at most DIGEST_JOB_LIMIT; `failedJobsMore` when more exist. */
  failedJobs: Job[];
  failedJobsMore: boolean;
  /** Items failing now, overdue for their policy, recovered since `recoveredSince`, or with a backup running > 1 h. */
  items: DigestItem[];
  /** Every vault in scope, with its security settings (for "lost a setting since the last digest"). */
  vaults: VaultHealth[];
  /**
   * Unprotected datasources in scope, and apart from them those whose protection is stopped or soft-deleted (resume
   * them); `complete: false` when Resource Graph's answer was cut (a per-workload cap). Absent when the scope names a
   * vault: unprotected datasources belong to no vault.
   */
  unprotected?: { datasources: UnprotectedDatasource[]; stopped: UnprotectedDatasource[]; complete: boolean };
}

/** The most failed jobs a digest reads per scope (Resource Graph pages hold 1,000 rows). */
export const DIGEST_JOB_LIMIT = 1_000;

/**
 * Grace after a policy's interval before an item counts as overdue: a daily backup may run late within its window and
 * take a while (a daily policy allows 26 h between good backups, as the users put it).
 */
export const DIGEST_GRACE_HOURS = 2;
/** A running backup is worth a look only after this long (shorter ones are never "far longer than usual"). */
export const DIGEST_RUNNING_MIN_HOURS = 1;
