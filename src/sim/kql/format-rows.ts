// Rows as ARG returns them (objectArray: column name → value, datetimes as text) and the snapshot a result formatted
// page by page keeps of the table values it reads.
import type { KqlType } from './api';
import { arraySchema, readersOf, type Schema } from './frame';
import { formatDatetime, formatTimespan } from './time';
import type { Evaluator, Row } from './values';

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

/** Formats rows [start, end) of `rows`. */
export function rowFormatter(schema: Schema, rows: Row[]): (start: number, end: number) => Record<string, unknown>[] {
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
 * result formatted page by page shows the rows as they were when the query ran, even if the stand-in changes a job
 * row in between (it replaces a finished job's properties). Columns computed by the query already are such copies.
 */
export function pinned(schema: Schema, rows: Row[]): { schema: Schema; rows: Row[] } {
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
