// summarize: groups rows by the `by` values (hash map, one pass) and feeds each group's accumulators.
// Without `by` there is always exactly one output row, so `count()` over no rows is 0. An item may wrap aggregates in
// a scalar expression (`tostring(make_list(x))`): the expression is computed per group from the aggregates' results.

import type { Accumulator, AggregateBuild } from './aggregates';
import type { Column, KqlType } from './api';
import type { Assignment, Expr, Operator } from './ast';
import { compileExpr } from './compile-scalar';
import { arraySchema, forEachRow, type QueryContext, readersOf, type Stage } from './frame';
import { AGGREGATES, FUNCTIONS } from './functions';
import { UNSUPPORTED_FUNCTIONS } from './known-names';
import { deriveName, NameAllocator } from './naming';
import type { Compiled, Evaluator, Row } from './values';

const HIDDEN = '\u0000aggregate';

type Op<K extends Operator['kind']> = Extract<Operator, { kind: K }>;

interface Group {
  keys: unknown[];
  accs: Accumulator[];
}

function compileAggregate(item: Assignment, input: Stage, ctx: QueryContext, byNames: Set<string>): AggregateBuild {
  const { report } = ctx;
  const e = item.expr;
  if (e.kind !== 'call' || !AGGREGATES.has(e.name)) {
    if (e.kind === 'call' && UNSUPPORTED_FUNCTIONS.has(e.name))
      report.unsupported(`the aggregate function '${e.name}'`, e.pos);
    if (e.kind === 'call' && !FUNCTIONS.has(e.name))
      report.semantic(`Failed to resolve aggregate function named '${e.name}'`, e.pos);
    return report.semantic('a summarize item needs an aggregate function such as count() or make_list()', item.pos);
  }
  const spec = AGGREGATES.get(e.name);
  if (!spec) return report.semantic(`unknown aggregate '${e.name}'`, e.pos);
  if (e.args.length < spec.min || e.args.length > spec.max) {
    report.semantic(
      `aggregate '${e.name}' expects ${spec.min} to ${spec.max} argument(s), got ${e.args.length}`,
      e.pos,
    );
  }
  const scope = { schema: input.schema, ctx };
  const compiled = e.args.map((a) => (a.kind === 'star' ? undefined : compileExpr(a, scope)));
  return spec.build({
    name: e.name,
    args: e.args,
    compiled,
    input: input.schema.columns,
    readers: readersOf(input.schema),
    byNames,
    report,
    pos: e.pos,
  });
}

/** Strings are never null in KQL: an aggregate over no string values yields "". */
function emptyFor(type: KqlType): unknown {
  return type === 'string' ? '' : null;
}

export function compileSummarize(input: Stage, op: Op<'summarize'>, ctx: QueryContext): Stage {
  const scope = { schema: input.schema, ctx };
  const names = new NameAllocator();
  const columns: Column[] = [];
  const keyEvs: Evaluator[] = [];
  for (const item of op.by) {
    const c: Compiled = compileExpr(item.expr, scope);
    if (c.type === 'dynamic') {
      ctx.report.semantic('summarize cannot group by a dynamic value: convert it first, e.g. by tostring(…)', item.pos);
    }
    const name = item.name ?? deriveName(item.expr);
    columns.push({ name: name === undefined ? names.column() : names.unique(name), type: c.type });
    keyEvs.push(c.ev);
  }
  const byNames = new Set(columns.map((c) => c.name));
  const builds: AggregateBuild[] = [];
  /** Per output column after the keys: an aggregate's result (by index into the flat results) or a computed value. */
  const outputs: ({ result: number } | { ev: Evaluator })[] = [];
  let results = 0;
  const aggregateCall = (expr: Expr) => expr.kind === 'call' && AGGREGATES.has(expr.name);
  for (const item of op.aggregates) {
    if (!aggregateCall(item.expr) && containsAggregate(item.expr)) {
      const composite = compileComposite(item, input, ctx, byNames, keyEvs.length, results);
      builds.push(...composite.builds);
      results += composite.builds.length;
      const name = item.name ?? composite.name;
      columns.push({ name: name === undefined ? names.column() : names.unique(name), type: composite.type });
      outputs.push({ ev: composite.ev });
      continue;
    }
    const build = compileAggregate(item, input, ctx, byNames);
    build.columns.forEach((col, i) => {
      const explicit = i === 0 ? item.name : undefined;
      const name = explicit ?? col.name;
      columns.push({ name: name === undefined ? names.column() : names.unique(name), type: col.type });
      outputs.push({ result: results++ });
    });
    builds.push(build);
  }
  const aggTypes = builds.flatMap((b) => b.columns.map((c) => c.type));
  const nKeys = keyEvs.length;
  return {
    schema: arraySchema(columns),
    run: () => {
      const groups: Group[] = [];
      const newGroup = (keys: unknown[]): Group => {
        const g = { keys, accs: builds.map((b) => b.create()) };
        groups.push(g);
        return g;
      };
      const find = groupFinder(keyEvs, newGroup);
      forEachRow(input, (r) => {
        const accs = find(r).accs;
        for (let j = 0; j < accs.length; j++) (accs[j] as Accumulator).add(r);
      });
      if (nKeys === 0 && groups.length === 0) newGroup([]);
      return groups.map((g) => {
        const values = [...g.keys, ...g.accs.flatMap((a) => a.result())];
        for (let j = nKeys; j < values.length; j++) {
          if (values[j] === null) values[j] = emptyFor(aggTypes[j - nKeys] as KqlType);
        }
        return [...g.keys, ...outputs.map((o) => ('ev' in o ? o.ev(values) : values[nKeys + o.result]))];
      });
    },
  };
}

