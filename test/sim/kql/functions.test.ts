// Scalar functions: conversions, strings, time, conditionals, emptiness, dynamic access and helpers.
import { kqlError, NOW, scalar } from './helpers';

describe('conversions', () => {
  it('tostring: null is empty, bools and numbers are text, dynamic objects are JSON', () => {
    expect(scalar('tostring(properties.missing)')).toBe('');
    expect(scalar('tostring(properties.b)', { b: true })).toBe('true');
    expect(scalar('tostring(properties.n)', { n: 400002 })).toBe('400002');
    expect(scalar('tostring(properties.o)', { o: { a: [1, 'x'] } })).toBe('{"a":[1,"x"]}');
    expect(scalar('tostring(datetime(2026-01-02 03:04:05))')).toBe('2026-01-02T03:04:05Z');
    expect(scalar('tostring(90m)')).toBe('01:30:00');
    expect(scalar('tostring(properties.e[0].code)', { e: [{ code: 'UserError' }] })).toBe('UserError');
  });

  it('toint/tolong/toreal parse text and truncate, null when not a number', () => {
    expect(scalar("toint('42')")).toBe(42);
    expect(scalar('toint(2.9)')).toBe(2);
    expect(scalar("tolong('x')")).toBeNull();
    expect(scalar('toreal(properties.n)', { n: '2.5' })).toBe(2.5);
    expect(scalar('todouble(3)')).toBe(3);
    expect(scalar('toint(true)')).toBe(1);
  });

  it('tobool reads bools, "true"/"false" in any case and numbers', () => {
    expect(scalar('tobool(properties.b)', { b: false })).toBe(false);
    expect(scalar("tobool('TRUE')")).toBe(true);
    expect(scalar('tobool(0)')).toBe(false);
    expect(scalar("tobool('maybe')")).toBeNull();
  });

  it('todatetime parses ISO 8601 (7 fraction digits, offsets, date only) and RFC 1123', () => {
    expect(scalar('todatetime(properties.t)', { t: '2026-11-24T08:00:00.1234567Z' })).toBe(
      '2026-11-24T08:00:00.1234567Z',
    );
    expect(scalar("todatetime('2026-11-24T10:00:00+02:00')")).toBe('2026-11-24T08:00:00Z');
    expect(scalar("todatetime('2026-11-24')")).toBe('2026-11-24T00:00:00Z');
    expect(scalar("todatetime('2026-11-24 8:30')")).toBeNull();
    expect(scalar("todatetime('2026-11-24 08:30')")).toBe('2026-11-24T08:30:00Z');
    expect(scalar("todatetime('Tue, 24 Nov 2026 08:00:00 GMT')")).toBe('2026-11-24T08:00:00Z');
    expect(scalar("todatetime('2026-02-30')")).toBeNull();
    expect(scalar("todatetime('yesterday')")).toBeNull();
  });

  it('totimespan parses KQL text, literal forms and ISO 8601 durations', () => {
    expect(scalar("totimespan('1.02:03:04')")).toBe('1.02:03:04');
    expect(scalar("totimespan('00:00:09.5')")).toBe('00:00:09.5000000');
    expect(scalar("totimespan('90m')")).toBe('01:30:00');
    expect(scalar('totimespan(properties.d)', { d: 'PT9.87S' })).toBe('00:00:09.8700000');
    expect(scalar("totimespan('soon')")).toBeNull();
  });

  it('parse_json/todynamic parse text and pass dynamic values through', () => {
    expect(scalar('parse_json(\'{"a":[1,2]}\').a[1]')).toBe(2);
    expect(scalar('todynamic(properties).k', { k: 'v' })).toBe('v');
    expect(scalar("parse_json('not json')")).toBe('not json');
  });
});

