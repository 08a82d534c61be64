// mv-expand: arrays, property bags (both modes), null and empty values, parallel columns, typing, ARG's limits.
import { kqlError, rows, schema } from './helpers';

const T = {
  Resources: [
    {
      id: 'a',
      properties: { list: [1, 2, 3], rules: [{ name: 'Daily' }, { name: 'Weekly' }], bag: { x: 1, y: 'two' } },
    },
    { id: 'b', properties: { list: [], bag: {} } },
    { id: 'c', properties: {} },
  ],
};

describe('mv-expand', () => {
  it('makes one row per array element; an empty array gives no row, a null value one row', () => {
    expect(rows('Resources | mv-expand v = properties.list | project id, v', T)).toEqual([
      { id: 'a', v: 1 },
      { id: 'a', v: 2 },
      { id: 'a', v: 3 },
      { id: 'c', v: null },
    ]);
  });

  it('names a path after its parts and replaces an expanded column in place', () => {
    expect(schema('Resources | project id, properties | mv-expand properties.rules', T)).toEqual([
      'id:string',
      'properties:dynamic',
      'properties_rules:dynamic',
    ]);
    const q =
      'Resources | where id == "a" | project id, rules = properties.rules | mv-expand rules | project id, r = tostring(rules.name)';
    expect(rows(q, T)).toEqual([
      { id: 'a', r: 'Daily' },
      { id: 'a', r: 'Weekly' },
    ]);
  });

  it('expands property bags into single-entry bags, or [key, value] pairs with bagexpansion=array', () => {
    const q = "Resources | where id == 'a' | project b = properties.bag";
    expect(rows(`${q} | mv-expand b`, T)).toEqual([{ b: { x: 1 } }, { b: { y: 'two' } }]);
    expect(rows(`${q} | mv-expand bagexpansion=array b`, T)).toEqual([{ b: ['x', 1] }, { b: ['y', 'two'] }]);
    expect(rows(`${q} | mv-expand kind=array b | extend k = tostring(b[0])`, T).map((r) => r.k)).toEqual(['x', 'y']);
  });

  it('expands several columns in parallel, padding the shorter with null, with an item index', () => {
    const q = `Resources | where id == 'a' | project l = properties.list, r = properties.rules
      | mv-expand with_itemindex=i l, r | project i, l, r = tostring(r.name)`;
    expect(rows(q, T)).toEqual([
      { i: 0, l: 1, r: 'Daily' },
      { i: 1, l: 2, r: 'Weekly' },
      { i: 2, l: 3, r: '' },
    ]);
  });

  it('casts elements with to typeof(T): non-matching elements become null', () => {
    const q = "Resources | where id == 'a' | project l = dynamic([1, 'x', 2.5]) | mv-expand l to typeof(long)";
    expect(schema(q, T)).toEqual(['l:long']);
    expect(rows(q, T)).toEqual([{ l: 1 }, { l: null }, { l: 2 }]);
  });

  it('caps the rows per input row: `limit N`, else 128 (ARG), and refuses a limit above 2000', () => {
    expect(rows("Resources | where id == 'a' | mv-expand v = properties.list limit 2 | project v", T)).toEqual([
      { v: 1 },
      { v: 2 },
    ]);
    const big = { Resources: [{ id: 'x', properties: { l: Array.from({ length: 300 }, (_, i) => i) } }] };
    expect(rows('Resources | mv-expand v = properties.l | count', big)).toEqual([{ Count: 128 }]);
    expect(rows('Resources | mv-expand v = properties.l limit 2000 | count', big)).toEqual([{ Count: 300 }]);
    expect(kqlError('Resources | mv-expand v = properties.l limit 2001', big).code).toBe('LimitExceeded');
  });

  it('allows 3 mv-expand operators per query and refuses a fourth', () => {
    const three =
      'Resources | mv-expand a = properties.list | mv-expand b = properties.list | mv-expand c = properties.list';
    expect(rows(`${three} | count`, T)).toEqual([{ Count: 28 }]);
    const e = kqlError(`${three} | mv-expand d = properties.list`, T);
    expect(e.code).toBe('LimitExceeded');
    expect(e.detail).toContain('more than 3 mv-expand');
  });

  it('needs a dynamic value and a name for expressions', () => {
    expect(kqlError('Resources | mv-expand id', T).detail).toContain('needs a dynamic array');
    expect(kqlError("Resources | mv-expand parse_json('[1]')", T).detail).toContain('needs a name');
  });
});
