// Runtime values and KQL's conversion rules. Representation: string → JS string (never null, empty instead);
// int/long/real → number | null; bool → boolean | null; datetime/timespan → milliseconds | null; dynamic → JSON value.
import type { KqlType } from './api';
import { formatDatetime, formatTimespan, parseDatetime, parseTimespanText } from './time';

export type Row = unknown;
export type Evaluator = (row: Row) => unknown;

/** A compiled scalar expression: its static type and a closure; constants are evaluated once at compile time. */
export interface Compiled {
  type: KqlType;
  ev: Evaluator;
  constant?: boolean;
  value?: unknown;
  /** `this[index]` without building the whole dynamic value (`split(id, '/')[8]` finds one part, no array). */
  element?: (index: number) => Evaluator;
}

export function constant(type: KqlType, value: unknown): Compiled {
  return { type, ev: () => value, constant: true, value };
}

/** Folds an expression whose inputs are all constants into a constant (e.g. `ago(7d)`, `tolower('X')`). */
export function finish(type: KqlType, ev: Evaluator, inputs: Compiled[]): Compiled {
  if (inputs.every((i) => i.constant)) return constant(type, ev(undefined));
  return { type, ev };
}

export function isNumeric(t: KqlType): boolean {
  return t === 'int' || t === 'long' || t === 'real';
}

/** Text of a number as KQL prints it (no exponent for ordinary magnitudes; integers without a fraction). */
function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return String(n);
}

/** tostring() of a dynamic value: strings unquoted, bools/numbers as text, arrays/bags as JSON, null as "". */
export function dynamicToString(v: unknown): string {
  if (v === null || v === undefined) return '';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return numberText(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return JSON.stringify(v);
  }
}

export function toStringOf(type: KqlType): (v: unknown) => string {
  switch (type) {
    case 'string':
      return (v) => (v as string) ?? '';
    case 'datetime':
      return (v) => (v === null ? '' : formatDatetime(v as number));
    case 'timespan':
      return (v) => (v === null ? '' : formatTimespan(v as number));
    default:
      return dynamicToString;
  }
}

const NUMERIC_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Number from any value (dynamic numbers, numeric text, bools as 1/0); null when not convertible. */
export function anyToNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (NUMERIC_TEXT.test(v)) return Number(v);
    if (/^\s*0x[0-9a-f]+\s*$/i.test(v)) return Number.parseInt(v, 16);
    return null;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

export function toNumberOf(type: KqlType): (v: unknown) => number | null {
  if (isNumeric(type)) return (v) => v as number | null;
  if (type === 'timespan' || type === 'datetime') return (v) => (v === null ? null : Math.round((v as number) * 10000));
  return anyToNumber;
}

export function anyToBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (NUMERIC_TEXT.test(t)) return Number(t) !== 0;
  }
  return null;
}

export function toBoolOf(type: KqlType): (v: unknown) => boolean | null {
  if (type === 'bool') return (v) => v as boolean | null;
  return anyToBool;
}

export function toDatetimeOf(type: KqlType): (v: unknown) => number | null {
  if (type === 'datetime') return (v) => v as number | null;
  if (type === 'string' || type === 'dynamic') {
    // Job rows repeat a handful of timestamps rarely, but the same row is often converted twice (extend, where).
    return (v) => (typeof v === 'string' ? parseDatetime(v) : null);
  }
  return () => null;
}

export function toTimespanOf(type: KqlType): (v: unknown) => number | null {
  if (type === 'timespan') return (v) => v as number | null;
  if (type === 'string' || type === 'dynamic')
    return (v) => (typeof v === 'string' ? (parseTimespanText(v) ?? null) : null);
  if (isNumeric(type)) return (v) => (v === null ? null : (v as number) / 10000);
  return () => null;
}

/** Into a dynamic (JSON) value: datetimes and timespans become their KQL text. */
export function toDynamicOf(type: KqlType): (v: unknown) => unknown {
  switch (type) {
    case 'datetime':
      return (v) => (v === null ? null : formatDatetime(v as number));
    case 'timespan':
      return (v) => (v === null ? null : formatTimespan(v as number));
    case 'real':
      return (v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
    default:
      return (v) => (v === undefined ? null : v);
  }
}

/** Converts a value of one static type to another (used by iff/case/coalesce to unify branch types). */
export function converterTo(target: KqlType, from: KqlType): (v: unknown) => unknown {
  if (target === from) return (v) => v;
  switch (target) {
    case 'string':
      return toStringOf(from);
    case 'int':
    case 'long':
      return (v) => {
        const n = toNumberOf(from)(v);
        return n === null ? null : Math.trunc(n);
      };
    case 'real':
      return toNumberOf(from);
    case 'bool':
      return toBoolOf(from);
    case 'datetime':
      return toDatetimeOf(from);
    case 'timespan':
      return toTimespanOf(from);
    default:
      return toDynamicOf(from);
  }
}

/** Deep equality of dynamic values (KQL compares dynamic values by value). */
export function dynamicEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => dynamicEquals(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const bo = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => k in bo && dynamicEquals((a as Record<string, unknown>)[k], bo[k]));
}

/** The type of a value inside a dynamic, for mv-expand's `to typeof(T)` (a cast, not a conversion: mismatches are null). */
export function castDynamic(v: unknown, to: KqlType): unknown {
  switch (to) {
    case 'string':
      return typeof v === 'string' ? v : '';
    case 'int':
    case 'long':
      return typeof v === 'number' ? Math.trunc(v) : null;
    case 'real':
      return typeof v === 'number' ? v : null;
    case 'bool':
      return typeof v === 'boolean' ? v : null;
    case 'datetime':
      return typeof v === 'string' ? parseDatetime(v) : null;
    case 'timespan':
      return typeof v === 'string' ? (parseTimespanText(v) ?? null) : null;
    default:
      return v;
  }
}
