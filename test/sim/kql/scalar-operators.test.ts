// Scalar operators with KQL's rules: case sensitivity, nulls, dynamic conversions, integer division, time arithmetic.
import { kqlError, scalar } from './helpers';

describe('equality and case rules', () => {
  it('== and != are case-sensitive; =~ and !~ are not', () => {
    expect(scalar("'Abc' == 'abc'")).toBe(false);
    expect(scalar("'Abc' != 'abc'")).toBe(true);
    expect(scalar("'Abc' =~ 'aBC'")).toBe(true);
    expect(scalar("'Abc' !~ 'aBC'")).toBe(false);
  });

  it('in and !in are case-sensitive; in~ and !in~ are not', () => {
    expect(scalar("'Failed' in ('failed', 'x')")).toBe(false);
    expect(scalar("'Failed' !in ('failed', 'x')")).toBe(true);
    expect(scalar("'Failed' in~ ('failed', 'x')")).toBe(true);
    expect(scalar("'Failed' !in~ ('FAILED')")).toBe(false);
    expect(scalar("'b' in (dynamic(['a', 'b']))")).toBe(true);
    expect(scalar('2 in (1, 2, 3)')).toBe(true);
  });

  it('compares a dynamic value with the type of the other side', () => {
    // The Microsoft sample relies on this: properties.isUserTriggered is a JSON bool.
    expect(scalar("properties.t == 'true'", { t: true })).toBe(true);
    expect(scalar("properties.t == 'false'", { t: true })).toBe(false);
    expect(scalar('properties.n == 5', { n: 5 })).toBe(true);
    expect(scalar('properties.n == 5', { n: '5' })).toBe(true);
    expect(scalar('properties.n > 4.5', { n: 5 })).toBe(true);
    expect(scalar('properties.b == true', { b: true })).toBe(true);
    expect(scalar("properties.s in~ ('FAILED')", { s: 'Failed' })).toBe(true);
    expect(scalar('properties.a == properties.b', { a: { x: [1, 2] }, b: { x: [1, 2] } })).toBe(true);
  });

  it('compares int and real numerically, and bool with numbers', () => {
    expect(scalar('toint(2) == 2.0')).toBe(true);
    expect(scalar('tolong(3) < 3.5')).toBe(true);
    expect(scalar('isnotempty(id) == (1)')).toBe(true);
    expect(scalar('isempty(id) == (0)')).toBe(true);
  });
});

describe('null rules', () => {
  it('null compared with anything is null, which a where treats as false', () => {
    expect(scalar('properties.missing == 1')).toBeNull();
    expect(scalar('int(null) < 5')).toBeNull();
    expect(scalar('int(null) == int(null)')).toBeNull();
    expect(scalar('datetime(null) > ago(1d)')).toBeNull();
  });

  it('a missing dynamic value reads as an empty string when compared with text', () => {
    expect(scalar("properties.missing == ''")).toBe(true);
    expect(scalar("properties.missing != 'a'")).toBe(true);
  });

  it('and/or are three-valued', () => {
    expect(scalar('int(null) > 1 and false')).toBe(false);
    expect(scalar('int(null) > 1 and true')).toBeNull();
    expect(scalar('int(null) > 1 or true')).toBe(true);
    expect(scalar('int(null) > 1 or false')).toBeNull();
    expect(scalar('not(int(null) > 1)')).toBeNull();
  });
});

describe('string operators', () => {
  it('has matches whole terms, case-insensitively', () => {
    expect(scalar("'Backup job failed' has 'JOB'")).toBe(true);
    expect(scalar("'Backup jobs failed' has 'job'")).toBe(false);
    expect(scalar("'Backup jobs failed' !has 'job'")).toBe(true);
    expect(scalar("'/Microsoft.Compute/disks/d1' has 'microsoft.compute'")).toBe(true);
    expect(scalar("'Backup job' has_cs 'job'")).toBe(true);
    expect(scalar("'Backup job' has_cs 'JOB'")).toBe(false);
    expect(scalar("'Backup jobs' hasprefix 'jo'")).toBe(true);
    expect(scalar("'Backup jobs' hassuffix 'obs'")).toBe(true);
    expect(scalar("'Backup job' has_any ('x', 'JOB')")).toBe(true);
    expect(scalar("'Backup job' has_all ('backup', 'x')")).toBe(false);
  });

  it('contains, startswith and endswith ignore case unless _cs', () => {
    expect(scalar("'ProtectionError' contains 'ERROR'")).toBe(true);
    expect(scalar("'ProtectionError' !contains 'ERROR'")).toBe(false);
    expect(scalar("'ProtectionError' contains_cs 'ERROR'")).toBe(false);
    expect(scalar("'ProtectionError' !contains_cs 'ERROR'")).toBe(true);
    expect(scalar("'Backup' startswith 'back'")).toBe(true);
    expect(scalar("'Backup' !startswith 'back'")).toBe(false);
    expect(scalar("'Backup' startswith_cs 'back'")).toBe(false);
    expect(scalar("'Backup' endswith 'UP'")).toBe(true);
    expect(scalar("'Backup' endswith_cs 'UP'")).toBe(false);
    expect(scalar("'Backup' !endswith 'x'")).toBe(true);
  });

  it('string operators read dynamic values and non-strings as text', () => {
    expect(scalar("properties.op startswith 'backup'", { op: 'BackupDaily' })).toBe(true);
    expect(scalar("properties.n contains '23'", { n: 1234 })).toBe(true);
    expect(scalar("properties.missing contains 'x'")).toBe(false);
  });

  it('matches regex uses the pattern as given', () => {
    expect(scalar("'vm-042' matches regex '^vm-[0-9]+$'")).toBe(true);
    expect(scalar("'VM-042' matches regex '^vm-'")).toBe(false);
  });
});

