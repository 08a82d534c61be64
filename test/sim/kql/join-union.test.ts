// join kinds (duplicates, no match, key forms) and union of differing schemas, plus ARG's join/union limits.
import { kqlError, rows, schema } from './helpers';

const T = {
  Resources: [
    { id: 'vm1', name: 'a' },
    { id: 'vm1', name: 'a-dup' },
    { id: 'vm2', name: 'b' },
    { id: 'vm3', name: 'c' },
  ],
  RecoveryServicesResources: [
    { id: 'item1', name: 'vm1', properties: { src: 'VM1' } },
    { id: 'item2', name: 'vm1', properties: { src: 'vm1' } },
    { id: 'item3', name: 'vm2', properties: { src: 'vm2' } },
    { id: 'item9', name: 'vm9', properties: { src: 'vm9' } },
  ],
  ResourceContainers: [{ id: 'sub1', name: 'Subscription 1' }],
  AlertsManagementResources: [{ id: 'al1', name: 'vm1' }],
};
const RIGHT = '(RecoveryServicesResources | project vm = name, item = id)';

describe('join kinds', () => {
  it('innerunique (the default) keeps one left row per key, then every right match', () => {
    expect(rows(`Resources | project vm = id, name | join ${RIGHT} on vm | project name, item`, T)).toEqual([
      { name: 'a', item: 'item1' },
      { name: 'a', item: 'item2' },
      { name: 'b', item: 'item3' },
    ]);
  });

  it('inner keeps every pair of matching rows', () => {
    expect(rows(`Resources | project vm = id, name | join kind=inner ${RIGHT} on vm | project name, item`, T)).toEqual([
      { name: 'a', item: 'item1' },
      { name: 'a', item: 'item2' },
      { name: 'a-dup', item: 'item1' },
      { name: 'a-dup', item: 'item2' },
      { name: 'b', item: 'item3' },
    ]);
  });

  it('leftouter keeps unmatched left rows with empty right columns', () => {
    const q = `Resources | where id != 'vm1' | project vm = id | join kind=leftouter (RecoveryServicesResources
      | project vm = name, item = id, n = 1) on vm`;
    expect(rows(q, T)).toEqual([
      { vm: 'vm2', vm1: 'vm2', item: 'item3', n: 1 },
      { vm: 'vm3', vm1: '', item: '', n: null },
    ]);
    expect(rows(`${q} | where isempty(item) | project vm`, T)).toEqual([{ vm: 'vm3' }]);
  });

  it('fullouter also keeps unmatched right rows', () => {
    const q = `Resources | where id == 'vm3' | project vm = id | join kind=fullouter (RecoveryServicesResources
      | where name == 'vm9' | project vm = name) on vm`;
    expect(rows(q, T)).toEqual([
      { vm: 'vm3', vm1: '' },
      { vm: '', vm1: 'vm9' },
    ]);
  });

  it('joins on $left.a == $right.b, on several keys, and on lower-cased ids', () => {
    expect(schema('Resources | join (RecoveryServicesResources) on $left.id == $right.name', T)[0]).toBe('id:string');
    const q = `Resources | where name == 'a' | project rid = tolower(id) | join kind=inner (RecoveryServicesResources
      | project rid = tolower(tostring(properties.src)), item = id) on rid | project item`;
    expect(rows(q, T)).toEqual([{ item: 'item1' }, { item: 'item2' }]);
    const two =
      "Resources | extend k = 'x' | join kind=inner (RecoveryServicesResources | extend k = 'x') on $left.id == $right.name, k";
    expect(rows(`${two} | count`, T)).toEqual([{ Count: 5 }]);
  });

  it('suffixes right columns that clash with left ones', () => {
    expect(
      schema('Resources | project id, name | join (RecoveryServicesResources | project id, name) on id', T),
    ).toEqual(['id:string', 'name:string', 'id1:string', 'name1:string']);
  });

  it('names missing key columns and rejects mismatched or dynamic key types', () => {
    expect(kqlError('Resources | join (RecoveryServicesResources) on nope', T).detail).toContain(
      "'nope' on the left side",
    );
    expect(
      kqlError('Resources | extend k = 1 | join (RecoveryServicesResources) on $left.k == $right.id', T).detail,
    ).toContain('join key types differ');
    expect(kqlError('Resources | join (RecoveryServicesResources) on properties', T).detail).toContain(
      'cannot be dynamic',
    );
  });
});

