// String functions and operators over row values (not constants, which are folded at compile time): one part of a
// split without the array, and case-insensitive comparisons without lower-cased copies, answer as the general forms do.
import type { Row } from '../../../src/sim/estate/types';
import { rows, scalar } from './helpers';

describe('split(text, delimiter)[index] over row values', () => {
  const CASES: [string, string][] = [
    ['/subscriptions/s1/resourceGroups/rg/providers/P/vaults/v1/backupJobs/j1', '/'],
    ['a//b/', '/'],
    ['', '/'],
    ['no delimiter here', '/'],
    ['aaaa', 'aa'],
    ['x;;y;;;z', ';;'],
    ['iaasvmcontainerv2;rg-app;vm1', ';'],
  ];
  const INDEXES = [0, 1, 2, 3, 8, 20, -1, -2, -3, -9];

  it.each(CASES)('picks the same part as indexing the whole array: %j by %j', (text, delimiter) => {
    const T: Record<string, Row[]> = { Resources: [{ id: 'r1', properties: { s: text, d: delimiter } }] };
    const parts = INDEXES.map((i) => `p${i < 0 ? `m${-i}` : i} = split(tostring(properties.s), '${delimiter}')[${i}]`);
    const whole = INDEXES.map((i) => `p${i < 0 ? `m${-i}` : i} = parts[${i}]`);
    const direct = rows(`Resources | project ${parts.join(', ')}`, T);
    const viaArray = rows(
      `Resources | extend parts = split(tostring(properties.s), tostring(properties.d)) | project ${whole.join(', ')}`,
      T,
    );
    expect(direct).toEqual(viaArray);
    const js = text.split(delimiter);
    expect(direct[0]?.p1).toBe(js.length > 1 ? js[1] : null);
    expect(direct[0]?.pm1).toBe(js.at(-1));
  });

  it('a fractional index finds nothing, and a path after the part is null', () => {
    expect(scalar("split(tostring(properties.s), '/')[1.5]", { s: 'a/b/c' })).toBeNull();
    expect(scalar("split(tostring(properties.s), '/')[1].x", { s: 'a/b/c' })).toBeNull();
    expect(scalar("tostring(split(tostring(properties.s), '/')[1])", { s: 'a/b/c' })).toBe('b');
  });
});

describe('case-insensitive comparisons over row values', () => {
  const PAIRS: [string, string, boolean][] = [
    ['Completed', 'completed', true],
    ['COMPLETED', 'Completed', true],
    ['Completed', 'Complete', false],
    ['Failed', 'failed ', false],
    ['\u212A', 'k', true], // Kelvin sign lower-cases to ASCII k
    ['\u0130', 'i\u0307', true], // İ lower-cases to two characters
    ['STRASSE', 'straße', false],
    ['Ünïcödé', 'ÜNÏCÖDÉ', true],
    ['', '', true],
  ];

  it.each(PAIRS)('%j =~ %j is %s, and !~, in~ and !in~ agree', (left, right, equal) => {
    const props = { s: left };
    expect(scalar(`tostring(properties.s) =~ '${right}'`, props)).toBe(equal);
    expect(scalar(`tostring(properties.s) !~ '${right}'`, props)).toBe(!equal);
    expect(scalar(`tostring(properties.s) in~ ('zz', '${right}')`, props)).toBe(equal);
    expect(scalar(`tostring(properties.s) !in~ ('zz', '${right}')`, props)).toBe(!equal);
    expect(scalar(`properties.s =~ '${right}'`, props)).toBe(equal);
  });

  it('in~ with many values and tolower over repeated and distinct values', () => {
    const values = Array.from({ length: 12 }, (_, i) => `'V${i}'`).join(', ');
    expect(scalar(`tostring(properties.s) in~ (${values})`, { s: 'v11' })).toBe(true);
    expect(scalar(`tostring(properties.s) in~ (${values})`, { s: 'v12' })).toBe(false);
    const T: Record<string, Row[]> = {
      Resources: Array.from({ length: 5000 }, (_, i) => ({ id: `r${i}`, name: i % 2 ? 'Same Name' : `Name-${i}` })),
    };
    const lower = rows('Resources | project l = tolower(name)', T).map((r) => r.l);
    expect(lower).toEqual((T.Resources ?? []).map((r) => (r.name as string).toLowerCase()));
  });
});
