// One page request to Resource Graph for one identity: waits for quota and a concurrency slot, sends through the v5
// SDK with a per-request timeout, reads the quota headers, retries transient failures, and classifies the rest.
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { isRestError } from '@azure/core-rest-pipeline';
import type { GraphRequestOutcome, GraphWaitReason, Metrics } from '../../core/metrics';
import type { ArgDeadline, ArgRow } from '../arg-types';
import type { Limiter } from './limiter';
import { type QuotaGate, readQuotaHeaders } from './quota';
import {
  type ArgFailure,
  computeBackoffMs,
  nextRetryDelayMs,
  type RetrySettings,
  sleep,
  throttleWaitMs,
} from './retry';

/** The logging the client needs; pino's Logger fits. Never given tokens or secrets. */
export interface ArgLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Counters for one query (see ArgStats); `waitMs` is time spent holding back (quota, backoff, concurrency). */
export interface StatsCollector {
  requests: number;
  rows: number;
  argMs: number;
  waitMs: number;
}

export interface PageRequest {
  query: string;
  subscriptions?: string[];
  managementGroups?: string[];
  top: number;
  skipToken?: string;
  allowPartialScopes?: boolean;
}

export interface Page {
  rows: ArgRow[];
  totalRecords: number | undefined;
  /** ARG sends the string "true"/"false"; true when this answer holds fewer rows than the whole result. */
  resultTruncated: boolean;
  skipToken?: string;
  /** x-ms-tenant-subscription-limit-hit: the scope had more than 10,000 subscriptions and only 10,000 were searched. */
  subscriptionLimitHit: boolean;
}

export type PageOutcome = { page: Page; failure?: undefined } | { failure: ArgFailure; page?: undefined };

export interface ChannelSettings {
  limiter: Limiter;
  retry: RetrySettings;
  requestTimeoutMs: number;
  logger: ArgLogger;
  /** Every request by outcome and time, and every wait by reason. */
  metrics: Pick<Metrics, 'graphRequest' | 'graphWaited'>;
}

type HeaderGetter = (name: string) => string | null | undefined;

/** Requests of one identity (one quota). */
export class ArgChannel {
  constructor(
    readonly label: string,
    private readonly client: ResourceGraphClient,
    private readonly gate: QuotaGate,
    private readonly settings: ChannelSettings,
  ) {}

  /**
   * Throws only when `signal` (the caller) aborts; every Azure-side problem comes back as a failure, and so does the
   * `deadline` (kind 'deadline', or the last failure when a retry would have waited past it).
   */
  async fetchPage(
    request: PageRequest,
    stats: StatsCollector,
    signal?: AbortSignal,
    deadline?: ArgDeadline,
  ): Promise<PageOutcome> {
    const started = Date.now();
    for (let attempts = 1; ; attempts++) {
      const outcome = await this.attempt(request, attempts, stats, signal, deadline);
      if (outcome.page) return outcome;
      const delay = nextRetryDelayMs(outcome.failure, Date.now() - started, this.settings.retry);
      const asked = outcome.failure.retryAfterMs;
      if (delay === undefined) {
        const past = deadline !== undefined && asked !== undefined && asked >= deadline.remainingMs();
        return past ? { failure: { ...outcome.failure, pastDeadline: true } } : outcome;
      }
      const { kind, status, code } = outcome.failure;
      // A Retry-After longer than the asker will wait: give up now with what Azure said, not at the deadline.
      if (deadline && delay >= deadline.remainingMs()) {
        this.settings.logger.debug({ identity: this.label, kind, status, delay }, 'arg: no retry before the deadline');
        return { failure: { ...outcome.failure, pastDeadline: true } };
      }
      this.settings.logger.debug({ identity: this.label, kind, status, code, attempts, delay }, 'arg: retrying');
      const waitedFrom = Date.now();
      const stopped = await sleepUnless(delay, signal, deadline).finally(() => this.waited('retry', waitedFrom, stats));
      // The deadline came while waiting to retry: the next try would have been past it.
      if (stopped) return { failure: { ...outcome.failure, pastDeadline: true } };
    }
  }

