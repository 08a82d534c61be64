// order by / sort by and top: descending by default, nulls last when descending and first when ascending;
// keys are computed once per row, and the sort is stable. A 1M-row job list sorts positions, not decorated rows.
import type { KqlType } from './api';
import type { Operator, SortKey } from './ast';
import { compileExpr } from './compile-scalar';
import { forEachRow, type QueryContext, type Stage } from './frame';
import { constantCount } from './op-basic';
import { dynamicToString, type Evaluator, type Row } from './values';

type Op<K extends Operator['kind']> = Extract<Operator, { kind: K }>;
type Compare = (a: unknown, b: unknown) => number;

function baseCompare(type: KqlType): Compare {
  if (type === 'dynamic') {
    return (a, b) => {
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      const x = dynamicToString(a);
      const y = dynamicToString(b);
      return x < y ? -1 : x > y ? 1 : 0;
    };
  }
  if (type === 'bool') return (a, b) => Number(a) - Number(b);
  if (type === 'string') return (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);
  return (a, b) => (a as number) - (b as number);
}

function keyCompare(type: KqlType, key: SortKey): Compare {
  const base = baseCompare(type);
  const dir = key.desc ? -1 : 1;
  const nullRank = key.nullsFirst ? -1 : 1;
  return (a, b) => {
    const an = a === null || (typeof a === 'number' && Number.isNaN(a));
    const bn = b === null || (typeof b === 'number' && Number.isNaN(b));
    if (an || bn) return an && bn ? 0 : an ? nullRank : -nullRank;
    return dir * base(a, b);
  };
}

/** Numeric keys (datetimes included) are kept unboxed in a double array, nulls as NaN (the comparator's null). */
const NUMERIC_KEYS = new Set<KqlType>(['int', 'long', 'real', 'datetime', 'timespan']);

/** The comparator of one key over row positions; numbers use keyCompare's rules on unboxed values. */
function positionCompare(type: KqlType, key: SortKey, values: unknown[], numeric: boolean): (i: number, j: number) => number {
  if (!numeric) {
    const compare = keyCompare(type, key);
    return (i, j) => compare(values[i], values[j]);
  }
  const nums = values as number[];
  const dir = key.desc ? -1 : 1;
  const nullRank = key.nullsFirst ? -1 : 1;
  return (i, j) => {
    const a = nums[i] as number;
    const b = nums[j] as number;
    const an = a !== a;
    const bn = b !== b;
    if (an || bn) return an && bn ? 0 : an ? nullRank : -nullRank;
    // The sign of dir * (a - b) without boxing the difference; Infinity - Infinity is NaN there, so "equal, stop".
    if (a < b) return -dir;
    if (a > b) return dir;
    return a - b === 0 ? 0 : Number.NaN;
  };
}

/**
 * Sorts by keys computed once per row into one array per key, then sorts row positions (Array#sort: stable, and
 * given the same answers from the comparator it orders exactly as sorting the rows themselves would).
 */
function sorter(input: Stage, keys: SortKey[], ctx: QueryContext): () => Row[] {
  const scope = { schema: input.schema, ctx };
  const compiled = keys.map((key) => ({ key, c: compileExpr(key.expr, scope) }));
  const evs = compiled.map(({ c }) => c.ev);
  const numericType = compiled.map(({ c }) => NUMERIC_KEYS.has(c.type));
  const n = evs.length;
  return () => {
    const rows: Row[] = [];
    const values: unknown[][] = evs.map(() => []);
    const numeric = numericType.slice();
    forEachRow(input, (row) => {
      rows.push(row);
      for (let k = 0; k < n; k++) {
        let v = (evs[k] as Evaluator)(row);
        if (numeric[k]) {
          if (v === null) v = Number.NaN;
          else if (typeof v !== 'number') numeric[k] = false;
        }
        (values[k] as unknown[]).push(v);
      }
    });
    const compares = compiled.map(({ key, c }, k) => positionCompare(c.type, key, values[k] as unknown[], numeric[k] as boolean));
    const order: number[] = [];
    for (let i = 0; i < rows.length; i++) order.push(i);
    order.sort(combine(compares));
    const out = new Array<Row>(order.length);
    for (let i = 0; i < order.length; i++) out[i] = rows[order[i] as number];
    return out;
  };
}

type PositionCompare = (i: number, j: number) => number;

/** The first key that tells two rows apart decides (a NaN answer, as from keyCompare, ends the comparison). */
function combine(compares: PositionCompare[]): PositionCompare {
  const [c0, c1] = compares;
  if (compares.length === 1 && c0) return c0;
  if (compares.length === 2 && c0 && c1) {
    return (i, j) => {
      const d = c0(i, j);
      return d !== 0 ? d : c1(i, j);
    };
  }
  return (i, j) => {
    for (let k = 0; k < compares.length; k++) {
      const d = (compares[k] as PositionCompare)(i, j);
      if (d !== 0) return d;
    }
    return 0;
  };
}

export function compileSort(input: Stage, op: Op<'sort'>, ctx: QueryContext): Stage {
  return { schema: input.schema, run: sorter(input, op.keys, ctx) };
}

export function compileTop(input: Stage, op: Op<'top'>, ctx: QueryContext): Stage {
  const n = constantCount(compileExpr(op.count, { schema: input.schema, ctx }), 'top', ctx, op.pos);
  ctx.usesLimit = true;
  const sort = sorter(input, op.keys, ctx);
  return { schema: input.schema, run: () => sort().slice(0, n) };
}
