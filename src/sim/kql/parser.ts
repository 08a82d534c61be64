// Entry point of parsing: `let` statements (scalar only) followed by one tabular expression.
import type { LetStatement, Query } from './ast';
import type { Reporter } from './errors';
import { tokenize } from './lexer';
import { TokenCursor } from './parser-base';
import { parseExpr } from './parser-scalar';
import { parseTabular } from './parser-tabular';

export function parseQueryText(text: string, report: Reporter): Query {
  const c = new TokenCursor(tokenize(text, report), report);
  const lets: LetStatement[] = [];
  while (c.isWord('let')) {
    const pos = c.next().offset;
    const name = c.expectIdent('a name');
    c.expectPunct('=');
    const next = c.peek();
    if (c.isPunct('(') && (c.isPunct(')', 1) || c.isPunct(':', 2))) {
      c.report.unsupported('a user-defined function', next.offset);
    }
    if (c.isWord('view') || c.isWord('materialize'))
      c.report.unsupported(`'let … = ${next.text}'`, next.offset, 'only scalar let statements are');
    const expr = parseExpr(c);
    if (c.isPunct('|')) c.report.unsupported('a tabular let statement', pos, 'only scalar let statements are');
    lets.push({ name: name.text, expr, pos });
    c.expectPunct(';');
  }
  if (c.peek().kind === 'eof') c.fail('a query');
  const body = parseTabular(c);
  while (c.acceptPunct(';')) {
    if (c.peek().kind !== 'eof') c.report.unsupported('more than one query statement', c.peek().offset);
  }
  if (c.peek().kind !== 'eof') c.extraneous("{<EOF>, '|', ';'}");
  return { lets, body };
}
