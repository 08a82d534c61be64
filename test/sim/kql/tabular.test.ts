// Row-wise operators, sorting, limits flag, output naming and formats, and the request's row filter.
import type { Row } from '../../../src/sim/estate/types';
import { kqlError, rows, run, schema } from './helpers';

const vm = (name: string, props: Record<string, unknown> = {}, extra: Row = {}): Row => ({
  id: `/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
  name,
  type: 'microsoft.compute/virtualmachines',
  subscriptionId: 's1',
  location: 'westeurope',
  properties: props,
  tags: {},
  ...extra,
});
const T = {
  Resources: [
    vm('b', { n: 2, t: '2026-11-20T00:00:00Z' }),
    vm('a', { n: 1, t: '2026-11-22T00:00:00Z' }, { subscriptionId: 's2' }),
    vm('c', { t: '2026-11-21T00:00:00Z' }),
  ],
};

describe('where, extend, project', () => {
  it('where keeps rows whose predicate is true (null drops the row)', () => {
    expect(rows('Resources | where properties.n > 1 | project name', T)).toEqual([{ name: 'b' }]);
    expect(rows('Resources | where properties.n < 5 | where name != "b" | project name', T)).toEqual([{ name: 'a' }]);
  });

  it('extend adds columns, replaces a column in place, and names unnamed values Column1…', () => {
    expect(schema('Resources | project name | extend n = 1, 2, name = strlen(name), properties_x = 3', T)).toEqual([
      'name:long',
      'n:long',
      'Column1:long',
      'properties_x:long',
    ]);
    expect(rows('Resources | project name | extend n2 = 1 | extend n2 = n2 + 1 | take 1', T)).toEqual([
      { name: 'b', n2: 2 },
    ]);
  });

  it('evaluates every extend item against the input row', () => {
    expect(rows('Resources | project a = 1, b = 2 | extend a = b, b = a | take 1', T)).toEqual([{ a: 2, b: 1 }]);
  });

  it('replacing one of two columns projected from the same source leaves the other alone', () => {
    const q = 'Resources | extend n = 1 | project a = n, b = n | extend a = 5 | take 1';
    expect(rows(q, T)).toEqual([{ a: 5, b: 1 }]);
  });

  it('project names dotted paths and conversions after their source, clashes get a number', () => {
    const q =
      'Resources | project properties.n, tostring(properties.t), name, toupper(name), tostring(name), strlen(name)';
    expect(schema(q, T)).toEqual([
      'properties_n:dynamic',
      'properties_t:string',
      'name:string',
      'Column1:string',
      'name1:string',
      'strlen_name:long',
    ]);
  });

  it('rejects duplicate explicit names and unknown columns', () => {
    expect(kqlError('Resources | project a = 1, a = 2', T).detail).toContain("duplicate column name 'a'");
    expect(kqlError('Resources | project nope', T).code).toBe('SemanticError');
  });

  it('project-away drops named and wildcard columns; project-rename renames', () => {
    expect(schema('Resources | project-away properties, tags, sub*, t*', T)).toEqual([
      'id:string',
      'name:string',
      'kind:string',
      'location:string',
      'resourceGroup:string',
      'managedBy:string',
      'sku:dynamic',
      'plan:dynamic',
      'identity:dynamic',
      'zones:dynamic',
      'extendedLocation:dynamic',
    ]);
    expect(rows('Resources | project-rename vm = name | project vm | take 1', T)).toEqual([{ vm: 'b' }]);
    expect(kqlError('Resources | project-away nope', T).detail).toContain("'nope'");
    expect(kqlError('Resources | project-rename x = nope', T).detail).toContain("'nope'");
  });
});

describe('take, count, distinct', () => {
  it('take/limit return the first rows and mark the result as limited', () => {
    const r = run('Resources | take 2 | project name', T);
    expect(r.rows).toEqual([{ name: 'b' }, { name: 'a' }]);
    expect(r.usesLimit).toBe(true);
    expect(run('Resources | limit 1', T).rows).toHaveLength(1);
    expect(run('Resources | project name', T).usesLimit).toBe(false);
    expect(run('Resources | join (Resources | take 1) on id', T).usesLimit).toBe(true);
  });

  it('count returns one row named Count', () => {
    expect(rows('Resources | count', T)).toEqual([{ Count: 3 }]);
    expect(rows('Resources | where name == "zz" | count', T)).toEqual([{ Count: 0 }]);
  });

  it('distinct keeps the first occurrence of each combination', () => {
    expect(rows('Resources | distinct subscriptionId', T)).toEqual([
      { subscriptionId: 's1' },
      { subscriptionId: 's2' },
    ]);
    expect(rows('Resources | distinct subscriptionId, location', T)).toHaveLength(2);
    expect(rows('Resources | project subscriptionId | distinct *', T)).toHaveLength(2);
    expect(schema('Resources | distinct tolower(name)', T)).toEqual(['Column1:string']);
  });
});

describe('order by, sort by, top', () => {
  it('sorts descending by default with nulls last', () => {
    expect(rows('Resources | order by toint(properties.n) | project name', T)).toEqual([
      { name: 'b' },
      { name: 'a' },
      { name: 'c' },
    ]);
  });

  it('sorts ascending with nulls first unless told otherwise', () => {
    expect(rows('Resources | sort by toint(properties.n) asc | project name', T)).toEqual([
      { name: 'c' },
      { name: 'a' },
      { name: 'b' },
    ]);
    expect(rows('Resources | sort by toint(properties.n) asc nulls last | project name', T)).toEqual([
      { name: 'a' },
      { name: 'b' },
      { name: 'c' },
    ]);
    expect(rows('Resources | sort by toint(properties.n) desc nulls first | project name', T)).toEqual([
      { name: 'c' },
      { name: 'b' },
      { name: 'a' },
    ]);
  });

  it('sorts by several keys, stably, and by datetimes', () => {
    const q = 'Resources | order by subscriptionId asc, todatetime(properties.t) desc | project name';
    expect(rows(q, T)).toEqual([{ name: 'c' }, { name: 'b' }, { name: 'a' }]);
  });

  it('top N by takes the first rows of the sort and marks the result as limited', () => {
    const r = run('Resources | top 2 by name asc | project name', T);
    expect(r.rows).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(r.usesLimit).toBe(true);
  });

  it('does not reorder the caller rows', () => {
    const tables = { Resources: [...T.Resources] };
    rows('Resources | order by name asc', tables);
    expect(tables.Resources.map((r) => r.name)).toEqual(['b', 'a', 'c']);
  });
});

describe('output format', () => {
  it('returns datetimes as ISO text, timespans as KQL text, dynamic as JSON values, missing as null or ""', () => {
    const q = `Resources | where name == 'c' | project t = todatetime(properties.t), d = 1d + 2h, p = properties,
      n = toint(properties.n), s = tostring(properties.none), k = kind`;
    expect(rows(q, T)).toEqual([
      { t: '2026-11-21T00:00:00Z', d: '1.02:00:00', p: { t: '2026-11-21T00:00:00Z' }, n: null, s: '', k: '' },
    ]);
  });

  it('reports KQL column types', () => {
    expect(
      run('Resources | project s = name, l = 1, r = 1.5, b = true, t = now(), ts = 1h, d = properties, i = toint(1)', T)
        .columns,
    ).toEqual([
      { name: 's', type: 'string' },
      { name: 'l', type: 'long' },
      { name: 'r', type: 'real' },
      { name: 'b', type: 'bool' },
      { name: 't', type: 'datetime' },
      { name: 'ts', type: 'timespan' },
      { name: 'd', type: 'dynamic' },
      { name: 'i', type: 'int' },
    ]);
  });

  it('keeps extra top-level keys of the rows as columns', () => {
    const tables = { Resources: [{ id: 'x', healthScore: 3 }] };
    expect(rows('Resources | project id, healthScore', tables)).toEqual([{ id: 'x', healthScore: 3 }]);
  });
});

describe('row filter', () => {
  it('applies the request filter to every table scan, with the table name', () => {
    const seen = new Set<string>();
    const r = run('Resources | project name | union (Resources | project name)', T, {
      rowFilter: (row, table) => {
        seen.add(table);
        return row.subscriptionId === 's2';
      },
    });
    expect(r.rows).toEqual([{ name: 'a' }, { name: 'a' }]);
    expect([...seen]).toEqual(['Resources']);
  });
});