describe('join limits (ARG)', () => {
  it('allows 3 joins and refuses a fourth', () => {
    const three = `Resources | project id | join kind=leftouter (Resources | project id) on id | project id
      | join kind=leftouter (ResourceContainers | project id) on id | project id
      | join kind=leftouter (RecoveryServicesResources | project id) on id | project id`;
    expect(rows(three, T).map((r) => r.id)).toEqual(['vm1', 'vm1', 'vm1', 'vm1', 'vm2', 'vm3']);
    const four = `Resources | project id | join (Resources | project id) on id | project id
      | join (ResourceContainers | project id) on id | project id
      | join (RecoveryServicesResources | project id) on id | project id
      | join (AlertsManagementResources | project id) on id`;
    const e = kqlError(four, T);
    expect(e.code).toBe('LimitExceeded');
    expect(e.detail).toContain('more than 3 join');
  });

  it("lets a table be the right side of two joins, as Microsoft's VM → NIC → public IP sample does", () => {
    // ARG's query-language page limits joins to 3 (1 cross-table); it sets no once-per-table rule for the right side.
    const q = `Resources | project id, name | join (Resources | project id, n2 = name) on id
      | join (Resources | where name == 'b' | project id, n3 = name) on id | project id, name, n2, n3`;
    expect(rows(q, T)).toEqual([{ id: 'vm2', name: 'b', n2: 'b', n3: 'b' }]);
  });

  it('allows one cross-table join, unless all are between Resources and ResourceContainers', () => {
    const twoCross = `Resources | project id | join kind=leftouter (RecoveryServicesResources | project id) on id | project id
      | join kind=leftouter (AlertsManagementResources | project id) on id`;
    expect(kqlError(twoCross, T).detail).toContain('only one cross-table join');
    const resourceContainers = `Resources | project subscriptionId = id | join kind=leftouter (ResourceContainers
      | project subscriptionId = id, subName = name) on subscriptionId`;
    expect(rows(resourceContainers, T)).toHaveLength(4);
  });
});

describe('union', () => {
  it('combines legs by column name; a name with two types becomes name_type', () => {
    const q =
      "Resources | take 1 | project id, a = 1 | union (ResourceContainers | take 1 | project id, a = 'x', c = 1.5)";
    expect(schema(q, T)).toEqual(['id:string', 'a_long:long', 'a_string:string', 'c:real']);
    expect(rows(q, T)).toEqual([
      { id: 'vm1', a_long: 1, a_string: '', c: null },
      { id: 'sub1', a_long: null, a_string: 'x', c: 1.5 },
    ]);
  });

  it('starts a query with union of tables or subqueries', () => {
    expect(rows('union Resources, ResourceContainers | count', T)).toEqual([{ Count: 5 }]);
    const q = "union (Resources | where name == 'b' | project id), (ResourceContainers | project id, n = name)";
    expect(rows(q, T)).toEqual([
      { id: 'vm2', n: '' },
      { id: 'sub1', n: 'Subscription 1' },
    ]);
  });

  it('allows at most 3 legs', () => {
    expect(rows('Resources | union ResourceContainers, (Resources | take 1) | count', T)).toEqual([{ Count: 6 }]);
    const e = kqlError('union Resources, ResourceContainers, Resources, ResourceContainers', T);
    expect(e.code).toBe('LimitExceeded');
    expect(e.detail).toContain('at most 3');
  });

  it('unions one table, or Resources with ResourceContainers, as ARG documents', () => {
    const sameTable = `RecoveryServicesResources | where name == 'vm1' | summarize c = count()
      | union (RecoveryServicesResources | where name == 'vm2' | summarize c = count())`;
    expect(rows(sameTable, T)).toEqual([{ c: 2 }, { c: 1 }]);
    // A join inside a leg does not change the table its rows come from.
    const joined = `Resources | project id | join kind=leftouter (ResourceContainers | project id) on id | project id
      | union (Resources | project id) | count`;
    expect(rows(joined, T)).toEqual([{ Count: 8 }]);
    const e = kqlError('Resources | union RecoveryServicesResources', T);
    expect(e.code).toBe('LimitExceeded');
    expect(e.detail).toContain('within one table or between Resources and ResourceContainers');
    expect(kqlError('union withsource=T AlertsManagementResources, ResourceContainers', T).code).toBe('LimitExceeded');
  });
});