describe('between', () => {
  it('is inclusive on both ends, for numbers, datetimes and timespans', () => {
    expect(scalar('5 between (1 .. 5)')).toBe(true);
    expect(scalar('5 !between (1 .. 4)')).toBe(true);
    expect(scalar('ago(1h) between (ago(1d) .. now())')).toBe(true);
    expect(scalar('2h between (1h .. 3h)')).toBe(true);
    expect(scalar('properties.n between (1 .. 10)', { n: 11 })).toBe(false);
  });
});

describe('arithmetic', () => {
  it('divides longs as integers and reals as reals', () => {
    expect(scalar('7 / 2')).toBe(3);
    expect(scalar('-7 / 2')).toBe(-3);
    expect(scalar('7 / 2.0')).toBe(3.5);
    expect(scalar('7 % 3')).toBe(1);
    expect(scalar('7 / 0')).toBeNull();
    expect(scalar('2 * 3 + 4 * (1 - 2)')).toBe(2);
  });

  it('converts dynamic operands to the other side', () => {
    expect(scalar('properties.n + 1', { n: 41 })).toBe(42);
    expect(scalar('properties.n * 2.5', { n: 2 })).toBe(5);
    expect(scalar('properties.n + 1', { n: 'x' })).toBeNull();
  });

  it('does datetime and timespan arithmetic', () => {
    expect(scalar('datetime(2026-11-24 08:00) - datetime(2026-11-23 06:30)')).toBe('1.01:30:00');
    expect(scalar('datetime(2026-11-24) + 36h')).toBe('2026-11-25T12:00:00Z');
    expect(scalar('datetime(2026-11-24) - 1d')).toBe('2026-11-23T00:00:00Z');
    expect(scalar('1h * 3')).toBe('03:00:00');
    expect(scalar('2 * 30m')).toBe('01:00:00');
    expect(scalar('1d / 4')).toBe('06:00:00');
    expect(scalar('1d / 1h')).toBe(24);
    expect(scalar('-90m')).toBe('-01:30:00');
    expect(scalar('now() - ago(2d) == 2d')).toBe(true);
    expect(scalar('todatetime(properties.t) < ago(1d)', { t: '2026-11-20T00:00:00Z' })).toBe(true);
  });
});

describe('type errors that ARG would also reject', () => {
  it.each([
    ['Resources | where id == 1', 'Cannot compare values of types string and long'],
    ["Resources | where id > 'a'", "The operator '>' is not defined for the operand types string and string"],
    [
      'Resources | where properties.t > ago(1d)',
      "The operator '>' is not defined for the operand types dynamic and datetime",
    ],
    ['Resources | extend x = now() + 1', "The operator '+' is not defined for the operand types datetime and long"],
    ["Resources | extend x = id + 'a'", "The operator '+' is not defined for the operand types string and string"],
    ['Resources | where id', 'The expression must have the type bool'],
    ['Resources | where properties.flag', 'The expression must have the type bool'],
    ['Resources | extend x = iff(properties.flag, 1, 2)', 'a value of type bool expected'],
    ["Resources | extend x = iff(true, 1, 'a')", 'all result arguments must have the same type'],
    ['Resources | extend x = id.a', 'property and index access need a dynamic value'],
  ])('%s', (query, message) => {
    const e = kqlError(query);
    expect(e.code).toBe('SemanticError');
    expect(e.detail).toContain(message);
  });
});
