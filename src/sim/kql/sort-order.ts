// The order of rows by sort keys, as positions. Keys are columns of values computed once per row; numeric keys hold
// unboxed numbers with NaN for null. A numeric first key (the job list's startTime) is radix-sorted, and only rows tied
// on it are compared further (when asked for, if lazily): a million rows sort in a fraction of comparing them all.
import type { KqlType } from './api';
import type { SortKey } from './ast';
import { radixOrder } from './radix-order';
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

/** Row positions in key order; `resolve(start, end)` must run before positions [start, end) are read. */
export interface PositionOrder {
  order: Int32Array | number[];
  resolve: (start: number, end: number) => void;
}

const RESOLVED = (): void => undefined;

/**
 * Positions 0…n-1 in key order; stable. `lazyTies`: rows tied on a numeric first key are put in order only when
 * resolve() asks for them (a page of a sorted million-row result orders its own ties, not everybody's).
 */
export function orderPositions(n: number, columns: KeyColumn[], lazyTies = false): PositionOrder {
  const [first, ...rest] = columns;
  // Numbers and strings compare consistently, so any stable sort gives the one stable order Array#sort gives; other
  // keys may not (dynamic mixes numbers and text), and are left to Array#sort exactly as before.
  if (first?.kind === 'number' && rest.every((c) => c.kind !== 'other')) {
    const values = first.values as number[];
    const order = radixOrder(values, first.key);
    if (rest.length === 0) return { order, resolve: RESOLVED };
    const ties = tieSorter(order, values, combine(rest.map(positionCompare)));
    if (!lazyTies) {
      ties(0, order.length);
      return { order, resolve: RESOLVED };
    }
    return { order, resolve: ties };
  }
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(i);
  if (columns.length > 0) order.sort(combine(columns.map(positionCompare)));
  return { order, resolve: RESOLVED };
}

/**
 * Sorts, by the other keys, each run of rows with equal first keys that overlaps [start, end), once (±Infinity runs
 * are left as they are: keyCompare calls such rows equal without asking the other keys).
 */
function tieSorter(order: Int32Array, values: number[], rest: PositionCompare): (start: number, end: number) => void {
  const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
  const sorted = new Uint8Array(order.length);
  return (start, end) => {
    let at = Math.max(0, Math.min(start, order.length - 1));
    const first = values[order[at] as number] as number;
    while (at > 0 && same(values[order[at - 1] as number] as number, first)) at--;
    while (at < Math.min(end, order.length)) {
      const v = values[order[at] as number] as number;
      let runEnd = at + 1;
      while (runEnd < order.length && same(values[order[runEnd] as number] as number, v)) runEnd++;
      if (runEnd - at > 1 && sorted[at] === 0 && (Number.isNaN(v) || Number.isFinite(v))) {
        sortRun(order, at, runEnd, rest);
        sorted[at] = 1;
      }
      at = runEnd;
    }
  };
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
