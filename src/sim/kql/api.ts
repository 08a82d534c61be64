// The contract between the KQL engine and its callers (the stand-in's Resource Graph endpoint, tests, bench).
import type { Row } from '../estate/types';

/** KQL scalar types as ARG reports them in `resultFormat: table` column metadata. */
export type KqlType = 'string' | 'long' | 'int' | 'real' | 'bool' | 'datetime' | 'timespan' | 'dynamic' | 'guid';

export interface Column {
  name: string;
  type: KqlType;
}

export interface QueryResult {
  columns: Column[];
  /** objectArray rows: column name → value (datetimes as ISO strings, timespans as KQL strings, dynamic as JSON values). */
  rows: Row[];
  /** True when the query uses `take`/`limit`/`top` anywhere: ARG returns no $skipToken for such queries. */
  usesLimit: boolean;
}

export interface RunOptions {
  /** The query's `now()`; fixed per request so `ago()` is consistent across pages. */
  now: Date;
  /** Applied to every table scan (e.g. only rows of the requested subscriptions). */
  rowFilter?: (row: Row, table: string) => boolean;
}

/** runQuery's options for a result formatted on demand (an EvaluatedQuery). */
export interface DeferredRunOptions extends RunOptions {
  deferFormatting: true;
}

/** A query's result before formatting: a 1M-row result costs its rows, and each page formats only itself. */
export interface EvaluatedQuery {
  columns: Column[];
  usesLimit: boolean;
  rowCount: number;
  /** Rows [start, end) shaped as QueryResult.rows (formatted on each call, not kept). */
  formatRows: (start: number, end: number) => Row[];
}

/** Where table rows come from; undefined for a table name ARG does not have (a KQL error naming it). */
export type TableSource = (table: string) => readonly Row[] | undefined;

export interface SourcePosition {
  line: number; // 1-based
  column: number; // 1-based
  offset: number; // 0-based character offset into the query
}

/** A query the engine refuses: syntax errors, unknown names, and constructs outside the supported subset. */
export class KqlError extends Error {
  constructor(
    message: string,
    readonly code: 'ParserFailure' | 'UnsupportedConstruct' | 'SemanticError' | 'LimitExceeded',
    readonly position?: SourcePosition,
    /** The specific reason without ARG's generic "Query is invalid…" preamble (for ARG-style error details). */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'KqlError';
  }
}
