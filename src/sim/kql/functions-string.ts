// String functions: tolower, toupper, strcat, strlen, substring, split, trim*, replace_string, extract, countof,
// indexof, strcat_array, strcat_delim.
import type { KqlType } from './api';
import { type CallContext, constantArg, type FunctionTable } from './functions-base';
import { lowerCaser } from './text-case';
import { type Compiled, dynamicToString, finish, toNumberOf, toStringOf } from './values';

type Ev = (row: unknown) => unknown;

function text(c: Compiled): (row: unknown) => string {
  const conv = toStringOf(c.type);
  const ev = c.ev;
  return c.type === 'string' ? (ev as (row: unknown) => string) : (row) => conv(ev(row));
}

function num(c: Compiled | undefined): (row: unknown) => number | null {
  if (!c) return () => null;
  const conv = toNumberOf(c.type);
  const ev = c.ev;
  return (row) => conv(ev(row));
}

function stringFn(min: number, max: number, type: KqlType, build: (args: Compiled[], call: CallContext) => Ev) {
  return { min, max, impl: (args: Compiled[], call: CallContext) => finish(type, build(args, call), args) };
}

function regexArg(call: CallContext, args: Compiled[], index: number, flags = ''): RegExp {
  const pattern = dynamicToString(constantArg(call, args, index, 'regular expression'));
  try {
    return new RegExp(pattern, flags);
  } catch {
    return call.report.semantic(`invalid regular expression '${pattern}'`, call.pos);
  }
}

function trimmer(start: boolean, end: boolean) {
  return stringFn(2, 2, 'string', (args, call) => {
    const source = regexArg(call, args, 0).source;
    const re = new RegExp(
      `${start ? `^(?:${source})+` : ''}${start && end ? '|' : ''}${end ? `(?:${source})+$` : ''}`,
      'g',
    );
    const s = text(args[1] as Compiled);
    return (row) => s(row).replace(re, '');
  });
}

function compileSplit(args: Compiled[]): Compiled {
  const [a, b, c] = args as [Compiled, Compiled, Compiled | undefined];
  const s = text(a);
  const d = text(b);
  const index = num(c);
  const compiled = finish(
    'dynamic',
    (row) => {
      const parts = s(row).split(d(row));
      if (!c) return parts;
      const i = index(row);
      const picked = i === null ? undefined : parts[i];
      return picked === undefined ? [] : [picked];
    },
    args,
  );
  const delimiter = b.constant ? toStringOf(b.type)(b.value) : '';
  if (!compiled.constant && !c && delimiter !== '') {
    compiled.element = (i) => (row) => splitPart(s(row), delimiter, i);
  }
  return compiled;
}

/**
 * `s.split(d)[i] ?? null` (a negative `i` counts from the end, as an index into a dynamic array does) without
 * building the array: the bot reads one segment of a million resource ids.
 */
export function splitPart(s: string, d: string, i: number): string | null {
  if (!Number.isInteger(i)) return null;
  let k = i;
  if (k < 0) {
    let parts = 1;
    for (let at = s.indexOf(d); at >= 0; at = s.indexOf(d, at + d.length)) parts++;
    k += parts;
    if (k < 0) return null;
  }
  let start = 0;
  for (let p = 0; p < k; p++) {
    const at = s.indexOf(d, start);
    if (at < 0) return null;
    start = at + d.length;
  }
  const end = s.indexOf(d, start);
  return end < 0 ? s.slice(start) : s.slice(start, end);
}

export const STRING_FUNCTIONS: FunctionTable = {
  tolower: stringFn(1, 1, 'string', ([a]) => {
    const s = text(a as Compiled);
    const lower = lowerCaser();
    return (row) => lower(s(row));
  }),
  toupper: stringFn(1, 1, 'string', ([a]) => {
    const s = text(a as Compiled);
    return (row) => s(row).toUpperCase();
  }),
  strcat: stringFn(1, 64, 'string', (args) => {
    const parts = args.map(text);
    if (parts.length === 2) {
      const [p0, p1] = parts as [(row: unknown) => string, (row: unknown) => string];
      return (row) => p0(row) + p1(row);
    }
    return (row) => {
      let out = '';
      for (const p of parts) out += p(row);
      return out;
    };
  }),
  strcat_delim: stringFn(3, 65, 'string', ([d, ...rest]) => {
    const delim = text(d as Compiled);
    const parts = rest.map(text);
    return (row) => parts.map((p) => p(row)).join(delim(row));
  }),
  strlen: stringFn(1, 1, 'long', ([a]) => {
    const s = text(a as Compiled);
    return (row) => s(row).length;
  }),
  substring: stringFn(2, 3, 'string', ([a, b, c]) => {
    const s = text(a as Compiled);
    const start = num(b);
    const len = num(c);
    return (row) => {
      const v = s(row);
      const from = Math.max(0, start(row) ?? 0);
      const n = c ? len(row) : v.length;
      return n === null ? '' : v.substr(from, Math.max(0, n));
    };
  }),
  split: { min: 2, max: 3, impl: compileSplit },
  trim: trimmer(true, true),
  trim_start: trimmer(true, false),
  trim_end: trimmer(false, true),
  replace_string: stringFn(3, 3, 'string', ([a, b, c]) => {
    const s = text(a as Compiled);
    const lookup = text(b as Compiled);
    const rewrite = text(c as Compiled);
    return (row) => {
      const l = lookup(row);
      return l === '' ? s(row) : s(row).split(l).join(rewrite(row));
    };
  }),
  extract: stringFn(3, 3, 'string', (args, call) => {
    const re = regexArg(call, args, 0);
    const group = num(args[1]);
    const s = text(args[2] as Compiled);
    return (row) => {
      const m = re.exec(s(row));
      const g = group(row);
      return m && g !== null ? (m[g] ?? '') : '';
    };
  }),
  countof: stringFn(2, 3, 'long', (args, call) => {
    const kind = args[2] ? dynamicToString(constantArg(call, args, 2, 'kind')) : 'normal';
    const s = text(args[0] as Compiled);
    if (kind === 'regex') {
      const re = regexArg(call, args, 1, 'g');
      return (row) => (s(row).match(re) ?? []).length;
    }
    const find = text(args[1] as Compiled);
    return (row) => {
      const h = s(row);
      const n = find(row);
      if (n === '') return 0;
      let count = 0;
      for (let i = h.indexOf(n); i >= 0; i = h.indexOf(n, i + 1)) count++;
      return count;
    };
  }),
  indexof: stringFn(2, 3, 'long', ([a, b, c]) => {
    const s = text(a as Compiled);
    const find = text(b as Compiled);
    const start = num(c);
    return (row) => s(row).indexOf(find(row), Math.max(0, start(row) ?? 0));
  }),
  strcat_array: stringFn(2, 2, 'string', ([a, b]) => {
    const arr = (a as Compiled).ev;
    const delim = text(b as Compiled);
    return (row) => {
      const v = arr(row);
      return Array.isArray(v) ? v.map(dynamicToString).join(delim(row)) : '';
    };
  }),
};
