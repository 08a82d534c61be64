// `items`: backup items of both vault kinds as one list, narrowed by how their protection stands (instance-cover.kql),
// and `items stale`: active items with no good backup within their policy's schedule (the digest's overdue rule).
// One Resource Graph query per answer (per subscription batch and page).
import type { BackupFilters } from '../../core/domain/filters';
import {
  type ItemsList,
  type ItemsQuery,
  type ItemsRow,
  type ItemsState,
  toProtectionCover,
} from '../../core/domain/items';
import type { DataResult } from '../../core/domain/result';
import type { ArgRow } from '../arg-types';
import { type QueryContext, QueryLog } from '../backup-data-run';
import { DIGEST_THRESHOLDS } from '../digest/digest-kql';
import { datasourceParams, type ResolvedFilters, resolveFilters } from '../filters';
import { bindKql, concatTemplates, loadKqlTemplate } from '../kql-binder';
import { bool, isoTime, num, str } from '../row-values';
import { toInstance } from './instance-rows';
import { bindInstanceListKql, DEFAULT_INSTANCE_LIMIT, rankOf } from './instances';

/** What each state keeps of instance-cover.kql's classes; `failing` is its own line there. */
const COVERS: Record<Exclude<ItemsState, 'stale'>, readonly string[] | undefined> = {
  protected: ['active'],
  stopped: ['stopped', 'softDeleted'],
  failing: undefined,
};

/** `items [protected|stopped|failing]`: the instance list's query with instance-cover.kql's filters. */
export function bindItemsKql(f: ResolvedFilters, state?: Exclude<ItemsState, 'stale'>): string {
  const covers = state === undefined ? undefined : COVERS[state];
  return bindInstanceListKql(f, {
    ...(covers === undefined ? {} : { covers }),
    ...(state === 'failing' ? { ifFailing: '' } : {}),
  });
}

/**
 * `items stale`: the digest's item head (items and jobs in one scan, the policy's interval), its active items by
 * instance-cover.kql (so an item whose configuration failed is not configured rather than stale), items-stale.kql.
 * The head's `recoveredSince` only feeds digest columns this query does not read; it is bound to `now`.
 */
export function bindStaleItemsKql(f: ResolvedFilters, now: Date): string {
  const load = (file: string) => loadKqlTemplate(__dirname, file);
  const template = concatTemplates(
    load('../digest/digest-items.kql'),
    load('instance-cover.kql'),
    load('items-stale.kql'),
    load('../datasource-tags.kql'),
    load('items-stale-list.kql'),
  );
  return bindKql(template, {
    ...datasourceParams(f),
    vault: f.vault,
    workload: f.workload,
    recoveredSince: now,
    covers: ['active'],
    now,
    graceHours: DIGEST_THRESHOLDS.graceHours,
  });
}

function toRow(row: ArgRow, stale: boolean): ItemsRow | undefined {
  const instance = toInstance(row);
  if (!instance) return undefined;
  const out: ItemsRow = { instance, cover: toProtectionCover(str(row, 'cover')) };
  const everyHours = num(row, 'everyHours');
  if (stale && everyHours !== undefined) {
    out.stale = {
      everyHours,
      graceHours: DIGEST_THRESHOLDS.graceHours,
      lastAttemptFailed: bool(row, 'lastAttemptFailed') === true,
    };
    const good = isoTime(row, 'lastGoodAt');
    if (good) out.stale.lastGoodAt = good;
    const attempt = isoTime(row, 'lastAttemptAt');
    if (attempt) out.stale.lastAttemptAt = attempt;
  }
  return out;
}

/** Stale order across subscription batches: no good backup known first, then oldest first, then id. */
function staleOrder(a: ItemsRow, b: ItemsRow): number {
  const ga = a.stale?.lastGoodAt;
  const gb = b.stale?.lastGoodAt;
  if ((ga === undefined) !== (gb === undefined)) return ga === undefined ? -1 : 1;
  return (ga ?? '').localeCompare(gb ?? '') || byId(a, b);
}

const byId = (a: ItemsRow, b: ItemsRow): number =>
  a.instance.id < b.instance.id ? -1 : a.instance.id > b.instance.id ? 1 : 0;

export async function queryItems(
  ctx: QueryContext,
  filters: BackupFilters,
  query: ItemsQuery,
  options: { limit?: number } = {},
): Promise<DataResult<ItemsList>> {
  const log = new QueryLog(ctx);
  const f = await resolveFilters(log, filters);
  const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_INSTANCE_LIMIT, 5000));
  const stale = query.state === 'stale';
  // The clock to the minute: the same question within a minute is the same query text, which the client's answer
  // cache and single-flight share (to the millisecond, every ask would be a new query).
  const now = new Date(Math.floor(query.now.getTime() / 60_000) * 60_000);
  const kql = query.state === 'stale' ? bindStaleItemsKql(f, now) : bindItemsKql(f, query.state);
  const rows = await log.run(kql, { maxRows: limit + 1 });
  log.dropRowLimitNotes();
  const mapped = rows.map((r) => toRow(r, stale)).filter((r): r is ItemsRow => r !== undefined);
  mapped.sort(stale ? staleOrder : (a, b) => rankOf(a.instance) - rankOf(b.instance) || byId(a, b));
  return log.result({ rows: mapped.slice(0, limit), hasMore: rows.length > limit });
}
