// Removes what chat platforms wrap around a typed command: Teams <at> mentions and HTML, Slack <@U…> mentions,
// auto-links and &amp;-escapes. escapeMarkup is its inverse for formatCommand, so printed commands parse back.

const ENTITY_NAMES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const ENTITY = /&(amp|lt|gt|quot|apos|nbsp|#\d{1,7}|#x[0-9a-f]{1,6});/gi;

function decodeEntity(whole: string, name: string): string {
  const lower = name.toLowerCase();
  if (lower.startsWith('#')) {
    const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number.parseInt(lower.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  }
  return ENTITY_NAMES[lower] ?? whole;
}

/**
 * Teams sends `<at>Backup</at> jobs` (sometimes with `&nbsp;` or <p> around it); Slack sends `<@U123ABC> jobs`,
 * `<https://x|x>` for anything that looks like a link, and escapes & < > as entities. One pass each, in this order,
 * so that decoded text is never decoded again.
 */
export function stripMarkup(text: string): string {
  const withoutMarkup = text
    .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/<!(?:here|channel|everyone)(?:\|[^>]*)?>/g, ' ')
    .replace(/<(?:https?|mailto):[^>|]*\|([^>]*)>/gi, '$1')
    .replace(/<((?:https?|mailto):[^>|]*)>/gi, '$1')
    .replace(/<\/?(?:p|div|span|br|b|i|strong|em)\b[^>]*>/gi, ' ');
  return withoutMarkup.replace(ENTITY, decodeEntity);
}

/** Makes `value` survive stripMarkup unchanged: every `<` and every `&` that would read as an entity is escaped. */
export function escapeMarkup(value: string): string {
  return value.replace(/&(?=(?:amp|lt|gt|quot|apos|nbsp|#\d{1,7}|#x[0-9a-f]{1,6});)/gi, '&amp;').replace(/</g, '&lt;');
}
