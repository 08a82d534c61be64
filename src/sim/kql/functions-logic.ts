// Conditional and emptiness functions: iff/iif, case, coalesce, isempty/isnotempty (notempty), isnull/isnotnull
// (notnull), not, and row_number over serialized rows.
import type { KqlType } from './api';
import type { CallContext, FunctionTable } from './functions-base';
import { type Compiled, converterTo, finish, isNumeric } from './values';

/**
 * The common type of iff/case/coalesce branches: a dynamic branch takes the other branches' type
 * (`iff(c, properties.a, '--')` is a string); numbers widen to real; other mixes are an error, as in Kusto.
 */
export function unifyTypes(values: Compiled[], call: CallContext): KqlType {
  const concrete = values.map((v) => v.type).filter((t) => t !== 'dynamic');
  if (concrete.length === 0) return 'dynamic';
  let type = concrete[0] as KqlType;
  for (const t of concrete) {
    if (t === type) continue;
    if (isNumeric(t) && isNumeric(type)) {
      type = t === 'real' || type === 'real' ? 'real' : 'long';
      continue;
    }
    call.report.semantic(
      `'${call.name}': all result arguments must have the same type (got ${type} and ${t})`,
      call.pos,
    );
  }
  return type;
}

function converted(c: Compiled, type: KqlType): (row: unknown) => unknown {
  if (c.type === type) return c.ev;
  const conv = converterTo(type, c.type);
  const ev = c.ev;
  return (row) => conv(ev(row));
}

/** Conditions must be bool: Kusto rejects a dynamic one ("A value of type bool expected"). */
function condition(c: Compiled, call: CallContext): (row: unknown) => unknown {
  if (c.type !== 'bool') call.report.semantic(`'${call.name}': a value of type bool expected, not ${c.type}`, call.pos);
  return c.ev;
}

function iff(args: Compiled[], call: CallContext): Compiled {
  const [c, a, b] = args as [Compiled, Compiled, Compiled];
  const type = unifyTypes([a, b], call);
  const test = condition(c, call);
  const then = converted(a, type);
  const other = converted(b, type);
  return finish(type, (row) => (test(row) === true ? then(row) : other(row)), args);
}

function caseFn(args: Compiled[], call: CallContext): Compiled {
  if (args.length % 2 === 0)
    call.report.semantic("'case' needs pairs of condition and value followed by an else value", call.pos);
  const values = args.filter((_, i) => i % 2 === 1 || i === args.length - 1);
  const type = unifyTypes(values, call);
  const tests: ((row: unknown) => unknown)[] = [];
  const results: ((row: unknown) => unknown)[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) {
    tests.push(condition(args[i] as Compiled, call));
    results.push(converted(args[i + 1] as Compiled, type));
  }
  const otherwise = converted(args[args.length - 1] as Compiled, type);
  return finish(
    type,
    (row) => {
      for (let i = 0; i < tests.length; i++) {
        if ((tests[i] as (row: unknown) => unknown)(row) === true)
          return (results[i] as (row: unknown) => unknown)(row);
      }
      return otherwise(row);
    },
    args,
  );
}

/** coalesce: the first value that is not null (for strings: not empty). */
function coalesce(args: Compiled[], call: CallContext): Compiled {
  const type = unifyTypes(args, call);
  const evs = args.map((a) => converted(a, type));
  return finish(
    type,
    (row) => {
      let v: unknown = type === 'string' ? '' : null;
      for (const ev of evs) {
        v = ev(row);
        if (v !== null && v !== '') return v;
      }
      return v;
    },
    args,
  );
}

function emptiness(args: Compiled[], test: (v: unknown) => boolean): Compiled {
  const a = args[0] as Compiled;
  const ev = a.ev;
  return finish('bool', (row) => test(ev(row)), args);
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

export const LOGIC_FUNCTIONS: FunctionTable = {
  iff: { min: 3, max: 3, impl: iff },
  iif: { min: 3, max: 3, impl: iff },
  case: { min: 3, max: 255, impl: caseFn },
  coalesce: { min: 2, max: 64, impl: coalesce },
  isempty: { min: 1, max: 1, impl: (args) => emptiness(args, isEmpty) },
  isnotempty: { min: 1, max: 1, impl: (args) => emptiness(args, (v) => !isEmpty(v)) },
  notempty: { min: 1, max: 1, impl: (args) => emptiness(args, (v) => !isEmpty(v)) },
  // A string is never null in KQL (only empty), so isnull('') is false.
  isnull: { min: 1, max: 1, impl: (args) => emptiness(args, (v) => v === null || v === undefined) },
  isnotnull: { min: 1, max: 1, impl: (args) => emptiness(args, (v) => v !== null && v !== undefined) },
  notnull: { min: 1, max: 1, impl: (args) => emptiness(args, (v) => v !== null && v !== undefined) },
  not: {
    min: 1,
    max: 1,
    impl: (args, call) => {
      const test = condition(args[0] as Compiled, call);
      return finish(
        'bool',
        (row) => {
          const v = test(row);
          return v === null ? null : !v;
        },
        args,
      );
    },
  },
  row_number: { min: 0, max: 2, impl: rowNumber },
};

/**
 * row_number([start [, restart]]): the row's position in a serialized row set (after sort, top or serialize), from
 * `start` (1), starting again at `start` on rows where `restart` is true. Counts the rows it is computed for, in order:
 * each stage runs once per query, so the counter starts fresh.
 */
function rowNumber(args: Compiled[], call: CallContext): Compiled {
  if (!call.serialized) {
    call.report.semantic(
      "Function 'row_number' cannot be invoked in current context: the row set must be serialized (sort, top or serialize first)",
      call.pos,
    );
  }
  const [start, restart] = args as [Compiled | undefined, Compiled | undefined];
  const first = start ? converterTo('long', start.type) : () => 1;
  const again = restart ? condition(restart, call) : () => false;
  let next: number | null = null;
  // Not folded into a constant even without arguments: every row gets its own number.
  return {
    type: 'long',
    ev: (row) => {
      const from = (first(start ? start.ev(row) : 1) as number | null) ?? 1;
      if (next === null || again(row) === true) next = from;
      return next++;
    },
  };
}