  private async attempt(
    request: PageRequest,
    attempts: number,
    stats: StatsCollector,
    signal?: AbortSignal,
    deadline?: ArgDeadline,
  ): Promise<PageOutcome> {
    const release = await this.waitTurn(stats, signal, deadline);
    if (release === undefined) {
      // Held back by the identity's quota pause (an earlier 429's Retry-After) past the deadline: say how long.
      const paused = this.gate.delayMs();
      return { failure: deadlineFailure(attempts - 1, paused > 0 ? paused : undefined) };
    }
    const timeout = AbortSignal.timeout(this.settings.requestTimeoutMs);
    const abortSignal = AbortSignal.any([...(signal ? [signal] : []), ...(deadline ? [deadline.signal] : []), timeout]);
    let headers: HeaderGetter | undefined;
    const sentAt = Date.now();
    // Until the answer says otherwise: the caller's signal is the one way out of the call without an outcome.
    let outcome: GraphRequestOutcome = 'aborted';
    stats.requests += 1;
    try {
      const { query, subscriptions, managementGroups, top, skipToken, allowPartialScopes } = request;
      const response = await this.client.resources(
        {
          query,
          ...(subscriptions ? { subscriptions } : {}),
          ...(managementGroups ? { managementGroups } : {}),
          options: {
            top,
            resultFormat: 'objectArray',
            ...(skipToken ? { skipToken } : {}),
            ...(allowPartialScopes ? { allowPartialScopes } : {}),
          },
        },
        { abortSignal, onResponse: (raw) => (headers = (name) => raw.headers.get(name)) },
      );
      this.gate.observe(headers ? readQuotaHeaders(headers) : undefined);
      outcome = 'ok';
      return {
        page: {
          rows: toObjectRows(response.data),
          totalRecords: typeof response.totalRecords === 'number' ? response.totalRecords : undefined,
          resultTruncated: String(response.resultTruncated).toLowerCase() === 'true',
          ...(response.skipToken ? { skipToken: response.skipToken } : {}),
          subscriptionLimitHit: headers?.('x-ms-tenant-subscription-limit-hit')?.toLowerCase() === 'true',
        },
      };
    } catch (err) {
      if (signal?.aborted) {
        this.gate.observe(undefined);
        throw signal.reason ?? err;
      }
      if (deadline?.signal.aborted && !timeout.aborted) {
        this.gate.observe(undefined);
        outcome = 'deadline';
        return { failure: deadlineFailure(attempts) };
      }
      const responseHeaders = headers ?? restErrorHeaders(err);
      this.gate.observe(responseHeaders ? readQuotaHeaders(responseHeaders) : undefined);
      const failure = classifyFailure(err, timeout.aborted, responseHeaders, attempts);
      outcome = failure.kind;
      if (failure.kind === 'throttled') {
        // Everyone sharing this identity holds back, not only this request.
        this.gate.block(failure.retryAfterMs ?? computeBackoffMs(attempts, this.settings.retry));
      }
      return { failure };
    } finally {
      stats.argMs += Date.now() - sentAt;
      this.settings.metrics.graphRequest(outcome, (Date.now() - sentAt) / 1000);
      release();
    }
  }

  private waited(reason: GraphWaitReason, from: number, stats: StatsCollector): void {
    const ms = Date.now() - from;
    stats.waitMs += ms;
    this.settings.metrics.graphWaited(reason, ms / 1000);
  }

