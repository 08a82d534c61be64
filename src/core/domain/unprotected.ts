// Datasources no backup protects (Backup Center's "Protectable resources"), per workload, and the datasources whose
// protection was stopped or soft-deleted: those are not unprotected (resume them), so they travel apart.
import type { Workload } from './workload';

/**
 * Why a datasource's only backup no longer runs: `stopped` (stop protection and retain data, or retain as per policy:
 * RSV ProtectionStopped / BackupsSuspended, BV ProtectionStopped / BackupSchedulesSuspended; RSV ProtectionPaused too,
 * unverified) or `softDeleted` (its backup data was deleted and is kept for the soft-delete period: undelete, then
 * resume). Which of these Backup center itself leaves out of its protectable list is unverified (README).
 */
export type StoppedProtectionState = 'stopped' | 'softDeleted';

export interface StoppedProtection {
  state: StoppedProtectionState;
  /** ARM id of the stopped protected item / backup instance. */
  itemId: string;
  /** Name of the vault that holds it (from the item's id). */
  vaultName: string;
}

export interface UnprotectedDatasource {
  id: string;
  tenantId?: string;
  name: string;
  workload: Workload;
  /** ARM resource type, lower-case as ARG stores it. */
  type: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tags: Record<string, string>;
  /** Why it counts as unprotected (or why its protection does not run), for the user. */
  reason: string;
  /** Managed disks: the VM the disk is attached to (its VM backup may already cover it). */
  managedBy?: string;
  /** Storage accounts with a hierarchical namespace (ADLS Gen2): Backup vaults protect them as ADLS, not as blobs. */
  adls?: boolean;
  /** Set when the datasource has stopped or soft-deleted protection and nothing active: not unprotected, resume it. */
  stopped?: StoppedProtection;
}
