// The Resource Graph client: the one ArgQueryRunner. Owns scope → batches, paging (collected by `query`, streamed by
// `stream`), quota pacing, retries, the concurrency limit, a short-lived cache with single-flight, and partial labels.
import { ResourceGraphClient, type ResourceGraphClientOptionalParams } from '@azure/arm-resourcegraph';
import { DeadlineExceededError } from '../core/deadline';
import { type Metrics, NO_METRICS } from '../core/metrics';
import { assembleResult, lacksTenant, type ShortfallInput, throwIfNothingInTime } from './arg/assemble';
import { cacheKeyOf, isCacheable, SingleFlight, shareOf, TtlCache } from './arg/cache';
import type { ArgIdentity } from './arg/credentials';
import { assertPageableKql } from './arg/kql-check';
import { Limiter } from './arg/limiter';
import { mergeUnits, type UnitPage } from './arg/merge';
import { MAX_PAGE_SIZE, pageUnit, type UnitOutcome } from './arg/paging';
import { QuotaGate } from './arg/quota';
import { abortable, DEFAULT_RETRY, type RetrySettings, unlessAborted } from './arg/retry';
import { MAX_BATCH_SIZE, planScope, type ScopePlan, type VisibleMap, type VisibleSubscription } from './arg/scope';
import { StreamAssembler } from './arg/stream-assemble';
import { ArgChannel, type ArgLogger, type StatsCollector } from './arg/transport';
import { listVisibleSubscriptions } from './arg/visible';
import type {
  ArgDeadline,
  ArgQuery,
  ArgQueryRunner,
  ArgResult,
  ArgRow,
  ArgStats,
  ArgStreamItem,
  ArgStreamQuery,
  PartialReason,
} from './arg-types';

export type { ArgIdentity } from './arg/credentials';
export { createArgIdentities } from './arg/credentials';
export { ArgQueryError } from './arg/errors';
export type { VisibleSubscription } from './arg/scope';
export type { ArgLogger } from './arg/transport';

export interface ArgClientOptions {
  /** Who asks: one entry per tenant credential, or a single (default / Lighthouse) credential. */
  identities: ArgIdentity[];
  /** SDK options, e.g. `createArmConnection(...).clientOptions` (endpoint, httpClient, token scope). */
  clientOptions?: ResourceGraphClientOptionalParams;
  /** Subscriptions per request (1..1000, default 250: ARG's throttling guidance recommends groups under 300). */
  batchSize?: number;
  /** Rows per page (1..1000, default 1000). */
  pageSize?: number;
  /** Requests in flight at once across every query of this client (default 4). */
  concurrency?: number;
  /** Per request (default 20 s). */
  requestTimeoutMs?: number;
  retry?: Partial<RetrySettings>;
  /** Start pacing requests when this few quota units remain (default 2). */
  quotaLowWater?: number;
  /** Answer cache lifetime (default 30 s; 0 turns caching off, single-flight stays). */
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  /** How long the list of subscriptions each identity can see is trusted (default 5 min). */
  subscriptionsTtlMs?: number;
  /**
   * Check requested subscriptions against what the identity can see, to report the ones it cannot (default true).
   * With several identities the list is always read, to route each subscription to its tenant's credential.
   */
  verifySubscriptions?: boolean;
  logger?: ArgLogger;
  /** Requests by outcome, waits by reason, partial answers by kind (default: not counted). */
  metrics?: Pick<Metrics, 'graphRequest' | 'graphWaited' | 'partialAnswer'>;
}

const SILENT: ArgLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** One query's units of work, paging (lazily) behind `pages`; `outcomes[unit]` is filled as each unit ends. */
interface Run {
  plan: ScopePlan;
  /** Visible subscriptions per identity, when looked up (planning, or tenants for rows that lack one). */
  visible: Array<VisibleMap | undefined>;
  outcomes: UnitOutcome[];
  pages: AsyncGenerator<UnitPage, void, undefined>;
}

