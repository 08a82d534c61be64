// Backup instances across both vault kinds (RSV protected items and Backup vault backup instances), normalised.
import type { Job, JobError } from './jobs';
import type { DatasourceRef, VaultRef } from './refs';
import type { WorkloadOrOther } from './workload';

/**
 * Normalised protection state (Backup Center's "protection status"):
 * Protected: RSV Protected, BV ProtectionConfigured. Pending: RSV IRPending, BV ConfiguringProtection/UpdatingProtection.
 * Error: RSV/BV ProtectionError, BV ConfiguringProtectionFailed. Paused: RSV ProtectionPaused/BackupsSuspended,
 * BV Backup/RetentionSchedulesSuspended. Stopped: ProtectionStopped. SoftDeleted: soft-deleted or being soft-deleted.
 */
export const PROTECTION_STATES = [
  'Protected',
  'Pending',
  'Error',
  'Paused',
  'Stopped',
  'SoftDeleted',
  'NotProtected',
  'Unknown',
] as const;
export type ProtectionState = (typeof PROTECTION_STATES)[number];

/**
 * Normalised health. RSV VMs: healthStatus Passed/ActionSuggested/ActionRequired; SQL/HANA: protectedItemHealthStatus
 * Healthy/Unhealthy/NotReachable/IRPending; Files and BV: derived from protection status and errors.
 */
export const INSTANCE_HEALTHS = ['Healthy', 'Warning', 'Unhealthy', 'Unknown'] as const;
export type InstanceHealth = (typeof INSTANCE_HEALTHS)[number];

/**
 * Normalised last backup result. VM/Files report Completed/CompletedWithWarnings/Failed; SQL/HANA report
 * Healthy/Unhealthy/IRPending; BV instances report nothing, so it is derived from their newest finished backup job.
 */
export const LAST_BACKUP_STATUSES = ['Succeeded', 'Warning', 'Failed', 'Pending', 'None', 'Unknown'] as const;
export type LastBackupStatus = (typeof LAST_BACKUP_STATUSES)[number];

export type RetryBlockReason =
  | 'state' // protection is stopped, soft-deleted, paused or still being configured
  | 'continuous-only' // operational (continuous) blob backup: the policy has no backup rule to run
  | 'no-backup-rule' // Backup vault policy unknown or without an AzureBackupRule
  | 'snapshot-instance' // SAP HANA instance snapshot item: no documented on-demand request outside the portal
  | 'unknown-workload';

export type Retryability =
  | { possible: true }
  | { possible: false; reason: RetryBlockReason /** why, for the user */; message: string };

/** What the on-demand backup call needs; names come from the ARM id, never rebuilt (they contain `;`). */
export type RetryTarget =
  | {
      kind: 'rsv';
      subscriptionId: string;
      resourceGroup: string;
      vaultName: string;
      fabricName: string;
      containerName: string;
      protectedItemName: string;
      protectedItemId: string;
    }
  | {
      kind: 'bv';
      subscriptionId: string;
      resourceGroup: string;
      vaultName: string;
      backupInstanceName: string;
      backupInstanceId: string;
      policyId?: string;
      /** Name of the policy's AzureBackupRule, when known (item detail reads the policy). */
      ruleName?: string;
      /** Default retention tag of that rule, when known. */
      retentionTag?: string;
    };

export interface BackupInstance {
  id: string;
  tenantId?: string;
  /** Resource name from the id (RSV: `VM;iaasvmcontainerv2;rg;vm`, BV: the instance name). */
  name: string;
  /** What people call it: the VM, database, share, disk, … */
  friendlyName: string;
  vault: VaultRef;
  workload: WorkloadOrOther;
  datasource: DatasourceRef;
  protectionState: ProtectionState;
  /** As Azure gives it (RSV protectionState / BV currentProtectionState). */
  rawProtectionState: string;
  health: InstanceHealth;
  lastBackupStatus: LastBackupStatus;
  rawLastBackupStatus?: string;
  /** ISO-8601 UTC. For BV instances, derived from jobs (ARG keeps 14 days of jobs: older is unknown). */
  lastBackupTime?: string;
  lastBackupSource: 'item' | 'jobs' | 'none';
  /** RSV items: the newest recovery point Azure reports (ISO UTC); Backup vault instances do not carry one. */
  lastRecoveryPoint?: string;
  policy?: { id?: string; name?: string };
  /** Last error Azure attached to the item (SQL/HANA lastBackupErrorDetail, BV protection error). */
  lastError?: JobError;
  retry: Retryability;
  retryTarget?: RetryTarget;
}

export interface InstanceCountRow {
  tenantId?: string;
  workload: WorkloadOrOther;
  protectionState: ProtectionState;
  health: InstanceHealth;
  count: number;
}

export interface InstanceCounts {
  total: number;
  byState: Record<ProtectionState, number>;
  byHealth: Record<InstanceHealth, number>;
  byWorkload: Partial<Record<WorkloadOrOther, number>>;
  rows: InstanceCountRow[];
}

export interface ItemDetail {
  instance: BackupInstance;
  /** Jobs of this item in ARG's 14-day window, newest first. */
  jobs: Job[];
}

/** `item <name|id>`: one match, several (the user picks), or none. */
export type ItemLookup =
  | { kind: 'found'; detail: ItemDetail }
  | { kind: 'ambiguous'; candidates: BackupInstance[] }
  | { kind: 'not-found'; query: string };
