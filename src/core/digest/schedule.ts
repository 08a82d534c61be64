// When a digest runs: the next occurrence of a local time of day in an IANA time zone, daily or on weekdays, with
// daylight saving as people expect it: 08:00 local on both sides of a change; a local time that does not exist that day
// (clocks jump forward) runs at the first minute after the gap; a local time that happens twice (clocks go back) runs
// once, at its first occurrence. Pure functions over Intl's time zone data; the clock is the caller's.

import type { DigestDays } from '../../store/store';

export type { DigestDays };

export interface DigestSchedule {
  /** "HH:MM", 24 h. */
  time: string;
  /** Canonical IANA name (normalizeTimeZone). */
  timeZone: string;
  days: DigestDays;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at instant `t`, as if it were UTC (milliseconds). */
function wallAsUtc(zone: string, t: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
}

/** The zone's UTC offset at `t` (ms; Berlin in winter: +3,600,000). Offsets are whole minutes in every IANA zone. */
function offsetAt(zone: string, t: number): number {
  return wallAsUtc(zone, t) - Math.floor(t / MINUTE) * MINUTE;
}

/** The instant a local date and time happen (its first occurrence), or the end of the gap it falls into. */
export function localToInstant(zone: string, y: number, month: number, d: number, hh: number, mm: number): number {
  const wall = Date.UTC(y, month - 1, d, hh, mm);
  // At most one offset change within a day on either side (true of every zone in the tz database).
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((t) => offsetAt(zone, t) === wall - t)
    .sort((a, b) => a - b);
  if (valid.length > 0) return valid[0] as number;
  // A gap: the first instant whose offset is the new one; the wall clock reads just after the jump there.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(zone, mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

function parseTime(time: string): [number, number] {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new Error(`not a time of day: ${time}`);
  return [Number(m[1]), Number(m[2])];
}

function isRunDay(days: DigestDays, calendarDay: number): boolean {
  if (days === 'daily') return true;
  const weekday = new Date(calendarDay).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** The first scheduled run strictly after `after`. */
export function nextOccurrence(schedule: DigestSchedule, after: Date): Date {
  const [hh, mm] = parseTime(schedule.time);
  const zone = schedule.timeZone;
  const t = after.getTime();
  const startDay = Math.floor(wallAsUtc(zone, t) / DAY) * DAY;
  // Yesterday's local date can still be ahead of `after` in UTC terms; a weekday schedule skips at most 3 days.
  for (let day = startDay - DAY; day <= startDay + 8 * DAY; day += DAY) {
    if (!isRunDay(schedule.days, day)) continue;
    const date = new Date(day);
    const at = localToInstant(zone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hh, mm);
    if (at > t) return new Date(at);
  }
  throw new Error(`no occurrence of ${schedule.time} ${zone} within a week of ${after.toISOString()}`);
}

/** The newest scheduled run at or before `atOrBefore`, not earlier than `notBefore` (undefined when there is none). */
export function latestOccurrence(schedule: DigestSchedule, notBefore: Date, atOrBefore: Date): Date | undefined {
  let found: Date | undefined;
  // Start a week back at most: an older occurrence is past any lateness a digest may have.
  const from = Math.max(notBefore.getTime() - 1, atOrBefore.getTime() - 8 * DAY);
  for (let next = nextOccurrence(schedule, new Date(from)); next <= atOrBefore; next = nextOccurrence(schedule, next)) {
    found = next;
  }
  return found;
}

/**
 * An IANA zone name Intl knows, in the form to store and show ("europe/berlin" → "Europe/Berlin"), or undefined. Bare
 * offsets and abbreviations ("CET", "+01:00") are refused: only a named zone follows its daylight saving rules. The
 * name is kept as typed when it has capitals (ICU would turn "Asia/Kolkata" into its older alias "Asia/Calcutta").
 */
export function normalizeTimeZone(input: string): string | undefined {
  const text = input.trim();
  if (/^(utc|gmt|z|etc\/utc|etc\/gmt)$/i.test(text)) return 'UTC';
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){1,2}$/.test(text)) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: text });
  } catch {
    return undefined;
  }
  if (/[A-Z]/.test(text)) return text;
  return text.replace(/(^|[/_-])([a-z])/g, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}

/** "8:00", "08:00", "8am", "8:30 pm", "20.15" → "HH:MM"; undefined when it is no time of day. */
export function parseTimeOfDay(input: string): string | undefined {
  const m = /^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$/i.exec(input);
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.toLowerCase().replace(/\./g, '');
  if (m[2] === undefined && half === undefined) return undefined;
  if (minutes > 59) return undefined;
  if (half !== undefined) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hours > 23) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** The asker's zone when the platform told it (Teams does; Slack through users.info), else UTC, flagged as a guess. */
export function defaultZone(callerZone: string | undefined): { name: string; guessed: boolean } {
  const zone = callerZone === undefined ? undefined : normalizeTimeZone(callerZone);
  return zone === undefined ? { name: 'UTC', guessed: true } : { name: zone, guessed: false };
}
