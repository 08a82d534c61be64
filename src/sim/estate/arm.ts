// ARG `type` strings, the workload vocabulary and small ARM-id / time helpers shared by the estate modules.
// ARG lower-cases `type` but not `id` (see docs/azure-facts.md §1.1), so id helpers here always match
// case-insensitively.

export const T = {
  subscription: 'microsoft.resources/subscriptions',
  resourceGroup: 'microsoft.resources/subscriptions/resourcegroups',
  vm: 'microsoft.compute/virtualmachines',
  disk: 'microsoft.compute/disks',
  sqlVm: 'microsoft.sqlvirtualmachine/sqlvirtualmachines',
  storage: 'microsoft.storage/storageaccounts',
  pgSingle: 'microsoft.dbforpostgresql/servers',
  pgFlex: 'microsoft.dbforpostgresql/flexibleservers',
  aks: 'microsoft.containerservice/managedclusters',
  rsvVault: 'microsoft.recoveryservices/vaults',
  bvVault: 'microsoft.dataprotection/backupvaults',
  rsvItem: 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems',
  rsvPolicy: 'microsoft.recoveryservices/vaults/backuppolicies',
  rsvJob: 'microsoft.recoveryservices/vaults/backupjobs',
  bvInstance: 'microsoft.dataprotection/backupvaults/backupinstances',
  bvPolicy: 'microsoft.dataprotection/backupvaults/backuppolicies',
  bvJob: 'microsoft.dataprotection/backupvaults/backupjobs',
  alert: 'microsoft.alertsmanagement/alerts',
} as const;

/** The workload words of the bot's `unprotected` command; `postgres` covers single and flexible servers. */
export const WORKLOADS = ['vm', 'sql', 'hana', 'files', 'blobs', 'disks', 'postgres', 'aks'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** Backup vault `datasourceType` strings (docs/azure-facts.md §1.3). */
export const DS_TYPE = {
  disk: 'Microsoft.Compute/disks',
  blob: 'Microsoft.Storage/storageAccounts/blobServices',
  /** ADLS Gen2 (hierarchical namespace) accounts, vaulted backup: the REST spec's PutBackupInstance_ADLSBlobBackup example. */
  adls: 'Microsoft.Storage/storageAccounts/adlsBlobServices',
  pgSingle: 'Microsoft.DBforPostgreSQL/servers/databases',
  pgFlex: 'Microsoft.DBforPostgreSQL/flexibleServers',
  aks: 'Microsoft.ContainerService/managedClusters',
} as const;

/** The part of `id` before `marker` (case-insensitive), e.g. the vault id of a job or item; '' when absent. */
export function idBefore(id: string, marker: string): string {
  const at = id.toLowerCase().indexOf(marker.toLowerCase());
  return at < 0 ? '' : id.slice(0, at);
}

/** The id segment after `key` (case-insensitive), e.g. segmentAfter(id, 'resourceGroups'). */
export function segmentAfter(id: string, key: string): string {
  const parts = id.split('/');
  const wanted = key.toLowerCase();
  for (let i = 0; i < parts.length - 1; i++) {
    if ((parts[i] as string).toLowerCase() === wanted) return parts[i + 1] as string;
  }
  return '';
}

export function lastSegment(id: string): string {
  const at = id.lastIndexOf('/');
  return at < 0 ? id : id.slice(at + 1);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** ISO-8601 duration as .NET TimeSpan serialises it in job rows, e.g. `PT1H2M9.8782791S` (docs/azure-facts.md §1.4). */
export function isoDuration(ms: number): string {
  const total = Math.max(0, ms);
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1000;
  let out = 'PT';
  if (hours > 0) out += `${hours}H`;
  if (minutes > 0) out += `${minutes}M`;
  if (seconds > 0 || out === 'PT') out += `${Number.isInteger(seconds) ? seconds : seconds.toFixed(7)}S`;
  return out;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
