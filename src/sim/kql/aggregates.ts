// Aggregation functions for summarize: count, countif, dcount(if), sum(if), avg(if), min(if), max(if), make_set, make_list,
// take_any/any, arg_max, arg_min. Each builds output columns and a per-group accumulator.
import type { Column, KqlType } from './api';
import type { Expr } from './ast';
import type { Reporter } from './errors';
import { deriveName } from './naming';
import { type Compiled, type Evaluator, isNumeric, type Row, toDynamicOf, toNumberOf } from './values';

export interface Accumulator {
  add(row: Row): void;
  result(): unknown[];
}

/** Output columns carry the name KQL would give them (undefined → `ColumnN`), before clash resolution. */
export interface AggregateBuild {
  columns: { name?: string; type: KqlType }[];
  create: () => Accumulator;
}

export interface AggregateContext {
  name: string;
  args: Expr[];
  compiled: (Compiled | undefined)[];
  input: Column[];
  readers: Evaluator[];
  /** Output names of the `by` columns: `*` does not repeat them. */
  byNames: Set<string>;
  report: Reporter;
  pos: number;
}

export interface AggregateSpec {
  min: number;
  max: number;
  build: (ctx: AggregateContext) => AggregateBuild;
}

export function arg(ctx: AggregateContext, i: number): Compiled {
  const c = ctx.compiled[i];
  if (!c) return ctx.report.semantic(`'*' is not allowed as argument ${i + 1} of '${ctx.name}'`, ctx.pos);
  return c;
}

function named(prefix: string, ctx: AggregateContext): string {
  const inner = ctx.args[0] ? deriveName(ctx.args[0]) : undefined;
  return `${prefix}_${inner ?? ''}`;
}

function predicate(ctx: AggregateContext, i: number): Evaluator {
  const c = arg(ctx, i);
  if (c.type !== 'bool') ctx.report.semantic(`'${ctx.name}': a value of type bool expected, not ${c.type}`, ctx.pos);
  return c.ev;
}

function counting(withPredicate: boolean, prefix: string): AggregateSpec {
  return {
    min: withPredicate ? 1 : 0,
    max: withPredicate ? 1 : 0,
    build: (ctx) => {
      const test = withPredicate ? predicate(ctx, 0) : undefined;
      return {
        columns: [{ name: `${prefix}_`, type: 'long' }],
        create: () => {
          let n = 0;
          return {
            add: test ? (row) => void (test(row) === true && n++) : () => void n++,
            result: () => [n],
          };
        },
      };
    },
  };
}

function numericArg(ctx: AggregateContext): (row: Row) => number | null {
  const c = arg(ctx, 0);
  if (!isNumeric(c.type) && c.type !== 'timespan') {
    ctx.report.semantic(
      `'${ctx.name}' needs a numeric argument, not ${c.type} (convert with toreal()/tolong())`,
      ctx.pos,
    );
  }
  return c.ev as (row: Row) => number | null;
}

function summing(kind: 'sum' | 'avg', withPredicate: boolean): AggregateSpec {
  return {
    min: withPredicate ? 2 : 1,
    max: withPredicate ? 2 : 1,
    build: (ctx) => {
      const value = numericArg(ctx);
      const test = withPredicate ? predicate(ctx, 1) : () => true;
      const type = arg(ctx, 0).type;
      const outType: KqlType =
        kind === 'avg' ? (type === 'timespan' ? 'timespan' : 'real') : type === 'int' ? 'long' : type;
      return {
        columns: [{ name: named(`${kind}${withPredicate ? 'if' : ''}`, ctx), type: outType }],
        create: () => {
          let total = 0;
          let n = 0;
          return {
            add: (row) => {
              if (test(row) !== true) return;
              const v = value(row);
              if (v === null || Number.isNaN(v)) return;
              total += v;
              n++;
            },
            // Empty groups give null (unverified against Kusto, which may report 0 for sum).
            result: () => [n === 0 ? null : kind === 'sum' ? total : total / n],
          };
        },
      };
    },
  };
}

function compareValues(a: unknown, b: unknown): number {
  return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
}

/** min/max, and minif/maxif: the same over the rows whose predicate (second argument) is true. */
function extreme(sign: 1 | -1, withPredicate = false): AggregateSpec {
  return {
    min: withPredicate ? 2 : 1,
    max: withPredicate ? 2 : 1,
    build: (ctx) => {
      const c = arg(ctx, 0);
      if (c.type === 'dynamic')
        ctx.report.semantic(`'${ctx.name}' needs an orderable argument: convert the dynamic value`, ctx.pos);
      const test = withPredicate ? predicate(ctx, 1) : () => true;
      return {
        columns: [{ name: named(`${sign > 0 ? 'max' : 'min'}${withPredicate ? 'if' : ''}`, ctx), type: c.type }],
        create: () => {
          let best: unknown = null;
          return {
            add: (row) => {
              if (test(row) !== true) return;
              const v = c.ev(row);
              if (v === null || v === '') return;
              if (best === null || compareValues(v, best) * sign > 0) best = v;
            },
            result: () => [best],
          };
        },
      };
    },
  };
}

function dynamicKey(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? `\u0000${JSON.stringify(v)}` : v;
}

function distinctCount(withPredicate: boolean): AggregateSpec {
  return {
    min: withPredicate ? 2 : 1,
    max: withPredicate ? 3 : 2,
    build: (ctx) => {
      const value = arg(ctx, 0).ev;
      const test = withPredicate ? predicate(ctx, 1) : () => true;
      return {
        columns: [{ name: named(withPredicate ? 'dcountif' : 'dcount', ctx), type: 'long' }],
        create: () => {
          const seen = new Set<unknown>();
          return {
            add: (row) => {
              if (test(row) !== true) return;
              const v = value(row);
              if (v !== null) seen.add(dynamicKey(v));
            },
            result: () => [seen.size],
          };
        },
      };
    },
  };
}

function collecting(distinct: boolean): AggregateSpec {
  return {
    min: 1,
    max: 2,
    build: (ctx) => {
      const c = arg(ctx, 0);
      const conv = toDynamicOf(c.type);
      const limitArg = ctx.compiled[1];
      const limit = limitArg?.constant ? (toNumberOf(limitArg.type)(limitArg.value) ?? 1_048_576) : 1_048_576;
      return {
        columns: [{ name: named(distinct ? 'set' : 'list', ctx), type: 'dynamic' }],
        create: () => {
          const items: unknown[] = [];
          const seen = distinct ? new Set<unknown>() : undefined;
          return {
            add: (row) => {
              if (items.length >= limit) return;
              const v = c.ev(row);
              if (v === null) return;
              if (seen) {
                const k = dynamicKey(v);
                if (seen.has(k)) return;
                seen.add(k);
              }
              items.push(conv(v));
            },
            result: () => [items],
          };
        },
      };
    },
  };
}

export const BASIC_AGGREGATES: Record<string, AggregateSpec> = {
  count: counting(false, 'count'),
  countif: counting(true, 'countif'),
  dcount: distinctCount(false),
  dcountif: distinctCount(true),
  sum: summing('sum', false),
  sumif: summing('sum', true),
  avg: summing('avg', false),
  avgif: summing('avg', true),
  min: extreme(-1),
  max: extreme(1),
  minif: extreme(-1, true),
  maxif: extreme(1, true),
  make_set: collecting(true),
  make_list: collecting(false),
  // The deprecated spellings Microsoft's Backup Explorer workbook still uses.
  makeset: collecting(true),
  makelist: collecting(false),
};
