// Parses the operators with their own clause syntax: join (kind, on …), union legs and options, mv-expand options,
// parse (kind, flags, the `with` pattern).
import type { JoinCondition, MvExpandItem, Operator, ParsePart, Tabular, UnionOptions } from './ast';
import type { TokenCursor } from './parser-base';
import { parseExpr } from './parser-scalar';
import { parseScalarTypeName, parseTabular, parseTypeofName } from './parser-tabular';

/** Reads `name=value` options (`kind=inner`, `with_itemindex=i`) in front of an operator's arguments. */
function readOptions(c: TokenCursor, allowed: string[]): Map<string, { value: string; pos: number }> {
  const options = new Map<string, { value: string; pos: number }>();
  for (;;) {
    const t = c.peek();
    if (t.kind === 'ident' && t.text === 'hint' && c.isPunct('.', 1)) {
      c.report.unsupported(`the query hint 'hint.${c.peek(2).text}'`, t.offset, 'ARG allows no hint strategies');
    }
    if (t.kind !== 'ident' || !c.isPunct('=', 1) || !allowed.includes(t.text)) return options;
    c.next();
    c.next();
    const v = c.next();
    if (v.kind !== 'ident' && v.kind !== 'string') c.fail(`a value for '${t.text}'`);
    options.set(t.text, { value: v.text, pos: v.offset });
  }
}

function parseLeg(c: TokenCursor): Tabular {
  const t = c.peek();
  if (c.acceptPunct('(')) {
    const inner = parseTabular(c);
    c.expectPunct(')');
    return inner;
  }
  const name = c.expectIdent('a table name or (subquery)');
  if (c.isPunct('*') && c.peek().offset === name.end)
    c.report.unsupported(`the wildcard table name '${name.text}*'`, name.offset);
  return { source: { kind: 'table', name: name.text, pos: name.offset }, operators: [], pos: t.offset };
}

/** The legs and options of `union [kind=inner|outer] [withsource=Col] leg, …` (ARG documents these two options). */
export function parseUnionLegs(c: TokenCursor): { legs: Tabular[] } & UnionOptions {
  const options = readOptions(c, ['kind', 'withsource', 'isfuzzy']);
  const fuzzy = options.get('isfuzzy');
  if (fuzzy) c.report.unsupported("union's isfuzzy option", fuzzy.pos, "ARG doesn't allow fuzzy resolution of legs");
  const kind = options.get('kind');
  if (kind && kind.value !== 'outer' && kind.value !== 'inner')
    c.report.syntax(`mismatched input '${kind.value}' expecting inner or outer`, kind.pos);
  const legs: Tabular[] = [];
  do legs.push(parseLeg(c));
  while (c.acceptPunct(','));
  return { legs, inner: kind?.value === 'inner', withsource: options.get('withsource')?.value };
}

export function parseJoin(c: TokenCursor, pos: number): Operator {
  const options = readOptions(c, ['kind']);
  const joinKind = options.get('kind')?.value ?? 'innerunique';
  const right = parseLeg(c);
  c.expectWord('on');
  const on: JoinCondition[] = [];
  do on.push(parseJoinCondition(c));
  while (c.acceptPunct(',') || c.acceptWord('and'));
  return { kind: 'join', joinKind, right, on, pos };
}

function parseSide(c: TokenCursor): { side: string; name: string; pos: number } {
  const t = c.expectIdent('$left or $right');
  if (t.text !== '$left' && t.text !== '$right')
    c.report.syntax(`mismatched input '${t.text}' expecting $left or $right`, t.offset);
  c.expectPunct('.');
  const col = c.expectColumnName();
  return { side: t.text, name: col.name, pos: t.offset };
}

function parseJoinCondition(c: TokenCursor): JoinCondition {
  const t = c.peek();
  if (t.kind === 'ident' && t.text.startsWith('$')) {
    const a = parseSide(c);
    c.expectPunct('==');
    const b = parseSide(c);
    if (a.side === b.side)
      c.report.semantic('a join condition must compare a $left column with a $right column', a.pos);
    return a.side === '$left'
      ? { left: a.name, right: b.name, pos: a.pos }
      : { left: b.name, right: a.name, pos: a.pos };
  }
  const col = c.expectColumnName();
  return { left: col.name, right: col.name, pos: col.pos };
}

export function parseMvExpand(c: TokenCursor, pos: number, legacy = false): Operator {
  const options = readOptions(c, ['bagexpansion', 'kind', 'with_itemindex']);
  const bagMode = options.get('bagexpansion') ?? options.get('kind');
  if (bagMode && bagMode.value !== 'bag' && bagMode.value !== 'array') {
    c.report.syntax(`mismatched input '${bagMode.value}' expecting bag or array`, bagMode.pos);
  }
  const items: MvExpandItem[] = [];
  do {
    const itemPos = c.peek().offset;
    let name: string | undefined;
    if (c.peek().kind === 'ident' && c.isPunct('=', 1)) {
      name = c.next().text;
      c.next();
    }
    const expr = parseExpr(c);
    const toType = c.acceptWord('to') ? parseTypeofName(c) : undefined;
    items.push({ name, expr, toType, pos: itemPos });
  } while (c.acceptPunct(','));
  const limit = c.acceptWord('limit') ? parseExpr(c) : undefined;
  return {
    kind: 'mv-expand',
    bagAsArray: bagMode?.value === 'array',
    indexColumn: options.get('with_itemindex')?.value,
    items,
    limit,
    ...(legacy ? { legacy } : {}),
    pos,
  };
}

/** `parse [kind=simple|regex [flags=…]] Expr with [*] "text" Column[:type] … [*]`. */
export function parseParse(c: TokenCursor, pos: number): Operator {
  const options = readOptions(c, ['kind', 'flags']);
  const kind = options.get('kind');
  if (kind && kind.value !== 'simple' && kind.value !== 'regex')
    c.report.unsupported(`parse kind=${kind.value}`, kind.pos, 'kind=simple and kind=regex are');
  const flags = options.get('flags');
  if (flags && kind?.value !== 'regex') c.report.semantic('parse flags need kind=regex', flags.pos);
  if (flags && !/^[ims]*$/.test(flags.value))
    c.report.unsupported(`the regex flags '${flags.value}'`, flags.pos, 'i, m and s are');
  const source = parseExpr(c);
  c.expectWord('with');
  const parts: ParsePart[] = [];
  for (;;) {
    const t = c.peek();
    if (c.acceptPunct('*')) parts.push({ kind: 'star' });
    else if (t.kind === 'string') parts.push({ kind: 'text', text: c.next().text });
    else if (t.kind === 'ident' || (t.kind === 'punct' && t.text === '[')) {
      const col = c.expectColumnName();
      const type = c.acceptPunct(':') ? parseScalarTypeName(c) : 'string';
      parts.push({ kind: 'column', name: col.name, type, pos: col.pos });
    } else break;
  }
  if (!parts.some((p) => p.kind === 'column')) c.fail('a column name in the parse pattern');
  return { kind: 'parse', regex: kind?.value === 'regex', flags: flags?.value ?? '', source, parts, pos };
}
