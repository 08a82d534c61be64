// Functions on dynamic arrays and property bags (array_length, bag_keys, pack/bag_pack, pack_array, range, …) plus
// format_datetime and format_timespan.
import type { CallContext, FunctionTable } from './functions-base';
import { formatDatetime } from './time';
import { formatDatetimeWith, formatTimespanWith } from './time-format';
import {
  type Compiled,
  dynamicEquals,
  finish,
  toDatetimeOf,
  toDynamicOf,
  toNumberOf,
  toStringOf,
  toTimespanOf,
} from './values';

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

/** Kusto's cap on the values range() makes (2^20); above it the stand-in returns null (unverified). */
const RANGE_MAX = 1_048_576;

/**
 * Scalar range(start, stop [, step]): the numbers (or datetimes, stepping by a timespan) from start to stop
 * inclusive, as a dynamic array; step 1 for numbers.
 */
function rangeFn(args: Compiled[], call: CallContext): Compiled {
  const [a, b, c] = args as [Compiled, Compiled, Compiled | undefined];
  const dates = a.type === 'datetime';
  if (dates && !c) call.report.semantic("'range' over datetimes needs a timespan step", call.pos);
  const start = dates ? toDatetimeOf(a.type) : toNumberOf(a.type);
  const stop = dates ? toDatetimeOf(b.type) : toNumberOf(b.type);
  const step = c ? (dates ? toTimespanOf(c.type) : toNumberOf(c.type)) : () => 1;
  const real = [a, b, c].some((x) => x?.type === 'real');
  return finish(
    'dynamic',
    (row) => {
      const from = start(a.ev(row));
      const to = stop(b.ev(row));
      const by = step(c ? c.ev(row) : 1);
      if (from === null || to === null || by === null || by === 0) return null;
      const count = Math.floor((to - from) / by) + 1;
      if (count <= 0) return [];
      if (count > RANGE_MAX) return null;
      const out = new Array<unknown>(count);
      for (let i = 0; i < count; i++) {
        const v = from + i * by;
        out[i] = dates ? formatDatetime(v) : real ? v : Math.trunc(v);
      }
      return out;
    },
    args,
  );
}

export const DYNAMIC_FUNCTIONS: FunctionTable = {
  range: { min: 2, max: 3, impl: rangeFn },
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
  format_timespan: fn(2, 2, 'string', ([t, f]) => {
    const span = toTimespanOf((t as Compiled).type);
    const format = toStringOf((f as Compiled).type);
    return (row) => {
      const ms = span((t as Compiled).ev(row));
      return ms === null ? '' : formatTimespanWith(ms, format((f as Compiled).ev(row)));
    };
  }),
};
