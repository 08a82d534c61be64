// Which item a job row is about, read from the rows as Azure documents them (never through the bot's query): BV jobs
// name their backup instance; RSV jobs name none (the REST job models), only entityFriendlyName: VM "<vm>", SQL (and,
// unverified, HANA) "<db> [<vm>]" with the vm the container's last part, Files "<share>" plus storageAccountName;
// SQL/HANA jobs and items also carry workloadType.
import type { Row } from '../../src/sim/estate';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const lower = (value: unknown): string => text(value).toLowerCase();
const props = (row: Row): Record<string, unknown> => (row.properties ?? {}) as Record<string, unknown>;

const RSV_ITEM = 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems';
const BV_INSTANCE = 'microsoft.dataprotection/backupvaults/backupinstances';

/** backupManagementType, and for SQL/HANA the workloadType both the item and the job carry (HANA database ≠ instance). */
function kindOf(p: Record<string, unknown>): string {
  const mgmt = lower(p.backupManagementType);
  return mgmt === 'azureworkload' ? lower(p.workloadType) : mgmt;
}

/** A function from a job row to its item row: undefined when none, or several, fit. */
export function jobItemLookup(rows: readonly Row[]): (job: Row) => Row | undefined {
  const byId = new Map<string, Row>();
  const byName = new Map<string, Row[]>();
  for (const row of rows) {
    const type = lower(row.type);
    if (type === BV_INSTANCE) byId.set(lower(row.id), row);
    if (type !== RSV_ITEM) continue;
    byId.set(lower(row.id), row);
    const p = props(row);
    const host = text(row.id).split('/')[12]?.split(';').pop() ?? '';
    const mgmt = lower(p.backupManagementType);
    const name = mgmt === 'azureworkload' ? `${text(p.friendlyName)} [${host}]` : text(p.friendlyName);
    const key = `${lower(row.id).split('/backupfabrics/')[0]}|${kindOf(p)}|${name}|${mgmt === 'azurestorage' ? host : ''}`;
    byName.set(key.toLowerCase(), [...(byName.get(key.toLowerCase()) ?? []), row]);
  }
  return (job) => {
    const p = props(job);
    // A row that names its item (BV always; RSV rows in older hand-made estates) is taken at its word.
    if (text(p.backupInstanceId) !== '') return byId.get(lower(p.backupInstanceId));
    const key = `${lower(job.id).split('/backupjobs/')[0]}|${kindOf(p)}|${text(p.entityFriendlyName)}|${text(p.storageAccountName)}`;
    const found = byName.get(key.toLowerCase()) ?? [];
    return found.length === 1 ? found[0] : undefined;
  };
}
