// Functions on dynamic arrays and property bags (array_length, bag_keys, pack/bag_pack, pack_array, …) plus
// format_datetime.
import type { CallContext, FunctionTable } from './functions-base';
import { formatDatetimeWith } from './time-format';
import { type Compiled, dynamicEquals, finish, toDatetimeOf, toDynamicOf, toNumberOf, toStringOf } from './values';

type Ev = (row: unknown) => unknown;

function dyn(c: Compiled): Ev {
  const conv = toDynamicOf(c.type);
  const ev = c.ev;
  return c.type === 'dynamic' ? ev : (row) => conv(ev(row));
}

function fn(min: number, max: number, type: Compiled['type'], build: (args: Compiled[], call: CallContext) => Ev) {
  return { min, max, impl: (args: Compiled[], call: CallContext) => finish(type, build(args, call), args) };
}

function pack(args: Compiled[], call: CallContext): Ev {
  if (args.length % 2 !== 0) call.report.semantic(`'${call.name}' needs key/value pairs`, call.pos);
  const keys: Ev[] = [];
  const values: Ev[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const k = args[i] as Compiled;
    const conv = toStringOf(k.type);
    keys.push((row) => conv(k.ev(row)));
    values.push(dyn(args[i + 1] as Compiled));
  }
  return (row) => {
    const bag: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) bag[(keys[i] as Ev)(row) as string] = (values[i] as Ev)(row);
    return bag;
  };
}

function indexOfValue(arr: unknown[], v: unknown): number {
  for (let i = 0; i < arr.length; i++) if (dynamicEquals(arr[i], v)) return i;
  return -1;
}

export const DYNAMIC_FUNCTIONS: FunctionTable = {
  array_length: fn(1, 1, 'long', ([a]) => {
    const ev = dyn(a as Compiled);
    return (row) => {
      const v = ev(row);
      return Array.isArray(v) ? v.length : null;
    };
  }),
  bag_keys: fn(1, 1, 'dynamic', ([a]) => {
    const ev = dyn(a as Compiled);
    return (row) => {
      const v = ev(row);
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : null;
    };
  }),
  pack: fn(2, 128, 'dynamic', pack),
  bag_pack: fn(2, 128, 'dynamic', pack),
  pack_array: fn(1, 128, 'dynamic', (args) => {
    const evs = args.map(dyn);
    return (row) => evs.map((e) => e(row));
  }),
  set_has_element: fn(2, 2, 'bool', ([a, b]) => {
    const arr = dyn(a as Compiled);
    const v = dyn(b as Compiled);
    return (row) => {
      const x = arr(row);
      return Array.isArray(x) ? indexOfValue(x, v(row)) >= 0 : null;
    };
  }),
  array_index_of: fn(2, 2, 'long', ([a, b]) => {
    const arr = dyn(a as Compiled);
    const v = dyn(b as Compiled);
    return (row) => {
      const x = arr(row);
      return Array.isArray(x) ? indexOfValue(x, v(row)) : null;
    };
  }),
  array_concat: fn(1, 64, 'dynamic', (args) => {
    const evs = args.map(dyn);
    return (row) => {
      const out: unknown[] = [];
      for (const e of evs) {
        const v = e(row);
        if (!Array.isArray(v)) return null;
        out.push(...v);
      }
      return out;
    };
  }),
  array_slice: fn(3, 3, 'dynamic', ([a, s, e]) => {
    const arr = dyn(a as Compiled);
    const start = toNumberOf((s as Compiled).type);
    const end = toNumberOf((e as Compiled).type);
    return (row) => {
      const x = arr(row);
      const i = start((s as Compiled).ev(row));
      const j = end((e as Compiled).ev(row));
      if (!Array.isArray(x) || i === null || j === null) return null;
      const from = i < 0 ? x.length + i : i;
      const to = j < 0 ? x.length + j : j;
      return x.slice(Math.max(0, from), to + 1);
    };
  }),
  format_datetime: fn(2, 2, 'string', ([d, f]) => {
    const date = toDatetimeOf((d as Compiled).type);
    const format = toStringOf((f as Compiled).type);
    return (row) => {
      const ms = date((d as Compiled).ev(row));
      return ms === null ? '' : formatDatetimeWith(ms, format((f as Compiled).ev(row)));
    };
  }),
};
