// Reads the value of one option (`since:7d`, `tag:env=prod`, `page:2` …) and says exactly what is wrong with a bad one.
// Filter checks are the domain's (validateFilters, parseSince), so the parser and the query layer use the same words.

import { normalizeTimeZone } from '../digest/schedule';
import { parseSince, type Since, type TagFilter, validateFilters } from '../domain/filters';
import type { Workload } from '../domain/workload';
import { UserFacingError } from '../errors';
import { closestWord } from './suggest-words';
import { clip, type Part, splitParts, tokenText } from './tokenize';
import { MAX_AUDIT_HOURS, MAX_CURSOR_CHARS, MAX_NAME_CHARS, MAX_PAGE, type ParseError } from './types';
import { WORKLOAD_LIST, workloadOf, workloadWords } from './words';

/** Replace token `index` by `replacement` (null: drop it) to get what the user probably meant. */
export interface Fix {
  index: number;
  replacement: string | null;
}

/** Internal: thrown inside the parser, always caught by parseCommand (which never throws). */
export class ParseFailure extends Error {
  constructor(
    readonly error: Omit<ParseError, 'usage'> & { usage?: string },
    readonly fix?: Fix,
  ) {
    super(error.message);
  }
}

/** A word after the verb that does not fit it. */
export function badArgument(message: string, example?: string): ParseFailure {
  return new ParseFailure({ code: 'bad-argument', message, ...(example === undefined ? {} : { example }) });
}

export function badFilter(message: string, example?: string, fix?: Fix): ParseFailure {
  return new ParseFailure({ code: 'bad-filter', message, ...(example === undefined ? {} : { example }) }, fix);
}

function fromUserError(err: unknown, example: string): ParseFailure {
  if (err instanceof UserFacingError) {
    return badFilter(err.hint === undefined ? err.message : `${err.message} ${err.hint}`, example);
  }
  throw err;
}

type TextFilter = 'subscription' | 'resourceGroup' | 'vault' | 'location';

/** sub:, rg:, vault:, location: through the domain's checks (trimmed, not empty, no control characters). */
export function readTextFilter(field: TextFilter, parts: Part[], example: string): string {
  try {
    const valid = validateFilters({ [field]: tokenText(parts) });
    return valid[field] as string;
  } catch (err) {
    throw fromUserError(err, example);
  }
}

export function readWorkload(key: string, parts: Part[], index: number): Workload {
  const text = tokenText(parts).trim().toLowerCase();
  const workload = workloadOf(text);
  if (workload !== undefined) return workload;
  const near = closestWord(text, workloadWords());
  const fix = near === undefined ? undefined : { index, replacement: `${key}:${workloadOf(near)}` };
  const said = text === '' ? `${key}: needs a workload.` : `"${clip(text)}" is not a workload.`;
  throw badFilter(`${said} Use one of: ${WORKLOAD_LIST}.`, 'type:vm', fix);
}

export function readSince(parts: Part[], index: number, key = 'since'): Since {
  const text = tokenText(parts);
  try {
    return parseSince(text);
  } catch (err) {
    const failure = fromUserError(err, 'since:7d');
    const hours = windowHours(text);
    // Too far back: offer the longest window that exists, with the rest of the command intact.
    const fix = hours !== undefined && hours > 14 * 24 ? { index, replacement: `${key}:14d` } : undefined;
    throw new ParseFailure(failure.error, fix);
  }
}

function windowHours(text: string): number | undefined {
  const m = /^\s*(\d{1,5})\s*([hd])\s*$/i.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * (m[2]?.toLowerCase() === 'd' ? 24 : 1);
}

/** Audit windows: any whole number of hours or days up to a year, printed as `<n>d` when whole days (24h stays). */
export function readAuditSince(parts: Part[]): string {
  const hours = windowHours(tokenText(parts));
  if (hours === undefined || hours === 0) {
    throw badFilter(`"${clip(tokenText(parts))}" is not a time window; write it as hours or days.`, 'since:30d');
  }
  if (hours > MAX_AUDIT_HOURS) throw badFilter('The audit log goes back one year at most.', 'since:90d');
  return canonicalAuditSince(hours);
}

