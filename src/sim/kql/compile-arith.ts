// Arithmetic with KQL's type rules (long/long is integer division; datetime - datetime = timespan; …) and
// three-valued and/or/unary minus.
import type { KqlType } from './api';
import type { Reporter } from './errors';
import { type Compiled, finish, isNumeric, toBoolOf, toNumberOf } from './values';

type Num = number | null;
type BinaryFn = (a: number, b: number) => number | null;

const NUMERIC_OPS: Record<string, (integer: boolean) => BinaryFn> = {
  '+': () => (a, b) => a + b,
  '-': () => (a, b) => a - b,
  '*': () => (a, b) => a * b,
  '/': (integer) => (integer ? (a, b) => (b === 0 ? null : Math.trunc(a / b)) : (a, b) => a / b),
  '%': (integer) => (integer ? (a, b) => (b === 0 ? null : a % b) : (a, b) => a % b),
};

/** Result type of `left op right`, or undefined when KQL does not define the operator for these types. */
function resultType(op: string, l: KqlType, r: KqlType): KqlType | undefined {
  const ln = isNumeric(l) || l === 'dynamic';
  const rn = isNumeric(r) || r === 'dynamic';
  if (ln && rn) {
    if (l === 'dynamic' && r === 'dynamic') return 'dynamic';
    return l === 'real' || r === 'real' ? 'real' : 'long';
  }
  const key = `${l} ${op} ${r}`;
  const table: Record<string, KqlType> = {
    'datetime - datetime': 'timespan',
    'datetime + timespan': 'datetime',
    'datetime - timespan': 'datetime',
    'timespan + datetime': 'datetime',
    'timespan + timespan': 'timespan',
    'timespan - timespan': 'timespan',
    'timespan / timespan': 'real',
    'timespan % timespan': 'timespan',
  };
  if (table[key]) return table[key];
  if (l === 'timespan' && isNumeric(r) && (op === '*' || op === '/')) return 'timespan';
  if (isNumeric(l) && r === 'timespan' && op === '*') return 'timespan';
  return undefined;
}

export function compileArithmetic(
  op: string,
  left: Compiled,
  right: Compiled,
  report: Reporter,
  pos: number,
): Compiled {
  const type = resultType(op, left.type, right.type);
  if (!type) {
    return report.semantic(
      `The operator '${op}' is not defined for the operand types ${left.type} and ${right.type}`,
      pos,
    );
  }
  const integer = type === 'long' || type === 'int';
  // Datetimes and timespans are milliseconds, so their arithmetic is plain number arithmetic.
  const fn = (NUMERIC_OPS[op] as (integer: boolean) => BinaryFn)(integer);
  const la = operandReader(left, integer);
  const rb = operandReader(right, integer);
  if (type === 'dynamic') {
    return finish(
      'dynamic',
      (row) => {
        const a = left.ev(row);
        const b = right.ev(row);
        if (typeof a !== 'number' || typeof b !== 'number') return null;
        const v = fn(a, b);
        return v === null || Number.isFinite(v) ? v : null;
      },
      [left, right],
    );
  }
  return finish(
    type,
    (row) => {
      const a = la(row);
      if (a === null) return null;
      const b = rb(row);
      if (b === null) return null;
      return fn(a, b);
    },
    [left, right],
  );
}

/** Reads an operand as a number; dynamic operands are converted (and truncated when the result is integral). */
function operandReader(c: Compiled, integer: boolean): (row: unknown) => Num {
  const ev = c.ev;
  if (c.type !== 'dynamic') return ev as (row: unknown) => Num;
  const conv = toNumberOf('dynamic');
  return (row) => {
    const n = conv(ev(row));
    return n === null ? null : integer ? Math.trunc(n) : n;
  };
}

export function compileUnary(op: '-' | '+', operand: Compiled, report: Reporter, pos: number): Compiled {
  const t = operand.type;
  if (!isNumeric(t) && t !== 'timespan' && t !== 'dynamic') {
    return report.semantic(`The operator '${op}' is not defined for the operand type ${t}`, pos);
  }
  if (op === '+') return operand;
  const ev = operand.ev;
  const conv = toNumberOf(t);
  return finish(
    t,
    (row) => {
      const v = conv(ev(row));
      return v === null ? null : -v;
    },
    [operand],
  );
}

export function compileLogical(
  op: 'and' | 'or',
  left: Compiled,
  right: Compiled,
  report: Reporter,
  pos: number,
): Compiled {
  for (const side of [left, right]) {
    if (side.type !== 'bool' && side.type !== 'dynamic') {
      report.semantic(`The operator '${op}' needs bool operands, not ${side.type}`, pos);
    }
  }
  const a = left.type === 'bool' ? left.ev : compose(left);
  const b = right.type === 'bool' ? right.ev : compose(right);
  if (op === 'and') {
    return finish(
      'bool',
      (row) => {
        const x = a(row);
        if (x === false) return false;
        const y = b(row);
        if (y === false) return false;
        return x === null || y === null ? null : true;
      },
      [left, right],
    );
  }
  return finish(
    'bool',
    (row) => {
      const x = a(row);
      if (x === true) return true;
      const y = b(row);
      if (y === true) return true;
      return x === null || y === null ? null : false;
    },
    [left, right],
  );
}

function compose(c: Compiled): (row: unknown) => unknown {
  const conv = toBoolOf(c.type);
  const ev = c.ev;
  return (row) => conv(ev(row));
}
