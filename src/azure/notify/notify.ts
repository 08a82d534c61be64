// A failure-notification poll: per scope, the backup jobs (both vault kinds) that ended since the scope's `from`,
// failed and good, read with ONE Resource Graph query per scope (the client splits it per subscription batch).
import { type BackupFilters, isSubscriptionId, validateFilters } from '../../core/domain/filters';
import type { Job, JobStatus } from '../../core/domain/jobs';
import { NOTIFY_JOB_LIMIT, type NotifyJobs, type NotifyScopeRequest } from '../../core/domain/notify';
import type { DataResult } from '../../core/domain/result';
import { type QueryContext, QueryLog } from '../backup-data-run';
import { type ResolvedFilters, readParams, resolveFilters } from '../filters';
import { toJob } from '../jobs/job-rows';
import { jobParams } from '../jobs/jobs';
import { bindKql, concatTemplates, loadKqlTemplate } from '../kql-binder';

/** What a poll reads: a failure to announce, or a good backup that may tell "fixed". Cancelled jobs are neither. */
export const NOTIFY_STATUSES: readonly JobStatus[] = ['Failed', 'Completed', 'CompletedWithWarnings'];
/**
 * Rows read per scope (over every subscription batch): a full list of each kind fits, and a window holding more ends
 * the read after two pages instead of paging through 14 days of jobs. ARG documents no per-group top (no
 * row_number/partition in its operator list), so the cut is on both kinds together: rows come newest first, so with one
 * batch each kind's list is still its newest jobs; with several batches sharing the budget a cut list may miss some
 * newer jobs of a batch that stopped early. Either way the cut says `hasMore`.
 */
export const NOTIFY_MAX_ROWS = 2 * NOTIFY_JOB_LIMIT;
/** Scopes answered at once, as the digest does; the runner paces requests against the quota. */
const SCOPE_CONCURRENCY = 2;

// The jobs view's query with the window in the middle: same filters, same columns, same order (newest first by start),
// so toJob maps the rows and a filter means here what it means in `jobs`.
const notifyTemplate = () =>
  concatTemplates(
    loadKqlTemplate(__dirname, '../jobs/jobs-filtered.kql'),
    loadKqlTemplate(__dirname, 'notify-window.kql'),
    loadKqlTemplate(__dirname, '../datasource-tags.kql'),
    loadKqlTemplate(__dirname, '../jobs/job-list.kql'),
  );

/**
 * `from` is bound as a datetime literal. The head's `since` is ARG's whole job history (14 days): `from` is the window,
 * and a job that started before ARG's retention is not in Resource Graph anyway.
 */
export function bindNotifyJobsKql(f: ResolvedFilters, from: Date): string {
  return bindKql(notifyTemplate(), { ...jobParams({ ...f, since: '14d' }, NOTIFY_STATUSES), from });
}

/** `sub:<name>` looked up once per poll and name, whatever the number of scopes naming it. */
class SubscriptionNames {
  private readonly lookups = new Map<string, { ids: Promise<string[]>; log: QueryLog; counted: boolean }>();

  constructor(private readonly ctx: QueryContext) {}

  async resolve(log: QueryLog, name: string): Promise<string[]> {
    const key = name.toLowerCase();
    let entry = this.lookups.get(key);
    if (!entry) {
      const own = new QueryLog(this.ctx);
      const ids = resolveFilters(own, { subscription: name }).then((f) => f.subscriptionIds ?? []);
      // Scopes await it later; an unobserved rejection must not crash the process.
      ids.catch(() => {});
      entry = { ids, log: own, counted: false };
      this.lookups.set(key, entry);
    }
    try {
      return await entry.ids;
    } finally {
      // Every scope shows the lookup's KQL and notes; its cost counts once, so that summing the scopes' stats is right.
      log.kql.push(...entry.log.kql);
      log.partial.push(...entry.log.partial);
      if (!entry.counted) {
        entry.counted = true;
        log.stats.requests += entry.log.stats.requests;
        log.stats.rows += entry.log.stats.rows;
        log.stats.argMs += entry.log.stats.argMs;
      }
    }
  }
}

