// Jobs of both vault kinds: the list (failed | running | all, newest first), the same list streamed page by page for
// exports, and counts by status for the window.
import type { BackupFilters } from '../../core/domain/filters';
import type { Job, JobListKind, JobStatus, JobSummary } from '../../core/domain/jobs';
import type { DataResult } from '../../core/domain/result';
import { type QueryContext, QueryLog, type StreamEnd } from '../backup-data-run';
import { datasourceParams, type ResolvedFilters, resolveFilters } from '../filters';
import { bindKql, concatTemplates, type KqlParams, loadKqlTemplate } from '../kql-binder';
import { toJob, toJobSummary } from './job-rows';

export const JOB_LIST_STATUSES: Readonly<Record<JobListKind, readonly JobStatus[] | undefined>> = {
  failed: ['Failed'],
  // Cancelling jobs still run until Azure stops them.
  running: ['InProgress', 'Cancelling'],
  all: undefined,
};

export const DEFAULT_JOB_LIMIT = 200;

export interface JobList {
  jobs: Job[];
  /** More jobs match than `limit`; the view says so (this is not a partial answer). */
  hasMore: boolean;
}

export function jobParams(f: ResolvedFilters, statuses?: readonly JobStatus[]): KqlParams {
  return {
    ...datasourceParams(f),
    since: f.since,
    statuses,
    vault: f.vault,
    workload: f.workload,
  };
}

/** jobs-filtered.kql, then the datasource tag filter, then `tail` (job-list.kql or job-counts.kql). */
const jobsTemplate = (tail: string) =>
  concatTemplates(
    loadKqlTemplate(__dirname, 'jobs-filtered.kql'),
    loadKqlTemplate(__dirname, '../datasource-tags.kql'),
    loadKqlTemplate(__dirname, tail),
  );

export function bindJobListKql(f: ResolvedFilters, kind: JobListKind): string {
  return bindKql(jobsTemplate('job-list.kql'), jobParams(f, JOB_LIST_STATUSES[kind]));
}

export function bindJobCountsKql(f: ResolvedFilters): string {
  return bindKql(jobsTemplate('job-counts.kql'), jobParams(f));
}

export async function queryJobs(
  ctx: QueryContext,
  kind: JobListKind,
  filters: BackupFilters,
  options: { limit?: number } = {},
): Promise<DataResult<JobList>> {
  const log = new QueryLog(ctx);
  const f = await resolveFilters(log, filters);
  const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_JOB_LIMIT, 5000));
  // One row more than asked tells us whether there are more, without a count query.
  const rows = await log.run(bindJobListKql(f, kind), { maxRows: limit + 1 });
  log.dropRowLimitNotes();
  // Subscription batches arrive one after another: restore newest-first across them (ties by id, as the query does).
  const jobs = rows
    .map(toJob)
    .filter((j): j is Job => j !== undefined)
    .sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return log.result({ jobs: jobs.slice(0, limit), hasMore: jobs.length > limit });
}

/** Jobs of one Resource Graph page, newest first within its subscription batch (`batch`, from 0). */
export interface JobPage {
  kind: 'jobs';
  jobs: Job[];
  batch: number;
}

export type JobStreamItem = JobPage | StreamEnd;

/**
 * Every matching job, page by page as Resource Graph answers, then one `end` item (partial notes, KQL, cost); nothing
 * is held between pages, so an export of a million jobs stays within a few pages of memory. Newest first within each
 * subscription batch; batches interleave (a global order would need every job in memory).
 */
export async function* streamJobs(
  ctx: QueryContext,
  kind: JobListKind,
  filters: BackupFilters,
): AsyncGenerator<JobStreamItem, void, undefined> {
  const log = new QueryLog(ctx);
  const f = await resolveFilters(log, filters);
  for await (const page of log.stream(bindJobListKql(f, kind))) {
    const jobs: Job[] = [];
    for (const row of page.rows) {
      const job = toJob(row);
      if (job) jobs.push(job);
    }
    if (jobs.length > 0) yield { kind: 'jobs', jobs, batch: page.batch };
  }
  yield log.end();
}

export async function runJobSummary(log: QueryLog, f: ResolvedFilters): Promise<JobSummary> {
  return toJobSummary(await log.run(bindJobCountsKql(f)), f.since);
}

export async function queryJobSummary(ctx: QueryContext, filters: BackupFilters): Promise<DataResult<JobSummary>> {
  const log = new QueryLog(ctx);
  const f = await resolveFilters(log, filters);
  return log.result(await runJobSummary(log, f));
}
