// Splits command text into tokens, keeping track of quoted segments so that `tag:"cost center"=ops` is one token
// whose `:` and `=` can be told apart from the same characters inside the quotes.

/** A run of characters inside one token; `quoted` runs are literal (no `:`/`=` splitting, no trimming). */
export interface Part {
  text: string;
  quoted: boolean;
}

export interface Token {
  parts: Part[];
}

/** Phones and Word turn " into “ ” „ and ' into ‘ ’; each opener accepts any closer of its family. */
const DOUBLE_QUOTES = '"“”„';
const SINGLE_QUOTES = "'‘’";
export const QUOTE_CHARS = DOUBLE_QUOTES + SINGLE_QUOTES;
/** Invisible characters pasted text carries (zero-width space, joiners, BOM); dropped outside quotes. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/;
/** Dropped from the end of the last token ("jobs failed?"), and commas from the end of any token ("vm1, vm2"). */
const TRAILING_PUNCTUATION = /[.?!,;…。？！]+$/;

function closersFor(opener: string): string {
  return DOUBLE_QUOTES.includes(opener) ? DOUBLE_QUOTES : SINGLE_QUOTES;
}

/**
 * A quote opens only at the start of a token or right after an unquoted `:` or `=`, so apostrophes inside words
 * (`sub:Bob's`) stay literal. Inside quotes a backslash takes the next character literally. An unclosed quote runs
 * to the end of the text rather than failing.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let parts: Part[] = [];
  let plain = '';
  // The last character of `plain`, kept aside: reading the end of a string built by `+=` flattens it each time, which
  // made one 190 KB word quadratic (seconds per parse).
  let plainLast = '';
  const flushPlain = (): void => {
    if (plain !== '') parts.push({ text: plain, quoted: false });
    plain = '';
    plainLast = '';
  };
  const endToken = (): void => {
    flushPlain();
    if (parts.length > 0) tokens.push({ parts });
    parts = [];
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      endToken();
      i++;
      continue;
    }
    if (INVISIBLE.test(ch)) {
      i++;
      continue;
    }
    const atOpening = (parts.length === 0 && plain === '') || plainLast === ':' || plainLast === '=';
    if (QUOTE_CHARS.includes(ch) && atOpening) {
      flushPlain();
      const closers = closersFor(ch);
      let quoted = '';
      i++;
      while (i < text.length && !closers.includes(text[i] as string)) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        quoted += text[i];
        i++;
      }
      parts.push({ text: quoted, quoted: true });
      i++; // past the closing quote (or the end)
      continue;
    }
    plain += ch;
    plainLast = ch;
    i++;
  }
  endToken();
  return dropTrailingPunctuation(tokens);
}

function dropTrailingPunctuation(tokens: Token[]): Token[] {
  const out: Token[] = [];
  tokens.forEach((token, index) => {
    const last = token.parts[token.parts.length - 1];
    if (last === undefined || last.quoted) {
      out.push(token);
      return;
    }
    const pattern = index === tokens.length - 1 ? TRAILING_PUNCTUATION : /,+$/;
    const text = last.text.replace(pattern, '');
    const parts = text === '' ? token.parts.slice(0, -1) : [...token.parts.slice(0, -1), { text, quoted: false }];
    if (parts.length > 0) out.push({ parts });
  });
  return out;
}

/** The token's text with quotes removed. */
export function tokenText(token: Token | Part[]): string {
  const parts = Array.isArray(token) ? token : token.parts;
  return parts.map((p) => p.text).join('');
}

/** Lower-cased text of a token that has no quoted part (keywords must be unquoted), else undefined. */
export function plainWord(token: Token): string | undefined {
  return token.parts.every((p) => !p.quoted) ? tokenText(token).toLowerCase() : undefined;
}

/** Splits at the first unquoted `ch`: [before, after], or undefined when there is none. */
export function splitParts(parts: Part[], ch: string): [Part[], Part[]] | undefined {
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Part;
    if (part.quoted) continue;
    const at = part.text.indexOf(ch);
    if (at < 0) continue;
    const before = [...parts.slice(0, i), { text: part.text.slice(0, at), quoted: false }];
    const after = [{ text: part.text.slice(at + 1), quoted: false }, ...parts.slice(i + 1)];
    return [before.filter((p) => p.text !== '' || p.quoted), after.filter((p) => p.text !== '' || p.quoted)];
  }
  return undefined;
}

/** How a token looked when typed, for error messages (quotes restored, clipped). */
export function showToken(token: Token | Part[]): string {
  const parts = Array.isArray(token) ? token : token.parts;
  const text = parts.map((p) => (p.quoted ? `"${p.text}"` : p.text)).join('');
  return clip(text);
}

export function clip(text: string, max = 60): string {
  const safe = text.replace(/[\p{Cc}\p{Cs}\u2028\u2029]/gu, '?');
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

/** Characters a quoted value must escape: the backslash and every double-quote closer. */
const MUST_ESCAPE = /[\\"“”„]/g;

export function quoteText(text: string): string {
  return `"${text.replace(MUST_ESCAPE, (c) => `\\${c}`)}"`;
}

/** Text that tokenizes back to these parts (quoted parts re-quoted). */
export function partsSource(parts: Part[]): string {
  return parts.map((p) => (p.quoted ? quoteText(p.text) : p.text)).join('');
}
