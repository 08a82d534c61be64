// Time and rounding functions: ago, now, bin/floor, round, abs, datetime_diff, datetime_add, format_datetime,
// startof*/endofday, dayofweek. `now()` is the request's fixed clock (RunOptions.now).
import type { KqlType } from './api';
import { type CallContext, constantArg, expectArg, type FunctionTable } from './functions-base';
import { fromUnixMs, unixDate, YEAR_ONE_OFFSET_MS } from './time';
import { type Compiled, dynamicToString, finish, isNumeric, toDatetimeOf, toNumberOf, toTimespanOf } from './values';

const DAY = 86_400_000;
const TICK = 0.0001;

type NumEv = (row: unknown) => number | null;

function dt(c: Compiled): NumEv {
  const conv = toDatetimeOf(c.type);
  const ev = c.ev;
  return c.type === 'datetime' ? (ev as NumEv) : (row) => conv(ev(row));
}

function asNumber(c: Compiled): NumEv {
  const conv = c.type === 'timespan' ? toTimespanOf('timespan') : toNumberOf(c.type);
  const ev = c.ev;
  return (row) => conv(ev(row)) as number | null;
}

function dateFn(build: (args: Compiled[], call: CallContext) => NumEv, type: KqlType = 'datetime', min = 1, max = 1) {
  return { min, max, impl: (args: Compiled[], call: CallContext) => finish(type, build(args, call), args) };
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

function startOfMonth(ms: number, monthsPerUnit: number): number {
  const d = unixDate(ms);
  const month = Math.floor(d.getUTCMonth() / monthsPerUnit) * monthsPerUnit;
  const out = new Date(Date.UTC(2000, month, 1));
  out.setUTCFullYear(d.getUTCFullYear());
  return fromUnixMs(out.getTime());
}

function addMonths(ms: number, months: number): number {
  const d = unixDate(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return fromUnixMs(d.getTime()) + (ms - Math.floor(ms));
}

/** Day 0 of the week is Sunday, as in KQL's startofweek/dayofweek. */
function startOfWeek(ms: number): number {
  const day = startOfDay(ms);
  return day - unixDate(day).getUTCDay() * DAY;
}

const UNIT_MS: Record<string, number> = {
  week: 7 * DAY,
  day: DAY,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
  millisecond: 1,
  microsecond: 0.001,
  nanosecond: 0.000001,
};

function partArg(call: CallContext, args: Compiled[]): string {
  const part = dynamicToString(constantArg(call, args, 0, 'date part')).toLowerCase();
  if (!(part in UNIT_MS) && !['year', 'quarter', 'month'].includes(part)) {
    call.report.semantic(`'${call.name}': unknown date part '${part}'`, call.pos);
  }
  return part;
}

function monthIndex(ms: number): number {
  const d = unixDate(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function diff(part: string, a: number, b: number): number {
  if (part === 'year') return unixDate(a).getUTCFullYear() - unixDate(b).getUTCFullYear();
  if (part === 'month') return monthIndex(a) - monthIndex(b);
  if (part === 'quarter') return Math.floor(monthIndex(a) / 3) - Math.floor(monthIndex(b) / 3);
  if (part === 'week') return Math.round((startOfWeek(a) - startOfWeek(b)) / (7 * DAY));
  const unit = UNIT_MS[part] as number;
  return Math.floor(a / unit) - Math.floor(b / unit);
}

function binImpl(args: Compiled[], call: CallContext): Compiled {
  const [value, size] = args as [Compiled, Compiled];
  const v = value.type === 'datetime' || value.type === 'timespan' ? (value.ev as NumEv) : asNumber(value);
  const s = asNumber(size);
  if (value.type === 'datetime') {
    expectArg(call, args, 1, ['timespan']);
    return finish(
      'datetime',
      (row) => {
        const x = v(row);
        const r = s(row);
        if (x === null || r === null || r <= 0) return null;
        return Math.floor((x + YEAR_ONE_OFFSET_MS) / r) * r - YEAR_ONE_OFFSET_MS;
      },
      args,
    );
  }
  if (value.type !== 'timespan' && !isNumeric(value.type)) {
    call.report.semantic(`'${call.name}' needs a number, datetime or timespan to round, not ${value.type}`, call.pos);
  }
  expectArg(call, args, 1, value.type === 'timespan' ? ['timespan'] : ['int', 'long', 'real']);
  const type: KqlType =
    value.type === 'timespan' ? 'timespan' : value.type === 'real' || size.type === 'real' ? 'real' : 'long';
  return finish(
    type,
    (row) => {
      const x = v(row);
      const r = s(row);
      if (x === null || r === null || r <= 0) return null;
      return Math.floor(x / r) * r;
    },
    args,
  );
}

/** round(x[, digits]): a long stays a long (as Kusto types it); reals round half away from zero. */
function roundImpl(args: Compiled[], call: CallContext): Compiled {
  expectArg(call, args, 0, ['int', 'long', 'real']);
  const [a, p] = args as [Compiled, Compiled | undefined];
  const v = asNumber(a);
  const digits = p ? asNumber(p) : () => 0;
  return finish(
    a.type === 'real' || a.type === 'dynamic' ? 'real' : 'long',
    (row) => {
      const x = v(row);
      if (x === null) return null;
      const f = 10 ** (digits(row) ?? 0);
      return (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
    },
    args,
  );
}

export const DATETIME_FUNCTIONS: FunctionTable = {
  now: dateFn(
    ([offset], call) => {
      const o = offset ? asNumber(offset) : () => 0;
      return (row) => call.nowMs + (o(row) ?? 0);
    },
    'datetime',
    0,
    1,
  ),
  ago: dateFn((args, call) => {
    expectArg(call, args, 0, ['timespan']);
    const span = asNumber(args[0] as Compiled);
    return (row) => {
      const s = span(row);
      return s === null ? null : call.nowMs - s;
    };
  }),
  bin: { min: 2, max: 2, impl: binImpl },
  floor: { min: 2, max: 2, impl: binImpl },
  round: { min: 1, max: 2, impl: roundImpl },
  abs: {
    min: 1,
    max: 1,
    impl: (args, call) => {
      expectArg(call, args, 0, ['int', 'long', 'real', 'timespan']);
      const a = args[0] as Compiled;
      const v = asNumber(a);
      return finish(
        a.type === 'dynamic' ? 'real' : a.type,
        (row) => {
          const x = v(row);
          return x === null ? null : Math.abs(x);
        },
        args,
      );
    },
  },
  datetime_diff: dateFn(
    (args, call) => {
      const part = partArg(call, args);
      const a = dt(args[1] as Compiled);
      const b = dt(args[2] as Compiled);
      return (row) => {
        const x = a(row);
        const y = b(row);
        return x === null || y === null ? null : diff(part, x, y);
      };
    },
    'long',
    3,
    3,
  ),
  datetime_add: dateFn(
    (args, call) => {
      const part = partArg(call, args);
      const amount = asNumber(args[1] as Compiled);
      const d = dt(args[2] as Compiled);
      return (row) => {
        const n = amount(row);
        const x = d(row);
        if (n === null || x === null) return null;
        if (part === 'year') return addMonths(x, 12 * n);
        if (part === 'quarter') return addMonths(x, 3 * n);
        if (part === 'month') return addMonths(x, n);
        return x + n * (UNIT_MS[part] as number);
      };
    },
    'datetime',
    3,
    3,
  ),
  startofday: dateFn(([a]) => nullSafe(dt(a as Compiled), startOfDay)),
  startofweek: dateFn(([a]) => nullSafe(dt(a as Compiled), startOfWeek)),
  startofmonth: dateFn(([a]) => nullSafe(dt(a as Compiled), (x) => startOfMonth(x, 1))),
  startofyear: dateFn(([a]) => nullSafe(dt(a as Compiled), (x) => startOfMonth(x, 12))),
  endofday: dateFn(([a]) => nullSafe(dt(a as Compiled), (x) => startOfDay(x) + DAY - TICK)),
  dayofweek: dateFn(([a]) => nullSafe(dt(a as Compiled), (x) => startOfDay(x) - startOfWeek(x)), 'timespan'),
};

function nullSafe(ev: NumEv, f: (x: number) => number): NumEv {
  return (row) => {
    const x = ev(row);
    return x === null ? null : f(x);
  };
}
