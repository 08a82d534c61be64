// Runs a query end to end: parse, bind scalar lets, compile to closures, evaluate, format rows as ARG returns them
// (all at once, or page by page for the stand-in's paging).
import type { Column, DeferredRunOptions, EvaluatedQuery, QueryResult, RunOptions, TableSource } from './api';
import type { Query } from './ast';
import { compileExpr } from './compile-scalar';
import { compileTabular } from './compile-tabular';
import { Reporter } from './errors';
import { pinned, rowFormatter } from './format-rows';
import { arraySchema, type QueryContext } from './frame';
import { selectsTableRows, selectTableRows } from './late-rows';
import { parseQueryText } from './parser';
import { fromUnixMs } from './time';

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
    crossTableJoins: 0,
  };
}

interface Evaluated {
  columns: Column[];
  usesLimit: boolean;
  rowCount: number;
  formatRows: (start: number, end: number) => Record<string, unknown>[];
}

/** A fresh compile context with the query's scalar `let`s bound. */
function compileContext(ast: Query, report: Reporter, source: TableSource, options: RunOptions): QueryContext {
  const ctx = newContext(report, source, options);
  const emptyScope = { schema: arraySchema([]), ctx };
  for (const statement of ast.lets) {
    const value = compileExpr(statement.expr, emptyScope);
    ctx.lets.set(statement.name, value);
  }
  return ctx;
}

/** `snapshot`: the result is formatted later (page by page), so it must not follow later changes of table rows. */
function evaluate(query: string, source: TableSource, options: RunOptions, snapshot: boolean): Evaluated {
  const report = new Reporter(query);
  const ast = parseQueryText(query, report);
  const ctx = compileContext(ast, report, source, options);
  if (selectsTableRows(ast.body)) {
    const rebuildCtx = compileContext(ast, report, source, { now: options.now });
    const selected = selectTableRows(ast.body, ctx, rebuildCtx, snapshot);
    return { ...selected, usesLimit: ctx.usesLimit };
  }
  const stage = compileTabular(ast.body, ctx);
  const rows = stage.run();
  const kept = snapshot ? pinned(stage.schema, rows) : { schema: stage.schema, rows };
  return {
    columns: stage.schema.columns.map(({ name, type }) => ({ name, type })),
    usesLimit: ctx.usesLimit,
    rowCount: rows.length,
    formatRows: rowFormatter(kept.schema, kept.rows),
  };
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
  const deferred = 'deferFormatting' in options && options.deferFormatting;
  const result = evaluate(query, source, options, deferred);
  if (deferred) return result;
  return { columns: result.columns, rows: result.formatRows(0, result.rowCount), usesLimit: result.usesLimit };
}
