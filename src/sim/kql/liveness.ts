// Which columns later operators of a pipeline read, so `extend` and `project` skip computing a column nobody reads:
// the bot's job queries extend ~15 columns (splits of ids included) and a count by 4 of them needs only a few.
// Conservative: any name in an expression counts as read, and operators not modelled here read every column.
import type { Expr, Operator } from './ast';
import { deriveName, projectOutputNames } from './naming';

/** The column names read downstream of an operator, or 'all'. */
export type Needed = ReadonlySet<string> | 'all';

/** True when `name` may be read downstream. */
export function isNeeded(needed: Needed | undefined, name: string): boolean {
  return needed === undefined || needed === 'all' || needed.has(name);
}

/** Adds the names `e` reads to `out`; false when it reads every column (`*`). */
function addNames(e: Expr, out: Set<string>): boolean {
  switch (e.kind) {
    case 'name':
      out.add(e.name);
      return true;
    case 'star':
      return false;
    case 'literal':
    case 'dynamic':
      return true;
    case 'member':
      return addNames(e.target, out);
    case 'index':
      return addNames(e.target, out) && addNames(e.index, out);
    case 'call':
      return e.args.every((a) => addNames(a, out));
    case 'unary':
      return addNames(e.operand, out);
    case 'binary':
      return addNames(e.left, out) && addNames(e.right, out);
    case 'in':
      return addNames(e.left, out) && e.items.every((i) => addNames(i, out));
    case 'between':
      return addNames(e.left, out) && addNames(e.low, out) && addNames(e.high, out);
  }
}

/** `base` plus the names read by `exprs`. */
function plus(base: Needed, exprs: Expr[]): Needed {
  if (base === 'all') return 'all';
  const out = new Set(base);
  for (const e of exprs) if (!addNames(e, out)) return 'all';
  return out;
}

/** What the input of `op` must provide, given what is read after it. */
function neededBefore(op: Operator, after: Needed): Needed {
  switch (op.kind) {
    case 'where':
      return plus(after, [op.predicate]);
    case 'sort':
      return plus(
        after,
        op.keys.map((k) => k.expr),
      );
    case 'top':
      return plus(after, [op.count, ...op.keys.map((k) => k.expr)]);
    case 'take':
      return plus(after, [op.count]);
    case 'extend': {
      // An item nobody reads later adds nothing; a column an item replaces is still kept (a superset is safe).
      const live = op.items.filter((i) => {
        const name = i.name ?? deriveName(i.expr);
        return name === undefined || isNeeded(after, name);
      });
      return plus(
        after,
        live.map((i) => i.expr),
      );
    }
    case 'project': {
      const names = projectOutputNames(op.items);
      return plus(
        new Set(),
        op.items.filter((_, k) => isNeeded(after, names[k] as string)).map((i) => i.expr),
      );
    }
    case 'summarize':
      return plus(
        new Set(),
        [...op.by, ...op.aggregates].map((i) => i.expr),
      );
    case 'count':
      return new Set();
    default:
      return 'all';
  }
}

/** For each operator of a pipeline, the columns read after it, given what the pipeline's consumer reads. */
export function neededAfterEach(ops: Operator[], atEnd: Needed = 'all'): Needed[] {
  const out = new Array<Needed>(ops.length);
  let needed: Needed = atEnd;
  for (let i = ops.length - 1; i >= 0; i--) {
    out[i] = needed;
    needed = neededBefore(ops[i] as Operator, needed);
  }
  return out;
}

/** The columns a pipeline reads from its input (a table's columns, for a pipeline over a table). */
export function neededByPipeline(ops: Operator[], atEnd: Needed = 'all'): Needed {
  let needed: Needed = atEnd;
  for (let i = ops.length - 1; i >= 0; i--) needed = neededBefore(ops[i] as Operator, needed);
  return needed;
}

/** True when `e` calls the function `name` anywhere. */
export function callsFunction(e: Expr, name: string): boolean {
  switch (e.kind) {
    case 'call':
      return e.name === name || e.args.some((a) => callsFunction(a, name));
    case 'member':
      return callsFunction(e.target, name);
    case 'index':
      return callsFunction(e.target, name) || callsFunction(e.index, name);
    case 'unary':
      return callsFunction(e.operand, name);
    case 'binary':
      return callsFunction(e.left, name) || callsFunction(e.right, name);
    case 'in':
      return callsFunction(e.left, name) || e.items.some((i) => callsFunction(i, name));
    case 'between':
      return callsFunction(e.left, name) || callsFunction(e.low, name) || callsFunction(e.high, name);
    default:
      return false;
  }
}
