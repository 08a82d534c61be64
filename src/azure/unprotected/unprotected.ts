// Datasources that no active backup protects, per workload (Backup center's "Protectable resources"), and apart from
// them those whose protection is stopped or soft-deleted. One query per workload answers both (see its .kql).
import type { BackupFilters } from '../../core/domain/filters';
import type { DataResult } from '../../core/domain/result';
import type { UnprotectedDatasource } from '../../core/domain/unprotected';
import { WORKLOADS, type Workload } from '../../core/domain/workload';
import type { ArgRow } from '../arg-types';
import { type QueryContext, QueryLog } from '../backup-data-run';
import { datasourceParams, type ResolvedFilters, refuseFilters, resolveFilters } from '../filters';
import { vaultOf } from '../jobs/job-rows';
import { bindKql, loadKqlTemplate } from '../kql-binder';
import { bool, dyn, str, tagsOf } from '../row-values';

export const DEFAULT_UNPROTECTED_LIMIT = 500;

const REASONS: Record<Workload, string> = {
  vm: 'No active VM backup in a Recovery Services vault.',
  sql: 'No SQL database on this VM has an active backup.',
  hana: 'Azure Backup discovered this HANA database, but it is not protected.',
  files: 'No file share of this storage account has an active Azure Files backup.',
  blobs: 'No active blob backup in a Backup vault.',
  disks: 'No active disk backup in a Backup vault.',
  postgres: 'No active PostgreSQL backup in a Backup vault.',
  aks: 'No active AKS backup in a Backup vault.',
};

/** What each workload's backup is called when it is stopped ("VM backup stopped in vault rsv-prod"). */
const BACKUP_NOUNS: Record<Workload, string> = {
  vm: 'VM backup',
  sql: 'SQL database backup',
  hana: 'HANA backup',
  files: 'file share backup',
  blobs: 'blob backup',
  disks: 'disk backup',
  postgres: 'PostgreSQL backup',
  aks: 'AKS backup',
};

const ADLS_REASON =
  'No active backup in a Backup vault. It has a hierarchical namespace (ADLS Gen2): blob backup cannot protect it; ' +
  'Azure Data Lake Storage vaulted backup can.';

export interface UnprotectedList {
  /** Workloads asked about, in the order queried. */
  workloads: Workload[];
  /** Datasources with no backup at all (or only one whose configuration failed): Backup center's protectable list. */
  datasources: UnprotectedDatasource[];
  /** Count per workload of `datasources` returned (capped by the limit). */
  counts: Partial<Record<Workload, number>>;
  /** Datasources whose only protection is stopped or soft-deleted (`stopped` set): not unprotected, resume them. */
  stopped: UnprotectedDatasource[];
  hasMore: boolean;
}

export function bindUnprotectedKql(workload: Workload, f: ResolvedFilters): string {
  return bindKql(loadKqlTemplate(__dirname, `${workload}.kql`), datasourceParams(f));
}

export function toUnprotected(row: ArgRow, workload: Workload): UnprotectedDatasource | undefined {
  const id = str(row, 'id');
  if (!id) return undefined;
  const managedBy = str(row, 'managedBy');
  const adls = workload === 'blobs' && bool(row, 'adls') === true;
  let reason = adls ? ADLS_REASON : REASONS[workload];
  if (workload === 'disks' && managedBy) {
    reason += ` It is attached to VM ${managedBy.split('/').pop()}, whose backup (if any) does not cover all its disks.`;
  }
  const stopped = stoppedOf(row, workload);
  if (stopped) {
    const where = stopped.vaultName ? ` in vault ${stopped.vaultName}` : '';
    // A disk's stopped cover may be its VM's backup (a Recovery Services item) rather than a disk instance.
    const noun =
      workload === 'disks' && /\/providers\/microsoft\.recoveryservices\//i.test(stopped.itemId)
        ? `VM's backup${managedBy ? ` (VM ${managedBy.split('/').pop()})` : ''}`
        : BACKUP_NOUNS[workload];
    reason =
      stopped.state === 'stopped'
        ? `Its ${noun} is stopped${where} (data retained): resume it.`
        : `Its ${noun} was deleted and is soft-deleted${where}: undelete it and resume it.`;
  }
  const out: UnprotectedDatasource = {
    id,
    name: str(row, 'name') ?? id.split('/').pop() ?? id,
    workload,
    type: (str(row, 'type') ?? '').toLowerCase(),
    subscriptionId: str(row, 'subscriptionId') ?? '',
    resourceGroup: str(row, 'resourceGroup') ?? '',
    location: str(row, 'location') ?? '',
    tags: tagsOf(dyn(row, 'tags')),
    reason,
  };
  const tenantId = str(row, 'tenantId');
  if (tenantId) out.tenantId = tenantId;
  if (managedBy) out.managedBy = managedBy;
  if (adls) out.adls = true;
  if (stopped) out.stopped = stopped;
  if (workload === 'hana') {
    const vm = str(row, 'vmName');
    if (vm) out.reason = `${reason} It runs on VM ${vm}.`;
  }
  return out;
}

