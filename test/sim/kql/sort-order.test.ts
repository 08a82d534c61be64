// order by over many rows with ties, nulls, ±Infinity and -0: the engine's order (radix sort of the first key, ties
// by the others, lazily per page for paged results) against a plain reference sort with KQL's rules.
import type { Row } from '../../../src/sim/estate/types';
import { runQuery } from '../../../src/sim/kql';
import { NOW, rows } from './helpers';

/** A deterministic pseudo-random sequence (no Math.random: a failure must reproduce). */
function sequence(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const SPECIALS = [null, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0];

function table(size: number, seed: number): Row[] {
  const next = sequence(seed);
  return Array.from({ length: size }, (_, i) => {
    const r = next();
    // Few distinct values, so most rows tie on the first key.
    const n = r < 0.15 ? SPECIALS[Math.floor(next() * SPECIALS.length)] : Math.floor(next() * 40) - 20 + 0.5 * (i % 2);
    return {
      id: `r${String(i).padStart(5, '0')}`,
      name: `n${Math.floor(next() * 7)}`,
      properties: { n, m: Math.floor(next() * 3) },
    };
  });
}

type Key = { value: (r: Row) => unknown; desc: boolean; nullsFirst: boolean };

/** KQL's comparison of one key (nulls placed by nullsFirst; Infinity - Infinity is "equal, stop"). */
function compareKey(a: unknown, b: unknown, key: Key): number {
  const an = a === null || Number.isNaN(a);
  const bn = b === null || Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : an === key.nullsFirst ? -1 : 1;
  const d =
    typeof a === 'string' ? (a < (b as string) ? -1 : a > (b as string) ? 1 : 0) : (a as number) - (b as number);
  return key.desc ? -d : d;
}

function referenceOrder(input: Row[], keys: Key[]): string[] {
  const decorated = input.map((row) => ({ row, values: keys.map((k) => k.value(row)) }));
  decorated.sort((x, y) => {
    for (let i = 0; i < keys.length; i++) {
      const d = compareKey(x.values[i], y.values[i], keys[i] as Key);
      if (d !== 0) return d;
    }
    return 0;
  });
  return decorated.map((d) => d.row.id as string);
}

const n = (r: Row) => {
  const v = (r.properties as { n: number | null }).n;
  return v;
};
const name = (r: Row) => r.name as string;
const m = (r: Row) => (r.properties as { m: number }).m;

const CASES: { order: string; keys: Key[] }[] = [
  {
    order: 'toreal(properties.n) desc, name asc',
    keys: [
      { value: n, desc: true, nullsFirst: false },
      { value: name, desc: false, nullsFirst: true },
    ],
  },
  {
    order: 'toreal(properties.n) asc, toint(properties.m) desc, name desc',
    keys: [
      { value: n, desc: false, nullsFirst: true },
      { value: m, desc: true, nullsFirst: false },
      { value: name, desc: true, nullsFirst: false },
    ],
  },
  {
    order: 'toreal(properties.n) desc nulls first, id desc',
    keys: [
      { value: n, desc: true, nullsFirst: true },
      { value: (r) => r.id, desc: true, nullsFirst: false },
    ],
  },
  { order: 'toreal(properties.n) asc nulls last', keys: [{ value: n, desc: false, nullsFirst: false }] },
];

describe('order by over many rows', () => {
  const data = table(3000, 42);

  it.each(CASES)('$order orders rows as a stable comparison sort with KQL rules does', ({ order, keys }) => {
    const got = rows(`Resources | order by ${order} | project id`, { Resources: data }).map((r) => r.id);
    expect(got).toEqual(referenceOrder(data, keys));
  });

  it.each(CASES)('$order: a result paged 97 rows at a time has the same order', ({ order, keys }) => {
    const source = (t: string) => (t === 'Resources' ? data : undefined);
    const result = runQuery(`Resources | order by ${order}`, source, { now: NOW, deferFormatting: true });
    const paged: unknown[] = [];
    // Later pages first, so a page's ties are put in order without the pages before them.
    const starts = Array.from({ length: Math.ceil(result.rowCount / 97) }, (_, i) => i * 97).reverse();
    const pages = new Map(starts.map((s) => [s, result.formatRows(s, s + 97)]));
    for (const s of [...starts].reverse()) paged.push(...(pages.get(s) ?? []));
    expect(paged.map((r) => (r as Row).id)).toEqual(referenceOrder(data, keys));
  });

  it('top N by takes the first N rows of that order', () => {
    const got = rows('Resources | top 50 by toreal(properties.n) desc | project id', { Resources: data }).map(
      (r) => r.id,
    );
    expect(got).toEqual(referenceOrder(data, [{ value: n, desc: true, nullsFirst: false }]).slice(0, 50));
  });
});
