// Parses tabular expressions: a source (table, union, parenthesised query) followed by `| operator` steps.
import type { KqlType } from './api';
import type { Assignment, NamePattern, Operator, SortKey, Tabular, TabularSource } from './ast';
import { UNSUPPORTED_OPERATORS, UNSUPPORTED_SOURCES } from './known-names';
import type { TokenCursor } from './parser-base';
import { parseJoin, parseMvExpand, parseParse, parseUnionLegs } from './parser-operators';
import { parseExpr } from './parser-scalar';

const ENDERS = new Set(['|', ')', ';', ',']);

/** Words that start a query without a table: ARG then reads Resources, its default table. */
const DEFAULT_TABLE_STARTS = new Set([
  'where',
  'filter',
  'project',
  'extend',
  'summarize',
  'order',
  'sort',
  'top',
  'take',
  'limit',
  'distinct',
  'count',
  'mv',
  'mvexpand',
  'join',
  'parse',
  'serialize',
]);

export function parseTabular(c: TokenCursor): Tabular {
  const pos = c.peek().offset;
  const first = c.peek();
  const implicit = first.kind === 'ident' && DEFAULT_TABLE_STARTS.has(first.text) && !c.isPunct('|', 1);
  const source: TabularSource = implicit ? { kind: 'table', name: 'Resources', pos } : parseSource(c);
  const operators: Operator[] = implicit ? [parseOperator(c)] : [];
  while (c.acceptPunct('|')) operators.push(parseOperator(c));
  const t = c.peek();
  if (t.kind !== 'eof' && !(t.kind === 'punct' && ENDERS.has(t.text))) c.extraneous("{<EOF>, '|', ';'}");
  return { source, operators, pos };
}

function parseSource(c: TokenCursor): TabularSource {
  const t = c.peek();
  if (c.isPunct('{') && c.isPunct('{', 1))
    c.report.unsupported('a shared query reference {{…}}', t.offset, "ARG's preview syntax for saved queries");
  if (c.acceptPunct('(')) {
    const query = parseTabular(c);
    c.expectPunct(')');
    return { kind: 'subquery', query, pos: t.offset };
  }
  if (t.kind !== 'ident') return c.fail('a table name');
  if (t.text === 'union') {
    c.next();
    return { kind: 'union', ...parseUnionLegs(c), pos: t.offset };
  }
  if (UNSUPPORTED_SOURCES.has(t.text) && (c.isPunct('(', 1) || c.peek(1).kind !== 'punct' || t.text === 'print')) {
    c.report.unsupported(`the '${t.text}' statement`, t.offset);
  }
  c.next();
  return { kind: 'table', name: t.text, pos: t.offset };
}

/** Joins hyphenated operator names (`project-away`, `mv-expand`) that the lexer splits at '-'. */
function readOperatorName(c: TokenCursor): { name: string; pos: number } {
  const first = c.expectIdent('an operator name');
  let name = first.text;
  let end = first.end;
  while (c.isPunct('-') && c.peek().offset === end && c.adjacent(0) && c.peek(1).kind === 'ident') {
    c.next();
    const after = c.next();
    name += `-${after.text}`;
    end = after.end;
  }
  return { name, pos: first.offset };
}

function parseOperator(c: TokenCursor): Operator {
  const { name, pos } = readOperatorName(c);
  switch (name) {
    case 'where':
    case 'filter':
      return { kind: 'where', predicate: parseExpr(c), pos };
    case 'extend':
      return { kind: 'extend', items: parseAssignments(c), pos };
    case 'project':
      return { kind: 'project', items: parseAssignments(c), pos };
    case 'project-away':
      return { kind: 'project-away', columns: parseNamePatterns(c), pos };
    case 'project-rename':
      return { kind: 'project-rename', renames: parseRenames(c), pos };
    case 'summarize':
      return parseSummarize(c, pos);
    case 'join':
      return parseJoin(c, pos);
    case 'union':
      return { kind: 'union', ...parseUnionLegs(c), pos };
    case 'order':
    case 'sort':
      c.expectWord('by');
      return { kind: 'sort', keys: parseSortKeys(c), pos };
    case 'top': {
      const count = parseExpr(c);
      c.expectWord('by');
      return { kind: 'top', count, keys: [parseSortKey(c)], pos };
    }
    case 'take':
    case 'limit':
      return { kind: 'take', count: parseExpr(c), pos };
    case 'distinct':
      return { kind: 'distinct', items: parseAssignments(c), pos };
    case 'count':
      return { kind: 'count', pos };
    case 'mv-expand':
      return parseMvExpand(c, pos);
    case 'mvexpand': // the legacy spelling ARG still documents
      return parseMvExpand(c, pos, true);
    case 'serialize':
      return { kind: 'serialize', items: atOperatorEnd(c) ? [] : parseAssignments(c), pos };
    case 'parse':
      return parseParse(c, pos);
    default:
      if (UNSUPPORTED_OPERATORS.has(name)) c.report.unsupported(`the operator '${name}'`, pos);
      return c.report.syntax(`no viable alternative at input '${name}'`, pos);
  }
}

