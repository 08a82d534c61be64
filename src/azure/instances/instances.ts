// Backup instances across both vault kinds: the list with counts by state and health, and one item with its jobs.
import { looksLikeArmId } from '../../core/domain/arm-id';
import type { BackupFilters } from '../../core/domain/filters';
import type { BackupInstance, InstanceCounts, ItemLookup } from '../../core/domain/instances';
import type { Job } from '../../core/domain/jobs';
import type { DataResult } from '../../core/domain/result';
import type { ArgRow } from '../arg-types';
import { type QueryContext, QueryLog } from '../backup-data-run';
import { datasourceParams, type ResolvedFilters, readParams, resolveFilters } from '../filters';
import { toJob } from '../jobs/job-rows';
import { bindKql, concatTemplates, type KqlParams, loadKqlTemplate } from '../kql-binder';
import { str } from '../row-values';
import { toInstance, toInstanceCounts } from './instance-rows';
import { type PolicyRules, readPolicyRules } from './retry-rules';

export const DEFAULT_INSTANCE_LIMIT = 500;
const MAX_MATCHES = 10;

export interface InstanceList {
  counts: InstanceCounts;
  /** Problems first (error/unhealthy, then warning/pending/paused), at most `limit`. */
  instances: BackupInstance[];
  hasMore: boolean;
}

/** instances-filtered.kql followed by `files`; '../datasource-tags.kql' goes after any join of
 * RecoveryServicesResources with itself, so that it stays the only cross-table join. */
const template = (...files: string[]) =>
  concatTemplates(
    loadKqlTemplate(__dirname, 'instances-filtered.kql'),
    ...files.map((f) => loadKqlTemplate(__dirname, f)),
  );
const TAGS = '../datasource-tags.kql';

function instanceParams(f: ResolvedFilters): KqlParams {
  return { ...datasourceParams(f), vault: f.vault, workload: f.workload };
}

/** `narrow`: instance-cover.kql's filters (`covers`, `ifFailing`), which `items <state>` sets. */
export function bindInstanceListKql(f: ResolvedFilters, narrow: KqlParams = {}): string {
  return bindKql(template('instance-last-backup.kql', 'instance-cover.kql', TAGS, 'instance-list.kql'), {
    ...instanceParams(f),
    ...narrow,
  });
}

export function bindInstanceCountsKql(f: ResolvedFilters): string {
  return bindKql(template(TAGS, 'instance-counts.kql'), instanceParams(f));
}

export function bindItemMatchKql(f: ResolvedFilters, nameOrId: string): string {
  const text = nameOrId.trim();
  const byId = looksLikeArmId(text);
  return bindKql(
    template('item-match.kql', 'instance-last-backup.kql', 'instance-cover.kql', TAGS, 'instance-list.kql'),
    {
      ...instanceParams(f),
      itemId: byId ? text.toLowerCase() : undefined,
      itemName: byId ? undefined : text,
    },
  );
}

export function bindItemsByIdKql(ids: readonly string[], readScopes?: string[]): string {
  return bindKql(
    template('items-by-id.kql', 'instance-last-backup.kql', 'instance-cover.kql', TAGS, 'instance-list.kql'),
    {
      ...instanceParams({ since: '24h', ...(readScopes === undefined ? {} : { readScopes }) }),
      itemIds: ids.map((id) => id.toLowerCase()),
    },
  );
}

export function bindPoliciesKql(policyIds: string[]): string {
  return bindKql(loadKqlTemplate(__dirname, 'bv-policies.kql'), { policyIds: policyIds.map((p) => p.toLowerCase()) });
}

export function bindItemJobsKql(instance: BackupInstance): string {
  const jobs = concatTemplates(
    loadKqlTemplate(__dirname, '../jobs/jobs-filtered.kql'),
    loadKqlTemplate(__dirname, 'item-jobs.kql'),
    loadKqlTemplate(__dirname, '../jobs/job-list.kql'),
  );
  return bindKql(jobs, { since: '14d', instanceKey: instance.id.toLowerCase() });
}

/** BV policy rules for the instances' policies (one request per 500 policies; none when no BV instance is listed). */
async function loadPolicies(log: QueryLog, rows: ArgRow[]): Promise<Map<string, PolicyRules>> {
  const ids = [
    ...new Set(
      rows
        .filter((r) => /\/microsoft\.dataprotection\//i.test(str(r, 'id') ?? ''))
        .map((r) => str(r, 'policyId')?.toLowerCase())
        .filter((p): p is string => p !== undefined),
    ),
  ];
  const out = new Map<string, PolicyRules>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of await log.run(bindPoliciesKql(ids.slice(i, i + 500)))) {
      const id = str(row, 'id');
      if (id) out.set(id.toLowerCase(), readPolicyRules(row['policyRules']));
    }
  }
  return out;
}

