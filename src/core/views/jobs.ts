// View "jobs": failed | running | all jobs, newest first, paged; failed jobs grouped by error code with what to do.
// Totals come from the job counts (exact); vault and per-code counts from the newest JOB_FETCH_LIMIT jobs.

import type { JobsCommand } from '../commands/types';
import type { Job, JobListKind, JobSummary } from '../domain/jobs';
import type { DataResult } from '../domain/result';
import type { JobPage } from '../ports';
import type { JobEntry, JobsViewModel } from '../view-models/jobs';
import type { ViewContext } from './context';
import { errorGroupKey, explainJob, type RowContext, toAdvice, toJobRow } from './job-rows';
import { retryParts } from './retry-offers';
import { commandButton, pageOf, pagingButtons } from './shared/buttons';
import { buildResultFrame } from './shared/frame';
import { ICONS } from './shared/status';
import { describeWindow } from './shared/time';
import { countOf, describeTotals, formatCount } from './shared/words';

/** Jobs read per request: grouping and the vault count need more than one page; ARG returns 1,000 rows a page. */
export const JOB_FETCH_LIMIT = 1_000;

const NOUNS: Record<JobListKind, readonly [string, string]> = {
  failed: ['failed job', 'failed jobs'],
  running: ['running job', 'running jobs'],
  all: ['job', 'jobs'],
};

const TITLES: Record<JobListKind, string> = { failed: 'Failed jobs', running: 'Running jobs', all: 'Jobs' };

function totalOf(kind: JobListKind, s: JobSummary): number {
  if (kind === 'failed') return s.byStatus.Failed;
  if (kind === 'running') return s.byStatus.InProgress + s.byStatus.Cancelling;
  return s.total;
}

interface CodeGroup {
  key: string;
  jobs: Job[];
}

/** Failed jobs by error code: biggest group first (ties: newest job first), newest first within a group. */
export function groupByErrorCode(jobs: readonly Job[]): CodeGroup[] {
  const groups = new Map<string, CodeGroup>();
  for (const job of jobs) {
    const key = errorGroupKey(job);
    const group = groups.get(key) ?? { key, jobs: [] };
    group.jobs.push(job);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.jobs.length - a.jobs.length);
}

/** The page's entries: jobs `from`…`from + size` of the list, under their error-code headings in the failed view. */
export function pageEntries(
  kind: JobListKind,
  jobs: readonly Job[],
  from: number,
  size: number,
  rows: RowContext,
): JobEntry[] {
  const jobEntry = (j: Job, withAdvice: boolean): JobEntry => ({ group: [], job: [toJobRow(j, rows, withAdvice)] });
  if (kind !== 'failed') return jobs.slice(from, from + size).map((j) => jobEntry(j, true));
  const out: JobEntry[] = [];
  let index = 0;
  for (const group of groupByErrorCode(jobs)) {
    const start = Math.max(from, index);
    const end = Math.min(from + size, index + group.jobs.length);
    if (start < end) {
      const explanation = explainJob(group.jobs[0] as Job);
      const advice = explanation === undefined ? undefined : toAdvice(explanation);
      const continued = start > index;
      const count = countOf(group.jobs.length, 'job');
      out.push({
        group: [
          {
            heading: `${ICONS.failed} ${advice?.heading ?? 'Failed'} — ${count}${continued ? ' (continued)' : ''}`,
            advice: advice === undefined || continued ? [] : [advice],
          },
        ],
        job: [],
      });
      for (const j of group.jobs.slice(start - index, end - index)) out.push(jobEntry(j, false));
    }
    index += group.jobs.length;
  }
  return out;
}

/** The jobs `pageEntries` shows on that page, in the same order (failed: by error-code group). */
export function jobsOnPage(kind: JobListKind, jobs: readonly Job[], from: number, size: number): Job[] {
  const ordered = kind === 'failed' ? groupByErrorCode(jobs).flatMap((g) => g.jobs) : jobs;
  return ordered.slice(from, from + size);
}

