// Pages one unit of work (one identity, one batch of subscriptions or management groups) to the end with $skipToken,
// stopping early only for a row limit, and saying exactly why when it stops short. Pull-based: the next page is asked
// for only when the consumer wants it, so a slow consumer holds one page, not the whole answer.
import type { ArgDeadline, ArgRow } from '../arg-types';
import type { ArgFailure } from './retry';
import type { ArgChannel, PageRequest, StatsCollector } from './transport';

/** ARG's page maximum ($top 1..1000). */
export const MAX_PAGE_SIZE = 1000;
/** Below this a payload that is still too large is given up rather than halved again. */
const MIN_PAGE_SIZE = 25;

export interface UnitOutcome {
  /** Rows this unit received (before de-duplication across identities and the query's row limit). */
  rowsRead: number;
  pages: number;
  /** Why the unit stopped before its end (rows read until then were handed on). */
  failure?: ArgFailure;
  /** ARG said more rows exist but gave no way to reach them (resultTruncated "true" without $skipToken). */
  truncated: boolean;
  /** Stopped because the query's maxRows was reached while more rows remained. */
  rowLimited: boolean;
  /** The size of the whole result as ARG reported it (first page), when known. */
  totalRecords: number | undefined;
  subscriptionLimitHit: boolean;
}

/** A unit's outcome with every row it read, for callers that keep the whole answer. */
export interface CollectedOutcome extends UnitOutcome {
  rows: ArgRow[];
}

export interface PagingOptions {
  pageSize: number;
  /** How many more rows the query still wants (Infinity without maxRows); read before every page. */
  rowsWanted: () => number;
  /** Called as rows arrive, so that concurrent units share one row budget. */
  onRows: (count: number) => void;
  stats: StatsCollector;
  signal?: AbortSignal;
  /** Past it the unit stops with a 'deadline' failure, keeping the rows read so far. */
  deadline?: ArgDeadline;
}

/** Yields each page's rows as it arrives and returns how the unit ended. Throws only when `signal` aborts. */
export async function* pageUnit(
  channel: ArgChannel,
  base: Omit<PageRequest, 'top' | 'skipToken'>,
  options: PagingOptions,
): AsyncGenerator<ArgRow[], UnitOutcome, undefined> {
  const outcome: UnitOutcome = {
    rowsRead: 0,
    pages: 0,
    truncated: false,
    rowLimited: false,
    totalRecords: undefined,
    subscriptionLimitHit: false,
  };
  let skipToken: string | undefined;
  let top = Math.min(MAX_PAGE_SIZE, Math.max(1, options.pageSize));
  for (;;) {
    const wanted = options.rowsWanted();
    if (wanted <= 0) {
      // Either more pages remain, or this unit never started: both mean rows were left out.
      outcome.rowLimited = skipToken !== undefined || outcome.pages === 0;
      return outcome;
    }
    const request: PageRequest = { ...base, top: Math.max(1, Math.min(top, wanted)) };
    if (skipToken) request.skipToken = skipToken;
    const result = await channel.fetchPage(request, options.stats, options.signal, options.deadline);
    if (result.failure) {
      if (result.failure.kind === 'payload-too-large' && top > MIN_PAGE_SIZE) {
        // 16 MiB answer cap: the same page in smaller pieces ($top overrides the page size with a $skipToken).
        top = Math.max(MIN_PAGE_SIZE, Math.floor(top / 2));
        continue;
      }
      outcome.failure = result.failure;
      return outcome;
    }
    const { page } = result;
    outcome.pages += 1;
    outcome.totalRecords ??= page.totalRecords;
    outcome.subscriptionLimitHit ||= page.subscriptionLimitHit;
    outcome.rowsRead += page.rows.length;
    options.stats.rows += page.rows.length;
    options.onRows(page.rows.length);
    const more = Boolean(page.skipToken) && page.rows.length > 0;
    if (!more) {
      const short =
        page.resultTruncated || (outcome.totalRecords !== undefined && outcome.rowsRead < outcome.totalRecords);
      // Our own smaller $top (row limit) explains the cut; otherwise ARG cut the answer. Decided before handing the
      // page on, while the shared row budget is still what this page was asked with.
      if (short && options.rowsWanted() <= 0) outcome.rowLimited = true;
      else if (short) outcome.truncated = true;
    }
    if (page.rows.length > 0) yield page.rows;
    if (more) {
      skipToken = page.skipToken;
      continue;
    }
    return outcome;
  }
}

/** Reads a unit to the end keeping every row (small answers, e.g. the list of visible subscriptions). */
export async function readAllPages(
  channel: ArgChannel,
  base: Omit<PageRequest, 'top' | 'skipToken'>,
  options: PagingOptions,
): Promise<CollectedOutcome> {
  const rows: ArgRow[] = [];
  const pages = pageUnit(channel, base, options);
  for (;;) {
    const next = await pages.next();
    if (next.done) return { ...next.value, rows };
    for (const row of next.value) rows.push(row);
  }
}
