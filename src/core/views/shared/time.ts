// Times as views show them: in the caller's time zone when the platform told us, else UTC, and always labelled
// ("Mon 2 Jun, 12:02 CEST"), so a reader never has to guess which zone a time is in.

export interface TimeFormat {
  /** The IANA zone used ("UTC" when the caller's zone is unknown or invalid). */
  zone: string;
  /** Date and time with the zone label: "Mon 2 Jun, 12:02 CEST". Unknown or bad input: "unknown time". */
  dateTime(iso: string | undefined): string;
  /** Time only when `iso` is on the same local day as `now`, else date and time: "12:02 CEST" / "Sun 1 Jun, 23:10 CEST". */
  short(iso: string | undefined, now: Date): string;
  /** The footer stamp of a view: "as of 12:02 CEST". */
  asOf(now: Date): string;
}

const UNKNOWN = 'unknown time';

/**
 * Building an Intl.DateTimeFormat costs far more than formatting with one (ICU loads the zone and locale data): under
 * load, building them per time shown was most of a card's CPU. Formats are kept per locale, zone and options; zones
 * are a finite set, and the bound only guards against callers inventing zone names.
 */
const FORMATS_KEPT = 2_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    if (formats.size >= FORMATS_KEPT) formats.clear();
    formats.set(key, found);
  }
  return found;
}

function isValidZone(zone: string): boolean {
  try {
    format('en-US', zone, {});
    return true;
  } catch {
    return false;
  }
}

/**
 * A short zone label: US-English abbreviations read best ("EDT"), but Node's ICU gives them only for American zones;
 * British English knows the European ones ("CEST"); anything else stays "GMT+5:30".
 */
function zoneLabel(zone: string, at: Date): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const label = (locale: string) =>
    format(locale, zone, { timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
  const us = label('en-US');
  if (!us.startsWith('GMT')) return us;
  const gb = label('en-GB');
  return gb === 'GMT' && us !== 'GMT' ? us : gb;
}

function toDate(iso: string | undefined): Date | undefined {
  if (iso === undefined || iso === '') return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A formatter for one caller's zone; `timeZone` undefined or unknown to ICU → UTC. */
export function createTimeFormat(timeZone: string | undefined): TimeFormat {
  const zone = timeZone !== undefined && timeZone !== '' && isValidZone(timeZone) ? timeZone : 'UTC';
  const dateFmt = format('en-GB', zone, { weekday: 'short', day: 'numeric', month: 'short' });
  const timeFmt = format('en-GB', zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dayKey = format('en-CA', zone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const time = (d: Date) => `${timeFmt.format(d)} ${zoneLabel(zone, d)}`;
  const dateTime = (d: Date) => `${dateFmt.format(d)}, ${time(d)}`;
  return {
    zone,
    dateTime(iso) {
      const d = toDate(iso);
      return d === undefined ? UNKNOWN : dateTime(d);
    },
    short(iso, now) {
      const d = toDate(iso);
      if (d === undefined) return UNKNOWN;
      return dayKey.format(d) === dayKey.format(now) ? time(d) : dateTime(d);
    },
    asOf(now) {
      return `as of ${dateTime(now)}`;
    },
  };
}

/** "4 min", "1 h 05 min", "2 d 3 h"; undefined or negative → "". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "3 h ago", "2 d ago", "just now"; for when something last happened. */
export function formatAgo(iso: string | undefined, now: Date): string {
  const d = toDate(iso);
  if (d === undefined) return '';
  const ms = now.getTime() - d.getTime();
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 48 * 3_600_000) return `${Math.floor(ms / 3_600_000)} h ago`;
  return `${Math.floor(ms / 86_400_000)} d ago`;
}

/** "last 24 h", "last 7 days" for a since: window. */
export function describeWindow(since: string): string {
  const m = /^(\d+)([hd])$/.exec(since);
  if (!m) return since;
  const n = Number(m[1]);
  if (m[2] === 'h') return n % 24 === 0 && n > 24 ? `last ${n / 24} days` : `last ${n} h`;
  return n === 1 ? 'last 24 h' : `last ${n} days`;
}