describe('string functions', () => {
  it('tolower, toupper, strcat, strlen, substring', () => {
    expect(scalar("tolower('AbC')")).toBe('abc');
    expect(scalar("toupper('AbC')")).toBe('ABC');
    expect(scalar("strcat('a', 1, true, properties.x)", { x: 'z' })).toBe('a1truez');
    expect(scalar("strlen('héllo')")).toBe(5);
    expect(scalar("substring('abcdef', 2)")).toBe('cdef');
    expect(scalar("substring('abcdef', 1, 3)")).toBe('bcd');
    expect(scalar("substring('abc', 5)")).toBe('');
  });

  it('split returns a dynamic array; with an index, an array of that one part (empty when out of range)', () => {
    expect(scalar("split('a/b/c', '/')")).toEqual(['a', 'b', 'c']);
    expect(scalar("split('a/b/c', '/')[1]")).toBe('b');
    expect(scalar("split('a/b/c', '/')[-1]")).toBe('c');
    expect(scalar("split('a/b/c', '/')[5]")).toBeNull();
    expect(scalar("split('a/b/c', '/', 2)")).toEqual(['c']);
    expect(scalar("split('a/b/c', '/', 7)")).toEqual([]);
    expect(scalar("tostring(split(split('/x/vaults/v1/jobs', '/vaults/')[1], '/')[0])")).toBe('v1');
  });

  it('trim family (regex), replace_string, extract, countof, indexof, strcat_array, strcat_delim', () => {
    expect(scalar("trim(' ', '  a b  ')")).toBe('a b');
    expect(scalar("trim_start('x+', 'xxaxx')")).toBe('axx');
    expect(scalar("trim_end('x', 'xxaxx')")).toBe('xxa');
    expect(scalar("replace_string('a-b-c', '-', '/')")).toBe('a/b/c');
    expect(scalar("extract('vaults/([^/]+)', 1, '/x/vaults/rsv-1/jobs')")).toBe('rsv-1');
    expect(scalar("extract('nomatch', 0, 'abc')")).toBe('');
    expect(scalar("countof('aaa', 'aa')")).toBe(2);
    expect(scalar("countof('a1b22', '[0-9]+', 'regex')")).toBe(2);
    expect(scalar("indexof('abcabc', 'c')")).toBe(2);
    expect(scalar("indexof('abc', 'z')")).toBe(-1);
    expect(scalar("strcat_array(dynamic(['a', 1]), ',')")).toBe('a,1');
    expect(scalar("strcat_delim('-', 'a', 'b')")).toBe('a-b');
  });
});

describe('time functions', () => {
  it('now() and ago() use the request clock', () => {
    expect(scalar('now()')).toBe(NOW.toISOString().replace('.000', ''));
    expect(scalar('ago(1d)')).toBe('2026-11-23T08:00:00Z');
    expect(scalar('now(-1h)')).toBe('2026-11-24T07:00:00Z');
  });

  it('bin/floor round datetimes, timespans and numbers down', () => {
    expect(scalar('bin(datetime(2026-11-24 07:59:59), 1h)')).toBe('2026-11-24T07:00:00Z');
    expect(scalar('bin(datetime(2026-11-24 07:59:59), 1d)')).toBe('2026-11-24T00:00:00Z');
    // 7-day bins start on Mondays: KQL counts bins from 0001-01-01.
    expect(scalar('bin(datetime(2026-11-26), 7d)')).toBe('2026-11-23T00:00:00Z');
    expect(scalar('floor(95m, 1h)')).toBe('01:00:00');
    expect(scalar('bin(17, 5)')).toBe(15);
    expect(scalar('bin(-1, 5)')).toBe(-5);
    expect(scalar('bin(2.7, 0.5)')).toBe(2.5);
  });

  it('datetime_diff, datetime_add, startof*/endofday, dayofweek, format_datetime', () => {
    expect(scalar("datetime_diff('day', datetime(2026-11-24 01:00), datetime(2026-11-21 23:00))")).toBe(3);
    expect(scalar("datetime_diff('hour', datetime(2026-11-24 08:00), datetime(2026-11-24 06:30))")).toBe(2);
    expect(scalar("datetime_diff('month', datetime(2026-01-01), datetime(2025-11-30))")).toBe(2);
    expect(scalar("datetime_add('month', 1, datetime(2026-01-31))")).toBe('2026-02-28T00:00:00Z');
    expect(scalar("datetime_add('hour', -2, datetime(2026-01-01))")).toBe('2025-12-31T22:00:00Z');
    expect(scalar('startofday(datetime(2026-11-24 08:15))')).toBe('2026-11-24T00:00:00Z');
    expect(scalar('startofweek(datetime(2026-11-24))')).toBe('2026-11-22T00:00:00Z');
    expect(scalar('startofmonth(datetime(2026-11-24))')).toBe('2026-11-01T00:00:00Z');
    expect(scalar('startofyear(datetime(2026-11-24))')).toBe('2026-01-01T00:00:00Z');
    expect(scalar('endofday(datetime(2026-11-24 08:15))')).toBe('2026-11-24T23:59:59.9999999Z');
    expect(scalar('dayofweek(datetime(2026-11-24))')).toBe('2.00:00:00');
    expect(scalar("format_datetime(datetime(2026-11-04 15:06:07.25), 'yyyy-MM-dd HH:mm:ss.fff tt h')")).toBe(
      '2026-11-04 15:06:07.250 PM 3',
    );
  });
});