/** The stopped or soft-deleted protection a row names (`protection`, `protectionItem` of the .kql), if any. */
function stoppedOf(row: ArgRow, workload: Workload): UnprotectedDatasource['stopped'] {
  const state = str(row, 'protection');
  const itemId = str(row, 'protectionItem');
  if (workload === 'hana' || !itemId || (state !== 'stopped' && state !== 'softDeleted')) return undefined;
  return { state, itemId, vaultName: vaultOf(itemId).name };
}

/** Splits mapped rows into the unprotected and the stopped, counting the unprotected per workload. */
export function partitionUnprotected(
  answers: readonly WorkloadRows[],
): Pick<UnprotectedList, 'datasources' | 'stopped' | 'counts'> {
  const datasources: UnprotectedDatasource[] = [];
  const stopped: UnprotectedDatasource[] = [];
  const counts: Partial<Record<Workload, number>> = {};
  for (const { workload, rows } of answers) {
    const mapped = rows.map((r) => toUnprotected(r, workload)).filter((d) => d !== undefined);
    const open = mapped.filter((d) => d.stopped === undefined);
    counts[workload] = open.length;
    datasources.push(...open);
    stopped.push(...mapped.filter((d) => d.stopped !== undefined));
  }
  return { datasources, stopped, counts };
}

/** One workload's answer: its rows (at most `limit`) and whether there were more. */
export interface WorkloadRows {
  workload: Workload;
  rows: ArgRow[];
  capped: boolean;
}

/**
 * One query per workload, run side by side, each capped at `limit` rows (one more is read to tell "more"). The
 * row-limit notes are the caller's to drop: it set the limit and reports "more" itself.
 */
export async function runUnprotectedWorkloads(
  log: QueryLog,
  f: ResolvedFilters,
  workloads: readonly Workload[],
  limit: number,
): Promise<WorkloadRows[]> {
  return Promise.all(
    workloads.map(async (workload) => {
      const rows = await log.run(bindUnprotectedKql(workload, f), { maxRows: limit + 1 });
      return { workload, rows: rows.slice(0, limit), capped: rows.length > limit };
    }),
  );
}

/** The workloads a question covers: the one named, else the type: filter's, else all eight. */
export function unprotectedWorkloads(workload: Workload | undefined, f: BackupFilters): Workload[] {
  const chosen = workload ?? f.workload;
  return chosen ? [chosen] : [...WORKLOADS];
}

/** `workload` undefined (and no type: filter): every workload, one query each, run side by side. */
export async function queryUnprotected(
  ctx: QueryContext,
  workload: Workload | undefined,
  filters: BackupFilters,
  options: { limit?: number } = {},
): Promise<DataResult<UnprotectedList>> {
  const log = new QueryLog(ctx);
  // Unprotected datasources belong to no vault, and ARG keeps no history of them.
  refuseFilters(filters, ['vault', 'since'], 'unprotected datasources');
  const f = await resolveFilters(log, filters);
  const workloads = unprotectedWorkloads(workload, f);
  const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_UNPROTECTED_LIMIT, 5000));
  const answers = await runUnprotectedWorkloads(log, f, workloads, limit);
  log.dropRowLimitNotes();
  const { datasources, stopped, counts } = partitionUnprotected(answers);
  const hasMore = answers.some((a) => a.capped) || datasources.length > limit;
  return log.result({ workloads, datasources: datasources.slice(0, limit), counts, stopped, hasMore });
}
