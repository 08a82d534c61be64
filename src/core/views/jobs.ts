// View "jobs": failed | running | all jobs, newest first, paged; failed jobs grouped by error code with what to do,
// page 1 opening with an overview of every error code (a button each into `jobs failed code:…`).
// Totals come from the job counts (exact); vault and per-code counts from the newest JOB_FETCH_LIMIT jobs.
import { ERROR_CODE_PATTERN } from '../commands/parse-values';
import type { JobsCommand } from '../commands/types';
import type { Job, JobListKind, JobSummary } from '../domain/jobs';
import type { DataResult } from '../domain/result';
import type { JobPage } from '../ports';
import type { CodeLine, JobEntry, JobRow, JobsViewModel } from '../view-models/jobs';
import type { ViewContext } from './context';
import {
  errorCodeOf,
  errorGroupKey,
  explainJob,
  hasErrorCode,
  jobLinks,
  type RowContext,
  TEXT_LIMITS,
  toAdvice,
  toJobRow,
} from './job-rows';
import { retryParts } from './retry-offers';
import { commandButton, pageOf, pagingButtons } from './shared/buttons';
import { buildResultFrame } from './shared/frame';
import { cardFamily, OVERVIEW_PAGE_SIZES, pageSizeOf } from './shared/page-size';
import { ICONS } from './shared/status';
import { describeWindow } from './shared/time';
import { clipText, countOf, describeTotals, formatCount } from './shared/words';

/** Jobs read per request: grouping and the vault count need more than one page; ARG returns 1,000 rows a page. */
export const JOB_FETCH_LIMIT = 1_000;

/**
 * Error codes the overview lists one by one; the rest (the smallest groups) share one line. Slack's 50 blocks take a
 * section per code, and a day rarely brings more than a dozen codes (the demo's Monday: 13).
 */
export const OVERVIEW_MAX_CODES = 15;

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
function groupByErrorCode(jobs: readonly Job[]): CodeGroup[] {
  const groups = new Map<string, CodeGroup>();
  for (const job of jobs) {
    const key = errorGroupKey(job);
    const group = groups.get(key) ?? { key, jobs: [] };
    group.jobs.push(job);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.jobs.length - a.jobs.length);
}

/** A job as a list row: two lines, the job's portal link only; a failed job outside a group names its error. */
function listRow(job: Job, rows: RowContext, grouped: boolean): JobRow {
  const row = toJobRow(job, rows, false);
  const explained = grouped ? undefined : explainJob(job);
  return {
    ...row,
    error: explained === undefined ? [] : [toAdvice(explained).heading],
    links: jobLinks(job, rows.portal).slice(0, 1),
  };
}

/**
 * The list in page order: failed jobs by error-code group (read once per answer, for the overview, the page and its
 * headings), other lists newest first.
 */
interface Ordered {
  jobs: readonly Job[];
  /** Failed lists only. */
  groups?: CodeGroup[];
}

function orderJobs(kind: JobListKind, jobs: readonly Job[]): Ordered {
  if (kind !== 'failed') return { jobs };
  const groups = groupByErrorCode(jobs);
  return { jobs: groups.flatMap((g) => g.jobs), groups };
}

/** The page's entries: jobs `from`…`from + size` of the list, under their error-code headings in the failed view. */
function pageEntries(list: Ordered, from: number, size: number, rows: RowContext): JobEntry[] {
  const jobEntry = (j: Job, grouped: boolean): JobEntry => ({ group: [], job: [listRow(j, rows, grouped)] });
  if (list.groups === undefined) return list.jobs.slice(from, from + size).map((j) => jobEntry(j, false));
  const out: JobEntry[] = [];
  let index = 0;
  for (const group of list.groups) {
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
      for (const j of group.jobs.slice(start - index, end - index)) out.push(jobEntry(j, true));
    }
    index += group.jobs.length;
  }
  return out;
}

/** Whether page 1 of this list opens with the error-code overview: failed jobs of two codes or more, no code: asked. */
function hasOverview(list: Ordered, cmd: JobsCommand): boolean {
  return cmd.code === undefined && (list.groups?.length ?? 0) >= 2;
}

/** Where `page` starts and how many rows it holds: page 1 holds fewer when it carries the overview. */
function pageBounds(page: number, ctx: ViewContext, overview: boolean): { from: number; size: number } {
  const size = pageSizeOf('jobs', ctx.caller.platform, ctx.pageSize);
  const first = overview ? Math.min(size, OVERVIEW_PAGE_SIZES[cardFamily(ctx.caller.platform)]) : size;
  return page === 1 ? { from: 0, size: first } : { from: first + (page - 2) * size, size };
}

/** How many jobs to ask for, to show `command`'s page with its groups and counts. */
export function jobsFetchLimit(command: JobsCommand, pageSize: number): number {
  return Math.max(JOB_FETCH_LIMIT, pageOf(command) * pageSize);
}

