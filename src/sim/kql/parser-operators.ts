// Parses the operators with their own clause syntax: join (kind, on …), union legs, mv-expand options.
import type { JoinCondition, MvExpandItem, Operator, Tabular } from './ast';
import type { TokenCursor } from './parser-base';
import { parseExpr } from './parser-scalar';
import { parseTabular, parseTypeofName } from './parser-tabular';

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

export function parseUnionLegs(c: TokenCursor): Tabular[] {
  const options = readOptions(c, ['kind', 'withsource', 'isfuzzy']);
  const withsource = options.get('withsource');
  if (withsource) c.report.unsupported("union's withsource option", withsource.pos);
  const fuzzy = options.get('isfuzzy');
  if (fuzzy) c.report.unsupported("union's isfuzzy option", fuzzy.pos);
  const kind = options.get('kind');
  if (kind && kind.value !== 'outer') c.report.unsupported(`the union kind '${kind.value}'`, kind.pos);
  const legs: Tabular[] = [];
  do legs.push(parseLeg(c));
  while (c.acceptPunct(','));
  return legs;
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

export function parseMvExpand(c: TokenCursor, pos: number): Operator {
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
    pos,
  };
}