  /**
   * Quota first (without holding a slot), then a concurrency slot, then quota again (it may have moved). Undefined
   * when the deadline comes first (or the quota pause would outlast it): no slot is held then.
   */
  private async waitTurn(
    stats: StatsCollector,
    signal?: AbortSignal,
    deadline?: ArgDeadline,
  ): Promise<(() => void) | undefined> {
    for (;;) {
      if (deadline?.signal.aborted) return undefined;
      const waitedFrom = Date.now();
      const delay = this.gate.delayMs();
      if (delay > 0) {
        if (deadline && delay >= deadline.remainingMs()) return undefined;
        this.settings.logger.debug(
          { identity: this.label, delay, quota: this.gate.snapshot() },
          'arg: pacing for quota',
        );
        const stopped = await sleepUnless(delay, signal, deadline).finally(() =>
          this.waited('quota', waitedFrom, stats),
        );
        if (stopped) return undefined;
        continue;
      }
      const waitFor = deadline ? AbortSignal.any([...(signal ? [signal] : []), deadline.signal]) : signal;
      let release: () => void;
      try {
        release = await this.settings.limiter.acquire(waitFor);
      } catch (err) {
        if (signal?.aborted || !deadline?.signal.aborted) throw err;
        this.waited('concurrency', waitedFrom, stats);
        return undefined;
      }
      this.waited('concurrency', waitedFrom, stats);
      if (this.gate.delayMs() > 0) {
        release();
        continue;
      }
      this.gate.take();
      return release;
    }
  }
}

/** Sleeps `ms`; true when the deadline ended the wait first. Throws when the caller's `signal` aborts. */
async function sleepUnless(ms: number, signal: AbortSignal | undefined, deadline: ArgDeadline | undefined) {
  if (!deadline) {
    await sleep(ms, signal);
    return false;
  }
  try {
    await sleep(ms, AbortSignal.any([...(signal ? [signal] : []), deadline.signal]));
    return false;
  } catch (err) {
    if (signal?.aborted || !deadline.signal.aborted) throw err;
    return true;
  }
}

function deadlineFailure(attempts: number, retryAfterMs?: number): ArgFailure {
  const failure: ArgFailure = {
    kind: 'deadline',
    message: 'the answer was due before Resource Graph answered',
    attempts,
  };
  return retryAfterMs === undefined ? failure : { ...failure, retryAfterMs };
}

function restErrorHeaders(err: unknown): HeaderGetter | undefined {
  if (!isRestError(err) || !err.response) return undefined;
  const { headers } = err.response;
  return (name) => headers.get(name);
}

const IDENTITY_ERRORS = new Set(['AuthenticationError', 'CredentialUnavailableError', 'AggregateAuthenticationError']);

export function classifyFailure(
  err: unknown,
  timedOut: boolean,
  headers: HeaderGetter | undefined,
  attempts: number,
): ArgFailure {
  const message = err instanceof Error ? err.message : String(err);
  if (timedOut) return { kind: 'timeout', message: 'no answer within the request timeout', attempts };
  if (err instanceof Error && IDENTITY_ERRORS.has(err.name)) {
    return { kind: 'not-authorized', status: 401, code: err.name, message, attempts };
  }
  if (!isRestError(err)) throw err;
  const status = err.statusCode;
  const base = { message, attempts, ...(status ? { status } : {}), ...(err.code ? { code: err.code } : {}) };
  const details = (err as { details?: unknown }).details;
  const withDetails = details === undefined ? base : { ...base, details };
  if (status === undefined) return { kind: 'network', ...base };
  const retryAfterMs = throttleWaitMs(headers);
  const waits = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) return { kind: 'throttled', ...base, ...waits };
  if (status === 401 || status === 403) return { kind: 'not-authorized', ...withDetails };
  if (status === 408 || status === 500 || status === 502 || status === 503 || status === 504) {
    return { kind: 'server', ...base, ...waits };
  }
  if (JSON.stringify(details ?? '').includes('ResponsePayloadTooLarge') || err.code === 'ResponsePayloadTooLarge') {
    return { kind: 'payload-too-large', ...withDetails };
  }
  if (status >= 500) return { kind: 'server', ...base };
  return { kind: 'bad-request', ...withDetails };
}

/** objectArray rows as they are; a `table`-format answer (columns + rows) is turned into objects. */
function toObjectRows(data: unknown): ArgRow[] {
  if (Array.isArray(data)) return data as ArgRow[];
  const table = data as { columns?: Array<{ name: string }>; rows?: unknown[][] } | undefined;
  if (table?.columns && Array.isArray(table.rows)) {
    const names = table.columns.map((c) => c.name);
    return table.rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])));
  }
  return [];
}
