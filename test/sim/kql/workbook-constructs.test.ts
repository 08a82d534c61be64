// The constructs added for Microsoft's workbooks and Resource Graph samples, one by one, with Kusto's documented
// values where Kusto documents an example; and ARG's limits as its query-language page states them.
import { kqlError, rows, scalar, schema } from './helpers';

const T = {
  Resources: [
    {
      id: '/s/1/vaults/v1/backupFabrics/Azure',
      name: 'b',
      type: 'x',
      properties: { n: 3, list: [1, 2], bag: { k: 'v' } },
    },
    { id: '/s/1/vaults/v2/backupFabrics/Azure', name: 'a', type: 'x', properties: { n: 1, list: [], bag: {} } },
    { id: '/s/1/vaults/v3/backupFabrics/Azure', name: 'c', type: 'y', properties: { n: 2, list: [5], bag: { a: 1 } } },
  ],
};

describe('text functions', () => {
  it('replace_regex(source, regex, rewrite) and the deprecated replace(regex, rewrite, source), with \\1 groups', () => {
    expect(scalar("replace_regex('vm-01/disk-7', @'(\\w+)-(\\d+)', @'\\2:\\1')")).toBe('01:vm/7:disk');
    expect(scalar("replace(@'\\/backupFabrics.*', '', '/s/v/backupFabrics/Azure/x')")).toBe('/s/v');
    expect(scalar("replace(@'[\\]\\[]', '', '[\"a\",\"b\"]')")).toBe('"a","b"');
    // A `$` in the rewrite is literal text, not a JavaScript group reference.
    expect(scalar("replace_regex('ab', 'b', '$1')")).toBe('a$1');
  });

  it("hash() is xxhash64: Kusto's documented example values", () => {
    // 1846988464401551951 documented; a long beyond 2^53 arrives as the nearest double.
    expect(scalar("hash_xxhash64('World')")).toBe(Number(1846988464401551951n));
    expect(scalar("hash('World', 100)")).toBe(51);
    expect(scalar("hash('World') == hash(strcat('Wor', 'ld'))")).toBe(true);
  });

  it('notempty() and notnull() are the short spellings of isnotempty() and isnotnull()', () => {
    expect(rows('Resources | where notempty(name) and notnull(properties.n) | count', T)).toEqual([{ Count: 3 }]);
    expect(scalar("notempty('')")).toBe(false);
  });

  it('format_timespan() with day, hour, minute, second and fraction patterns', () => {
    expect(scalar("format_timespan(time(1.02:03:04.5), 'd.hh:mm:ss.fff')")).toBe('1.02:03:04.500');
    expect(scalar("format_timespan(90m, 'HH:mm:ss')")).toBe('01:30:00');
    expect(scalar("format_timespan(time(0.00:00:01.25), 's.FFF')")).toBe('1.25');
    expect(scalar("format_timespan(-2h, 'hh')")).toBe('-02');
  });

  it('scalar range() makes an array of numbers or datetimes', () => {
    expect(scalar('range(1, 7, 3)')).toEqual([1, 4, 7]);
    expect(scalar('range(3, 1, 1)')).toEqual([]);
    expect(scalar('range(datetime(2026-01-01), datetime(2026-01-03), 1d)')).toEqual([
      '2026-01-01T00:00:00Z',
      '2026-01-02T00:00:00Z',
      '2026-01-03T00:00:00Z',
    ]);
  });

  it('a string in a list of numbers compares as text, a number in a list of strings as a number', () => {
    expect(rows('Resources | where tostring(properties.n) in (1, 2) | project name', T)).toEqual([
      { name: 'a' },
      { name: 'c' },
    ]);
    expect(rows("Resources | where tolong(properties.n) in ('3') | project name", T)).toEqual([{ name: 'b' }]);
  });
});

