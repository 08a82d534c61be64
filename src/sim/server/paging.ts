// ARG paging: the full result of a query is cached under an opaque $skipToken, so paging a million rows runs the query
// once. The cache holds the engine's rows, unformatted (each page formats only its own rows), and is bounded (entries,
// rows, TTL); a token whose entry expired makes the endpoint re-run the query.
import { randomUUID } from 'node:crypto';
import type { Row } from '../estate/types';
import type { EvaluatedQuery } from '../kql/api';

interface Entry {
  result: EvaluatedQuery;
  lastUsed: number;
}

export interface SkipToken {
  /** Cache entry id. */
  c: string;
  /** Row offset of the next page. */
  o: number;
}

export class ResultCache {
  private entries = new Map<string, Entry>();

  /**
   * Bounded by entries, by total rows held (a large estate's job list is ~1M rows) and by idle time. Idle time is real
   * time, not the estate clock: it bounds memory, and moving the estate clock a day must not drop a paging run.
   */
  constructor(
    private readonly maxEntries = 16,
    private readonly ttlMs = 10 * 60_000,
    private readonly maxRows = 3_000_000,
    private readonly clock: () => number = Date.now,
  ) {}

  put(result: EvaluatedQuery): string {
    this.evict();
    const id = randomUUID();
    this.entries.set(id, { result, lastUsed: this.clock() });
    let rows = 0;
    for (const entry of this.entries.values()) rows += entry.result.rowCount;
    while (this.entries.size > 1 && (this.entries.size > this.maxEntries || rows > this.maxRows)) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Entry];
      rows -= entry.result.rowCount;
      this.entries.delete(oldest);
    }
    return id;
  }

  get(id: string): EvaluatedQuery | undefined {
    this.evict();
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    // Re-insert to keep Map order = least recently used first.
    this.entries.delete(id);
    entry.lastUsed = this.clock();
    this.entries.set(id, entry);
    return entry.result;
  }

  clear(): void {
    this.entries.clear();
  }

  private evict(): void {
    const now = this.clock();
    for (const [id, entry] of this.entries) if (now - entry.lastUsed > this.ttlMs) this.entries.delete(id);
  }
}

export function encodeSkipToken(token: SkipToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

/** undefined for a token the stand-in did not issue. */
export function decodeSkipToken(text: string): SkipToken | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Partial<SkipToken>;
    if (typeof value.c === 'string' && typeof value.o === 'number' && value.o >= 0) return { c: value.c, o: value.o };
  } catch {
    // fall through
  }
  return undefined;
}

export interface PagePlan {
  start: number;
  /** Rows in this page, formatted. */
  rows: Row[];
  /** Offset of the next page when a $skipToken may be issued. */
  next?: number;
  /** More rows exist but paging cannot reach them (take/limit, all-dynamic columns, or a truncation fault). */
  truncated: boolean;
}

/**
 * ARG's rule (paging-results doc): no $skipToken when the query uses limit/take/sample or every column is dynamic/null;
 * then resultTruncated is "true" if rows were cut. With a $skipToken, resultTruncated is "false".
 */
export function planPage(result: EvaluatedQuery, start: number, top: number, truncateTo?: number): PagePlan {
  const total = result.rowCount;
  const pageable = !result.usesLimit && !result.columns.every((c) => c.type === 'dynamic');
  let end = Math.min(total, start + top);
  // A partial answer (truncation fault) never offers a way to the rest, like ARG's partial results.
  if (truncateTo !== undefined) end = Math.min(end, start + truncateTo);
  const rows = end > start ? result.formatRows(start, end) : [];
  if (end < total && pageable && truncateTo === undefined) return { start, rows, next: end, truncated: false };
  return { start, rows, truncated: end < total };
}
