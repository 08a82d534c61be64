// Comparisons with KQL's rules: == and in are case-sensitive, =~ and in~ are not; null compares as null (a `where`
// drops it); a dynamic operand is converted to the other side's type (dynamic bool true == 'true' holds).
import type { KqlType } from './api';
import { compileStringOperator } from './compile-strings';
import type { Reporter } from './errors';
import { equalsLowerCased, lowerCaser } from './text-case';
import {
  type Compiled,
  dynamicEquals,
  finish,
  isNumeric,
  toBoolOf,
  toDatetimeOf,
  toNumberOf,
  toStringOf,
  toTimespanOf,
} from './values';

type Domain = 'string' | 'number' | 'bool' | 'datetime' | 'timespan' | 'dynamic';

function domainOf(t: KqlType): Domain {
  if (isNumeric(t)) return 'number';
  if (t === 'guid') return 'string';
  return t as Domain;
}

function equalityDomain(l: KqlType, r: KqlType): Domain | undefined {
  const dl = domainOf(l);
  const dr = domainOf(r);
  if (dl === dr) return dl;
  if (dl === 'dynamic') return dr;
  if (dr === 'dynamic') return dl;
  if ((dl === 'bool' && dr === 'number') || (dl === 'number' && dr === 'bool')) return 'number';
  return undefined;
}

function orderingDomain(l: KqlType, r: KqlType): Domain | undefined {
  const d = equalityDomain(l, r);
  if (d === 'number' || d === 'datetime' || d === 'timespan') {
    const dynamicSide = l === 'dynamic' ? r : r === 'dynamic' ? l : undefined;
    return dynamicSide === undefined || isNumeric(dynamicSide) ? d : undefined;
  }
  return d === 'dynamic' ? 'number' : undefined;
}

function converter(domain: Domain, type: KqlType): (v: unknown) => unknown {
  switch (domain) {
    case 'string':
      return toStringOf(type);
    case 'number':
      return toNumberOf(type);
    case 'bool':
      return toBoolOf(type);
    case 'datetime':
      return toDatetimeOf(type);
    case 'timespan':
      return toTimespanOf(type);
    default:
      return (v) => v;
  }
}

function reader(c: Compiled, domain: Domain): (row: unknown) => unknown {
  const t = c.type;
  const ev = c.ev;
  if (domainOf(t) === domain) return ev;
  const conv = converter(domain, t);
  return (row) => conv(ev(row));
}

const ORDER: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

export function compileComparison(
  op: string,
  left: Compiled,
  right: Compiled,
  report: Reporter,
  pos: number,
): Compiled {
  if (op === '=~' || op === '!~') return compileStringOperator(op, left, right, report, pos);
  const ordering = ORDER[op];
  const domain = ordering ? orderingDomain(left.type, right.type) : equalityDomain(left.type, right.type);
  if (!domain) {
    const detail = ordering
      ? `The operator '${op}' is not defined for the operand types ${left.type} and ${right.type}`
      : `Cannot compare values of types ${left.type} and ${right.type}. Try adding explicit casts`;
    return report.semantic(detail, pos);
  }
  const a = reader(left, domain);
  const bConst = right.constant ? converter(domain, right.type)(right.value) : undefined;
  const b = reader(right, domain);
  if (ordering) {
    return finish(
      'bool',
      (row) => {
        const x = a(row);
        const y = right.constant ? bConst : b(row);
        return x === null || y === null ? null : ordering(x as number, y as number);
      },
      [left, right],
    );
  }
  const negate = op === '!=';
  if (domain === 'string') {
    if (right.constant) return finish('bool', (row) => (a(row) === bConst) !== negate, [left, right]);
    return finish('bool', (row) => (a(row) === b(row)) !== negate, [left, right]);
  }
  const eq = domain === 'dynamic' ? dynamicEquals : (x: unknown, y: unknown) => x === y;
  return finish(
    'bool',
    (row) => {
      const x = a(row);
      const y = right.constant ? bConst : b(row);
      if (x === null || y === null || x === undefined || y === undefined) return null;
      return eq(x, y) !== negate;
    },
    [left, right],
  );
}

