// Conversion functions: tostring, toint, tolong, toreal/todouble, tobool, todatetime, totimespan, parse_json/todynamic.
import type { KqlType } from './api';
import type { FunctionTable } from './functions-base';
import {
  type Compiled,
  finish,
  toBoolOf,
  toDatetimeOf,
  toDynamicOf,
  toNumberOf,
  toStringOf,
  toTimespanOf,
} from './values';

function unary(type: KqlType, make: (from: KqlType) => (v: unknown) => unknown) {
  return {
    min: 1,
    max: 1,
    impl: (args: Compiled[]): Compiled => {
      const a = args[0] as Compiled;
      if (a.type === type) return a;
      const conv = make(a.type);
      const ev = a.ev;
      return finish(type, (row) => conv(ev(row)), [a]);
    },
  };
}

function integral(from: KqlType): (v: unknown) => unknown {
  const conv = toNumberOf(from);
  return (v) => {
    const n = conv(v);
    return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
  };
}

/** parse_json: text is parsed (invalid JSON stays a string); a dynamic value is used as-is. */
function parseJson(from: KqlType): (v: unknown) => unknown {
  if (from === 'dynamic') return (v) => v;
  if (from !== 'string') return toDynamicOf(from);
  return (v) => {
    const s = v as string;
    if (s === '') return null;
    try {
      return JSON.parse(s);
    } catch {
      return s;
    }
  };
}

export const CONVERT_FUNCTIONS: FunctionTable = {
  tostring: unary('string', toStringOf),
  toint: unary('int', integral),
  tolong: unary('long', integral),
  toreal: unary('real', toNumberOf),
  todouble: unary('real', toNumberOf),
  tobool: unary('bool', toBoolOf),
  toboolean: unary('bool', toBoolOf),
  todatetime: unary('datetime', toDatetimeOf),
  totimespan: unary('timespan', toTimespanOf),
  todynamic: unary('dynamic', parseJson),
  toobject: unary('dynamic', parseJson),
  parse_json: unary('dynamic', parseJson),
};
