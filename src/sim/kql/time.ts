// Datetime and timespan text: parsing (row values are ISO strings inside `properties`) and KQL's output formats.
// Both are held as milliseconds, fractions being sub-millisecond ticks. Datetimes count from 2020-01-01 UTC rather than
// 1970: near the base a double still resolves 100 ns ticks, so `.1234567Z` survives todatetime() and output.
import { timespanUnitMs } from './lexer';

const MS_PER_DAY = 86_400_000;

/** Unix milliseconds of the datetime base (2020-01-01T00:00:00Z). */
export const DATETIME_BASE_UNIX_MS = 1_577_836_800_000;

export function fromUnixMs(ms: number): number {
  return ms - DATETIME_BASE_UNIX_MS;
}

/** A JS Date for the whole milliseconds of a datetime value (sub-millisecond ticks dropped). */
export function unixDate(v: number): Date {
  return new Date(Math.floor(v) + DATETIME_BASE_UNIX_MS);
}

function digitsAt(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date, without allocating a Date (hot path of todatetime). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The datetime value (ms since the base) of a UTC calendar time. */
function baseMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  return daysFromCivil(y, mo, d) * MS_PER_DAY - DATETIME_BASE_UNIX_MS + h * 3_600_000 + mi * 60_000 + s * 1000;
}

/** ISO 8601 (`2024-05-01T10:00:00.1234567Z`, `2024-05-01 10:00`, `2024-05-01`, offsets) without a regex on the hot path. */
function parseIso(s: string): number | null {
  const y = digitsAt(s, 0, 4);
  if (y < 0 || s[4] !== '-' || s[7] !== '-') return null;
  const mo = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let frac = 0;
  let i = 10;
  const sep = s[10];
  if (sep === 'T' || sep === 't' || sep === ' ') {
    h = digitsAt(s, 11, 2);
    mi = s[13] === ':' ? digitsAt(s, 14, 2) : -1;
    if (h < 0 || h > 23 || mi < 0 || mi > 59) return null;
    i = 16;
    if (s[16] === ':') {
      sec = digitsAt(s, 17, 2);
      if (sec < 0 || sec > 59) return null;
      i = 19;
      if (s[19] === '.') {
        let scale = 100;
        i = 20;
        while (i < s.length) {
          const dd = s.charCodeAt(i) - 48;
          if (dd < 0 || dd > 9) break;
          frac += dd * scale;
          scale /= 10;
          i++;
        }
      }
    }
  }
  let offsetMin = 0;
  if (i < s.length) {
    const z = s[i];
    if ((z === 'Z' || z === 'z') && i === s.length - 1) {
      // UTC
    } else if (z === '+' || z === '-') {
      const oh = digitsAt(s, i + 1, 2);
      const om = s[i + 3] === ':' ? digitsAt(s, i + 4, 2) : digitsAt(s, i + 3, 2);
      const endAt = s[i + 3] === ':' ? i + 6 : i + 5;
      if (oh < 0 || om < 0 || endAt !== s.length) return null;
      offsetMin = (z === '+' ? 1 : -1) * (oh * 60 + om);
    } else {
      return null;
    }
  }
  const ms = baseMs(y, mo, d, h, mi, sec);
  // Round away float noise from the fraction's decimal digits (7 digits = 100 ns ticks).
  return ms + Math.round(frac * 10000) / 10000 - offsetMin * 60_000;
}

/** todatetime() on text: ISO 8601 first, then RFC 1123/822 style (`Wed, 01 May 2024 10:00:00 GMT`). Null when invalid. */
export function parseDatetime(s: string): number | null {
  const t = s.length > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32) ? s.trim() : s;
  const iso = parseIso(t);
  if (iso !== null) return iso;
  if (/^[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(:\d{2})?\s*(GMT|UTC|Z)?$/.test(t)) {
    const ms = Date.parse(/(GMT|UTC|Z)$/.test(t) ? t : `${t} GMT`);
    return Number.isNaN(ms) ? null : fromUnixMs(ms);
  }
  return null;
}

/** The body of `datetime(...)`: null for `datetime(null)`, undefined when not a datetime. */
export function parseDatetimeLiteral(body: string): number | null | undefined {
  if (body === 'null') return null;
  return parseDatetime(body) ?? undefined;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** KQL's datetime text: `2026-11-24T08:00:00Z`, with 7 fraction digits only when there is a fraction. */
export function formatDatetime(ms: number): string {
  let whole = Math.floor(ms);
  let ticks = Math.round((ms - whole) * 10000);
  if (ticks === 10000) {
    whole += 1;
    ticks = 0;
  }
  const d = unixDate(whole);
  if (Number.isNaN(d.getTime())) return '';
  const fracTicks = (whole - Math.floor(whole / 1000) * 1000) * 10000 + ticks;
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return `${date}T${time}${fracTicks === 0 ? '' : `.${pad(fracTicks, 7)}`}Z`;
}

/** KQL's timespan text: `[-][d.]hh:mm:ss[.fffffff]`, e.g. `1.00:00:00`, `01:30:00`, `00:00:00.5000000`. */
export function formatTimespan(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let ticks = Math.round(Math.abs(ms) * 10000);
  const days = Math.floor(ticks / (MS_PER_DAY * 10000));
  ticks -= days * MS_PER_DAY * 10000;
  const totalSeconds = Math.floor(ticks / 10_000_000);
  const frac = ticks - totalSeconds * 10_000_000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const dayPart = days > 0 ? `${days}.` : '';
  const fracPart = frac > 0 ? `.${pad(frac, 7)}` : '';
  return `${sign}${dayPart}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${fracPart}`;
}

const CLOCK = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;
const LITERAL = /^(-)?(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/;
const ISO_DURATION =
  /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/**
 * totimespan() on text and the body of `time(...)`: `d.hh:mm:ss.fffffff`, `hh:mm`, `2d`, `90m`.
 * ISO 8601 durations (`PT9.87S`, the shape of job `duration` properties) are accepted too (lenient; unverified in Kusto).
 */
export function parseTimespanText(s: string): number | undefined {
  const t = s.trim();
  const clock = CLOCK.exec(t);
  if (clock) {
    const [, neg, d, h, m, sec, frac] = clock;
    const ms =
      Number(d ?? 0) * MS_PER_DAY +
      Number(h) * 3_600_000 +
      Number(m) * 60_000 +
      Number(sec ?? 0) * 1000 +
      Number(`0.${frac ?? '0'}`) * 1000;
    return neg ? -ms : ms;
  }
  const lit = LITERAL.exec(t);
  if (lit) {
    const unit = timespanUnitMs(lit[3] as string);
    if (unit === undefined) return undefined;
    const ms = Number(lit[2]) * unit;
    return lit[1] ? -ms : ms;
  }
  const iso = ISO_DURATION.exec(t);
  if (iso && t.length > 1 && !/T$/i.test(t)) {
    const [, neg, d, h, m, sec] = iso;
    const ms =
      Number(d ?? 0) * MS_PER_DAY + Number(h ?? 0) * 3_600_000 + Number(m ?? 0) * 60_000 + Number(sec ?? 0) * 1000;
    return neg ? -ms : ms;
  }
  return undefined;
}

/** Milliseconds from 0001-01-01 to the datetime base: KQL bins datetimes from year 1, which matters for 7d bins. */
export const YEAR_ONE_OFFSET_MS = 62_135_596_800_000 + DATETIME_BASE_UNIX_MS;
