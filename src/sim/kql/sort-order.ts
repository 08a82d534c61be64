// The order of rows by sort keys, as positions. Keys are columns of values computed once per row; numeric keys hold
// unboxed numbers with NaN for null. A numeric first key (the job list's startTime) is ranked and counting-sorted, and
// only rows tied on it are compared further: a million rows sort in a fraction of what comparing them all costs.
import type { KqlType } from './api';
import type { SortKey } from './ast';
import { dynamicToString } from './values';

type Compare = (a: unknown, b: unknown) => number;
type PositionCompare = (i: number, j: number) => number;

export interface KeyColumn {
  key: SortKey;
  type: KqlType;
  values: unknown[];
  /** number: only numbers (NaN = null); string: only strings; other: anything (compared as before, one by one). */
  kind: 'number' | 'string' | 'other';
}

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

/** keyCompare over row positions; for numbers, its answers' signs without boxing a difference per comparison. */
function positionCompare(column: KeyColumn): PositionCompare {
  const { key, type, values } = column;
  if (column.kind !== 'number') {
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
    if (a < b) return -dir;
    if (a > b) return dir;
    // Infinity - Infinity is NaN for keyCompare: "equal", and no later key is asked.
    return a - b === 0 ? 0 : Number.NaN;
  };
}

/** The first key that tells two rows apart decides (a NaN answer ends the comparison, as `d !== 0` does). */
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

/** Positions 0…n-1 in key order; stable. */
export function sortedPositions(n: number, columns: KeyColumn[]): number[] {
  const [first, ...rest] = columns;
  // Numbers and strings compare consistently, so any stable sort gives the one stable order Array#sort gives; other
  // keys may not (dynamic mixes numbers and text), and are left to Array#sort exactly as before.
  if (first?.kind === 'number' && rest.every((c) => c.kind !== 'other')) {
    return rankThenTies(n, first, rest.length > 0 ? combine(rest.map(positionCompare)) : undefined);
  }
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(i);
  if (columns.length > 0) order.sort(combine(columns.map(positionCompare)));
  return order;
}

/** Counting sort by the rank of the first key's value, then Array#sort within each run of equal values. */
function rankThenTies(n: number, first: KeyColumn, rest: PositionCompare | undefined): number[] {
  const values = first.values as number[];
  const distinct = Float64Array.from(values).sort(); // ascending, NaN (null) last
  // The distinct non-null values in place; -0 and 0 are one value (=== holds, as keyCompare's a - b === 0 does).
  let unique = 0;
  for (let k = 0; k < distinct.length; k++) {
    const v = distinct[k] as number;
    if (v !== v) break;
    if (unique === 0 || v !== distinct[unique - 1]) distinct[unique++] = v;
  }
  const nullRank = first.key.nullsFirst ? 0 : unique;
  const offset = first.key.nullsFirst ? 1 : 0;
  const ranks = new Int32Array(n);
  const counts = new Int32Array(unique + 2);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let r: number;
    if (v !== v) r = nullRank;
    else {
      let lo = 0;
      let hi = unique - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((distinct[mid] as number) < v) lo = mid + 1;
        else hi = mid;
      }
      r = (first.key.desc ? unique - 1 - lo : lo) + offset;
    }
    ranks[i] = r;
    counts[r + 1] = (counts[r + 1] as number) + 1;
  }
  for (let r = 1; r < counts.length; r++) counts[r] = (counts[r] as number) + (counts[r - 1] as number);
  // Stable: rows of one rank keep their input order.
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const r = ranks[i] as number;
    const at = counts[r] as number;
    counts[r] = at + 1;
    order[at] = i;
  }
  if (rest) sortTies(order, values, ranks, rest);
  return order;
}

/** Sorts each run of rows with equal first keys by the other keys (not ±Infinity: keyCompare ends there). */
function sortTies(order: number[], values: number[], ranks: Int32Array, rest: PositionCompare): void {
  let start = 0;
  while (start < order.length) {
    const rank = ranks[order[start] as number];
    let end = start + 1;
    while (end < order.length && ranks[order[end] as number] === rank) end++;
    const v = values[order[start] as number] as number;
    if (end - start > 1 && (v !== v || Number.isFinite(v))) {
      const run = order.slice(start, end).sort(rest);
      for (let k = 0; k < run.length; k++) order[start + k] = run[k] as number;
    }
    start = end;
  }
}