describe('aggregates inside expressions', () => {
  it('computes the expression per group from the aggregates', () => {
    const q =
      'Resources | summarize names = tostring(make_list(name)), twice = count() * 2, n = count() by type | sort by type asc';
    expect(rows(q, T)).toEqual([
      { type: 'x', names: '["b","a"]', twice: 4, n: 2 },
      { type: 'y', names: '["c"]', twice: 2, n: 1 },
    ]);
    expect(rows('Resources | summarize s = tostring(makeset(type))', T)).toEqual([{ s: '["x","y"]' }]);
  });

  it('refuses a by column read outside an aggregate', () => {
    expect(kqlError('Resources | summarize x = strcat(type, tostring(count())) by type', T).detail).toContain("'type'");
  });
});

describe('row_number() and serialize', () => {
  it('numbers rows after a sort, from a start, restarting where asked', () => {
    expect(rows('Resources | sort by name asc | extend r = row_number() | project name, r', T)).toEqual([
      { name: 'a', r: 1 },
      { name: 'b', r: 2 },
      { name: 'c', r: 3 },
    ]);
    const restart = "Resources | sort by name asc | extend r = row_number(10, name == 'b') | project name, r";
    expect(rows(restart, T).map((r) => r.r)).toEqual([10, 10, 11]);
    expect(rows('Resources | serialize r = row_number(0) | project name, r', T).map((r) => r.r)).toEqual([0, 1, 2]);
    expect(rows('Resources | sort by name desc | where row_number() <= 2 | project name', T)).toEqual([
      { name: 'c' },
      { name: 'b' },
    ]);
    expect(rows('Resources | top 2 by name desc | where name != "" | extend r = row_number() | project r', T)).toEqual([
      { r: 1 },
      { r: 2 },
    ]);
  });

  it('refuses row_number() over rows that are not serialized', () => {
    const e = kqlError('Resources | extend r = row_number()', T);
    expect(e.code).toBe('SemanticError');
    expect(e.detail).toContain('serialized');
    expect(
      kqlError('Resources | sort by name asc | summarize count() by type | extend r = row_number()', T).detail,
    ).toContain('serialized');
  });
});

describe('parse', () => {
  it('simple: literal texts, from the start of the string; no match leaves the columns empty', () => {
    const q =
      "Resources | parse id with '/s/' sub:long '/vaults/' vault '/' * | project name, sub, vault | sort by name asc";
    expect(rows(q, T)).toEqual([
      { name: 'a', sub: 1, vault: 'v2' },
      { name: 'b', sub: 1, vault: 'v1' },
      { name: 'c', sub: 1, vault: 'v3' },
    ]);
    expect(rows("Resources | take 1 | parse id with 'nope' rest | project rest", T)).toEqual([{ rest: '' }]);
  });

  it('kind=regex: texts are regular expressions and the match may start anywhere', () => {
    const q = "Resources | take 1 | parse kind=regex flags=i id with 'VAULTS/' vault '/backup' kind";
    expect(rows(`${q} | project vault, kind`, T)).toEqual([{ vault: 'v1', kind: 'Fabrics/Azure' }]);
    // Groups inside a text do not shift the columns.
    const grouped = "Resources | take 1 | parse kind=regex id with @'(/s)/(\\d)/vaults/' vault '/' rest";
    expect(rows(`${grouped} | project vault, rest`, T)).toEqual([{ vault: 'v1/backupFabrics', rest: 'Azure' }]);
  });

  it('columns are greedy in kind=regex (Kusto\'s docs: "the default mode is greedy") and shortest in simple', () => {
    const text = "Resources | take 1 | extend s = 'name=a, b=2, c=3'";
    expect(rows(`${text} | parse kind=regex s with 'name=' v ',' * | project v`, T)).toEqual([{ v: 'a, b=2' }]);
    expect(rows(`${text} | parse s with 'name=' v ',' rest | project v, rest`, T)).toEqual([
      { v: 'a', rest: ' b=2, c=3' },
    ]);
  });

  it("refuses '*' right after a string column, as Kusto documents", () => {
    expect(kqlError("Resources | parse id with '/s/' sub * '/vaults/' v", T).detail).toContain("'*' can't follow");
  });
});