export class ArgClient implements ArgQueryRunner {
  private readonly channels: ArgChannel[];
  private readonly identities: ArgIdentity[];
  private readonly answers: TtlCache<ArgResult>;
  private readonly flights = new SingleFlight<ArgResult>();
  private readonly visibleCache: TtlCache<VisibleMap>;
  private readonly visibleFlights = new SingleFlight<VisibleMap | undefined>();
  /** The deadline each deadline flight runs under (its first asker's): a joiner with more time left asks again. */
  private readonly flightDeadlines = new Map<string, ArgDeadline>();
  private readonly shutdown = new AbortController();
  private readonly logger: ArgLogger;
  private readonly metrics: Pick<Metrics, 'graphRequest' | 'graphWaited' | 'partialAnswer'>;
  private readonly pageSize: number;
  private readonly batchSize: number;
  private readonly requestTimeoutMs: number;
  private readonly verifySubscriptions: boolean;

  constructor(options: ArgClientOptions) {
    if (options.identities.length === 0) throw new Error('ArgClient needs at least one identity');
    this.identities = options.identities;
    this.logger = options.logger ?? SILENT;
    this.metrics = options.metrics ?? NO_METRICS;
    this.pageSize = clamp(options.pageSize ?? MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    this.batchSize = clamp(options.batchSize ?? 250, 1, MAX_BATCH_SIZE);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 20_000;
    this.verifySubscriptions = options.verifySubscriptions ?? true;
    this.answers = new TtlCache({ ttlMs: options.cacheTtlMs ?? 30_000, maxEntries: options.cacheMaxEntries ?? 200 });
    this.visibleCache = new TtlCache({ ttlMs: options.subscriptionsTtlMs ?? 300_000, maxEntries: 64 });
    const settings = {
      limiter: new Limiter(options.concurrency ?? 4),
      retry: { ...DEFAULT_RETRY, ...options.retry },
      requestTimeoutMs: this.requestTimeoutMs,
      logger: this.logger,
      metrics: this.metrics,
    };
    // Our own retry loop replaces the SDK's (maxRetries 0): it sees every answer's quota headers, counts every
    // request, bounds total time, and holds back every request of the identity on a 429, not only the one retrying.
    const sdkOptions: ResourceGraphClientOptionalParams = { ...options.clientOptions, retryOptions: { maxRetries: 0 } };
    this.channels = this.identities.map(
      (identity) =>
        new ArgChannel(
          identity.label,
          new ResourceGraphClient(identity.credential, sdkOptions),
          new QuotaGate({ lowWater: options.quotaLowWater ?? 2 }),
          settings,
        ),
    );
  }

  async query(q: ArgQuery): Promise<ArgResult> {
    assertPageableKql(q.kql, this.pageSize);
    const key = q.cacheKey ?? cacheKeyOf(q);
    if (!q.fresh) {
      const hit = this.answers.get(key);
      if (hit) return shareOf(hit);
    }
    // An answer under a deadline may come back partial at that deadline: shared only with askers under one too.
    const flight = q.deadline ? `${key}\u0000deadline` : key;
    const work = async (): Promise<ArgResult> => {
      if (q.deadline) this.flightDeadlines.set(flight, q.deadline);
      try {
        const result = await this.execute(q);
        if (isCacheable(result)) this.answers.set(key, result);
        return result;
      } finally {
        if (this.flightDeadlines.get(flight) === q.deadline) this.flightDeadlines.delete(flight);
      }
    };
    const joined = this.flightDeadlines.get(flight);
    try {
      const { value, shared } = await abortable(this.flights.run(flight, work, { join: !q.fresh }), q.signal);
      if (!(shared && cutBefore(joined, q.deadline))) {
        return shared ? shareOf(value) : { ...value, rows: [...value.rows], partial: [...value.partial] };
      }
    } catch (err) {
      if (!(err instanceof DeadlineExceededError && cutBefore(joined, q.deadline))) throw err;
    }
    // The flight this asker joined stopped at its first asker's (earlier) deadline: ask again with the time left.
    return this.query({ ...q, fresh: true });
  }

  /** Every subscription the identities can see (deduplicated), e.g. to resolve `sub:<name>` filters. */
  async listSubscriptions(options: { signal?: AbortSignal } = {}): Promise<VisibleSubscription[]> {
    const stats = newStats();
    // The asker stops waiting when its signal aborts (the shared fetch goes on, bounded by its request timeouts).
    const maps = await abortable(Promise.all(this.identities.map((_, i) => this.visible(i, stats))), options.signal);
    const all = new Map<string, VisibleSubscription>();
    for (const map of maps) for (const [id, sub] of map ?? []) if (!all.has(id)) all.set(id, sub);
    return [...all.values()];
  }

  /** Stops in-flight work (shutdown) and forgets cached answers. */
  close(): void {
    this.shutdown.abort(new Error('ArgClient closed'));
    this.answers.clear();
    this.visibleCache.clear();
  }

  /**
   * Pages as they arrive, then one `end` item with the partial reasons and the cost; for answers too large to hold
   * (exports of every job). Same scope batching, quota pacing, retries, timeouts and concurrency limit as `query`, no
   * cache. Backpressure: a batch's next page is requested only when the consumer asks for the next item, so at most
   * one page per subscription batch is held. Pages of different batches interleave (see ArgPage). Throws like `query`
   * (a refused query, no access anywhere) and with `q.signal`'s reason on abort; leaving the loop early (break)
   * ends the requests in flight.
   */
  stream(q: ArgStreamQuery): AsyncIterable<ArgStreamItem> {
    assertPageableKql(q.kql, this.pageSize);
    return this.streamPages(q);
  }

  private async *streamPages(q: ArgStreamQuery): AsyncGenerator<ArgStreamItem, void, undefined> {
    const stats = newStats();
    const run = await this.start(q, stats, q.signal, q.deadline);
    const assembler = new StreamAssembler(this.shortfallInput(q.kql, run), q.maxRows);
    const looked = new Set<number>();
    for await (const page of run.pages) {
      // Rows that lost their tenantId to a projection get it from the subscription list (read once per identity).
      const identity = run.plan.units[page.unit]?.identity;
      if (identity !== undefined && !looked.has(identity) && this.isTenantless(identity, run)) {
        if (page.rows.some(lacksTenant)) {
          looked.add(identity);
          run.visible[identity] = await this.visibleWithin(identity, stats, q.deadline, q.signal);
        }
      }
      const rows = assembler.accept(page);
      if (rows.length > 0) yield { kind: 'page', rows, batch: page.unit };
    }
    const end = assembler.finish(run.outcomes, stats);
    this.logAnswer(q.kql, run.plan.units.length, end.stats, end.partial);
    yield end;
  }

  /** `query` collects the same pages as `stream`, then labels them in batch order (the cacheable answer). */
  private async execute(q: ArgQuery): Promise<ArgResult> {
    const stats = newStats();
    const run = await this.start(q, stats, undefined, q.deadline);
    const rows: ArgRow[][] = run.plan.units.map(() => []);
    for await (const page of run.pages) {
      const bucket = rows[page.unit];
      if (bucket) for (const row of page.rows) bucket.push(row);
    }
    const outcomes = run.plan.units.map((_, i) => ({ ...(run.outcomes[i] as UnitOutcome), rows: rows[i] ?? [] }));
    if (q.deadline) throwIfNothingInTime(outcomes);
    await Promise.all(
      run.plan.units.map(async (unit, i) => {
        const tenantless = this.isTenantless(unit.identity, run);
        if (tenantless && outcomes[i]?.rows.some(lacksTenant)) {
          run.visible[unit.identity] = await this.visibleWithin(unit.identity, stats, q.deadline);
        }
      }),
    );
    const result = assembleResult({ ...this.shortfallInput(q.kql, run), maxRows: q.maxRows, outcomes, stats });
    this.logAnswer(q.kql, run.plan.units.length, result.stats, result.partial);
    return result;
  }

  /** Plans the scope into units and starts paging them all (lazily: nothing is requested until pages are read). */
  private async start(
    q: ArgStreamQuery,
    stats: StatsCollector,
    callerSignal: AbortSignal | undefined,
    deadline: ArgDeadline | undefined,
  ): Promise<Run> {
    const stop = new AbortController();
    const signals = [this.shutdown.signal, stop.signal, ...(callerSignal ? [callerSignal] : [])];
    const signal = AbortSignal.any(signals);
    const plannerIdentities = this.identities.map((i) => ({ tenantId: i.tenantId, label: i.label }));
    const visible: Array<VisibleMap | undefined> = this.identities.map(() => undefined);
    const lookup = async (i: number): Promise<VisibleMap | undefined> => {
      if (!this.verifySubscriptions && this.identities.length === 1) return undefined;
      // Past the deadline the scope goes unverified (as when the list cannot be read); the units then stop at once.
      visible[i] = await this.visibleWithin(i, stats, deadline, callerSignal);
      return visible[i];
    };
    const plan = await planScope(q.scope, plannerIdentities, this.batchSize, lookup);
    const maxRows = q.maxRows ?? Number.POSITIVE_INFINITY;
    let collected = 0;
    const units = plan.units.map((unit) => {
      const channel = this.channels[unit.identity] as ArgChannel;
      const base = {
        query: q.kql,
        ...(unit.subscriptions ? { subscriptions: unit.subscriptions } : {}),
        ...(unit.managementGroups ? { managementGroups: unit.managementGroups } : {}),
        // Tenant/MG scopes over ARG's 10,000-subscription cap: answer for part, flagged by header (unverified live).
        ...(unit.subscriptions ? {} : { allowPartialScopes: true }),
      };
      return pageUnit(channel, base, {
        pageSize: this.pageSize,
        rowsWanted: () => maxRows - collected,
        onRows: (n) => {
          collected += n;
        },
        stats,
        signal,
        ...(deadline ? { deadline } : {}),
      });
    });
    const outcomes: UnitOutcome[] = [];
    return { plan, visible, outcomes, pages: mergeUnits(units, outcomes, () => stop.abort(), signal) };
  }

  private isTenantless(identity: number, run: Run): boolean {
    return this.identities[identity]?.tenantId === undefined && !run.visible[identity];
  }

  private shortfallInput(kql: string, run: Run): ShortfallInput {
    const { plan, visible } = run;
    return { kql, plan, identities: this.identities, visible, requestTimeoutMs: this.requestTimeoutMs };
  }

  private logAnswer(kql: string, units: number, stats: ArgStats, partial: PartialReason[]): void {
    for (const kind of new Set(partial.map((reason) => reason.kind))) this.metrics.partialAnswer(kind);
    const log = partial.length > 0 ? this.logger.warn : this.logger.debug;
    log.call(
      this.logger,
      { query: kql.slice(0, 120), units, ...stats, partial },
      partial.length > 0 ? 'arg: partial answer' : 'arg: answered',
    );
  }

  /**
   * The shared list, waited for only until the asker's deadline or signal (then undefined: the scope goes unverified,
   * as when the list cannot be read). The fetch itself goes on for whoever asks next, bounded by its request timeouts.
   */
  private visibleWithin(
    identity: number,
    stats: StatsCollector,
    deadline: ArgDeadline | undefined,
    signal?: AbortSignal,
  ): Promise<VisibleMap | undefined> {
    const stops = [deadline?.signal, signal].filter((s): s is AbortSignal => s !== undefined);
    const stop = stops.length > 1 ? AbortSignal.any(stops) : stops[0];
    return unlessAborted(this.visible(identity, stats), stop);
  }

  private async visible(identity: number, stats: StatsCollector): Promise<VisibleMap | undefined> {
    const key = String(identity);
    const cached = this.visibleCache.get(key);
    if (cached) return cached;
    const { value } = await this.visibleFlights.run(key, async () => {
      const channel = this.channels[identity] as ArgChannel;
      const map = await listVisibleSubscriptions(channel, stats, this.shutdown.signal);
      if (map) this.visibleCache.set(key, map);
      else
        this.logger.warn({ identity: channel.label }, 'arg: could not list visible subscriptions; scope not verified');
      return map;
    });
    return value;
  }
}

export function createArgClient(options: ArgClientOptions): ArgClient {
  return new ArgClient(options);
}

/** The joined flight's deadline came, and the joiner's own has not: its answer was cut for someone else's sake. */
function cutBefore(joined: ArgDeadline | undefined, own: ArgDeadline | undefined): boolean {
  return joined !== undefined && own !== undefined && joined.signal.aborted && !own.signal.aborted;
}

function newStats(): StatsCollector {
  return { requests: 0, rows: 0, argMs: 0, waitMs: 0 };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}
