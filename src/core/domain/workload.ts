// The eight workloads Backup Center covers, across both vault kinds, and which vault kind protects each.
// Pure data: core (commands, views) and azure (queries) share it; no SDK here.

export const WORKLOADS = ['vm', 'sql', 'hana', 'files', 'blobs', 'disks', 'postgres', 'aks'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** A row whose datasource type is none of ours (e.g. MySQL, Cosmos DB on newer API versions) keeps 'other'. */
export type WorkloadOrOther = Workload | 'other';

export type VaultKind = 'rsv' | 'bv';

/** Recovery Services vaults protect VMs, SQL/HANA in VMs and Azure Files; Backup vaults the rest. */
export const VAULT_KIND_OF: Readonly<Record<Workload, VaultKind>> = {
  vm: 'rsv',
  sql: 'rsv',
  hana: 'rsv',
  files: 'rsv',
  blobs: 'bv',
  disks: 'bv',
  postgres: 'bv',
  aks: 'bv',
};

export const WORKLOAD_LABELS: Readonly<Record<WorkloadOrOther, string>> = {
  vm: 'Azure VM',
  sql: 'SQL in Azure VM',
  hana: 'SAP HANA in Azure VM',
  files: 'Azure Files',
  blobs: 'Azure Blobs',
  disks: 'Managed disks',
  postgres: 'Azure Database for PostgreSQL',
  aks: 'Azure Kubernetes Service',
  other: 'Other',
};

export function isWorkload(value: string): value is Workload {
  return (WORKLOADS as readonly string[]).includes(value);
}

/** Tolerant parse of a stored or user-typed value ('VM', ' sql ') into a workload; 'other' when unknown. */
export function toWorkloadOrOther(value: unknown): WorkloadOrOther {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return isWorkload(text) ? text : 'other';
}

/**
 * Azure keeps an on-demand Full backup of a SQL or SAP HANA database at least this many days (at most 99 years):
 * manage-monitor-sql-database-backup.md and sap-hana-database-manage.md, "Run an on-demand backup". The bot's Retry
 * runs a Full for them, so it asks for at least this much and every view says so.
 */
export const ON_DEMAND_FULL_MIN_DAYS = 45;

/** The workloads whose Retry runs a Full backup (Recovery Services AzureWorkloadBackupRequest). */
export function runsFullBackup(workload: WorkloadOrOther): boolean {
  return workload === 'sql' || workload === 'hana';
}