describe('conditionals and emptiness', () => {
  it('iff/iif pick a branch and unify a dynamic branch with the other type', () => {
    expect(scalar("iff(1 > 2, 'a', 'b')")).toBe('b');
    expect(scalar("iif(true, properties.v, '--')", { v: 7 })).toBe('7');
    expect(scalar('iff(int(null) > 1, 1, 2)')).toBe(2);
  });

  it('case returns the first true branch or the else value', () => {
    const expr = "case(properties.s == 'Completed', 'Succeeded', properties.s == 'Failed', 'Failed', properties.s)";
    expect(scalar(expr, { s: 'Completed' })).toBe('Succeeded');
    expect(scalar(expr, { s: 'Failed' })).toBe('Failed');
    expect(scalar(expr, { s: 'Cancelled' })).toBe('Cancelled');
    expect(scalar('case(false, 1, 2.5)')).toBe(2.5);
  });

  it('coalesce skips nulls and empty strings', () => {
    expect(scalar("coalesce(properties.a, properties.b, 'c')", { b: 'B' })).toBe('B');
    expect(scalar("coalesce('', 'x')")).toBe('x');
    expect(scalar('coalesce(int(null), 3)')).toBe(3);
  });

  it('isempty/isnotempty treat null and "" alike; isnull is false for any string', () => {
    expect(scalar('isempty(properties.missing)')).toBe(true);
    expect(scalar("isempty('')")).toBe(true);
    expect(scalar('isempty(properties.z)', { z: 0 })).toBe(false);
    expect(scalar('isnotempty(properties.s)', { s: 'x' })).toBe(true);
    expect(scalar("isnull('')")).toBe(false);
    expect(scalar('isnull(properties.missing)')).toBe(true);
    expect(scalar('isnotnull(toint(properties.n))', { n: 3 })).toBe(true);
    expect(scalar('not(isempty(id))')).toBe(true);
  });
});

describe('dynamic values', () => {
  it('reads paths, quoted keys and indexes; anything missing or out of range is null', () => {
    const props = { a: { b: [10, 20, 30] }, 'x.y': 1 };
    expect(scalar('properties.a.b[0]', props)).toBe(10);
    expect(scalar('properties.a.b[-1]', props)).toBe(30);
    expect(scalar('properties.a.b[3]', props)).toBeNull();
    expect(scalar("properties['x.y']", props)).toBe(1);
    expect(scalar('properties.a.b.c', props)).toBeNull();
    expect(scalar('properties.nope.deeper', props)).toBeNull();
    expect(scalar('properties.constructor', props)).toBeNull();
    expect(scalar('properties.a.b[toint(1)]', props)).toBe(20);
  });

  it('array_length, bag_keys, pack/bag_pack, pack_array, set_has_element, array_index_of, array_concat, array_slice', () => {
    expect(scalar('array_length(properties.l)', { l: [1, 2] })).toBe(2);
    expect(scalar('array_length(properties.o)', { o: {} })).toBeNull();
    expect(scalar('bag_keys(properties)', { a: 1, b: 2 })).toEqual(['a', 'b']);
    expect(scalar("pack('n', 1, 'd', datetime(2026-01-01))")).toEqual({ n: 1, d: '2026-01-01T00:00:00Z' });
    expect(scalar("bag_pack('k', 'v')")).toEqual({ k: 'v' });
    expect(scalar("pack_array(1, 'a')")).toEqual([1, 'a']);
    expect(scalar("set_has_element(dynamic(['a', 'b']), 'b')")).toBe(true);
    expect(scalar("array_index_of(dynamic(['a', 'b']), 'c')")).toBe(-1);
    expect(scalar('array_concat(dynamic([1]), dynamic([2, 3]))')).toEqual([1, 2, 3]);
    expect(scalar('array_slice(dynamic([1, 2, 3, 4]), 1, -2)')).toEqual([2, 3]);
  });

  it('dynamic literals hold arrays, bags and scalars', () => {
    expect(scalar('dynamic({"a": [1, true, null], "b": {"c": -2.5}})')).toEqual({ a: [1, true, null], b: { c: -2.5 } });
    expect(scalar('dynamic(null)')).toBeNull();
    expect(scalar("dynamic('s')")).toBe('s');
  });

  it('round and abs', () => {
    expect(scalar('round(2.456, 2)')).toBe(2.46);
    expect(scalar('round(-2.5)')).toBe(-3);
    expect(scalar('abs(-3)')).toBe(3);
  });
});

describe('function errors', () => {
  it('names unknown functions and wrong argument counts', () => {
    expect(kqlError('Resources | extend x = frob(id)').detail).toContain(
      "Failed to resolve scalar function named 'frob'",
    );
    expect(kqlError('Resources | extend x = tolower()').detail).toContain(
      "function 'tolower' expects 1 argument(s), got 0",
    );
    expect(kqlError('Resources | extend x = count()').detail).toContain(
      "the aggregate function 'count' is only allowed in summarize",
    );
  });
});
