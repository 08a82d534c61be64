// order by / sort by and top: descending by default, nulls last when descending and first when ascending;
// keys are computed once per row, and the sort is stable.
import type { KqlType } from './api';
import type { Operator, SortKey } from './ast';
import { compileExpr } from './compile-scalar';
import type { QueryContext, Stage } from './frame';
import { constantCount } from './op-basic';
import { dynamicToString, type Evaluator, type Row } from './values';

type Op<K extends Operator['kind']> = Extract<Operator, { kind: K }>;
type Compare = (a: unknown, b: unknown) => number;

function baseCompare(type: KqlType): Compare {
  if (type === 'dynamic') {
    return (a, b) => {
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      const x = dynamicToString(a);
      const y = dynamicToString(b);
      return x < y ? -1 : x > y ? 1 : 0;
    };
  }
  if (type === 'bool') return (a, b) => Number(a) - Number(b);
  if (type === 'string') return (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);
  return (a, b) => (a as number) - (b as number);
}

function keyCompare(type: KqlType, key: SortKey): Compare {
  const base = baseCompare(type);
  const dir = key.desc ? -1 : 1;
  const nullRank = key.nullsFirst ? -1 : 1;
  return (a, b) => {
    const an = a === null || (typeof a === 'number' && Number.isNaN(a));
    const bn = b === null || (typeof b === 'number' && Number.isNaN(b));
    if (an || bn) return an && bn ? 0 : an ? nullRank : -nullRank;
    return dir * base(a, b);
  };
}

function sorter(input: Stage, keys: SortKey[], ctx: QueryContext): (rows: Row[]) => Row[] {
  const scope = { schema: input.schema, ctx };
  const evs: Evaluator[] = [];
  const compares: Compare[] = [];
  for (const key of keys) {
    const c = compileExpr(key.expr, scope);
    evs.push(c.ev);
    compares.push(keyCompare(c.type, key));
  }
  const n = evs.length;
  return (rows) => {
    const decorated = rows.map((row) => ({ row, keys: evs.map((e) => e(row)) }));
    decorated.sort((x, y) => {
      for (let i = 0; i < n; i++) {
        const d = (compares[i] as Compare)(x.keys[i], y.keys[i]);
        if (d !== 0) return d;
      }
      return 0;
    });
    return decorated.map((d) => d.row);
  };
}

export function compileSort(input: Stage, op: Op<'sort'>, ctx: QueryContext): Stage {
  const sort = sorter(input, op.keys, ctx);
  return { schema: input.schema, run: () => sort(input.run()) };
}

export function compileTop(input: Stage, op: Op<'top'>, ctx: QueryContext): Stage {
  const n = constantCount(compileExpr(op.count, { schema: input.schema, ctx }), 'top', ctx, op.pos);
  ctx.usesLimit = true;
  const sort = sorter(input, op.keys, ctx);
  return { schema: input.schema, run: () => sort(input.run()).slice(0, n) };
}
