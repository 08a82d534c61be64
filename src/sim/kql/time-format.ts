// format_datetime's .NET-style patterns: yyyy yy MM M dd d HH H hh h mm m ss s f…fffffff F… tt; other characters are
// literal. format_timespan's: d…dddddddd (days), hh/h and HH/H (hours within the day), mm m ss s f… F…, 'quoted text'.
import { unixDate } from './time';

const TOKEN = /yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}|tt/g;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatDatetimeWith(ms: number, format: string): string {
  const d = unixDate(ms);
  const ticks = Math.round((ms - Math.floor(ms / 1000) * 1000) * 10000);
  const hours = d.getUTCHours();
  return format.replace(TOKEN, (t) => {
    switch (t) {
      case 'yyyy':
        return pad(d.getUTCFullYear(), 4);
      case 'yy':
        return pad(d.getUTCFullYear() % 100, 2);
      case 'MM':
        return pad(d.getUTCMonth() + 1, 2);
      case 'M':
        return String(d.getUTCMonth() + 1);
      case 'dd':
        return pad(d.getUTCDate(), 2);
      case 'd':
        return String(d.getUTCDate());
      case 'HH':
        return pad(hours, 2);
      case 'H':
        return String(hours);
      case 'hh':
        return pad(hours % 12 || 12, 2);
      case 'h':
        return String(hours % 12 || 12);
      case 'mm':
        return pad(d.getUTCMinutes(), 2);
      case 'm':
        return String(d.getUTCMinutes());
      case 'ss':
        return pad(d.getUTCSeconds(), 2);
      case 's':
        return String(d.getUTCSeconds());
      case 'tt':
        return hours < 12 ? 'AM' : 'PM';
      default: {
        const digits = pad(ticks, 7).slice(0, t.length);
        return t.startsWith('F') ? digits.replace(/0+$/, '') : digits;
      }
    }
  });
}

const SPAN_TOKEN = /'[^']*'|d{1,8}|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}/g;

/** A timespan (milliseconds) in format_timespan's pattern; a negative span gets a leading '-'. */
export function formatTimespanWith(ms: number, format: string): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const wholeSeconds = Math.floor(abs / 1000);
  const ticks = Math.round((abs - wholeSeconds * 1000) * 10000);
  const days = Math.floor(wholeSeconds / 86400);
  const hours = Math.floor(wholeSeconds / 3600) % 24;
  const minutes = Math.floor(wholeSeconds / 60) % 60;
  const seconds = wholeSeconds % 60;
  const body = format.replace(SPAN_TOKEN, (t) => {
    if (t.startsWith("'")) return t.slice(1, -1);
    switch (t[0]) {
      case 'd':
        return pad(days, t.length);
      case 'H':
      case 'h':
        return pad(hours, t.length);
      case 'm':
        return pad(minutes, t.length);
      case 's':
        return pad(seconds, t.length);
      default: {
        const digits = pad(ticks, 7).slice(0, t.length);
        return t.startsWith('F') ? digits.replace(/0+$/, '') : digits;
      }
    }
  });
  return sign + body;
}
