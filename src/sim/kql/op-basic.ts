// Row-wise operators: where (streams over the input rows), extend, project, project-away, project-rename,
// take/limit, count, distinct. Filtering, picking and renaming columns never copy rows.
import type { Assignment, NamePattern, Operator } from './ast';
import { compileExpr, compilePredicate } from './compile-scalar';
import {
  arraySchema,
  columnIndex,
  type QueryContext,
  readersOf,
  remapSchema,
  type Schema,
  type SchemaColumn,
  type Stage,
} from './frame';
import { deriveName, NameAllocator } from './naming';
import { type Compiled, dynamicToString, type Evaluator, type Row, toNumberOf } from './values';

type Op<K extends Operator['kind']> = Extract<Operator, { kind: K }>;

export function compileWhere(input: Stage, op: Op<'where'>, ctx: QueryContext): Stage {
  const test = compilePredicate(op.predicate, { schema: input.schema, ctx });
  return {
    schema: input.schema,
    run: () => {
      const rows = input.run();
      const out: Row[] = [];
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        if (test(r)) out.push(r);
      }
      return out;
    },
  };
}

/** Evaluates each output column per input row into a new positional row. */
function mapRows(input: Stage, evs: Evaluator[]): () => Row[] {
  const n = evs.length;
  return () => {
    const rows = input.run();
    const out = new Array<Row>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const a = new Array<unknown>(n);
      for (let j = 0; j < n; j++) a[j] = (evs[j] as Evaluator)(r);
      out[i] = a;
    }
    return out;
  };
}

/**
 * extend: new values go into new slots of the row array. From scanned objects a row becomes [object, …values];
 * array rows are owned by this query (every array-producing stage makes fresh ones) and are extended in place.
 */
export function compileExtend(input: Stage, op: Op<'extend'>, ctx: QueryContext): Stage {
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
    slots.push(slot);
    evs.push(c.ev);
  }
  const n = evs.length;
  const total = width;
  const run = fromObjects
    ? () => {
        const rows = input.run();
        const out = new Array<Row>(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i];
          const a = new Array<unknown>(total);
          a[0] = r;
          for (let j = 0; j < n; j++) a[slots[j] as number] = (evs[j] as Evaluator)(r);
          out[i] = a;
        }
        return out;
      }
    : () => {
        const rows = input.run();
        const values = new Array<unknown>(n);
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i] as unknown[];
          // Evaluate everything before writing: items read the input columns, which a write may replace.
          for (let j = 0; j < n; j++) values[j] = (evs[j] as Evaluator)(r);
          for (let j = 0; j < n; j++) r[slots[j] as number] = values[j];
        }
        return rows;
      };
  return { schema: { columns, layout: 'array', width: total }, run };
}

interface Projected {
  name: string;
  compiled: Compiled;
  sourceIndex: number;
}

/** Names and compiles project/distinct items: explicit names must be unique, derived ones get `1`, `2` suffixes. */
export function projectItems(items: Assignment[], input: Schema, ctx: QueryContext): Projected[] {
  const scope = { schema: input, ctx };
  const names = new NameAllocator();
  return items.map((item) => {
    const compiled = compileExpr(item.expr, scope);
    let name: string;
    if (item.name !== undefined) {
      if (names.has(item.name)) ctx.report.semantic(`duplicate column name '${item.name}' in the output`, item.pos);
      name = names.take(item.name);
    } else {
      const derived = deriveName(item.expr);
      name = derived === undefined ? names.column() : names.unique(derived);
    }
    const sourceIndex = item.expr.kind === 'name' ? columnIndex(input, item.expr.name) : -1;
    return { name, compiled, sourceIndex };
  });
}

export function compileProject(input: Stage, op: Op<'project'>, ctx: QueryContext): Stage {
  const items = projectItems(op.items, input.schema, ctx);
  if (items.every((i) => i.sourceIndex >= 0)) {
    // Only picking and renaming columns: same rows, new schema.
    const picks = items.map((i) => ({ index: i.sourceIndex, name: i.name }));
    return { schema: remapSchema(input.schema, picks), run: input.run };
  }
  const columns = items.map((i) => ({ name: i.name, type: i.compiled.type }));
  return {
    schema: arraySchema(columns),
    run: mapRows(
      input,
      items.map((i) => i.compiled.ev),
    ),
  };
}

function matcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return (name) => re.test(name);
}

/** Keeps the input columns at `keep` (in that order), renamed to `names`: same rows, new schema. */
function selectColumns(input: Stage, keep: number[], names: string[]): Stage {
  const picks = keep.map((index, j) => ({ index, name: names[j] as string }));
  return { schema: remapSchema(input.schema, picks), run: input.run };
}

export function compileProjectAway(input: Stage, op: Op<'project-away'>, ctx: QueryContext): Stage {
  const cols = input.schema.columns;
  const drop = new Set<number>();
  for (const p of op.columns as NamePattern[]) {
    const match = matcher(p.pattern);
    const hits = cols.map((c, i) => (match(c.name) ? i : -1)).filter((i) => i >= 0);
    if (hits.length === 0 && !p.pattern.includes('*'))
      ctx.report.semantic(`Failed to resolve column named '${p.pattern}'`, p.pos);
    for (const h of hits) drop.add(h);
  }
  const keep = cols.map((_, i) => i).filter((i) => !drop.has(i));
  return selectColumns(
    input,
    keep,
    keep.map((i) => (cols[i] as SchemaColumn).name),
  );
}

export function compileProjectRename(input: Stage, op: Op<'project-rename'>, ctx: QueryContext): Stage {
  const cols = input.schema.columns;
  const names = cols.map((c) => c.name);
  for (const r of op.renames) {
    const at = columnIndex(input.schema, r.from);
    if (at < 0) ctx.report.semantic(`Failed to resolve column named '${r.from}'`, r.pos);
    names[at] = r.to;
  }
  if (new Set(names).size !== names.length)
    ctx.report.semantic('project-rename would produce duplicate column names', op.pos);
  return selectColumns(
    input,
    cols.map((_, i) => i),
    names,
  );
}

export function constantCount(c: Compiled, what: string, ctx: QueryContext, pos: number): number {
  const n = c.constant ? toNumberOf(c.type)(c.value) : null;
  if (n === null || n < 0 || !Number.isFinite(n))
    return ctx.report.semantic(`${what} needs a constant, non-negative number of rows`, pos);
  return Math.floor(n);
}

export function compileTake(input: Stage, op: Op<'take'>, ctx: QueryContext): Stage {
  const n = constantCount(compileExpr(op.count, { schema: input.schema, ctx }), 'take', ctx, op.pos);
  ctx.usesLimit = true;
  return { schema: input.schema, run: () => input.run().slice(0, n) };
}

export function compileCount(input: Stage): Stage {
  return { schema: arraySchema([{ name: 'Count', type: 'long' }]), run: () => [[input.run().length]] };
}

function keyPart(v: unknown): string {
  if (typeof v === 'string') return `s${v}`;
  if (v === null || v === undefined) return 'n';
  return typeof v === 'object' ? `j${JSON.stringify(v)}` : `v${dynamicToString(v)}`;
}

/** A map key for a tuple of values (distinct, summarize by, join keys). */
export function tupleKey(values: unknown[]): string {
  let key = '';
  for (const v of values) key += `${keyPart(v)}\u0001`;
  return key;
}

export function compileDistinct(input: Stage, op: Op<'distinct'>, ctx: QueryContext): Stage {
  const star = op.items.length === 1 && op.items[0]?.expr.kind === 'star';
  const items = star
    ? input.schema.columns.map((c, i) => ({ name: c.name, ev: readersOf(input.schema)[i] as Evaluator, type: c.type }))
    : projectItems(op.items, input.schema, ctx).map((i) => ({
        name: i.name,
        ev: i.compiled.ev,
        type: i.compiled.type,
      }));
  const evs = items.map((i) => i.ev);
  return {
    schema: arraySchema(items.map(({ name, type }) => ({ name, type }))),
    run: () => {
      const seen = new Set<string>();
      const out: Row[] = [];
      for (const r of input.run()) {
        const values = evs.map((e) => e(r));
        const key = tupleKey(values);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(values);
      }
      return out;
    },
  };
}