export function canonicalAuditSince(hours: number): string {
  return hours % 24 === 0 && hours > 24 ? `${hours / 24}d` : `${hours}h`;
}

/** tag:<key>=<value>; an empty value (tag:env=) matches any value of the key. */
export function readTag(parts: Part[]): TagFilter {
  const split = splitParts(parts, '=');
  const shown = clip(tokenText(parts));
  if (split === undefined) {
    throw badFilter(
      `tag:${shown} has no value: write tag:<key>=<value> (or tag:${shown}= for any value).`,
      'tag:env=prod',
    );
  }
  const [keyParts, valueParts] = split;
  try {
    const valid = validateFilters({ tags: [{ key: tokenText(keyParts), value: tokenText(valueParts) }] });
    return valid.tags?.[0] as TagFilter;
  } catch (err) {
    throw fromUserError(err, 'tag:"cost center"=ops');
  }
}

export function readPage(parts: Part[]): number {
  const text = tokenText(parts).trim();
  const page = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(page >= 1 && page <= MAX_PAGE)) {
    throw new ParseFailure({
      code: 'bad-argument',
      message: `page:${clip(text)} is not a page number (1 to ${MAX_PAGE}).`,
      example: 'page:2',
    });
  }
  return page;
}

export function readCursor(parts: Part[]): string {
  const text = tokenText(parts).trim();
  if (text === '' || text.length > MAX_CURSOR_CHARS || /[\p{Cc}\p{Cs}]/u.test(text)) {
    throw new ParseFailure({ code: 'bad-argument', message: 'This page link is damaged; run the command again.' });
  }
  return text;
}

export function readConfirm(parts: Part[]): string {
  const text = tokenText(parts).trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(text)) {
    throw new ParseFailure({
      code: 'bad-argument',
      message: 'That confirmation code is not valid; press Confirm on the card again.',
    });
  }
  return text;
}

/** Vault names, item names and ARM ids: trimmed, not empty, no control characters. */
export function readName(text: string, what: string): string {
  const name = text.trim();
  if (name === '') throw new ParseFailure({ code: 'bad-argument', message: `The ${what} is empty.` });
  if (name.length > MAX_NAME_CHARS) {
    throw new ParseFailure({
      code: 'bad-argument',
      message: `The ${what} is too long (over ${MAX_NAME_CHARS} characters).`,
    });
  }
  if (/[\p{Cc}\p{Cs}\u2028\u2029]/u.test(name)) {
    throw new ParseFailure({ code: 'bad-argument', message: `The ${what} contains control characters.` });
  }
  return name;
}

/** tz:<IANA zone> in any case; offsets and abbreviations are refused (they do not follow daylight saving). */
export function readTimeZone(parts: Part[]): string {
  const text = tokenText(parts).trim();
  const zone = normalizeTimeZone(text);
  if (zone !== undefined) return zone;
  const said = text === '' ? 'tz: needs a time zone.' : `"${clip(text)}" is not a time zone I know.`;
  throw badFilter(`${said} Use an IANA name such as Europe/Berlin, America/New_York or UTC.`, 'tz:Europe/Berlin');
}

/** Azure's error codes are identifiers (`UserErrorVmNotInDesirableState`, `400239`); `none`: failures without one. */
export const ERROR_CODE_PATTERN = /^[A-Za-z0-9][\w.-]{0,127}$/;

/** code:<error code>, as the failed-jobs overview names it. */
export function readErrorCode(parts: Part[]): string {
  const text = tokenText(parts).trim();
  if (ERROR_CODE_PATTERN.test(text)) return text;
  const said = text === '' ? 'code: needs an error code.' : `"${clip(text)}" is not an error code.`;
  throw badFilter(`${said} Use one the failed-jobs card lists, such as UserErrorVmNotInDesirableState.`, 'code:400239');
}
