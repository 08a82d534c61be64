// extend and project skip columns no later operator reads; every column something does read must still be there, with
// its value, whichever operator reads it and however it was named.
import type { Row } from '../../../src/sim/estate/types';
import { rows } from './helpers';

const T: Record<string, Row[]> = {
  Resources: [
    { id: 'r1', name: 'alpha', location: 'westeurope', properties: { n: 3, s: 'Failed' } },
    { id: 'r2', name: 'beta', location: 'northeurope', properties: { n: 1, s: 'Completed' } },
    { id: 'r3', name: 'gamma', location: 'westeurope', properties: { n: 2, s: 'Failed' } },
  ],
};

describe('columns read later are computed; the others need not be', () => {
  it('a column read only by a where, a sort or a summarize', () => {
    expect(rows('Resources | extend n = toint(properties.n), x = 1 | where n > 1 | project id', T)).toEqual([
      { id: 'r1' },
      { id: 'r3' },
    ]);
    expect(rows('Resources | extend k = strlen(name), x = 1 | order by k asc, id asc | project id', T)).toEqual([
      { id: 'r2' },
      { id: 'r1' },
      { id: 'r3' },
    ]);
    expect(
      rows('Resources | extend s = tostring(properties.s), x = 1 | summarize c = count() by s | order by s asc', T),
    ).toEqual([
      { s: 'Completed', c: 1 },
      { s: 'Failed', c: 2 },
    ]);
  });

  it('a column replaced later keeps its earlier value for what reads it in between', () => {
    const q = 'Resources | extend a = strlen(name) | where a > 4 | extend a = strcat(name, "!") | project id, a';
    expect(rows(q, T)).toEqual([
      { id: 'r1', a: 'alpha!' },
      { id: 'r3', a: 'gamma!' },
    ]);
  });

  it('columns read through project-rename, project-away, a derived name or a Column name', () => {
    expect(rows('Resources | extend a = 1, b = 2 | project-rename c = a | project c', T)).toEqual([
      { c: 1 },
      { c: 1 },
      { c: 1 },
    ]);
    expect(rows('Resources | extend a = 1, b = name | project-away a | take 1', T)).toEqual([
      expect.objectContaining({ b: 'alpha', id: 'r1' }),
    ]);
    expect(rows('Resources | extend tostring(properties.s) | project properties_s | take 1', T)).toEqual([
      { properties_s: 'Failed' },
    ]);
    expect(rows('Resources | extend strlen(name) + 1 | project Column1 | take 1', T)).toEqual([{ Column1: 6 }]);
  });

  it('a project whose columns a later project or count reads only in part', () => {
    expect(
      rows('Resources | project a = strlen(name), b = toint(properties.n), id | project b, id | take 2', T),
    ).toEqual([
      { b: 3, id: 'r1' },
      { b: 1, id: 'r2' },
    ]);
    expect(rows('Resources | project a = strlen(name), a1 = 1 | project a1 | take 1', T)).toEqual([{ a1: 1 }]);
    expect(rows('Resources | project name, name, strlen(name) | project name1 | take 1', T)).toEqual([
      { name1: 'alpha' },
    ]);
    expect(rows("Resources | extend v = strcat(name, '!') | project v, tostring(v) | project v1 | take 1", T)).toEqual([
      { v1: 'alpha!' },
    ]);
    expect(rows('Resources | extend k = strlen(name) | project k | count', T)).toEqual([{ Count: 3 }]);
  });
});