describe('mvexpand, and how ARG counts mv-expand', () => {
  it('the legacy mvexpand caps its RowLimit at 400, as ARG documents (mv-expand: 2,000)', () => {
    expect(rows('Resources | mvexpand properties.list limit 400 | count', T)).toEqual([{ Count: 3 }]);
    expect(kqlError('Resources | mvexpand properties.list limit 401', T).detail).toContain('maximum of 400');
    expect(rows('Resources | mv-expand properties.list limit 401 | count', T)).toEqual([{ Count: 3 }]);
  });

  it('the legacy mvexpand expands like mv-expand', () => {
    expect(rows('Resources | mvexpand properties.list | project name, properties_list', T)).toEqual([
      { name: 'b', properties_list: 1 },
      { name: 'b', properties_list: 2 },
      { name: 'c', properties_list: 5 },
    ]);
  });

  it('allows 3 per tabular expression, however many columns each expands, and refuses a fourth', () => {
    const three =
      'Resources | mv-expand a = properties.list, b = properties.list | mv-expand properties.bag | mvexpand x = properties.list | count';
    expect(rows(three, T)).toEqual([{ Count: 5 }]);
    const four = `${three.replace(' | count', '')} | mv-expand y = properties.list | count`;
    const e = kqlError(four, T);
    expect(e.code).toBe('LimitExceeded');
    expect(e.detail).toContain('more than 3 mv-expand');
    const perSide = `Resources | mv-expand a = properties.list | mv-expand b = properties.list | project id
      | join kind=leftouter (Resources | mv-expand c = properties.list | mv-expand d = properties.list | project id) on id | count`;
    // Each side has b's id 2 × 2 times and c's once: b pairs 4 × 4, c 1 × 1.
    expect(rows(perSide, T)).toEqual([{ Count: 4 * 4 + 1 }]);
  });
});

describe('still unsupported: a 400 that names the construct', () => {
  it.each([
    ['Resources | make-series n = count() on todatetime(properties.t) step 1d', "the operator 'make-series'"],
    ['Resources | project-reorder name', "the operator 'project-reorder'"],
    ['Resources | parse-where id with "/" x', "the operator 'parse-where'"],
    ['Resources | parse kind=relaxed id with "/" x', 'parse kind=relaxed'],
    ['Resources | parse kind=regex flags=U id with "/" x', "the regex flags 'U'"],
    ['range x from 1 to 3 step 1', "the 'range' statement"],
    ['Resources | extend h = hash_sha256(name)', "the function 'hash_sha256'"],
    ['Resources | summarize percentiles(toint(properties.n), 50)', "the aggregate function 'percentiles'"],
    ['union isfuzzy=true Resources, ResourceContainers', "union's isfuzzy option"],
    ['Resources | project tags | summarize buildschema(tags)', "the aggregate function 'buildschema'"],
    [
      '{{/subscriptions/s/resourceGroups/g/providers/Microsoft.ResourceGraph/queries/q}}',
      'a shared query reference {{…}}',
    ],
  ])('%s', (query, construct) => {
    const e = kqlError(query, T);
    expect(e.code).toBe('UnsupportedConstruct');
    expect(e.detail).toContain(`${construct} is not supported by this Resource Graph stand-in`);
  });
});

describe('opt-in columns', () => {
  it('aliases and apiVersion are columns only when the query names them', () => {
    const t = { Resources: [{ id: 'r', name: 'n', apiVersion: '2024-01-01', aliases: { 'A/b/c': 1 } }] };
    expect(schema('Resources', t)).not.toContain('apiVersion:string');
    expect(rows('Resources | project apiVersion, aliases', t)).toEqual([
      { apiVersion: '2024-01-01', aliases: { 'A/b/c': 1 } },
    ]);
  });
});
