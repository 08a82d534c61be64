// Token cursor shared by the scalar and tabular parsers, with ANTLR-like error wording ("mismatched input …").
import type { Reporter } from './errors';
import type { Token } from './lexer';

export class TokenCursor {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    readonly report: Reporter,
  ) {}

  peek(ahead = 0): Token {
    const t = this.tokens[this.index + ahead] ?? this.tokens[this.tokens.length - 1];
    return t as Token;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.index++;
    return t;
  }

  isPunct(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.text === text;
  }

  /** Keywords are case-sensitive in KQL (`where`, `by`, `and`, …). */
  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.text === word;
  }

  /** True when token `ahead + 1` starts exactly where token `ahead` ends (e.g. `project-away`, `!in`, `in~`). */
  adjacent(ahead = 0): boolean {
    return this.peek(ahead).end === this.peek(ahead + 1).offset;
  }

  acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.next();
    return true;
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.next();
    return true;
  }

  expectPunct(text: string): Token {
    if (!this.isPunct(text)) this.fail(`'${text}'`);
    return this.next();
  }

  expectWord(word: string): Token {
    if (!this.isWord(word)) this.fail(`'${word}'`);
    return this.next();
  }

  expectIdent(what = 'a name'): Token {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(what);
    return this.next();
  }

  /** A column name: identifier or bracketed string `['a b']`. */
  expectColumnName(): { name: string; pos: number } {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.next();
      return { name: t.text, pos: t.offset };
    }
    if (this.isPunct('[') && this.peek(1).kind === 'string' && this.isPunct(']', 2)) {
      this.next();
      const s = this.next();
      this.next();
      return { name: s.text, pos: t.offset };
    }
    return this.fail('a column name');
  }

  fail(expected: string): never {
    const t = this.peek();
    const shown = t.kind === 'eof' ? '<EOF>' : this.tokenSource(t);
    return this.report.syntax(`mismatched input '${shown}' expecting ${expected}`, t.offset);
  }

  extraneous(expected: string): never {
    const t = this.peek();
    return this.report.syntax(`extraneous input '${this.tokenSource(t)}' expecting ${expected}`, t.offset);
  }

  private tokenSource(t: Token): string {
    return this.report.text.slice(t.offset, t.end);
  }
}
