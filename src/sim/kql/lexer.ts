// Splits KQL text into tokens: names, numbers, timespan literals, strings, raw datetime(...) bodies and punctuation.
import type { Reporter } from './errors';

export type TokenKind = 'ident' | 'number' | 'timespan' | 'string' | 'raw' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (for a string: the decoded value; for `raw`: the text between the parentheses). */
  text: string;
  /** number → the number; timespan → milliseconds; raw → the literal's type name (datetime/time/timespan). */
  value?: number | string;
  /** For numbers: true when written with a fraction or exponent (a `real` literal rather than a `long`). */
  isReal?: boolean;
  offset: number;
  end: number;
}

const PUNCT2 = ['==', '!=', '<=', '>=', '=~', '!~', '..', '<>'];
const PUNCT1 = '|()[]{},.=<>+-*/%:;!~?';

/** Milliseconds per timespan unit suffix (KQL accepts several spellings of each). */
const UNIT_MS: Record<string, number> = {
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  microsecond: 0.001,
  microseconds: 0.001,
  tick: 0.0001,
  ticks: 0.0001,
};

export function timespanUnitMs(unit: string): number | undefined {
  return UNIT_MS[unit.toLowerCase()];
}

const RAW_LITERALS = new Set(['datetime', 'time', 'timespan']);

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function tokenize(text: string, report: Reporter): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    const start = i;
    if (c === 39 || c === 34) {
      const [value, next] = readString(text, i, report);
      tokens.push({ kind: 'string', text: value, offset: start, end: next });
      i = next;
      continue;
    }
    const quoteAfterPrefix = text.charCodeAt(i + 1) === 39 || text.charCodeAt(i + 1) === 34;
    if (c === 64 && quoteAfterPrefix) {
      const [value, next] = readVerbatim(text, i + 1, report);
      tokens.push({ kind: 'string', text: value, offset: start, end: next });
      i = next;
      continue;
    }
    if ((c === 104 || c === 72) && quoteAfterPrefix) {
      // h'...' marks an obfuscated string literal; the value is the same.
      const [value, next] = readString(text, i + 1, report);
      tokens.push({ kind: 'string', text: value, offset: start, end: next });
      i = next;
      continue;
    }
    if (isDigit(c)) {
      i = readNumber(text, i, tokens, report);
      continue;
    }
    if (isIdentStart(c) || (c === 36 && isIdentStart(text.charCodeAt(i + 1)))) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const word = text.slice(start, i);
      tokens.push({ kind: 'ident', text: word, offset: start, end: i });
      if (RAW_LITERALS.has(word)) i = readRawBody(text, i, tokens, word, report);
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.includes(two)) {
      tokens.push({ kind: 'punct', text: two, offset: start, end: i + 2 });
      i += 2;
      continue;
    }
    if (PUNCT1.includes(text[i] as string)) {
      tokens.push({ kind: 'punct', text: text[i] as string, offset: start, end: i + 1 });
      i++;
      continue;
    }
    report.syntax(`token recognition error at: '${text[i]}'`, i);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', offset: n, end: n });
  return tokens;
}

function readString(text: string, at: number, report: Reporter): [string, number] {
  const quote = text.charCodeAt(at);
  let out = '';
  let i = at + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === quote) return [out, i + 1];
    if (c === 10) break;
    if (c === 92) {
      const e = text[i + 1];
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      if (e === undefined || map[e] === undefined) report.syntax(`invalid escape sequence '\\${e ?? ''}'`, i);
      out += map[e];
      i += 2;
      continue;
    }
    out += text[i];
    i++;
  }
  return report.syntax('unterminated string literal', at);
}

function readVerbatim(text: string, at: number, report: Reporter): [string, number] {
  const quote = text[at] as string;
  let out = '';
  let i = at + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        out += quote;
        i += 2;
        continue;
      }
      return [out, i + 1];
    }
    out += text[i];
    i++;
  }
  return report.syntax('unterminated string literal', at - 1);
}

function readNumber(text: string, at: number, tokens: Token[], report: Reporter): number {
  let i = at;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    i += 2;
    while (/[0-9a-fA-F]/.test(text[i] ?? '')) i++;
    tokens.push({
      kind: 'number',
      text: text.slice(at, i),
      value: Number.parseInt(text.slice(at + 2, i), 16),
      offset: at,
      end: i,
    });
    return i;
  }
  while (isDigit(text.charCodeAt(i))) i++;
  let isReal = false;
  if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
    isReal = true;
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if ((text[i] === 'e' || text[i] === 'E') && /^[+-]?\d/.test(text.slice(i + 1, i + 3))) {
    isReal = true;
    i += 2;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const numText = text.slice(at, i);
  if (isIdentStart(text.charCodeAt(i))) {
    const unitStart = i;
    while (isIdentPart(text.charCodeAt(i))) i++;
    const unit = text.slice(unitStart, i);
    const ms = timespanUnitMs(unit);
    if (ms === undefined) report.syntax(`token recognition error at: '${text.slice(at, i)}'`, at);
    tokens.push({ kind: 'timespan', text: text.slice(at, i), value: Number(numText) * ms, offset: at, end: i });
    return i;
  }
  tokens.push({ kind: 'number', text: numText, value: Number(numText), isReal, offset: at, end: i });
  return i;
}

/** `datetime(2024-05-01 10:00)` and `time(1.02:03)` hold unquoted text, so their bodies are taken verbatim. */
function readRawBody(text: string, at: number, tokens: Token[], word: string, report: Reporter): number {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== '(') return at;
  const close = text.indexOf(')', i);
  if (close < 0) report.syntax(`missing ')' after '${word}('`, i);
  let body = text.slice(i + 1, close).trim();
  if (/^(['"]).*\1$/.test(body)) body = body.slice(1, -1);
  tokens.push({ kind: 'raw', text: body, value: word, offset: i, end: close + 1 });
  return close + 1;
}
