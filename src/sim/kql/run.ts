// Runs a query end to end: parse, bind scalar lets, compile to closures, evaluate, format rows as ARG returns them
// (all at once, or page by page for the stand-in's paging).
import type { Column, DeferredRunOptions, EvaluatedQuery, KqlType, QueryResult, RunOptions, TableSource } from './api';
import type { Query } from './ast';
import { compileExpr } from './compile-scalar';
import { compileTabular } from './compile-tabular';
import { Reporter } from './errors';
import { arraySchema, type QueryContext, readersOf, type Schema } from './frame';
import { parseQueryText } from './parser';
import { formatDatetime, formatTimespan, fromUnixMs } from './time';
import type { Evaluator, Row } from './values';

/** Parses a query without running it (syntax errors and unsupported constructs are thrown as KqlError). */
export function parseQuery(query: string): Query {
  return parseQueryText(query, new Reporter(query));
}

function newContext(report: Reporter, source: TableSource, options: RunOptions): QueryContext {
  return {
    report,
    source,
    rowFilter: options.rowFilter,
    nowMs: fromUnixMs(options.now.getTime()),
    lets: new Map(),
    usesLimit: false,
    joins: 0,
    mvExpands: 0,
    rightTables: new Map(),
    crossTableJoins: 0,
  };
}

function outputFormatter(type: KqlType): (v: unknown) => unknown {
  switch (type) {
    case 'datetime':
      return (v) => (v === null ? null : formatDatetime(v as number));
    case 'timespan':
      return (v) => (v === null ? null : formatTimespan(v as number));
    case 'real':
    case 'long':
    case 'int':
      // JSON has no NaN/Infinity; ARG's JSON would carry them as text, null is the safe stand-in here.
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    case 'string':
      return (v) => (typeof v === 'string' ? v : '');
    default:
      return (v) => (v === undefined ? null : v);
  }
}

/** Formats rows [start, end) of `rows` as ARG returns them (objectArray: column name → value). */
function rowFormatter(schema: Schema, rows: Row[]): (start: number, end: number) => Record<string, unknown>[] {
  const readers = readersOf(schema);
  const names = schema.columns.map((c) => c.name);
  const formats = schema.columns.map((c) => outputFormatter(c.type));
  return (start, end) => {
    const out: Record<string, unknown>[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, rows.length); i++) {
      const r = rows[i];
      const o: Record<string, unknown> = {};
      for (let j = 0; j < names.length; j++) {
        o[names[j] as string] = (formats[j] as (v: unknown) => unknown)((readers[j] as Evaluator)(r));
      }
      out.push(o);
    }
    return out;
  };
}

/**
 * Copies out the values still read from the table's own row objects (a column picked from a scanned row), so a
 * result formatted page by page shows the rows as they were when the query ran, like ARG's snapshot, even if the
 * stand-in changes a job row in between. Columns computed by the query already are such copies.
 */
function pinned(schema: Schema, rows: Row[]): { schema: Schema; rows: Row[] } {
  const readsTables = schema.layout === 'object' || schema.columns.some((c) => c.key !== undefined);
  if (!readsTables) return { schema, rows };
  const readers = readersOf(schema);
  const n = readers.length;
  const copies = new Array<Row>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const a = new Array<unknown>(n);
    for (let j = 0; j < n; j++) a[j] = (readers[j] as Evaluator)(rows[i]);
    copies[i] = a;
  }
  return { schema: arraySchema(schema.columns), rows: copies };
}

function evaluate(
  query: string,
  source: TableSource,
  options: RunOptions,
): { schema: Schema; rows: Row[]; ctx: QueryContext } {
  const report = new Reporter(query);
  const ast = parseQueryText(query, report);
  const ctx = newContext(report, source, options);
  const emptyScope = { schema: arraySchema([]), ctx };
  for (const statement of ast.lets) {
    const value = compileExpr(statement.expr, emptyScope);
    ctx.lets.set(statement.name, value);
  }
  const stage = compileTabular(ast.body, ctx);
  return { schema: stage.schema, rows: stage.run(), ctx };
}

/**
 * Compiles and evaluates `query` over `source`; throws KqlError for anything ARG would reject or we do not support.
 * With `deferFormatting`, rows are formatted only when asked for (the stand-in formats one page of a 1M-row result).
 */
export function runQuery(query: string, source: TableSource, options: DeferredRunOptions): EvaluatedQuery;
export function runQuery(query: string, source: TableSource, options: RunOptions): QueryResult;
export function runQuery(
  query: string,
  source: TableSource,
  options: RunOptions | DeferredRunOptions,
): QueryResult | EvaluatedQuery {
  const { schema, rows, ctx } = evaluate(query, source, options);
  const columns: Column[] = schema.columns.map(({ name, type }) => ({ name, type }));
  if ('deferFormatting' in options && options.deferFormatting) {
    const kept = pinned(schema, rows);
    const formatRows = rowFormatter(kept.schema, kept.rows);
    return { columns, usesLimit: ctx.usesLimit, rowCount: rows.length, formatRows };
  }
  return { columns, rows: rowFormatter(schema, rows)(0, rows.length), usesLimit: ctx.usesLimit };
}
