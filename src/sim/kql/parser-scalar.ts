// Parses KQL scalar expressions (precedence: or < and < comparisons/string operators < + - < * / % < unary < postfix).
import type { KqlType } from './api';
import type { Expr } from './ast';
import type { TokenCursor } from './parser-base';
import { parseDynamicLiteral } from './parser-literals';
import { parseDatetimeLiteral, parseTimespanText } from './time';

/** String and set operators written as words; each also has a `!` form unless listed in NO_NEGATION. */
const WORD_OPERATORS = new Set([
  'has',
  'has_cs',
  'contains',
  'contains_cs',
  'startswith',
  'startswith_cs',
  'endswith',
  'endswith_cs',
  'hasprefix',
  'hasprefix_cs',
  'hassuffix',
  'hassuffix_cs',
  'matches',
  'has_any',
  'has_all',
  'in',
  'between',
]);
const NO_NEGATION = new Set(['matches', 'has_any', 'has_all']);
const COMPARISON_PUNCT = new Set(['==', '!=', '<>', '<', '<=', '>', '>=', '=~', '!~']);
const TYPED_LITERALS: Record<string, KqlType> = {
  int: 'int',
  long: 'long',
  real: 'real',
  double: 'real',
  bool: 'bool',
  boolean: 'bool',
  string: 'string',
};

export function parseExpr(c: TokenCursor): Expr {
  let left = parseAnd(c);
  while (c.isWord('or')) {
    const pos = c.next().offset;
    left = { kind: 'binary', op: 'or', left, right: parseAnd(c), pos };
  }
  return left;
}

function parseAnd(c: TokenCursor): Expr {
  let left = parseComparison(c);
  while (c.isWord('and')) {
    const pos = c.next().offset;
    left = { kind: 'binary', op: 'and', left, right: parseComparison(c), pos };
  }
  return left;
}

/** Reads a comparison operator if one is next: `==`, `=~`, `has`, `!contains`, `in~`, `!in~`, `matches regex`, … */
function readComparisonOperator(c: TokenCursor): { op: string; pos: number } | undefined {
  const t = c.peek();
  if (t.kind === 'punct' && COMPARISON_PUNCT.has(t.text)) {
    c.next();
    return { op: t.text === '<>' ? '!=' : t.text, pos: t.offset };
  }
  let negated = false;
  let ahead = 0;
  if (t.kind === 'punct' && t.text === '!' && c.adjacent(0) && c.peek(1).kind === 'ident') {
    negated = true;
    ahead = 1;
  }
  const w = c.peek(ahead);
  if (w.kind !== 'ident' || !WORD_OPERATORS.has(w.text)) return undefined;
  if (negated && NO_NEGATION.has(w.text)) return undefined;
  let op = w.text;
  for (let i = 0; i <= ahead; i++) c.next();
  if (op === 'in' && c.isPunct('~') && w.end === c.peek().offset) {
    c.next();
    op = 'in~';
  }
  if (op === 'matches') c.expectWord('regex');
  return { op: (negated ? '!' : '') + (op === 'matches' ? 'matches regex' : op), pos: t.offset };
}

function parseComparison(c: TokenCursor): Expr {
  let left = parseAdditive(c);
  for (;;) {
    const found = readComparisonOperator(c);
    if (!found) return left;
    const { op, pos } = found;
    if (op === 'in' || op === '!in' || op === 'in~' || op === '!in~' || op === 'has_any' || op === 'has_all') {
      left = { kind: 'in', op, left, items: parseParenList(c), pos };
    } else if (op === 'between' || op === '!between') {
      c.expectPunct('(');
      const low = parseAdditive(c);
      c.expectPunct('..');
      const high = parseAdditive(c);
      c.expectPunct(')');
      left = { kind: 'between', negated: op === '!between', left, low, high, pos };
    } else {
      left = { kind: 'binary', op, left, right: parseAdditive(c), pos };
    }
  }
}

function parseParenList(c: TokenCursor): Expr[] {
  c.expectPunct('(');
  const items: Expr[] = [];
  if (!c.isPunct(')')) {
    do items.push(parseExpr(c));
    while (c.acceptPunct(','));
  }
  c.expectPunct(')');
  return items;
}

function parseAdditive(c: TokenCursor): Expr {
  let left = parseMultiplicative(c);
  while (c.isPunct('+') || c.isPunct('-')) {
    const t = c.next();
    left = { kind: 'binary', op: t.text, left, right: parseMultiplicative(c), pos: t.offset };
  }
  return left;
}

function parseMultiplicative(c: TokenCursor): Expr {
  let left = parseUnary(c);
  while (c.isPunct('*') || c.isPunct('/') || c.isPunct('%')) {
    const t = c.next();
    left = { kind: 'binary', op: t.text, left, right: parseUnary(c), pos: t.offset };
  }
  return left;
}

