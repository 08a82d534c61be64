// Runs a query end to end: parse, bind scalar lets, compile to closures, evaluate, format rows as ARG returns them.
import type { Column, KqlType, QueryResult, RunOptions, TableSource } from './api';
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

function formatRows(schema: Schema, rows: Row[]): Record<string, unknown>[] {
  const readers = readersOf(schema);
  const names = schema.columns.map((c) => c.name);
  const formats = schema.columns.map((c) => outputFormatter(c.type));
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) {
      out[names[j] as string] = (formats[j] as (v: unknown) => unknown)((readers[j] as Evaluator)(r));
    }
    return out;
  });
}

/** Compiles and evaluates `query` over `source`; throws KqlError for anything ARG would reject or we do not support. */
export function runQuery(query: string, source: TableSource, options: RunOptions): QueryResult {
  const report = new Reporter(query);
  const ast = parseQueryText(query, report);
  const ctx = newContext(report, source, options);
  const emptyScope = { schema: arraySchema([]), ctx };
  for (const statement of ast.lets) {
    const value = compileExpr(statement.expr, emptyScope);
    ctx.lets.set(statement.name, value);
  }
  const stage = compileTabular(ast.body, ctx);
  const rows = stage.run();
  const columns: Column[] = stage.schema.columns.map(({ name, type }) => ({ name, type }));
  return { columns, rows: formatRows(stage.schema, rows), usesLimit: ctx.usesLimit };
}