/**
 * Finds (or creates) a row's group through one Map level per `by` key: no key strings are built per row.
 * `by` values are never dynamic, so they are primitives that a Map compares by value.
 */
function groupFinder(keyEvs: Evaluator[], newGroup: (keys: unknown[]) => Group): (row: Row) => Group {
  const n = keyEvs.length;
  if (n === 0) {
    let only: Group | undefined;
    return () => {
      if (!only) only = newGroup([]);
      return only;
    };
  }
  const root = new Map<unknown, unknown>();
  const values = new Array<unknown>(n);
  return (row) => {
    let level = root;
    for (let j = 0; j < n - 1; j++) {
      const v = (keyEvs[j] as Evaluator)(row);
      values[j] = v;
      let next = level.get(v) as Map<unknown, unknown> | undefined;
      if (!next) {
        next = new Map();
        level.set(v, next);
      }
      level = next;
    }
    const last = (keyEvs[n - 1] as Evaluator)(row);
    let group = level.get(last) as Group | undefined;
    if (!group) {
      values[n - 1] = last;
      group = newGroup(values.slice());
      level.set(last, group);
    }
    return group;
  };
}

function containsAggregate(e: Expr): boolean {
  switch (e.kind) {
    case 'call':
      return AGGREGATES.has(e.name) || e.args.some(containsAggregate);
    case 'member':
      return containsAggregate(e.target);
    case 'index':
      return containsAggregate(e.target) || containsAggregate(e.index);
    case 'unary':
      return containsAggregate(e.operand);
    case 'binary':
      return containsAggregate(e.left) || containsAggregate(e.right);
    case 'in':
      return containsAggregate(e.left) || e.items.some(containsAggregate);
    case 'between':
      return containsAggregate(e.left) || containsAggregate(e.low) || containsAggregate(e.high);
    default:
      return false;
  }
}

/** `e` with each aggregate call replaced by a name the composite's scope resolves to that aggregate's result. */
function replaceAggregates(e: Expr, found: Extract<Expr, { kind: 'call' }>[]): Expr {
  switch (e.kind) {
    case 'call':
      if (AGGREGATES.has(e.name)) {
        found.push(e);
        return { kind: 'name', name: `${HIDDEN}${found.length - 1}`, pos: e.pos };
      }
      return { ...e, args: e.args.map((a) => replaceAggregates(a, found)) };
    case 'member':
      return { ...e, target: replaceAggregates(e.target, found) };
    case 'index':
      return { ...e, target: replaceAggregates(e.target, found), index: replaceAggregates(e.index, found) };
    case 'unary':
      return { ...e, operand: replaceAggregates(e.operand, found) };
    case 'binary':
      return { ...e, left: replaceAggregates(e.left, found), right: replaceAggregates(e.right, found) };
    case 'in':
      return { ...e, left: replaceAggregates(e.left, found), items: e.items.map((i) => replaceAggregates(i, found)) };
    case 'between':
      return {
        ...e,
        left: replaceAggregates(e.left, found),
        low: replaceAggregates(e.low, found),
        high: replaceAggregates(e.high, found),
      };
    default:
      return e;
  }
}

/**
 * `tostring(make_list(x))`, `count() * 2`: builds one accumulator per aggregate inside, and compiles the expression
 * over a group's values row (keys first, then every aggregate result; `first` is this item's first result).
 * The expression reads only aggregates (a `by` column outside an aggregate is refused, as Kusto refuses it).
 */
function compileComposite(
  item: Assignment,
  input: Stage,
  ctx: QueryContext,
  byNames: Set<string>,
  nKeys: number,
  first: number,
): { builds: AggregateBuild[]; ev: Evaluator; type: KqlType; name?: string } {
  const found: Extract<Expr, { kind: 'call' }>[] = [];
  const rewritten = replaceAggregates(item.expr, found);
  const builds = found.map((call) => {
    const build = compileAggregate({ expr: call, pos: call.pos }, input, ctx, byNames);
    if (build.columns.length !== 1)
      ctx.report.unsupported(`'${call.name}' inside an expression`, call.pos, 'it yields several columns');
    return build;
  });
  const slots: Column[] = [];
  for (let i = 0; i < nKeys + first; i++) slots.push({ name: `\u0000unused${i}`, type: 'dynamic' });
  builds.forEach((b, k) => {
    slots.push({ name: `${HIDDEN}${k}`, type: b.columns[0]?.type ?? 'dynamic' });
  });
  const compiled = compileExpr(rewritten, { schema: arraySchema(slots), ctx });
  // Named like Kusto names it: `tostring(make_list(x))` after its aggregate (`list_x`), otherwise `ColumnN`.
  const derived = deriveName(rewritten);
  const k = derived?.startsWith(HIDDEN) ? Number(derived.slice(HIDDEN.length)) : -1;
  return { builds, ev: compiled.ev, type: compiled.type, name: k >= 0 ? builds[k]?.columns[0]?.name : derived };
}