function textAndNumber(a: KqlType, b: KqlType): boolean {
  const da = domainOf(a);
  const db = domainOf(b);
  return (da === 'string' && db === 'number') || (da === 'number' && db === 'string');
}

/** Items of an `in` list: a dynamic array contributes its elements (`x in (dynamic(['a','b']))`). */
function constantItems(items: Compiled[]): { values: unknown[]; types: KqlType[] } | undefined {
  if (!items.every((i) => i.constant)) return undefined;
  const values: unknown[] = [];
  const types: KqlType[] = [];
  for (const item of items) {
    if (item.type === 'dynamic' && Array.isArray(item.value)) {
      for (const v of item.value) {
        values.push(v);
        types.push('dynamic');
      }
    } else {
      values.push(item.value);
      types.push(item.type);
    }
  }
  return { values, types };
}

export function compileIn(op: string, left: Compiled, items: Compiled[], report: Reporter, pos: number): Compiled {
  if (op === 'has_any' || op === 'has_all') return compileStringOperator(op, left, items, report, pos);
  const insensitive = op.endsWith('~');
  const negated = op.startsWith('!');
  const list = constantItems(items);
  const itemTypes = list ? list.types : items.map((i) => i.type);
  let domain: Domain = domainOf(left.type);
  if (insensitive || domain === 'dynamic') {
    const concrete = itemTypes.find((t) => t !== 'dynamic');
    domain = insensitive ? 'string' : concrete ? domainOf(concrete) : 'string';
    if (domain === 'dynamic') domain = 'string';
  }
  for (const t of itemTypes) {
    // A number in a list of strings (or a string among numbers) is compared as the left side's type: Microsoft's
    // Backup Explorer puts `"0"`-or-numbers lists after `in` (unverified how Kusto converts; it runs them).
    if (textAndNumber(t, left.type)) continue;
    if (t !== 'dynamic' && !insensitive && equalityDomain(t, left.type) === undefined) {
      report.semantic(`Cannot compare values of types ${left.type} and ${t} in '${op}'`, pos);
    }
  }
  const lower = lowerCaser();
  const normalize = insensitive ? (v: unknown) => lower(v as string) : (v: unknown) => v;
  const a = reader(left, domain);
  if (list) {
    const set = new Set<unknown>();
    list.values.forEach((v, i) => {
      const c = converter(domain, list.types[i] as KqlType)(v);
      if (c !== null) set.add(normalize(c));
    });
    if (insensitive && set.size <= 8) {
      // A few names (the two job types, two spellings of a status): compare in place, no lower-cased copy or lookup.
      const matchers = [...set].map((v) => equalsLowerCased(v as string));
      return finish(
        'bool',
        (row) => {
          const x = a(row);
          if (x === null) return negated;
          for (let i = 0; i < matchers.length; i++)
            if ((matchers[i] as (h: string) => boolean)(x as string)) return !negated;
          return negated;
        },
        [left],
      );
    }
    return finish(
      'bool',
      (row) => {
        const x = a(row);
        if (x === null) return negated;
        return set.has(normalize(x)) !== negated;
      },
      [left],
    );
  }
  const readers = items.map((i) => reader(i, domain));
  return finish(
    'bool',
    (row) => {
      const x = a(row);
      if (x === null) return negated;
      const nx = normalize(x);
      for (const r of readers) {
        const y = r(row);
        if (y !== null && normalize(y) === nx) return !negated;
      }
      return negated;
    },
    [left, ...items],
  );
}

export function compileBetween(
  negated: boolean,
  value: Compiled,
  low: Compiled,
  high: Compiled,
  report: Reporter,
  pos: number,
): Compiled {
  const domain = orderingDomain(value.type, low.type) ?? orderingDomain(value.type, high.type);
  if (!domain || !orderingDomain(value.type, high.type)) {
    return report.semantic(`'between' is not defined for ${value.type} within (${low.type} .. ${high.type})`, pos);
  }
  const v = reader(value, domain);
  const lo = reader(low, domain);
  const hi = reader(high, domain);
  return finish(
    'bool',
    (row) => {
      const x = v(row) as number | null;
      const a = lo(row) as number | null;
      const b = hi(row) as number | null;
      if (x === null || a === null || b === null) return null;
      return (x >= a && x <= b) !== negated;
    },
    [value, low, high],
  );
}