async function resolveScope(log: QueryLog, filters: BackupFilters, names: SubscriptionNames): Promise<ResolvedFilters> {
  const valid = validateFilters(filters);
  // The window is the scope's `from`, whatever since: the conversation's filters say.
  const f: ResolvedFilters = { ...valid, since: '14d', ...readParams(log) };
  if (valid.subscription !== undefined) {
    f.subscriptionIds = isSubscriptionId(valid.subscription)
      ? [valid.subscription.toLowerCase()]
      : await names.resolve(log, valid.subscription);
  }
  return f;
}

/** The jobs views' order: newest start first, ties by id (restored across subscription batches, which come one by one). */
function newestFirst(a: Job, b: Job): number {
  return (b.startTime ?? '').localeCompare(a.startTime ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

async function readJobs(log: QueryLog, f: ResolvedFilters, from: Date): Promise<NotifyJobs> {
  const before = log.partial.length;
  const rows = await log.run(bindNotifyJobsKql(f, from), { maxRows: NOTIFY_MAX_ROWS });
  // Our own row limit: "more" is said by hasMore, not as a partial answer.
  const cut = log.partial.slice(before).some((p) => p.kind === 'row-limit');
  log.dropRowLimitNotes();
  const jobs = rows
    .map(toJob)
    .filter((j): j is Job => j !== undefined)
    .sort(newestFirst);
  const failed = jobs.filter((j) => j.status === 'Failed');
  const good = jobs.filter((j) => j.status === 'Completed' || j.status === 'CompletedWithWarnings');
  return {
    failed: failed.slice(0, NOTIFY_JOB_LIMIT),
    good: good.slice(0, NOTIFY_JOB_LIMIT),
    hasMore: cut || failed.length > NOTIFY_JOB_LIMIT || good.length > NOTIFY_JOB_LIMIT,
  };
}

function failureNote(what: string, error: unknown): { kind: 'failed-batch'; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'failed-batch', detail: `${what}: ${message.slice(0, 300)}` };
}

/**
 * One scope's poll. A failure never fails the poll: the scope answers empty (`failed: [], good: [], hasMore: false`)
 * with one partial note `{ kind: 'failed-batch' }` ("The scope's filters could not be applied, so nothing was read: …"
 * or "Backup jobs could not be read: …"). A batch Resource Graph failed, throttled or truncated leaves the jobs of the
 * other batches and the runner's partial note, as in the digest. A cancelled poll (the caller's signal) throws.
 */
async function notifyScope(
  ctx: QueryContext,
  req: NotifyScopeRequest,
  names: SubscriptionNames,
): Promise<DataResult<NotifyJobs>> {
  const log = new QueryLog(ctx);
  const empty: NotifyJobs = { failed: [], good: [], hasMore: false };
  let f: ResolvedFilters;
  try {
    f = await resolveScope(log, req.filters, names);
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    log.partial.push(failureNote("The scope's filters could not be applied, so nothing was read", error));
    return log.result(empty);
  }
  try {
    return log.result(await readJobs(log, f, req.from));
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    log.partial.push(failureNote('Backup jobs could not be read', error));
    return log.result(empty);
  }
}

/** Every scope's jobs in the order asked, SCOPE_CONCURRENCY at a time. */
export async function queryNotifyJobs(
  ctx: QueryContext,
  scopes: readonly NotifyScopeRequest[],
): Promise<DataResult<NotifyJobs>[]> {
  const names = new SubscriptionNames(ctx);
  const out: DataResult<NotifyJobs>[] = new Array(scopes.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < scopes.length) {
      const i = next++;
      out[i] = await notifyScope(ctx, scopes[i] as NotifyScopeRequest, names);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SCOPE_CONCURRENCY, scopes.length) }, worker));
  return out;
}
