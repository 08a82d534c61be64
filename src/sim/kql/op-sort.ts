// order by / sort by and top: descending by default, nulls last when descending and first when ascending;
// keys are computed once per row, and the sort is stable (sort-order.ts orders positions, not decorated rows).
import type { KqlType } from './api';
import type { Operator, SortKey } from './ast';
import { compileExpr } from './compile-scalar';
import { forEachRow, type OrderedRows, type QueryContext, type Stage } from './frame';
import { constantCount } from './op-basic';
import { type KeyColumn, orderPositions } from './sort-order';
import type { Evaluator, Row } from './values';

type Op<K extends Operator['kind']> = Extract<Operator, { kind: K }>;

/** Key types whose values are numbers or null: kept unboxed, null as NaN (which sorts as null does). */
const NUMERIC_KEYS = new Set<KqlType>(['int', 'long', 'real', 'datetime', 'timespan']);

/** Computes the keys once per row while collecting the rows; orders positions (sort-order.ts). */
function sorter(input: Stage, keys: SortKey[], ctx: QueryContext): (lazyTies: boolean) => OrderedRows {
  const scope = { schema: input.schema, ctx };
  const compiled = keys.map((key) => ({ key, c: compileExpr(key.expr, scope) }));
  const evs = compiled.map(({ c }) => c.ev);
  const n = evs.length;
  return (lazyTies) => {
    const rows: Row[] = [];
    const columns: KeyColumn[] = compiled.map(({ key, c }) => ({
      key,
      type: c.type,
      values: [],
      kind: NUMERIC_KEYS.has(c.type) ? 'number' : c.type === 'string' ? 'string' : 'other',
    }));
    forEachRow(input, (row) => {
      rows.push(row);
      for (let k = 0; k < n; k++) {
        const column = columns[k] as KeyColumn;
        let v = (evs[k] as Evaluator)(row);
        if (column.kind === 'number') {
          if (v === null) v = Number.NaN;
          else if (typeof v !== 'number') column.kind = 'other';
        } else if (column.kind === 'string' && typeof v !== 'string') {
          column.kind = 'other';
        }
        column.values.push(v);
      }
    });
    return { rows, ...orderPositions(rows.length, columns, lazyTies) };
  };
}

function inOrder({ rows, order }: OrderedRows): Row[] {
  const out = new Array<Row>(order.length);
  for (let i = 0; i < order.length; i++) out[i] = rows[order[i] as number];
  return out;
}

export function compileSort(input: Stage, op: Op<'sort'>, ctx: QueryContext): Stage {
  const sort = sorter(input, op.keys, ctx);
  return { schema: input.schema, run: () => inOrder(sort(false)), ordered: () => sort(true) };
}

export function compileTop(input: Stage, op: Op<'top'>, ctx: QueryContext): Stage {
  const n = constantCount(compileExpr(op.count, { schema: input.schema, ctx }), 'top', ctx, op.pos);
  ctx.usesLimit = true;
  const sort = sorter(input, op.keys, ctx);
  return { schema: input.schema, run: () => inOrder(sort(false)).slice(0, n) };
}