/** Same ranks as instance-list.kql, to restore its order across subscription batches. */
export function rankOf(i: BackupInstance): number {
  if (i.protectionState === 'Error' || i.health === 'Unhealthy') return 0;
  if (i.health === 'Warning' || i.protectionState === 'Pending' || i.protectionState === 'Paused') return 1;
  if (['Stopped', 'SoftDeleted', 'NotProtected', 'Unknown'].includes(i.protectionState)) return 3;
  return 2;
}

export async function queryInstances(
  ctx: QueryContext,
  filters: BackupFilters,
  options: { limit?: number } = {},
): Promise<DataResult<InstanceList>> {
  const log = new QueryLog(ctx);
  const f = await resolveFilters(log, filters);
  const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_INSTANCE_LIMIT, 5000));
  const [countRows, rows] = await Promise.all([
    log.run(bindInstanceCountsKql(f)),
    log.run(bindInstanceListKql(f), { maxRows: limit + 1 }),
  ]);
  log.dropRowLimitNotes();
  const policies = await loadPolicies(log, rows.slice(0, limit));
  const instances = rows
    .map((r) => toInstance(r, policies))
    .filter((i): i is BackupInstance => i !== undefined)
    .sort((a, b) => rankOf(a) - rankOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return log.result({
    counts: toInstanceCounts(countRows),
    instances: instances.slice(0, limit),
    hasMore: rows.length > limit,
  });
}

export async function runInstanceCounts(log: QueryLog, f: ResolvedFilters): Promise<InstanceCounts> {
  return toInstanceCounts(await log.run(bindInstanceCountsKql(f)));
}

export async function queryInstanceCounts(
  ctx: QueryContext,
  filters: BackupFilters,
): Promise<DataResult<InstanceCounts>> {
  const log = new QueryLog(ctx);
  const f = await resolveFilters(log, filters);
  return log.result(await runInstanceCounts(log, f));
}

/** Ids per request: an ARM id is up to a few hundred characters, and ARG bounds the query text. */
const IDS_PER_QUERY = 100;

/** The instances with these ids, with their retryability (BV: their policies' rules read); unknown ids left out. */
export async function queryInstancesById(
  ctx: QueryContext,
  ids: readonly string[],
): Promise<DataResult<BackupInstance[]>> {
  const log = new QueryLog(ctx);
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const rows: ArgRow[] = [];
  for (let i = 0; i < wanted.length; i += IDS_PER_QUERY) {
    rows.push(...(await log.run(bindItemsByIdKql(wanted.slice(i, i + IDS_PER_QUERY), readParams(log).readScopes))));
  }
  const policies = await loadPolicies(log, rows);
  return log.result(rows.map((r) => toInstance(r, policies)).filter((i): i is BackupInstance => i !== undefined));
}

/** `item <name|id>`: the instance, its policy rule (BV) and its jobs of the last 14 days. */
export async function queryItem(
  ctx: QueryContext,
  nameOrId: string,
  filters: BackupFilters = {},
): Promise<DataResult<ItemLookup>> {
  const log = new QueryLog(ctx);
  const f = await resolveFilters(log, filters);
  const rows = await log.run(bindItemMatchKql(f, nameOrId), { maxRows: MAX_MATCHES + 1 });
  log.dropRowLimitNotes();
  if (rows.length === 0) return log.result({ kind: 'not-found', query: nameOrId });
  if (rows.length > 1) {
    const candidates = rows
      .slice(0, MAX_MATCHES)
      .map((r) => toInstance(r))
      .filter((i) => i !== undefined);
    return log.result({ kind: 'ambiguous', candidates });
  }
  const first = toInstance(rows[0] as ArgRow);
  if (!first) return log.result({ kind: 'not-found', query: nameOrId });
  const [policies, jobRows] = await Promise.all([loadPolicies(log, rows), log.run(bindItemJobsKql(first))]);
  const instance = toInstance(rows[0] as ArgRow, policies) ?? first;
  const jobs = jobRows
    .map(toJob)
    .filter((j): j is Job => j !== undefined)
    .sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? ''));
  return log.result({ kind: 'found', detail: { instance, jobs } });
}
