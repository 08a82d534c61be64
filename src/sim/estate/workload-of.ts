// Which workload an RSV protected item or a Backup vault instance row protects (case-insensitive, tolerant of
// missing fields), e.g. to pick an error-catalog entry for a failed on-demand backup.
import { T, type Workload } from './arm';
import type { Row } from './types';

function lower(v: unknown): string {
  return typeof v === 'string' ? v.toLowerCase() : '';
}

export function workloadOf(row: Row): Workload | undefined {
  const p = (row.properties ?? {}) as Record<string, unknown>;
  const type = lower(row.type);
  if (type === T.rsvItem) {
    const w = lower(p.workloadType);
    const mgmt = lower(p.backupManagementType);
    if (w === 'vm' || mgmt === 'azureiaasvm') return 'vm';
    if (w === 'sqldatabase') return 'sql';
    if (w.startsWith('saphana')) return 'hana';
    if (w === 'azurefileshare' || mgmt === 'azurestorage') return 'files';
    return undefined;
  }
  if (type === T.bvInstance) {
    const ds = lower((p.dataSourceInfo as Record<string, unknown> | undefined)?.datasourceType);
    if (ds === 'microsoft.compute/disks') return 'disks';
    if (ds.startsWith('microsoft.storage/storageaccounts')) return 'blobs';
    if (ds.startsWith('microsoft.dbforpostgresql/') || ds === 'ossdb') return 'postgres';
    if (ds === 'microsoft.containerservice/managedclusters') return 'aks';
  }
  return undefined;
}
