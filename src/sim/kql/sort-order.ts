// The order of rows by sort keys, as positions. Keys are columns of values computed once per row; numeric keys hold
// unboxed numbers with NaN for null. A numeric first key (the job list's startTime) is radix-sorted, and only rows tied
// on it are compared further: a million rows sort in a fraction of what comparing them all costs.
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
  if (column.kind === 'string') {
    const texts = values as string[];
    const dir = key.desc ? -1 : 1;
    return (i, j) => {
      const a = texts[i] as string;
      const b = texts[j] as string;
      return a < b ? -dir : a > b ? dir : 0;
    };
  }
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
    const an = Number.isNaN(a);
    const bn = Number.isNaN(b);
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
export function sortedPositions(n: number, columns: KeyColumn[]): ArrayLike<number> {
  const [first, ...rest] = columns;
  // Numbers and strings compare consistently, so any stable sort gives the one stable order Array#sort gives; other
  // keys may not (dynamic mixes numbers and text), and are left to Array#sort exactly as before.
  if (first?.kind === 'number' && rest.every((c) => c.kind !== 'other')) {
    const order = radixOrder(first.values as number[], first.key);
    if (rest.length > 0) sortTies(order, first.values as number[], combine(rest.map(positionCompare)));
    return order;
  }
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(i);
  if (columns.length > 0) order.sort(combine(columns.map(positionCompare)));
  return order;
}

const DIGIT_BITS = 16;
const DIGITS = 1 << DIGIT_BITS;

/**
 * A stable LSD radix sort of positions by one numeric key (four 16-bit digits of the double's bits, made to order as
 * the numbers do; a digit all keys share is skipped). Nulls (NaN) keep their input order at the end, or the start.
 */
function radixOrder(values: number[], key: SortKey): Int32Array {
  const n = values.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  let order = new Int32Array(n);
  const nulls: number[] = [];
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      nulls.push(i);
      continue;
    }
    bits[0] = v === 0 ? 0 : v; // -0 and 0 are one value
    let h = words[1] as number;
    let l = words[0] as number;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    if (key.desc) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
    order[m++] = i;
  }
  let spare = new Int32Array(n);
  const counts = new Int32Array(DIGITS);
  for (const [word, shift] of [
    [lo, 0],
    [lo, DIGIT_BITS],
    [hi, 0],
    [hi, DIGIT_BITS],
  ] as const) {
    counts.fill(0);
    for (let k = 0; k < m; k++) {
      const d = ((word[order[k] as number] as number) >>> shift) & (DIGITS - 1);
      counts[d] = (counts[d] as number) + 1;
    }
    if (counts.some((c) => c === m)) continue;
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < m; k++) {
      const i = order[k] as number;
      const d = ((word[i] as number) >>> shift) & (DIGITS - 1);
      const at = counts[d] as number;
      counts[d] = at + 1;
      spare[at] = i;
    }
    [order, spare] = [spare, order];
  }
  if (nulls.length === 0) return order;
  const out = new Int32Array(n);
  const at = key.nullsFirst ? nulls.length : 0;
  out.set(order.subarray(0, m), at);
  out.set(nulls, key.nullsFirst ? 0 : m);
  return out;
}

/** Sorts each run of rows with equal first keys by the other keys (not ±Infinity: keyCompare ends there). */
function sortTies(order: Int32Array, values: number[], rest: PositionCompare): void {
  let start = 0;
  while (start < order.length) {
    const v = values[order[start] as number] as number;
    let end = start + 1;
    if (Number.isNaN(v)) {
      while (end < order.length && Number.isNaN(values[order[end] as number])) end++;
    } else {
      while (end < order.length && values[order[end] as number] === v) end++;
    }
    if (end - start > 1 && (Number.isNaN(v) || Number.isFinite(v))) sortRun(order, start, end, rest);
    start = end;
  }
}

/** Most runs are a few rows: insertion sort (stable; moves only past rows that compare greater, NaN is "equal"). */
function sortRun(order: Int32Array, start: number, end: number, compare: PositionCompare): void {
  if (end - start > 16) {
    const run = Array.from(order.subarray(start, end)).sort(compare);
    order.set(run, start);
    return;
  }
  for (let k = start + 1; k < end; k++) {
    const p = order[k] as number;
    let at = k;
    while (at > start && compare(order[at - 1] as number, p) > 0) {
      order[at] = order[at - 1] as number;
      at--;
    }
    order[at] = p;
  }
}
