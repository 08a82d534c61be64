// Backup policies of both vault kinds in one vocabulary: when a policy backs up (schedule) and how long each tier
// keeps what it took (retention), with how many items it protects.
import type { LocatedVaultRef } from './refs';
import type { WorkloadOrOther } from './workload';

export type PolicyFrequency = 'hourly' | 'daily' | 'weekly' | 'continuous' | 'unknown';

export interface PolicySchedule {
  frequency: PolicyFrequency;
  /** Hourly schedules: every this many hours. */
  everyHours?: number;
  /** Start times as the policy writes them ("02:30"), in its time zone. */
  times: string[];
  /** Weekly schedules: English day names as Azure writes them ("Sunday"). */
  days: string[];
  /** As Azure writes it ("UTC", "W. Europe Standard Time"); absent when the policy names none. */
  timeZone?: string;
  /** SQL/HANA in VM: log backups every this many minutes. */
  logEveryMinutes?: number;
  /** SQL/HANA in VM: a differential or incremental backup besides the full one ("Differential"). */
  partialKind?: string;
}

export type RetentionUnit = 'day' | 'week' | 'month' | 'year';

/** How long something is kept; `text` when Azure wrote a duration we do not read (shown as written). */
export type RetentionSpan = { count: number; unit: RetentionUnit } | { text: string };

/** When recovery points move to the archive tier, and (Backup vaults) how long the archive keeps them. */
export interface ArchiveRule {
  /** RSV TierRecommended / TierAfter; BV a copy to ArchiveStore on expiry (or after a time). */
  mode: 'recommended' | 'after' | 'on-expiry';
  after?: RetentionSpan;
  keep?: RetentionSpan;
}

export interface PolicyRetention {
  daily?: RetentionSpan;
  weekly?: RetentionSpan;
  monthly?: RetentionSpan;
  yearly?: RetentionSpan;
  /** RSV VM: instant-restore snapshots (days); Azure Files: snapshots kept by a vaulted policy (days). */
  snapshotDays?: number;
  /** Backup vaults: the default rule's operational tier. */
  operational?: RetentionSpan;
  /** Backup vaults: the default rule's vault tier; Azure Files vaulted policies: the vault copy. */
  vault?: RetentionSpan;
  archive?: ArchiveRule;
  /** SQL/HANA in VM: log backups. */
  log?: RetentionSpan;
}

/** What a policy does: when it backs up and how long each tier keeps what it took. */
export interface PolicyTerms {
  schedule: PolicySchedule;
  retention: PolicyRetention;
}

/** A policy as a list holds it: who it is, where, and what it protects (its terms are read per policy, see PolicyList). */
export interface PolicySummary {
  id: string;
  name: string;
  tenantId?: string;
  vault: LocatedVaultRef;
  workload: WorkloadOrOther;
  /** Azure's words for what it backs up (backupManagementType / workLoadType, or the datasource type). */
  datasourceType: string;
  /** RSV VM policies: "Enhanced" for policyType V2 (hourly, multiple backups a day). */
  variant?: 'Enhanced' | 'Standard';
  /** Items and instances that point at it and still run backups (not stopped, not soft-deleted). */
  protectedItems: number;
  /** Items that point at it but no longer run backups (stopped, soft-deleted): their data may follow its retention. */
  stoppedItems: number;
}

export type BackupPolicy = PolicySummary & PolicyTerms;

export interface PolicyList {
  /** By vault name, then policy name (ids break ties). */
  policies: PolicySummary[];
  /** How many of `policies` protect nothing. */
  unused: number;
  /**
   * A listed policy's schedule and retention. A list can hold thousands of policies and an answer shows a page of
   * them, so terms are read when asked for, from what the list's answer already holds (no further request); a policy
   * the list does not hold has unknown terms.
   */
  termsOf(policy: PolicySummary): PolicyTerms;
}