/** The overview of page 1: one line per error code, biggest first, each with a button into that code's jobs. */
async function overviewOf(
  list: Ordered,
  cmd: JobsCommand,
  ctx: ViewContext,
): Promise<Pick<JobsViewModel, 'overviewTitle' | 'overview' | 'overviewMore'>> {
  const groups = list.groups ?? [];
  if (pageOf(cmd) !== 1 || !hasOverview(list, cmd)) return { overviewTitle: [], overview: [], overviewMore: [] };
  const shown = groups.slice(0, OVERVIEW_MAX_CODES);
  const overview = await Promise.all(shown.map((g) => codeLine(g, cmd, ctx)));
  const rest = groups.slice(OVERVIEW_MAX_CODES);
  const restJobs = rest.reduce((n, g) => n + g.jobs.length, 0);
  return {
    overviewTitle: [`${countOf(groups.length, 'error code')}, biggest first`],
    overview,
    overviewMore:
      rest.length === 0
        ? []
        : [`… and ${countOf(rest.length, 'more code', 'more codes')} with ${countOf(restJobs, 'job')} on later pages`],
  };
}

async function codeLine(group: CodeGroup, cmd: JobsCommand, ctx: ViewContext): Promise<CodeLine> {
  const first = group.jobs[0] as Job;
  const explained = explainJob(first);
  const code = errorCodeOf(first) || 'none';
  const vaults = new Set(group.jobs.map((j) => j.vault.id.toLowerCase())).size;
  const typeable = ERROR_CODE_PATTERN.test(code);
  return {
    count: countOf(group.jobs.length, 'job'),
    heading: clipText(explained === undefined ? code : toAdvice(explained).heading, TEXT_LIMITS.heading),
    where: countOf(vaults, 'vault'),
    show: typeable ? [await commandButton('Show', { ...cmd, code, page: undefined }, { stash: ctx.stash })] : [],
  };
}

/** One page of the "jobs" view from the job list (newest first) and the job counts of the same filters. */
export async function buildJobsView(
  list: DataResult<JobPage>,
  counts: DataResult<JobSummary>,
  cmd: JobsCommand,
  ctx: ViewContext,
): Promise<JobsViewModel> {
  const page = pageOf(cmd);
  const code = cmd.code;
  const jobs = code === undefined ? list.value.jobs : list.value.jobs.filter((j) => hasErrorCode(j, code));
  const ordered = orderJobs(cmd.status, jobs);
  const { from, size } = pageBounds(page, ctx, hasOverview(ordered, cmd));
  // A code's total is what the fetched jobs hold; without a code the counts query is exact.
  const total = code === undefined ? Math.max(totalOf(cmd.status, counts.value), jobs.length) : jobs.length;
  const shown = Math.max(0, Math.min(size, jobs.length - from));
  const vaults = new Set(jobs.map((j) => j.vault.id.toLowerCase())).size;
  const onPage = ordered.jobs.slice(from, from + size);
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
      title: code === undefined ? TITLES[cmd.status] : `${TITLES[cmd.status]}: ${clipText(code, 60)}`,
      filters: cmd.filters,
      showWindow: true,
      portal: ctx.portal,
      // The list that must hold the most rows: its two queries (often 5-7 KB) are one click away, not in the card.
      queryInNewMessage: true,
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
  const newest = list.value.hasMore && cmd.status === 'failed';
  const entries = pageEntries(ordered, from, size, rows);
  const others = (['failed', 'running', 'all'] as const).filter((k) => k !== cmd.status);
  // Teams shows at most 5 card actions: paging (≤ 2) + Show query; the body's set: Retry all + the other lists.
  const buttons = [
    ...(code === undefined
      ? []
      : [commandButton('All failed jobs', { ...cmd, code: undefined, page: undefined }, opts)]),
    ...others.map((k) => commandButton(TITLES[k], { ...cmd, status: k, code: undefined, page: undefined }, opts)),
  ];
  return {
    ...frame,
    totals: newest
      ? `${totals} (${code === undefined ? 'groups count' : 'counted among'} the newest ${formatCount(list.value.jobs.length)})`
      : totals,
    empty: total === 0 ? [emptyLine(cmd.status, window, code)] : shown === 0 ? [`Page ${page} is past the end.`] : [],
    ...(await overviewOf(ordered, cmd, ctx)),
    entries,
    paging: await pagingButtons(cmd, { page, hasNext: from + shown < jobs.length }, opts),
    buttons: [...retryAll, ...(await Promise.all(buttons))],
  };
}

function emptyLine(kind: JobListKind, window: string, code: string | undefined): string {
  if (code !== undefined) return `${ICONS.ok} No failed jobs with error code ${clipText(code, 60)} in the ${window}.`;
  if (kind === 'failed') return `${ICONS.ok} No failed jobs in the ${window}.`;
  if (kind === 'running') return `No jobs running right now (${window}).`;
  return `No backup or restore jobs in the ${window}.`;
}
