// extend: new values go into new slots of the row array. From scanned objects a row becomes [object, …values];
// array rows are owned by this query (every array-producing stage makes fresh ones) and are extended in place.
// A column no later operator reads (liveness.ts) is typed and checked but never computed.
import type { Operator } from './ast';
import { compileExpr } from './compile-scalar';
import { forEachRow, type QueryContext, type SchemaColumn, type Stage, streamingStage } from './frame';
import { isNeeded, type Needed } from './liveness';
import { deriveName, NameAllocator } from './naming';
import { compileProject, projectItems } from './op-basic';
import type { Evaluator, Row } from './values';

type Op<K extends Operator['kind']> = Extract<Operator, { kind: K }>;

export function compileExtend(input: Stage, op: Op<'extend'>, ctx: QueryContext, needed?: Needed): Stage {
  const scope = { schema: input.schema, ctx };
  const fromObjects = input.schema.layout === 'object';
  const columns: SchemaColumn[] = input.schema.columns.map((c, i) =>
    fromObjects ? { name: c.name, type: c.type, slot: 0, key: c.key ?? c.name } : { ...c, slot: c.slot ?? i },
  );
  let width = fromObjects ? 1 : input.schema.width;
  const names = new NameAllocator(columns.map((c) => c.name));
  const slots: number[] = [];
  const evs: Evaluator[] = [];
  for (const item of op.items) {
    const c = compileExpr(item.expr, scope);
    const name = item.name ?? deriveName(item.expr) ?? names.column();
    const at = columns.findIndex((col) => col.name === name);
    const existing = at >= 0 ? columns[at] : undefined;
    // Overwrite a slot only when it holds that column alone (not a scanned object, not a column projected twice).
    const shared = columns.some((other, k) => k !== at && other.slot === existing?.slot);
    const slot =
      existing && existing.key === undefined && !fromObjects && !shared ? (existing.slot as number) : width++;
    const col = { name, type: c.type, slot };
    if (at >= 0) columns[at] = col;
    else columns.push({ ...col, name: names.take(name) });
    if (!isNeeded(needed, name)) continue;
    slots.push(slot);
    evs.push(c.ev);
  }
  const schema = { columns, layout: 'array' as const, width };
  return streamingStage(schema, fromObjects ? wrapObjects(input, slots, evs, width) : extendInPlace(input, slots, evs));
}

function wrapObjects(input: Stage, slots: number[], evs: Evaluator[], width: number) {
  const n = evs.length;
  return (emit: (row: Row) => void) =>
    forEachRow(input, (r) => {
      const a = new Array<unknown>(width);
      a[0] = r;
      for (let j = 0; j < n; j++) a[slots[j] as number] = (evs[j] as Evaluator)(r);
      emit(a);
    });
}

function extendInPlace(input: Stage, slots: number[], evs: Evaluator[]) {
  const n = evs.length;
  const values = new Array<unknown>(n);
  return (emit: (row: Row) => void) =>
    forEachRow(input, (row) => {
      const r = row as unknown[];
      // Evaluate everything before writing: items read the input columns, which a write may replace.
      for (let j = 0; j < n; j++) values[j] = (evs[j] as Evaluator)(r);
      for (let j = 0; j < n; j++) r[slots[j] as number] = values[j];
      emit(r);
    });
}

/**
 * `project` for a query that only selects rows (run.ts evaluates the columns of each output row later, from its
 * table row): the columns still read later are computed into new slots of the row in place, so every row keeps its
 * table row (in slot 0, or as the row itself).
 */
export function compileProjectInPlace(input: Stage, op: Op<'project'>, ctx: QueryContext, needed?: Needed): Stage {
  const items = projectItems(op.items, input.schema, ctx);
  if (items.every((i) => i.sourceIndex >= 0)) return compileProject(input, op, ctx, needed);
  const fromObjects = input.schema.layout === 'object';
  let width = fromObjects ? 1 : input.schema.width;
  const unused = width++;
  const slots: number[] = [];
  const evs: Evaluator[] = [];
  const columns: SchemaColumn[] = items.map((item) => {
    const source = input.schema.columns[item.sourceIndex];
    if (source) {
      if (fromObjects) return { name: item.name, type: source.type, slot: 0, key: source.key ?? source.name };
      return { name: item.name, type: source.type, slot: source.slot ?? item.sourceIndex, key: source.key };
    }
    if (!isNeeded(needed, item.name)) return { name: item.name, type: item.compiled.type, slot: unused };
    slots.push(width);
    evs.push(item.compiled.ev);
    return { name: item.name, type: item.compiled.type, slot: width++ };
  });
  const schema = { columns, layout: 'array' as const, width };
  return streamingStage(schema, fromObjects ? wrapObjects(input, slots, evs, width) : extendInPlace(input, slots, evs));
}
