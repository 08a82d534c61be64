// The short-lived answer cache and single-flight: identical questions asked together cost one Resource Graph query,
// and asked again within the TTL cost none. Bounded in entries (oldest evicted first) and in age.
import type { ArgQuery, ArgResult } from '../arg-types';

export interface TtlCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: TtlCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.options.ttlMs <= 0 || this.options.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Runs `work` once per key at a time; callers arriving while it runs share its promise (`shared: true`). */
export class SingleFlight<V> {
  private readonly flights = new Map<string, Promise<V>>();

  /** `join: false` starts a new flight even if one runs (a caller who wants a fresh answer); later callers join it. */
  async run(
    key: string,
    work: () => Promise<V>,
    options: { join?: boolean } = {},
  ): Promise<{ value: V; shared: boolean }> {
    const existing = options.join === false ? undefined : this.flights.get(key);
    if (existing) return { value: await existing, shared: true };
    const flight = work().finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    this.flights.set(key, flight);
    return { value: await flight, shared: false };
  }

  get inFlight(): number {
    return this.flights.size;
  }
}

/** Partial answers caused by a passing condition are not cached: asking again soon may well succeed. */
const TRANSIENT = new Set(['throttled', 'failed-batch', 'timeout']);

export function isCacheable(result: ArgResult): boolean {
  return !result.partial.some((p) => TRANSIENT.has(p.kind));
}

/** A copy for a caller that caused no request: a cache hit or a single-flight joiner. */
export function shareOf(result: ArgResult): ArgResult {
  return {
    rows: [...result.rows],
    partial: [...result.partial],
    stats: { requests: 0, rows: result.rows.length, argMs: 0, waitMs: 0 },
    fromCache: true,
  };
}

export function cacheKeyOf(q: ArgQuery): string {
  const sorted = (list?: string[]): string[] => [...(list ?? [])].map((s) => s.toLowerCase()).sort();
  const { subscriptions, managementGroups, tenants } = q.scope ?? {};
  return JSON.stringify([q.kql, sorted(subscriptions), sorted(managementGroups), sorted(tenants), q.maxRows ?? null]);
}
