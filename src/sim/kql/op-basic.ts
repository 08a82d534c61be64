// Row-wise operators: where, project, project-away, project-rename (all streaming), take/limit, count, distinct.
// Filtering, picking and renaming columns never copy rows. extend is in op-extend.ts.
import type { Assignment, NamePattern, Operator } from './ast';
import { compileExpr, compilePredicate } from './compile-scalar';
import {
  arraySchema,
  columnIndex,
  forEachRow,
  type QueryContext,
  readersOf,
  remapSchema,
  type Schema,
  type SchemaColumn,
  type Stage,
  streamingStage,
} from './frame';
import { isNeeded, type Needed } from './liveness';
import { deriveName, NameAllocator } from './naming';
import { type Compiled, dynamicToString, type Evaluator, type Row, toNumberOf } from './values';

type Op<K extends Operator['kind']> = Extract<Operator, { kind: K }>;

export function compileWhere(input: Stage, op: Op<'where'>, ctx: QueryContext): Stage {
  const test = compilePredicate(op.predicate, { schema: input.schema, ctx });
  return streamingStage(input.schema, (emit) =>
    forEachRow(input, (r) => {
      if (test(r)) emit(r);
    }),
  );
}

/** Evaluates each output column (undefined: not needed) per input row into a new positional row. */
function mapRows(input: Stage, schema: Schema, columns: (Evaluator | undefined)[]): Stage {
  const n = columns.length;
  const slots = columns.flatMap((ev, j) => (ev ? [j] : []));
  const evs = columns.filter((ev): ev is Evaluator => ev !== undefined);
  const m = evs.length;
  return streamingStage(schema, (emit) =>
    forEachRow(input, (r) => {
      const a = new Array<unknown>(n);
      for (let k = 0; k < m; k++) a[slots[k] as number] = (evs[k] as Evaluator)(r);
      emit(a);
    }),
  );
}

/** The same rows under another schema (picking, renaming columns). */
function sameRows(input: Stage, schema: Schema): Stage {
  const stage: Stage = { schema, run: input.run };
  if (input.each) stage.each = input.each;
  return stage;
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

/** A column nobody reads later is not computed (its slot stays empty). */
export function compileProject(input: Stage, op: Op<'project'>, ctx: QueryContext, needed?: Needed): Stage {
  const items = projectItems(op.items, input.schema, ctx);
  if (items.every((i) => i.sourceIndex >= 0)) {
    // Only picking and renaming columns: same rows, new schema.
    const picks = items.map((i) => ({ index: i.sourceIndex, name: i.name }));
    return sameRows(input, remapSchema(input.schema, picks));
  }
  const columns = items.map((i) => ({ name: i.name, type: i.compiled.type }));
  return mapRows(
    input,
    arraySchema(columns),
    items.map((i) => (isNeeded(needed, i.name) ? i.compiled.ev : undefined)),
  );
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
  return sameRows(input, remapSchema(input.schema, picks));
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
  const run = () => {
    let n = 0;
    forEachRow(input, () => {
      n++;
    });
    return [[n]];
  };
  return { schema: arraySchema([{ name: 'Count', type: 'long' }]), run };
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
      forEachRow(input, (r) => {
        const values = evs.map((e) => e(r));
        const key = tupleKey(values);
        if (seen.has(key)) return;
        seen.add(key);
        out.push(values);
      });
      return out;
    },
  };
}