/**
 * Rows per page at most. Slack's ~10,000 characters per message binds first: in the worst case (every job its own
 * error-code group, longest names, 90-character resource groups) a job and its group heading take ~2,150 characters,
 * three portal URLs of ~330 characters each included. The huge-estate tests prove 4; 5 overflows.
 */
export const JOBS_MAX_PAGE_SIZE = 4;

/** How many jobs to ask for, to show `command`'s page with its groups and counts. */
export function jobsFetchLimit(command: JobsCommand, pageSize: number): number {
  return Math.max(JOB_FETCH_LIMIT, pageOf(command) * Math.min(pageSize, JOBS_MAX_PAGE_SIZE));
}

/** One page of the "jobs" view from the job list (newest first) and the job counts of the same filters. */
export async function buildJobsView(
  list: DataResult<JobPage>,
  counts: DataResult<JobSummary>,
  cmd: JobsCommand,
  ctx: ViewContext,
): Promise<JobsViewModel> {
  const size = Math.max(1, Math.min(ctx.pageSize, JOBS_MAX_PAGE_SIZE));
  const page = pageOf(cmd);
  const from = (page - 1) * size;
  const jobs = list.value.jobs;
  const total = Math.max(totalOf(cmd.status, counts.value), jobs.length);
  const shown = Math.max(0, Math.min(size, jobs.length - from));
  const vaults = new Set(jobs.map((j) => j.vault.id.toLowerCase())).size;
  const onPage = jobsOnPage(cmd.status, jobs, from, size);
  const { offers: retry, retryAll } = await retryParts(jobs, onPage, ctx, cmd.status === 'failed');
  const rows: RowContext = {
    time: ctx.time,
    now: ctx.now,
    portal: ctx.portal,
    names: await ctx.subscriptionNames(),
    ...(retry.size > 0 ? { retry } : {}),
  };
  const window = describeWindow(cmd.filters.since ?? '24h');
  const opts = { stash: ctx.stash };
  const frame = await buildResultFrame(
    {
      title: TITLES[cmd.status],
      filters: cmd.filters,
      showWindow: true,
      portal: ctx.portal,
    },
    { partial: [...list.partial, ...counts.partial], kql: [...list.kql, ...counts.kql] },
    ctx,
  );
  const totals = describeTotals({
    from: from + 1,
    shown,
    total,
    noun: NOUNS[cmd.status],
    ...(vaults > 0 && !list.value.hasMore ? { across: ['vault', 'vaults', vaults] as const } : {}),
  });
  const entries = pageEntries(cmd.status, jobs, from, size, rows);
  const others = (['failed', 'running', 'all'] as const).filter((k) => k !== cmd.status);
  // Teams shows at most 5 card actions: paging (≤ 2) + Show query; the body's set: Retry all + the other two lists.
  const buttons = others.map((k) => commandButton(TITLES[k], { ...cmd, status: k, page: undefined }, opts));
  return {
    ...frame,
    totals:
      list.value.hasMore && cmd.status === 'failed'
        ? `${totals} (groups count the newest ${formatCount(jobs.length)})`
        : totals,
    empty: total === 0 ? [emptyLine(cmd.status, window)] : shown === 0 ? [`Page ${page} is past the end.`] : [],
    entries,
    retry: entries.flatMap((e) => e.job.flatMap((j) => j.retry)),
    paging: await pagingButtons(cmd, { page, hasNext: from + shown < jobs.length }, opts),
    buttons: [...retryAll, ...(await Promise.all(buttons))],
  };
}

function emptyLine(kind: JobListKind, window: string): string {
  if (kind === 'failed') return `${ICONS.ok} No failed jobs in the ${window}.`;
  if (kind === 'running') return `No jobs running right now (${window}).`;
  return `No backup or restore jobs in the ${window}.`;
}
