// The contract between the Resource Graph client (arg-client) and the query families (jobs, instances, unprotected, vaults).
// Query modules hand over KQL text that was built by the binder; the client owns scope, batching, paging, quota, retries and cache.

/** One row as Resource Graph returns it in objectArray format. */
export type ArgRow = Record<string, unknown>;

/** Which part of the estate a query covers. Empty = every subscription the identity can read (all configured tenants). */
export interface ArgScope {
  subscriptions?: string[];
  managementGroups?: string[];
  /** Restrict to these tenants (multi-tenant setups); default all configured tenants. */
  tenants?: string[];
}

export interface ArgQuery {
  /** KQL built by the binder; must project `id` so that paging never stops silently (ARG gives no $skipToken otherwise). */
  kql: string;
  scope?: ArgScope;
  /** Stop after this many rows (the view pages on top of it); the result then says it is truncated. */
  maxRows?: number;
  /** Cache key override; default is the KQL text + scope. */
  cacheKey?: string;
  /** Skip the short-lived cache (e.g. right after a retry was triggered). */
  fresh?: boolean;
  signal?: AbortSignal;
  /** When the asker stops waiting: the answer is then what came back, labelled partial (see ArgDeadline). */
  deadline?: ArgDeadline;
}

/**
 * A time to stop waiting (core's answer deadline; same shape as core's AnswerDeadline). When `signal` aborts, requests
 * in flight, retry waits and quota pauses end, the slots they hold are freed, and each unit of work is reported as
 * timed out with the rows it read; a wait longer than `remainingMs()` (a long Retry-After) is not started at all.
 */
export interface ArgDeadline {
  signal: AbortSignal;
  remainingMs(): number;
}

/** Why an answer is incomplete; a partial answer is always labelled, never silently short. */
export interface PartialReason {
  kind: 'throttled' | 'failed-batch' | 'truncated' | 'inaccessible-subscriptions' | 'row-limit' | 'timeout';
  /** What is missing: e.g. the subscriptions of the failed batch, in human terms. */
  detail: string;
  subscriptions?: string[];
}

export interface ArgStats {
  requests: number;
  rows: number;
  /** Wall time spent waiting on Resource Graph (sum over requests; useful to split bot time from ARG time). */
  argMs: number;
  /** Time spent holding back on purpose (quota pacing, retry backoff, waiting for a concurrency slot). */
  waitMs?: number;
}

export interface ArgResult<T = ArgRow> {
  rows: T[];
  /** Empty when the answer is complete. */
  partial: PartialReason[];
  stats: ArgStats;
  /** Tenant of each batch: rows get a `tenantId` column from ARG itself; this is for tenants whose rows could not be read. */
  fromCache: boolean;
}

/** A streamed query: no row limit needed, no cache (every stream asks Resource Graph). */
export type ArgStreamQuery = Omit<ArgQuery, 'cacheKey' | 'fresh'>;

/**
 * Rows of one Resource Graph page, handed on as it arrives. Pages of one subscription batch come in the query's order;
 * pages of different batches interleave, so an `order by` holds within a batch only.
 */
export interface ArgPage<T = ArgRow> {
  kind: 'page';
  rows: T[];
  /** Which unit of work (subscription batch or management-group batch, per identity) the rows came from, from 0. */
  batch: number;
}

/** The last item of every stream that was read to its end: what is missing, and what it cost. */
export interface ArgStreamEnd {
  kind: 'end';
  /** Empty when every row was handed on. */
  partial: PartialReason[];
  /** `rows` counts the rows handed on. */
  stats: ArgStats;
}

export type ArgStreamItem<T = ArgRow> = ArgPage<T> | ArgStreamEnd;

/** What query modules depend on; the real client implements both, in-process test runners only `query`. */
export interface ArgQueryRunner {
  query(q: ArgQuery): Promise<ArgResult>;
  /**
   * Pages as they arrive, then one `end` item (see ArgClient.stream). Optional so that runners over small in-memory
   * answers need not implement it; the facade then answers a stream with the whole `query` result as one page.
   */
  stream?(q: ArgStreamQuery): AsyncIterable<ArgStreamItem>;
}
