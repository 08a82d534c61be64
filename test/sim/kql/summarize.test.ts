// summarize: aggregates, default column names, grouping, empty input, arg_max/arg_min, bin on datetimes.
import type { Row } from '../../../src/sim/estate/types';
import { kqlError, rows, schema } from './helpers';

const job = (name: string, status: string, start: string, extra: Record<string, unknown> = {}): Row => ({
  id: `/jobs/${name}`,
  name,
  type: 'microsoft.recoveryservices/vaults/backupjobs',
  properties: { status, startTime: start, vault: 'v1', ...extra },
});
const T = {
  Resources: [
    job('j1', 'Failed', '2026-11-24T01:10:00Z', { sizeGb: 10, item: 'vm-a' }),
    job('j2', 'Completed', '2026-11-24T01:50:00Z', { sizeGb: 5, item: 'vm-a' }),
    job('j3', 'Failed', '2026-11-24T03:00:00Z', { sizeGb: 1.5, item: 'vm-b', vault: 'v2' }),
    job('j4', 'Completed', '2026-11-23T23:00:00Z', { item: 'vm-b' }),
  ],
};

describe('aggregates and their default names', () => {
  it('count, countif, dcount, sum, avg, min, max', () => {
    const q = `Resources | summarize count(), countif(properties.status == 'Failed'), dcount(tostring(properties.item)),
      sum(toreal(properties.sizeGb)), avg(toreal(properties.sizeGb)), min(todatetime(properties.startTime)), max(name)`;
    expect(schema(q, T)).toEqual([
      'count_:long',
      'countif_:long',
      'dcount_properties_item:long',
      'sum_properties_sizeGb:real',
      'avg_properties_sizeGb:real',
      'min_properties_startTime:datetime',
      'max_name:string',
    ]);
    expect(rows(q, T)).toEqual([
      {
        count_: 4,
        countif_: 2,
        dcount_properties_item: 2,
        sum_properties_sizeGb: 16.5,
        avg_properties_sizeGb: 5.5,
        min_properties_startTime: '2026-11-23T23:00:00Z',
        max_name: 'j4',
      },
    ]);
  });

  it('make_set keeps distinct values, make_list keeps all, both skip nulls and honour a size limit', () => {
    const q =
      'Resources | summarize make_set(tostring(properties.item)), make_list(properties.sizeGb), s1 = make_set(name, 1)';
    expect(rows(q, T)).toEqual([
      { set_properties_item: ['vm-a', 'vm-b'], list_properties_sizeGb: [10, 5, 1.5], s1: ['j1'] },
    ]);
  });

  it('sumif, dcountif, avgif, take_any, any', () => {
    const q = `Resources | summarize sumif(toreal(properties.sizeGb), properties.status == 'Failed'),
      dcountif(name, properties.status == 'Completed'), take_any(name), any(name)`;
    expect(rows(q, T)).toEqual([{ sumif_properties_sizeGb: 11.5, dcountif_name: 2, name: 'j1', any_name: 'j1' }]);
  });

  it('minif and maxif: the extremes over the rows whose predicate holds (empty when none does)', () => {
    const q = `Resources | summarize maxif(todatetime(properties.startTime), properties.status == 'Failed'),
      minif(todatetime(properties.startTime), properties.status == 'Completed'), none = maxif(name, false)`;
    expect(schema(q, T)).toEqual([
      'maxif_properties_startTime:datetime',
      'minif_properties_startTime:datetime',
      'none:string',
    ]);
    expect(rows(q, T)).toEqual([
      {
        maxif_properties_startTime: '2026-11-24T03:00:00Z',
        minif_properties_startTime: '2026-11-23T23:00:00Z',
        // A string column has no null: ARG returns ''.
        none: '',
      },
    ]);
    expect(kqlError("Resources | summarize maxif(name, 'yes')", T).message).toMatch(/bool expected/);
  });

  it('numbers clashing names and takes explicit names', () => {
    expect(
      schema('Resources | summarize count(), count(), total = count() by status = tostring(properties.status)', T),
    ).toEqual(['status:string', 'count_:long', 'count_1:long', 'total:long']);
  });
});

