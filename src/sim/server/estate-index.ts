// Case-insensitive look-ups into the estate for the trigger APIs: vaults, protected items, backup instances, policies,
// and in-progress backup jobs per item. ARM ids differ in casing between tables and RPs, so every key is lower-case.
import { containerHost, rsvJobEntityName } from '../estate/job-rows';
import type { Estate, Row } from '../estate/types';

export const TYPES = {
  rsvVault: 'microsoft.recoveryservices/vaults',
  bvVault: 'microsoft.dataprotection/backupvaults',
  rsvItem: 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems',
  bvInstance: 'microsoft.dataprotection/backupvaults/backupinstances',
  rsvJob: 'microsoft.recoveryservices/vaults/backupjobs',
  bvJob: 'microsoft.dataprotection/backupvaults/backupjobs',
  bvPolicy: 'microsoft.dataprotection/backupvaults/backuppolicies',
} as const;

const RUNNING_STATUSES = new Set(['inprogress', 'started']);

export function typeOf(row: Row): string {
  return String(row.type ?? '').toLowerCase();
}

export function idOf(row: Row): string {
  return String(row.id ?? '').toLowerCase();
}

export function props(row: Row): Record<string, unknown> {
  const p = row.properties;
  return p && typeof p === 'object' ? (p as Record<string, unknown>) : {};
}

export class EstateIndex {
  private byId = new Map<string, Row>();

  constructor(private readonly estate: Estate) {}

  /** A vault, item, instance or policy by ARM id (any casing). */
  find(id: string): Row | undefined {
    const key = id.toLowerCase();
    let row = this.byId.get(key);
    if (!row) {
      // Rows may have been added since the last build (hand-edited estates); one rebuild per miss is cheap enough.
      this.rebuild();
      row = this.byId.get(key);
    }
    return row;
  }

  /**
   * Forget every row: the next look-up rebuilds. A miss alone is not enough after a change, since a replaced or
   * deleted row would still be found under its id.
   */
  invalidate(): void {
    this.byId.clear();
  }

  /** The backup job that is running on an item or instance right now, if any. */
  findRunningBackup(item: Row): Row | undefined {
    const itemId = idOf(item);
    const isBv = typeOf(item) === TYPES.bvInstance;
    const vaultId = itemId.split(isBv ? '/backupinstances/' : '/backupfabrics/')[0] ?? '';
    // Azure knows which item its job is about; the stand-in tells by the names its job rows carry (job-rows.ts).
    const entity = rsvJobEntityName(item).toLowerCase();
    const host = containerHost(item).toLowerCase();
    const itemWorkload = String(props(item).workloadType ?? '').toLowerCase();
    return this.estate.tables.RecoveryServicesResources.find((job) => {
      const t = typeOf(job);
      if (t !== TYPES.rsvJob && t !== TYPES.bvJob) return false;
      const p = props(job);
      // Backup vault jobs also report a running backup as `Started` (docs/azure-facts.md §1.5).
      if (!RUNNING_STATUSES.has(String(p.status).toLowerCase())) return false;
      const op = String(p.operationCategory ?? p.operation ?? '').toLowerCase();
      if (!op.startsWith('backup')) return false;
      const linked = String(p.backupInstanceId ?? p.protectedItemId ?? '').toLowerCase();
      if (linked !== '') return linked === itemId;
      // RSV job rows name no item (REST job models): vault + entityFriendlyName (+ storageAccountName, Files).
      // SQL/HANA jobs carry their item's workloadType: a HANA database and snapshot instance may share a name.
      const account = String(p.storageAccountName ?? '').toLowerCase();
      const workload = String(p.workloadType ?? '').toLowerCase();
      return (
        idOf(job).startsWith(`${vaultId}/`) &&
        String(p.entityFriendlyName ?? '').toLowerCase() === entity &&
        (account === '' || account === host) &&
        (workload === '' || workload === itemWorkload)
      );
    });
  }

  private rebuild(): void {
    this.byId.clear();
    const wanted = new Set<string>([TYPES.rsvVault, TYPES.bvVault, TYPES.rsvItem, TYPES.bvInstance, TYPES.bvPolicy]);
    for (const table of [this.estate.tables.Resources, this.estate.tables.RecoveryServicesResources]) {
      for (const row of table ?? []) if (wanted.has(typeOf(row))) this.byId.set(idOf(row), row);
    }
  }
}
