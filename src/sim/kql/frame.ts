// Compile-time shapes of intermediate tables and how each column is read from a row.
// Scanned rows stay the caller's objects (never copied, never mutated). Other stages hold arrays: a column lives in a
// slot, or, for a column still coming from a scanned row, under `key` of the object kept in its slot. So
// `T | extend x = …` builds [row, x] instead of copying 16 columns, and later extends append to the same array.
import type { Column, KqlType, RunOptions, TableSource } from './api';
import type { Reporter } from './errors';
import { type Compiled, dynamicToString, type Evaluator, type Row } from './values';

export type Layout = 'object' | 'array';

/** Array layout: the value is `row[slot]`, or `row[slot][key]` when `key` is set. Object layout: `row[key ?? name]`. */
export interface SchemaColumn extends Column {
  slot?: number;
  key?: string;
}

export interface Schema {
  columns: SchemaColumn[];
  layout: Layout;
  /** Array layout: the number of slots in a row (new values go after them). */
  width: number;
}

/** A compiled tabular expression: its output schema and a function producing its rows (called once per query). */
export interface Stage {
  schema: Schema;
  run: () => Row[];
  /**
   * Row-wise stages (scan, where, extend, project) also push their rows one at a time, so a chain of them builds no
   * array per stage and a row dropped by a later `where` dies young (the scavenger never copies it). Called at most
   * once per query, instead of `run`.
   */
  each?: (emit: (row: Row) => void) => void;
  /** sort: instead of `run`, the input rows and their order, each part put in order when resolve() asks for it. */
  ordered?: () => OrderedRows;
  /** Rows in a defined order (after sort, top, serialize, kept by row-wise operators): row_number() may be used. */
  serialized?: boolean;
}

/** Rows in input order and their sorted positions; resolve(start, end) before reading order[start…end). */
export interface OrderedRows {
  rows: Row[];
  order: ArrayLike<number>;
  resolve: (start: number, end: number) => void;
}

/** Feeds every row of `stage` to `emit`, streaming when the stage can. */
export function forEachRow(stage: Stage, emit: (row: Row) => void): void {
  if (stage.each) {
    stage.each(emit);
    return;
  }
  const rows = stage.run();
  for (let i = 0; i < rows.length; i++) emit(rows[i]);
}

/** A row-wise stage: `each` streams, `run` collects the same rows. */
export function streamingStage(schema: Schema, each: (emit: (row: Row) => void) => void): Stage {
  return {
    schema,
    each,
    run: () => {
      const out: Row[] = [];
      each((row) => out.push(row));
      return out;
    },
  };
}

/** Per-query compile state: the clock, scalar `let`s, and ARG's per-query operator limits. */
export interface QueryContext {
  report: Reporter;
  source: TableSource;
  rowFilter?: RunOptions['rowFilter'];
  /** Rows a table scan yields instead of the table's own (already selected ones), typed from the table as usual. */
  scanRows?: () => readonly unknown[];
  /** What a table scan yields for each of its rows (a copy of the fields the query reads), instead of the row. */
  scanCopy?: (row: Record<string, unknown>) => Record<string, unknown>;
  /** `now()` as a datetime value (see time.ts). */
  nowMs: number;
  lets: Map<string, Compiled>;
  usesLimit: boolean;
  joins: number;
  crossTableJoins: number;
  /** Set while an operator is compiled: whether its input is serialized (row_number() needs that). */
  inputSerialized?: boolean;
}

export interface Scope {
  schema: Schema;
  ctx: QueryContext;
}

/** Reads property `key` of a scanned row object, normalised to the column's KQL type. */
function propertyReader(key: string, type: KqlType): (o: Record<string, unknown>) => unknown {
  switch (type) {
    case 'string':
      return (o) => {
        const v = o[key];
        return typeof v === 'string' ? v : dynamicToString(v);
      };
    case 'int':
    case 'long':
    case 'real':
      return (o) => {
        const v = o[key];
        return typeof v === 'number' ? v : null;
      };
    case 'bool':
      return (o) => {
        const v = o[key];
        return typeof v === 'boolean' ? v : null;
      };
    default:
      return (o) => {
        const v = o[key];
        return v === undefined ? null : v;
      };
  }
}

export function readerFor(schema: Schema, index: number): Evaluator {
  const col = schema.columns[index] as SchemaColumn;
  if (schema.layout === 'object') return propertyReader(col.key ?? col.name, col.type) as Evaluator;
  const slot = col.slot ?? index;
  if (col.key === undefined) return (r) => (r as unknown[])[slot];
  const read = propertyReader(col.key, col.type);
  return (r) => read((r as unknown[])[slot] as Record<string, unknown>);
}

export function readersOf(schema: Schema): Evaluator[] {
  return schema.columns.map((_, i) => readerFor(schema, i));
}

export function columnIndex(schema: Schema, name: string): number {
  return schema.columns.findIndex((c) => c.name === name);
}

/** A schema whose rows are plain arrays with column i in slot i. */
export function arraySchema(columns: Column[]): Schema {
  return {
    columns: columns.map(({ name, type }, slot) => ({ name, type, slot })),
    layout: 'array',
    width: columns.length,
  };
}

/** The same columns under new names/order, read from the same rows (no copy). */
export function remapSchema(schema: Schema, picks: { index: number; name: string }[]): Schema {
  const columns = picks.map(({ index, name }) => {
    const src = schema.columns[index] as SchemaColumn;
    if (schema.layout === 'object') return { name, type: src.type, key: src.key ?? src.name };
    return { name, type: src.type, slot: src.slot ?? index, key: src.key };
  });
  return { columns, layout: schema.layout, width: schema.width };
}
