// Digest schedules across daylight saving changes: 08:00 local on both sides, a skipped local time at the first minute
// after the gap, a repeated one once, weekdays only on Monday to Friday, in the digest's own zone.
import {
  latestOccurrence,
  localToInstant,
  nextOccurrence,
  normalizeTimeZone,
  parseTimeOfDay,
} from '../../../src/core/digest/schedule';

const at = (iso: string) => new Date(iso);
const next = (time: string, timeZone: string, after: string, days: 'daily' | 'weekdays' = 'daily') =>
  nextOccurrence({ time, timeZone, days }, at(after)).toISOString();

/** Every run from `after`, n of them. */
function runs(time: string, timeZone: string, after: string, n: number, days: 'daily' | 'weekdays' = 'daily') {
  const out: string[] = [];
  let t = at(after);
  for (let i = 0; i < n; i++) {
    t = nextOccurrence({ time, timeZone, days }, t);
    out.push(t.toISOString());
  }
  return out;
}

describe('08:00 stays 08:00 local on both sides of a change', () => {
  test('Europe/Berlin in spring (CET → CEST on 29 March 2026) and autumn (CEST → CET on 25 October 2026)', () => {
    expect(runs('08:00', 'Europe/Berlin', '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28T07:00:00.000Z',
      '2026-03-29T06:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
      '2026-03-31T06:00:00.000Z',
    ]);
    expect(runs('08:00', 'Europe/Berlin', '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T06:00:00.000Z',
      '2026-10-25T07:00:00.000Z',
      '2026-10-26T07:00:00.000Z',
    ]);
  });

  test('America/New_York (EST → EDT on 8 March 2026, EDT → EST on 1 November 2026)', () => {
    expect(runs('08:00', 'America/New_York', '2026-03-07T00:00:00Z', 2)).toEqual([
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
    ]);
    expect(runs('08:00', 'America/New_York', '2026-10-31T00:00:00Z', 2)).toEqual([
      '2026-10-31T12:00:00.000Z',
      '2026-11-01T13:00:00.000Z',
    ]);
  });

  test('Asia/Kolkata has no daylight saving and a half-hour offset', () => {
    expect(runs('08:00', 'Asia/Kolkata', '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T02:30:00.000Z',
      '2026-03-29T02:30:00.000Z',
      '2026-03-30T02:30:00.000Z',
    ]);
  });
});

describe('local times that do not exist or happen twice', () => {
  test('02:30 on the spring-forward day runs at 03:00, the first minute after the gap', () => {
    // Berlin jumps from 02:00 CET to 03:00 CEST at 01:00 UTC.
    expect(next('02:30', 'Europe/Berlin', '2026-03-28T12:00:00Z')).toBe('2026-03-29T01:00:00.000Z');
    expect(next('02:30', 'Europe/Berlin', '2026-03-29T01:00:00Z')).toBe('2026-03-30T00:30:00.000Z');
    // New York jumps from 02:00 EST to 03:00 EDT at 07:00 UTC.
    expect(next('02:15', 'America/New_York', '2026-03-08T00:00:00Z')).toBe('2026-03-08T07:00:00.000Z');
  });

  test('02:30 on the fall-back day runs once, at its first occurrence', () => {
    // Berlin: 02:30 CEST (00:30 UTC) and 02:30 CET (01:30 UTC) both exist on 25 October 2026.
    expect(next('02:30', 'Europe/Berlin', '2026-10-24T12:00:00Z')).toBe('2026-10-25T00:30:00.000Z');
    expect(next('02:30', 'Europe/Berlin', '2026-10-25T00:30:00Z')).toBe('2026-10-26T01:30:00.000Z');
    expect(next('01:30', 'America/New_York', '2026-11-01T05:30:00Z')).toBe('2026-11-02T06:30:00.000Z');
    expect(localToInstant('America/New_York', 2026, 11, 1, 1, 30)).toBe(Date.parse('2026-11-01T05:30:00Z'));
  });
});

test('weekdays runs Monday to Friday in the digest zone, even when UTC is on another day', () => {
  // Friday 4 December 2026 23:30 UTC is already Saturday in Tokyo.
  expect(runs('08:00', 'Asia/Tokyo', '2026-12-03T00:00:00Z', 3, 'weekdays')).toEqual([
    '2026-12-03T23:00:00.000Z', // Fri 4 Dec 08:00 JST
    '2026-12-06T23:00:00.000Z', // Mon 7 Dec
    '2026-12-07T23:00:00.000Z', // Tue 8 Dec
  ]);
  // 00:30 Monday in Los Angeles is still Sunday in UTC... and the other way round.
  expect(next('00:30', 'America/Los_Angeles', '2026-12-05T12:00:00Z', 'weekdays')).toBe('2026-12-07T08:30:00.000Z');
});

test('the newest run at or before a time, within a window', () => {
  const s = { time: '08:00', timeZone: 'Europe/Berlin', days: 'daily' as const };
  expect(latestOccurrence(s, at('2026-12-01T00:00:00Z'), at('2026-12-05T09:00:00Z'))?.toISOString()).toBe(
    '2026-12-05T07:00:00.000Z',
  );
  expect(latestOccurrence(s, at('2026-12-05T07:00:01Z'), at('2026-12-05T09:00:00Z'))).toBeUndefined();
  expect(latestOccurrence(s, at('2026-12-05T07:00:00Z'), at('2026-12-05T07:00:00Z'))?.toISOString()).toBe(
    '2026-12-05T07:00:00.000Z',
  );
});

test('time zones are IANA names in any case; offsets and abbreviations are refused', () => {
  expect(normalizeTimeZone('europe/berlin')).toBe('Europe/Berlin');
  expect(normalizeTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
  expect(normalizeTimeZone('asia/kolkata')).toBe('Asia/Kolkata');
  expect(normalizeTimeZone('utc')).toBe('UTC');
  expect(normalizeTimeZone('Etc/UTC')).toBe('UTC');
  for (const bad of ['CET', '+01:00', 'Mars/Olympus', 'Europe/Berlin; drop', '', 'GMT+1']) {
    expect(normalizeTimeZone(bad)).toBeUndefined();
  }
});

test('times of day in the forms people type', () => {
  expect(parseTimeOfDay('8:00')).toBe('08:00');
  expect(parseTimeOfDay('08:05')).toBe('08:05');
  expect(parseTimeOfDay('23:59')).toBe('23:59');
  expect(parseTimeOfDay('8am')).toBe('08:00');
  expect(parseTimeOfDay('12am')).toBe('00:00');
  expect(parseTimeOfDay('12:30pm')).toBe('12:30');
  expect(parseTimeOfDay('7.30 p.m.')).toBe('19:30');
  for (const bad of ['8', '24:00', '7:60', '13pm', 'noon', '0800']) expect(parseTimeOfDay(bad)).toBeUndefined();
});