describe('grouping', () => {
  it('groups by named, derived and unnamed expressions, in first-seen order', () => {
    const q =
      "Resources | summarize n = count() by tostring(properties.status), v = tostring(properties.vault), tolower('X')";
    expect(rows(q, T)).toEqual([
      { properties_status: 'Failed', v: 'v1', Column1: 'x', n: 1 },
      { properties_status: 'Completed', v: 'v1', Column1: 'x', n: 2 },
      { properties_status: 'Failed', v: 'v2', Column1: 'x', n: 1 },
    ]);
  });

  it('summarize by without aggregates lists the distinct keys', () => {
    expect(rows('Resources | summarize by tostring(properties.vault)', T)).toEqual([
      { properties_vault: 'v1' },
      { properties_vault: 'v2' },
    ]);
  });

  it('bins datetimes into hours and days', () => {
    const q =
      'Resources | summarize count() by bin(todatetime(properties.startTime), 1h) | order by properties_startTime asc';
    expect(rows(q, T)).toEqual([
      { properties_startTime: '2026-11-23T23:00:00Z', count_: 1 },
      { properties_startTime: '2026-11-24T01:00:00Z', count_: 2 },
      { properties_startTime: '2026-11-24T03:00:00Z', count_: 1 },
    ]);
    expect(rows('Resources | summarize count() by day = bin(todatetime(properties.startTime), 1d)', T)).toEqual([
      { day: '2026-11-24T00:00:00Z', count_: 3 },
      { day: '2026-11-23T00:00:00Z', count_: 1 },
    ]);
  });

  it('refuses to group by a dynamic value, like Kusto', () => {
    expect(kqlError('Resources | summarize count() by properties.status', T).detail).toContain(
      'cannot group by a dynamic value',
    );
  });
});

describe('no input rows', () => {
  it('without by: exactly one row, count() is 0 and other aggregates empty', () => {
    const q =
      "Resources | where name == 'none' | summarize count(), countif(true), dcount(name), make_set(name), sum(1), max(name)";
    expect(rows(q, T)).toEqual([{ count_: 0, countif_: 0, dcount_name: 0, set_name: [], sum_: null, max_name: '' }]);
  });

  it('with by: no rows', () => {
    expect(rows("Resources | where name == 'none' | summarize count() by name", T)).toEqual([]);
  });
});

describe('arg_max and arg_min', () => {
  it('arg_max(t, *) keeps the whole newest row per group, without repeating the by columns', () => {
    const q = `Resources | extend item = tostring(properties.item), t = todatetime(properties.startTime)
      | project item, t, name | summarize arg_max(t, *) by item`;
    expect(schema(q, T)).toEqual(['item:string', 't:datetime', 'name:string']);
    expect(rows(q, T)).toEqual([
      { item: 'vm-a', t: '2026-11-24T01:50:00Z', name: 'j2' },
      { item: 'vm-b', t: '2026-11-24T03:00:00Z', name: 'j3' },
    ]);
  });

  it('arg_min with named columns; ties keep the first row seen', () => {
    const q = 'Resources | extend v = tostring(properties.vault), one = 1 | summarize arg_min(one, name) by v';
    expect(rows(q, T)).toEqual([
      { v: 'v1', one: 1, name: 'j1' },
      { v: 'v2', one: 1, name: 'j3' },
    ]);
  });

  it('names an unnamed key max_ and refuses a dynamic key', () => {
    expect(schema('Resources | summarize arg_max(tolower(name), name)', T)).toEqual(['max_:string', 'name:string']);
    expect(kqlError('Resources | summarize arg_max(properties.startTime, *)', T).code).toBe('SemanticError');
  });
});

describe('summarize errors', () => {
  it('rejects non-aggregate expressions and unknown aggregates', () => {
    expect(kqlError('Resources | summarize x = tolower(name)', T).detail).toContain('needs an aggregate function');
    expect(kqlError('Resources | summarize frob(name)', T).detail).toContain("'frob'");
    expect(kqlError('Resources | summarize sum(properties.sizeGb)', T).detail).toContain('numeric argument');
  });
});
