// Compile-time shapes of intermediate tables: columns plus the row layout that decides how a column is read.
// Scanned table rows stay the caller's objects (no copy for `T | where …`); every other stage emits positional arrays.
import type { Column, KqlType } from './api';
import type { Reporter } from './errors';
import { type Compiled, dynamicToString, type Evaluator, type Row } from './values';

export type Layout = 'object' | 'array';

export interface Schema {
  columns: Column[];
  layout: Layout;
}

/** A compiled tabular expression: its output schema and a function producing its rows. */
export interface Stage {
  schema: Schema;
  run: () => Row[];
}

/** Per-query compile state: the clock, scalar `let`s, and ARG's per-query operator limits. */
export interface QueryContext {
  report: Reporter;
  nowMs: number;
  lets: Map<string, Compiled>;
  usesLimit: boolean;
  joins: number;
  mvExpands: number;
  unionLegs: number;
  rightTables: Map<string, number>;
  crossTableJoins: number;
}

export interface Scope {
  schema: Schema;
  ctx: QueryContext;
}

function objectReader(name: string, type: KqlType): Evaluator {
  switch (type) {
    case 'string':
      return (r) => {
        const v = (r as Record<string, unknown>)[name];
        return typeof v === 'string' ? v : dynamicToString(v);
      };
    case 'int':
    case 'long':
    case 'real':
      return (r) => {
        const v = (r as Record<string, unknown>)[name];
        return typeof v === 'number' ? v : null;
      };
    case 'bool':
      return (r) => {
        const v = (r as Record<string, unknown>)[name];
        return typeof v === 'boolean' ? v : null;
      };
    default:
      return (r) => {
        const v = (r as Record<string, unknown>)[name];
        return v === undefined ? null : v;
      };
  }
}

export function readerFor(schema: Schema, index: number): Evaluator {
  const col = schema.columns[index] as Column;
  if (schema.layout === 'object') return objectReader(col.name, col.type);
  return (r) => (r as unknown[])[index];
}

export function readersOf(schema: Schema): Evaluator[] {
  return schema.columns.map((_, i) => readerFor(schema, i));
}

export function columnIndex(schema: Schema, name: string): number {
  return schema.columns.findIndex((c) => c.name === name);
}

/** Turns rows of any layout into positional arrays (needed before rows are combined or reshaped). */
export function toArrays(schema: Schema, rows: Row[]): unknown[][] {
  if (schema.layout === 'array') return rows as unknown[][];
  const readers = readersOf(schema);
  const n = readers.length;
  const out = new Array<unknown[]>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const a = new Array<unknown>(n);
    for (let j = 0; j < n; j++) a[j] = (readers[j] as Evaluator)(r);
    out[i] = a;
  }
  return out;
}

export function arraySchema(columns: Column[]): Schema {
  return { columns, layout: 'array' };
}