/** `name = expr` or a bare expression, comma-separated. */
export function parseAssignments(c: TokenCursor): Assignment[] {
  const items: Assignment[] = [];
  do {
    const pos = c.peek().offset;
    if (c.isPunct('(') && c.peek(1).kind === 'ident' && c.isPunct(',', 2)) {
      c.report.unsupported('assigning several columns at once', pos);
    }
    const named = readAssignedName(c);
    items.push(named ? { name: named, expr: parseExpr(c), pos } : { expr: parseExpr(c), pos });
  } while (c.acceptPunct(','));
  return items;
}

function readAssignedName(c: TokenCursor): string | undefined {
  if (c.peek().kind === 'ident' && c.isPunct('=', 1)) {
    const name = c.next().text;
    c.next();
    return name;
  }
  if (c.isPunct('[') && c.peek(1).kind === 'string' && c.isPunct(']', 2) && c.isPunct('=', 3)) {
    c.next();
    const name = c.next().text;
    c.next();
    c.next();
    return name;
  }
  return undefined;
}

function parseNamePatterns(c: TokenCursor): NamePattern[] {
  const items: NamePattern[] = [];
  do {
    const pos = c.peek().offset;
    if (c.isPunct('[')) {
      items.push({ pattern: c.expectColumnName().name, pos });
      continue;
    }
    let pattern = '';
    let end = pos;
    while ((c.peek().kind === 'ident' || c.isPunct('*')) && c.peek().offset === end) {
      const t = c.next();
      pattern += t.text;
      end = t.end;
    }
    if (!pattern) c.fail('a column name');
    items.push({ pattern, pos });
  } while (c.acceptPunct(','));
  return items;
}

function parseRenames(c: TokenCursor): { to: string; from: string; pos: number }[] {
  const items: { to: string; from: string; pos: number }[] = [];
  do {
    const to = c.expectColumnName();
    c.expectPunct('=');
    const from = c.expectColumnName();
    items.push({ to: to.name, from: from.name, pos: from.pos });
  } while (c.acceptPunct(','));
  return items;
}

function parseSummarize(c: TokenCursor, pos: number): Operator {
  if (c.isWord('hint') && c.isPunct('.', 1)) {
    c.report.unsupported(`the query hint 'hint.${c.peek(2).text}'`, c.peek().offset, 'ARG allows no hint strategies');
  }
  const aggregates = c.isWord('by') ? [] : parseAssignments(c);
  const by = c.acceptWord('by') ? parseAssignments(c) : [];
  return { kind: 'summarize', aggregates, by, pos };
}

function parseSortKeys(c: TokenCursor): SortKey[] {
  const keys: SortKey[] = [];
  do keys.push(parseSortKey(c));
  while (c.acceptPunct(','));
  return keys;
}

/** KQL sorts descending by default; nulls go last when descending and first when ascending unless stated. */
function parseSortKey(c: TokenCursor): SortKey {
  const expr = parseExpr(c);
  let desc = true;
  if (c.acceptWord('asc')) desc = false;
  else c.acceptWord('desc');
  let nullsFirst = !desc;
  if (c.acceptWord('nulls')) {
    if (c.acceptWord('first')) nullsFirst = true;
    else {
      c.expectWord('last');
      nullsFirst = false;
    }
  }
  return { expr, desc, nullsFirst };
}

function atOperatorEnd(c: TokenCursor): boolean {
  const t = c.peek();
  return t.kind === 'eof' || (t.kind === 'punct' && ENDERS.has(t.text));
}

/** `typeof(string)` after `to` in mv-expand. */
export function parseTypeofName(c: TokenCursor): KqlType {
  c.expectWord('typeof');
  c.expectPunct('(');
  const type = parseScalarTypeName(c);
  c.expectPunct(')');
  return type;
}

/** A scalar type name: `string`, `long`, `datetime`, … */
export function parseScalarTypeName(c: TokenCursor): KqlType {
  const t = c.expectIdent('a type name');
  const map: Record<string, KqlType> = {
    string: 'string',
    int: 'int',
    long: 'long',
    real: 'real',
    double: 'real',
    bool: 'bool',
    boolean: 'bool',
    datetime: 'datetime',
    date: 'datetime',
    timespan: 'timespan',
    time: 'timespan',
    dynamic: 'dynamic',
  };
  const type = map[t.text];
  if (!type) c.report.syntax(`'${t.text}' is not a scalar type name`, t.offset);
  return type;
}
