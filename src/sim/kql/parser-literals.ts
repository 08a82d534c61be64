// Parses the body of `dynamic(...)`: JSON-like arrays, property bags and scalars, built into plain JSON values.
import type { TokenCursor } from './parser-base';
import { formatDatetime, formatTimespan, parseDatetimeLiteral, parseTimespanText } from './time';

export function parseDynamicLiteral(c: TokenCursor): unknown {
  const t = c.peek();
  if (c.acceptPunct('[')) {
    const items: unknown[] = [];
    if (!c.isPunct(']')) {
      do items.push(parseDynamicLiteral(c));
      while (c.acceptPunct(','));
    }
    c.expectPunct(']');
    return items;
  }
  if (c.acceptPunct('{')) {
    const bag: Record<string, unknown> = {};
    if (!c.isPunct('}')) {
      do {
        const key = c.peek();
        if (key.kind !== 'string' && key.kind !== 'ident') c.fail('a property name');
        c.next();
        c.expectPunct(':');
        bag[key.text] = parseDynamicLiteral(c);
      } while (c.acceptPunct(','));
    }
    c.expectPunct('}');
    return bag;
  }
  if (c.isPunct('-') && c.peek(1).kind === 'number') {
    c.next();
    return -(c.next().value as number);
  }
  switch (t.kind) {
    case 'string':
      c.next();
      return t.text;
    case 'number':
      c.next();
      return t.value;
    case 'timespan':
      c.next();
      return formatTimespan(t.value as number);
    case 'ident':
      return parseDynamicWord(c);
    default:
      return c.fail('a dynamic value');
  }
}

function parseDynamicWord(c: TokenCursor): unknown {
  const t = c.next();
  if (t.text === 'null') return null;
  if (/^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === 'true';
  const raw = c.peek();
  if (raw.kind === 'raw') {
    c.next();
    if (t.text === 'datetime') {
      const v = parseDatetimeLiteral(raw.text);
      if (v === undefined) c.report.syntax(`invalid datetime literal '${raw.text}'`, raw.offset);
      return v === null ? null : formatDatetime(v);
    }
    const span = parseTimespanText(raw.text);
    if (span === undefined) c.report.syntax(`invalid timespan literal '${raw.text}'`, raw.offset);
    return formatTimespan(span);
  }
  return c.report.syntax(`mismatched input '${t.text}' expecting a dynamic value`, t.offset);
}
