// Datasources that no active backup protects, per workload (Backup center's "Protectable resources").
// One query per workload: each joins its datasource table to the one item type that protects it.
import type { BackupFilters } from '../../core/domain/filters';
import type { DataResult } from '../../core/domain/result';
import type { UnprotectedDatasource } from '../../core/domain/unprotected';
import { WORKLOADS, type Workload } from '../../core/domain/workload';
import type { ArgRow } from '../arg-types';
import { type QueryContext, QueryLog } from '../backup-data-run';
import { datasourceParams, type ResolvedFilters, refuseFilters, resolveFilters } from '../filters';
import { bindKql, loadKqlTemplate } from '../kql-binder';
import { dyn, str, tagsOf } from '../row-values';

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

export interface UnprotectedList {
  /** Workloads asked about, in the order queried. */
  workloads: Workload[];
  datasources: UnprotectedDatasource[];
  /** Count per workload of what was returned (capped by the limit). */
  counts: Partial<Record<Workload, number>>;
  hasMore: boolean;
}

export function bindUnprotectedKql(workload: Workload, f: ResolvedFilters): string {
  return bindKql(loadKqlTemplate(__dirname, `${workload}.kql`), datasourceParams(f));
}

export function toUnprotected(row: ArgRow, workload: Workload): UnprotectedDatasource | undefined {
  const id = str(row, 'id');
  if (!id) return undefined;
  const managedBy = str(row, 'managedBy');
  let reason = REASONS[workload];
  if (workload === 'disks' && managedBy) {
    reason += ` It is attached to VM ${managedBy.split('/').pop()}, whose backup (if any) does not cover all its disks.`;
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
  if (workload === 'hana') {
    const vm = str(row, 'vmName');
    if (vm) out.reason = `${reason} It runs on VM ${vm}.`;
  }
  return out;
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
  const datasources: UnprotectedDatasource[] = [];
  const counts: Partial<Record<Workload, number>> = {};
  let hasMore = false;
  for (const { workload: w, rows, capped } of answers) {
    if (capped) hasMore = true;
    const mapped = rows.map((r) => toUnprotected(r, w)).filter((d) => d !== undefined);
    counts[w] = mapped.length;
    datasources.push(...mapped);
  }
  if (datasources.length > limit) hasMore = true;
  return log.result({ workloads, datasources: datasources.slice(0, limit), counts, hasMore });
}