function parseUnary(c: TokenCursor): Expr {
  if (c.isPunct('-') || c.isPunct('+')) {
    const t = c.next();
    const operand = parseUnary(c);
    if (t.text === '-' && operand.kind === 'literal' && typeof operand.value === 'number') {
      return { ...operand, value: -operand.value, pos: t.offset };
    }
    return { kind: 'unary', op: t.text as '-' | '+', operand, pos: t.offset };
  }
  return parsePostfix(c);
}

function parsePostfix(c: TokenCursor): Expr {
  let e = parsePrimary(c);
  for (;;) {
    if (c.isPunct('.')) {
      const dot = c.next();
      if (c.isPunct('[')) {
        c.next();
        e = { kind: 'index', target: e, index: parseExpr(c), pos: dot.offset };
        c.expectPunct(']');
        continue;
      }
      const t = c.expectIdent('a property name');
      e = { kind: 'member', target: e, name: t.text, pos: t.offset };
    } else if (c.isPunct('[')) {
      const t = c.next();
      e = { kind: 'index', target: e, index: parseExpr(c), pos: t.offset };
      c.expectPunct(']');
    } else {
      return e;
    }
  }
}

function parsePrimary(c: TokenCursor): Expr {
  const t = c.peek();
  switch (t.kind) {
    case 'number':
      c.next();
      return { kind: 'literal', type: t.isReal ? 'real' : 'long', value: t.value, pos: t.offset };
    case 'timespan':
      c.next();
      return { kind: 'literal', type: 'timespan', value: t.value, pos: t.offset };
    case 'string':
      c.next();
      return { kind: 'literal', type: 'string', value: t.text, pos: t.offset };
    case 'ident':
      return parseNamed(c);
    case 'punct':
      if (t.text === '(') {
        c.next();
        const inner = parseExpr(c);
        c.expectPunct(')');
        return inner;
      }
      if (t.text === '[' && c.peek(1).kind === 'string' && c.isPunct(']', 2)) {
        c.next();
        const name = c.next().text;
        c.next();
        return { kind: 'name', name, pos: t.offset };
      }
      if (t.text === '*') {
        c.next();
        return { kind: 'star', pos: t.offset };
      }
      return c.fail('an expression');
    default:
      return c.fail('an expression');
  }
}

function parseNamed(c: TokenCursor): Expr {
  const t = c.next();
  const word = t.text;
  const pos = t.offset;
  if (/^(true|false)$/i.test(word)) return { kind: 'literal', type: 'bool', value: word.toLowerCase() === 'true', pos };
  const raw = c.peek();
  if (raw.kind === 'raw' && raw.offset >= t.end) {
    c.next();
    if (word === 'datetime') {
      const value = parseDatetimeLiteral(raw.text);
      if (value === undefined) c.report.syntax(`invalid datetime literal '${raw.text}'`, raw.offset);
      return { kind: 'literal', type: 'datetime', value, pos };
    }
    const span = raw.text === 'null' ? null : parseTimespanText(raw.text);
    if (span === undefined) c.report.syntax(`invalid timespan literal '${raw.text}'`, raw.offset);
    return { kind: 'literal', type: 'timespan', value: span, pos };
  }
  if (word === 'dynamic' && c.isPunct('(')) {
    c.next();
    const value = parseDynamicLiteral(c);
    c.expectPunct(')');
    return { kind: 'dynamic', value, pos };
  }
  const typed = TYPED_LITERALS[word];
  if (typed && c.isPunct('(')) return parseTypedLiteral(c, typed, pos);
  if (c.isPunct('(')) {
    c.next();
    const args: Expr[] = [];
    if (!c.isPunct(')')) {
      do args.push(parseExpr(c));
      while (c.acceptPunct(','));
    }
    c.expectPunct(')');
    return { kind: 'call', name: word, args, pos };
  }
  return { kind: 'name', name: word, pos };
}

/** `int(null)`, `long(5)`, `real(1.5)`, `bool(true)`, `string("")`: a literal of an explicit type. */
function parseTypedLiteral(c: TokenCursor, type: KqlType, pos: number): Expr {
  c.expectPunct('(');
  let value: unknown = null;
  if (!c.acceptWord('null')) {
    const inner = parseUnary(c);
    if (inner.kind !== 'literal') return c.fail('a literal');
    value = inner.value;
    if (type === 'int' || type === 'long') value = typeof value === 'number' ? Math.trunc(value) : value;
    if (type === 'string' && typeof value !== 'string') return c.fail('a string literal');
    if (type === 'bool' && typeof value !== 'boolean') return c.fail('true or false');
  }
  c.expectPunct(')');
  return { kind: 'literal', type, value, pos };
}
