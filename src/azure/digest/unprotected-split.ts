// Unprotected datasources for a many-scope digest run: every workload's query ONCE for the whole run, without filters,
// then split per scope here by the same datasource rules the .kql files apply (8 queries per scope would exhaust
// Resource Graph's quota of ~15 queries per 5 s with 50 scopes).
import type { UnprotectedDatasource } from '../../core/domain/unprotected';
import { WORKLOADS, type Workload } from '../../core/domain/workload';
import type { ArgRow } from '../arg-types';
import type { QueryLog } from '../backup-data-run';
import { type ResolvedFilters, readParams } from '../filters';
import { bindKql, loadKqlTemplate } from '../kql-binder';
import { dyn, str } from '../row-values';
import { bindUnprotectedKql, toUnprotected, type WorkloadRows } from '../unprotected/unprotected';

/** Rows per workload and scope (one ARG page): beyond it the scope's list says `complete: false`. */
export const DIGEST_UNPROTECTED_LIMIT = 1000;
/** Rows per workload for the whole run when shared (five pages each); beyond it every scope says `complete: false`. */
export const SHARED_UNPROTECTED_LIMIT = 5000;

/** Unfiltered but for READ_ALLOW's guardrail (`readScopes`, see ResolvedFilters), which a shared read keeps too. */
export function bindSharedHanaKql(readScopes?: string[]): string {
  return bindKql(loadKqlTemplate(__dirname, 'unprotected-hana.kql'), { readScopes });
}

/** The unfiltered queries of every workload (HANA with its VM's tags), each capped at SHARED_UNPROTECTED_LIMIT. */
export async function runSharedUnprotected(log: QueryLog): Promise<WorkloadRows[]> {
  // Settled, not raced: every query's cost is in the log before a failure is reported.
  const settled = await Promise.allSettled(
    WORKLOADS.map(async (workload) => {
      const { readScopes } = readParams(log);
      const kql =
        workload === 'hana'
          ? bindSharedHanaKql(readScopes)
          : bindUnprotectedKql(workload, { since: '24h', readScopes });
      const rows = await log.run(kql, { maxRows: SHARED_UNPROTECTED_LIMIT + 1 });
      return {
        workload,
        rows: rows.slice(0, SHARED_UNPROTECTED_LIMIT),
        capped: rows.length > SHARED_UNPROTECTED_LIMIT,
      };
    }),
  );
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  log.dropRowLimitNotes();
  return settled.map((s) => (s as PromiseFulfilledResult<WorkloadRows>).value);
}

/** `=~` / `in~`: equal ignoring case. */
const same = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * The tag rule of the .kql files: `tostring(parse_json(tolower(tostring(tags)))[key])` must be non-empty, and `=~`
 * the value when one is given. Lower-casing the JSON makes keys case-insensitive (a later duplicate key wins, as
 * in JSON parsing); values compare ignoring case.
 */
export function tagMatches(tags: unknown, key: string, value: string): boolean {
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return false;
  let text: string | undefined;
  for (const [k, v] of Object.entries(tags as Record<string, unknown>)) {
    if (k.toLowerCase() !== key.toLowerCase()) continue;
    text = v === null || v === undefined ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  if (text === undefined || text === '') return false;
  return value === '' || same(text, value);
}

/** Whether an unfiltered row of `workload` is in the scope `f`, by the rules its .kql applies with filters set. */
export function inScope(row: ArgRow, workload: Workload, f: ResolvedFilters): boolean {
  if (f.workload !== undefined && f.workload !== workload) return false;
  // Every workload query filters its own row's subscriptionId, resourceGroup (HANA: the VM's, projected as
  // resourceGroup) and location with in~ / =~.
  const sub = str(row, 'subscriptionId');
  if (f.subscriptionIds && !f.subscriptionIds.some((id) => same(sub, id))) return false;
  if (f.resourceGroup !== undefined && !same(str(row, 'resourceGroup'), f.resourceGroup)) return false;
  if (f.location !== undefined && !same(str(row, 'location'), f.location)) return false;
  if (f.tags !== undefined && f.tags.length > 0) {
    // HANA: the tags of the VM the database runs on (hana.kql joins it); others: the datasource's own tags.
    const tags = workload === 'hana' ? dyn(row, 'vmTags') : dyn(row, 'tags');
    if (!f.tags.every((t) => tagMatches(tags, t.key, t.value))) return false;
  }
  return true;
}

/** One scope's share of the shared answer, mapped as the per-scope queries map theirs. */
export function splitUnprotected(
  shared: readonly WorkloadRows[],
  f: ResolvedFilters,
): { datasources: UnprotectedDatasource[]; stopped: UnprotectedDatasource[]; complete: boolean } {
  const datasources: UnprotectedDatasource[] = [];
  const stopped: UnprotectedDatasource[] = [];
  let complete = true;
  for (const { workload, rows, capped } of shared) {
    if (f.workload !== undefined && f.workload !== workload) continue;
    if (capped) complete = false;
    for (const row of rows) {
      if (!inScope(row, workload, f)) continue;
      const d = toUnprotected(row, workload);
      if (d) (d.stopped ? stopped : datasources).push(d);
    }
  }
  return { datasources, stopped, complete };
}
