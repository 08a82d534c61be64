// One answer's bookkeeping: runs its queries through the ArgQueryRunner and collects their KQL, partial notes and cost.
import type { DataResult, PartialNote, QueryStats } from '../core/domain/result';
import type { ArgQueryRunner, ArgRow, ArgScope } from './arg-types';

/** Who is asking: the runner, and the scope the caller may see (set by core's authorization). */
export interface QueryContext {
  runner: ArgQueryRunner;
  scope?: ArgScope;
  /** Bypass the runner's short-lived cache (e.g. right after a retry). */
  fresh?: boolean;
  signal?: AbortSignal;
}

export interface RunOptions {
  maxRows?: number;
}

export class QueryLog {
  readonly kql: string[] = [];
  readonly partial: PartialNote[] = [];
  readonly stats: QueryStats = { requests: 0, rows: 0, argMs: 0 };

  constructor(private readonly ctx: QueryContext) {}

  /** Runs one bound query; its KQL is recorded before it is sent, so "Show query" lists it even if it fails. */
  async run(kql: string, options: RunOptions = {}): Promise<ArgRow[]> {
    this.kql.push(kql);
    const result = await this.ctx.runner.query({
      kql,
      ...(this.ctx.scope ? { scope: this.ctx.scope } : {}),
      ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
      ...(this.ctx.fresh ? { fresh: true } : {}),
      ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
    });
    this.stats.requests += result.stats.requests;
    this.stats.rows += result.stats.rows;
    this.stats.argMs += result.stats.argMs;
    this.partial.push(...result.partial);
    return result.rows;
  }

  /** Drops the row-limit note of a query whose limit we set ourselves (the caller reports "more" another way). */
  dropRowLimitNotes(): void {
    for (let i = this.partial.length - 1; i >= 0; i--) {
      if (this.partial[i]?.kind === 'row-limit') this.partial.splice(i, 1);
    }
  }

  result<T>(value: T): DataResult<T> {
    return { value, partial: [...this.partial], kql: [...this.kql], stats: { ...this.stats } };
  }
}
