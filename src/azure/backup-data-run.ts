// One answer's bookkeeping: runs (or streams) its queries through the ArgQueryRunner and collects their KQL, partial
// notes and cost.
import type { DataResult, PartialNote, QueryStats } from '../core/domain/result';
import type { ReadScope } from '../core/ports';
import { takeTurn } from '../core/turns';
import type {
  ArgDeadline,
  ArgPage,
  ArgQuery,
  ArgQueryRunner,
  ArgRow,
  ArgScope,
  ArgStats,
  ArgStreamItem,
  ArgStreamQuery,
} from './arg-types';

/** Who is asking: the runner, and the scope the caller may see (set by core's authorization). */
export interface QueryContext {
  runner: ArgQueryRunner;
  scope?: ArgScope;
  /**
   * READ_ALLOW's guardrail (core's ReadScope list): every query goes to Resource Graph for these subscriptions only,
   * and binds them (with their resource groups) into its datasource filter (see readParams in filters.ts).
   */
  read?: readonly ReadScope[];
  /** Bypass the runner's short-lived cache (e.g. right after a retry). */
  fresh?: boolean;
  signal?: AbortSignal;
  /** Stop waiting then and answer with what came back, labelled partial. */
  deadline?: ArgDeadline;
}

export interface RunOptions {
  maxRows?: number;
}

/** The last item of a streamed answer: what every DataResult says besides its value. */
export interface StreamEnd {
  kind: 'end';
  partial: PartialNote[];
  kql: string[];
  stats: QueryStats;
}

export class QueryLog {
  readonly kql: string[] = [];
  readonly partial: PartialNote[] = [];
  readonly stats: QueryStats = { requests: 0, rows: 0, argMs: 0 };

  constructor(private readonly ctx: QueryContext) {}

  /** The guardrail of this answer's queries, if any. */
  get read(): readonly ReadScope[] | undefined {
    return this.ctx.read;
  }

  /** Runs one bound query; its KQL is recorded before it is sent, so "Show query" lists it even if it fails. */
  async run(kql: string, options: RunOptions = {}): Promise<ArgRow[]> {
    this.kql.push(kql);
    const result = await this.ctx.runner.query({
      ...this.queryOf(kql),
      ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
      ...(this.ctx.fresh ? { fresh: true } : {}),
    });
    this.add(result.partial, result.stats);
    // What the caller does next (rows into domain objects, then a view) is the heavy part of an answer: take turns.
    await takeTurn();
    return result.rows;
  }

  /**
   * Streams one bound query page by page (every row, no cache); its partial notes and cost are added when it ends.
   * A runner that cannot stream (in-process test runners) answers with its whole result as one page.
   */
  async *stream(kql: string): AsyncGenerator<ArgPage, void, undefined> {
    this.kql.push(kql);
    const q = this.queryOf(kql);
    const items = this.ctx.runner.stream ? this.ctx.runner.stream(q) : answerAsOnePage(this.ctx.runner, q);
    for await (const item of items) {
      if (item.kind === 'page') yield item;
      else this.add(item.partial, item.stats);
    }
  }

  /** The last item of a stream built on this log. */
  end(): StreamEnd {
    return { kind: 'end', partial: [...this.partial], kql: [...this.kql], stats: { ...this.stats } };
  }

  private queryOf(kql: string): ArgStreamQuery {
    const scope = this.ctx.scope ?? guardScope(this.ctx.read);
    return {
      kql,
      ...(scope ? { scope } : {}),
      ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
      ...(this.ctx.deadline ? { deadline: this.ctx.deadline } : {}),
    };
  }

  private add(partial: readonly PartialNote[], stats: ArgStats): void {
    this.stats.requests += stats.requests;
    this.stats.rows += stats.rows;
    this.stats.argMs += stats.argMs;
    this.partial.push(...partial);
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

/**
 * The subscriptions a guardrail reads, as the query's scope: Resource Graph is asked for them only (the runner
 * intersects them with BACKUP_SCOPE; compose-azure.ts). Resource groups are bound into the KQL instead.
 */
function guardScope(read: readonly ReadScope[] | undefined): ArgScope | undefined {
  if (read === undefined || read.length === 0) return undefined;
  return { subscriptions: [...new Set(read.map((s) => s.subscriptionId.toLowerCase()))] };
}

async function* answerAsOnePage(runner: ArgQueryRunner, q: ArgQuery): AsyncGenerator<ArgStreamItem, void, undefined> {
  const result = await runner.query(q);
  if (result.rows.length > 0) yield { kind: 'page', rows: result.rows, batch: 0 };
  yield { kind: 'end', partial: result.partial, stats: result.stats };
}
