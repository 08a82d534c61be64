// Compiles scalar expressions into closures once per query: names → column readers, property paths → accessors.
import type { Expr } from './ast';
import { compileArithmetic, compileLogical, compileUnary } from './compile-arith';
import { compileBetween, compileComparison, compileIn } from './compile-compare';
import { compileStringOperator, isStringOperator } from './compile-strings';
import { columnIndex, readerFor, type Scope } from './frame';
import { AGGREGATE_NAMES, FUNCTIONS } from './functions';
import { UNSUPPORTED_FUNCTIONS } from './known-names';
import { type Compiled, constant, type Evaluator, finish } from './values';

export function compileExpr(e: Expr, scope: Scope): Compiled {
  const report = scope.ctx.report;
  switch (e.kind) {
    case 'literal':
      return constant(e.type, e.value);
    case 'dynamic':
      return constant('dynamic', e.value);
    case 'name':
      return compileName(e.name, e.pos, scope);
    case 'member':
    case 'index':
      return compileAccess(e, scope);
    case 'call':
      return compileCall(e, scope);
    case 'star':
      return report.semantic("'*' is only allowed as an argument of arg_max, arg_min and take_any", e.pos);
    case 'unary':
      return compileUnary(e.op, compileExpr(e.operand, scope), report, e.pos);
    case 'binary': {
      const left = compileExpr(e.left, scope);
      const right = compileExpr(e.right, scope);
      if (e.op === 'and' || e.op === 'or') return compileLogical(e.op, left, right, report, e.pos);
      if (isStringOperator(e.op)) return compileStringOperator(e.op, left, right, report, e.pos);
      if (['+', '-', '*', '/', '%'].includes(e.op)) return compileArithmetic(e.op, left, right, report, e.pos);
      return compileComparison(e.op, left, right, report, e.pos);
    }
    case 'in': {
      const left = compileExpr(e.left, scope);
      const items = e.items.map((i) => compileExpr(i, scope));
      return compileIn(e.op, left, items, report, e.pos);
    }
    case 'between':
      return compileBetween(
        e.negated,
        compileExpr(e.left, scope),
        compileExpr(e.low, scope),
        compileExpr(e.high, scope),
        report,
        e.pos,
      );
  }
}

/** Predicates keep a row only when they are exactly true (null and false both drop it). */
export function compilePredicate(e: Expr, scope: Scope): (row: unknown) => boolean {
  const c = compileExpr(e, scope);
  // Kusto rejects a bare dynamic predicate (`where properties.flag`); operands of and/or may be dynamic.
  if (c.type !== 'bool') scope.ctx.report.semantic('The expression must have the type bool', e.pos);
  const ev = c.ev;
  return (row) => ev(row) === true;
}

function compileName(name: string, pos: number, scope: Scope): Compiled {
  const idx = columnIndex(scope.schema, name);
  if (idx >= 0) return { type: scope.schema.columns[idx]?.type ?? 'dynamic', ev: readerFor(scope.schema, idx) };
  const bound = scope.ctx.lets.get(name);
  if (bound) return bound;
  if (name === 'null')
    scope.ctx.report.semantic("'null' is not a value in KQL: write a typed null such as dynamic(null)", pos);
  return scope.ctx.report.semantic(`Failed to resolve scalar expression named '${name}'`, pos);
}

function step(v: unknown, key: string | number): unknown {
  if (v === null || typeof v !== 'object') return null;
  if (typeof key === 'number') {
    if (!Array.isArray(v)) return null;
    const r = v[key < 0 ? v.length + key : key];
    return r === undefined ? null : r;
  }
  if (Array.isArray(v)) return null;
  const r = (v as Record<string, unknown>)[key];
  return r === undefined || typeof r === 'function' ? null : r;
}

function pathAccessor(base: Evaluator, keys: (string | number)[]): Evaluator {
  const [k0, k1] = keys;
  if (keys.length === 1 && typeof k0 === 'string') {
    return (row) => {
      const v = base(row);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
      const r = (v as Record<string, unknown>)[k0];
      return r === undefined || typeof r === 'function' ? null : r;
    };
  }
  if (keys.length === 2 && typeof k0 === 'string' && typeof k1 === 'string') {
    return (row) => {
      const v = base(row);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
      return step((v as Record<string, unknown>)[k0] ?? null, k1);
    };
  }
  return (row) => {
    let v = base(row);
    for (let i = 0; i < keys.length && v !== null; i++) v = step(v, keys[i] as string | number);
    return v;
  };
}

/** `properties.a.b`, `p['a.b']`, `arr[0]`, `arr[-1]`: constant paths become one accessor; missing → null. */
function compileAccess(e: Expr, scope: Scope): Compiled {
  const keys: (string | number)[] = [];
  let cur = e;
  for (;;) {
    if (cur.kind === 'member') {
      keys.unshift(cur.name);
      cur = cur.target;
    } else if (
      cur.kind === 'index' &&
      cur.index.kind === 'literal' &&
      ['string', 'number'].includes(typeof cur.index.value)
    ) {
      keys.unshift(cur.index.value as string | number);
      cur = cur.target;
    } else {
      break;
    }
  }
  let base: Compiled;
  if (cur.kind === 'index') {
    const target = compileExpr(cur.target, scope);
    requireDynamic(target, scope, cur.pos);
    const key = compileExpr(cur.index, scope);
    const t = target.ev;
    const k = key.ev;
    base = finish(
      'dynamic',
      (row) => {
        const kv = k(row);
        return typeof kv === 'string' || typeof kv === 'number' ? step(t(row), kv) : null;
      },
      [target, key],
    );
  } else {
    base = compileExpr(cur, scope);
  }
  if (keys.length === 0) return base;
  requireDynamic(base, scope, e.pos);
  const [first, ...rest] = keys;
  if (base.element && !base.constant && typeof first === 'number') {
    const element = base.element(first);
    return { type: 'dynamic', ev: rest.length === 0 ? element : pathAccessor(element, rest) };
  }
  return finish('dynamic', pathAccessor(base.ev, keys), [base]);
}

function requireDynamic(c: Compiled, scope: Scope, pos: number): void {
  if (c.type !== 'dynamic') {
    scope.ctx.report.semantic(`property and index access need a dynamic value, not ${c.type}`, pos);
  }
}

function compileCall(e: Extract<Expr, { kind: 'call' }>, scope: Scope): Compiled {
  const { report } = scope.ctx;
  const def = FUNCTIONS.get(e.name);
  if (!def) {
    if (AGGREGATE_NAMES.has(e.name))
      report.semantic(`the aggregate function '${e.name}' is only allowed in summarize`, e.pos);
    if (UNSUPPORTED_FUNCTIONS.has(e.name)) report.unsupported(`the function '${e.name}'`, e.pos);
    return report.semantic(`Failed to resolve scalar function named '${e.name}'`, e.pos);
  }
  if (e.args.length < def.min || e.args.length > def.max) {
    const expected = def.min === def.max ? `${def.min}` : `${def.min} to ${def.max === Infinity ? 'any' : def.max}`;
    report.semantic(`function '${e.name}' expects ${expected} argument(s), got ${e.args.length}`, e.pos);
  }
  const args = e.args.map((a) => compileExpr(a, scope));
  const serialized = scope.ctx.inputSerialized === true;
  return def.impl(args, { report, pos: e.pos, name: e.name, nowMs: scope.ctx.nowMs, argExprs: e.args, serialized });
}
