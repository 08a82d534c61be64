// mv-expand: one row per element of a dynamic array (or per entry of a property bag, as {key: value} or, with
// bagexpansion=array, [key, value]). Several columns expand in parallel, padding with null. A null value gives one
// row; an empty array or bag gives none. ARG caps rows per input row (RowLimit, default 128, at most 2,000).
import type { Column, KqlType } from './api';
import type { Operator } from './ast';
import { compileExpr } from './compile-scalar';
import { arraySchema, forEachRow, type QueryContext, readersOf, type Stage } from './frame';
import { deriveName } from './naming';
import { constantCount } from './op-basic';
import { castDynamic, type Evaluator, type Row } from './values';

type Op<K extends Operator['kind']> = Extract<Operator, { kind: K }>;

/** ARG's mv-expand row limits (docs/azure-facts.md §3; from ARG docs, not observed). */
export const MV_EXPAND_DEFAULT_LIMIT = 128;
export const MV_EXPAND_MAX_LIMIT = 2000;
/** The legacy `mvexpand`: "RowLimit max of 400. The default is 128." (ARG's query-language page). */
export const MVEXPAND_LEGACY_MAX_LIMIT = 400;

function elementsOf(v: unknown, bagAsArray: boolean): unknown[] {
  if (v === null || v === undefined) return [null];
  if (Array.isArray(v)) return v;
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }));
  }
  return [v];
}

export function compileMvExpand(input: Stage, op: Op<'mv-expand'>, ctx: QueryContext): Stage {
  const scope = { schema: input.schema, ctx };
  let limit = MV_EXPAND_DEFAULT_LIMIT;
  if (op.limit) {
    limit = constantCount(compileExpr(op.limit, scope), 'mv-expand limit', ctx, op.pos);
    const max = op.legacy ? MVEXPAND_LEGACY_MAX_LIMIT : MV_EXPAND_MAX_LIMIT;
    const name = op.legacy ? 'mvexpand' : 'mv-expand';
    if (limit > max) ctx.report.limit(`${name} limit ${limit} is above ARG's maximum of ${max}`, op.pos);
  }
  const columns: Column[] = input.schema.columns.map(({ name, type }) => ({ name, type }));
  const inputReaders = readersOf(input.schema);
  const targets: { at: number; ev: Evaluator; to?: KqlType }[] = [];
  for (const item of op.items) {
    const c = compileExpr(item.expr, scope);
    if (c.type !== 'dynamic')
      ctx.report.semantic(`mv-expand needs a dynamic array or property bag, not ${c.type}`, item.pos);
    const name = item.name ?? deriveName(item.expr);
    if (name === undefined)
      return ctx.report.semantic('mv-expand of an expression needs a name: Name = expression', item.pos);
    const type = item.toType ?? 'dynamic';
    let at = columns.findIndex((col) => col.name === name);
    if (at >= 0) columns[at] = { name, type };
    else at = columns.push({ name, type }) - 1;
    targets.push({ at, ev: c.ev, to: item.toType });
  }
  const indexAt = op.indexColumn === undefined ? -1 : columns.push({ name: op.indexColumn, type: 'long' }) - 1;
  const width = columns.length;
  const bagAsArray = op.bagAsArray;
  return {
    schema: arraySchema(columns),
    run: () => {
      const out: Row[] = [];
      forEachRow(input, (r) => {
        const base = new Array<unknown>(width);
        for (let j = 0; j < inputReaders.length; j++) base[j] = (inputReaders[j] as Evaluator)(r);
        const lists = targets.map((t) => elementsOf(t.ev(r), bagAsArray));
        const count = Math.min(limit, Math.max(...lists.map((l) => l.length)));
        for (let i = 0; i < count; i++) {
          const row = base.slice();
          targets.forEach((t, k) => {
            const v = (lists[k] as unknown[])[i];
            const value = v === undefined ? null : v;
            row[t.at] = t.to ? castDynamic(value, t.to) : value;
          });
          if (indexAt >= 0) row[indexAt] = i;
          out.push(row);
        }
      });
      return out;
    },
  };
}
