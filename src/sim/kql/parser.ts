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
      c.report.unsupported('user-defined functions (let f = (…) {…})', next.offset);
    }
    if (c.isWord('view') || c.isWord('materialize')) c.report.unsupported(`'let … = ${next.text}'`, next.offset);
    const expr = parseExpr(c);
    if (c.isPunct('|')) c.report.unsupported('tabular let statements', pos);
    lets.push({ name: name.text, expr, pos });
    c.expectPunct(';');
  }
  if (c.peek().kind === 'eof') c.fail('a query');
  const body = parseTabular(c);
  while (c.acceptPunct(';')) {
    if (c.peek().kind !== 'eof') c.report.unsupported('several query statements', c.peek().offset);
  }
  if (c.peek().kind !== 'eof') c.extraneous("{<EOF>, '|', ';'}");
  return { lets, body };
}
