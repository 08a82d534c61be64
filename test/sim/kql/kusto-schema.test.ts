// Differential check against the official Kusto analyzer: the same output columns (names and types) for supported
// queries, and a refusal wherever Kusto reports an error.
import { KqlError } from '../../../src/sim/kql';
import { analyzeWithKusto } from '../../support/kusto-analyzer';
import { Q } from './fixture-estate';
import { run } from './helpers';

function ours(query: string): string[] {
  return run(query, { RecoveryServicesResources: [], AlertsManagementResources: [] }).columns.map(
    (c) => `${c.name}:${c.type}`,
  );
}

const REFERENCE = Object.entries(Q).filter(([name]) => name !== 'Q13');

const SUPPORTED = [
  'Resources | summarize count(), sum(toint(1)), dcount(id), make_set(id), make_list(name), countif(id == "a"), take_any(name), max(name), avg(toint(1)), arg_max(name, *) by tostring(properties.x), bin(todatetime(properties.t), 1d)',
  'Resources | extend p = properties | summarize sum(toint(p.x)), max(todatetime(p.t)), dcount(tostring(p.x)), arg_max(todatetime(p.t), id, p.y), make_set(p.z), take_any(p.a, id), count() by tolower(name), type',
  'Resources | project properties.a, tostring(properties.b), tolower(name), strcat(id, "x"), p = 1, 1+2, properties["a.b"], properties.c[0], tags.x.y, properties.d[0].e, toint(3), now()',
  'Resources | extend 1+2, properties.a, strcat(id,"x"), tostring(properties.x) | project-away id',
  'Resources | project id, properties | extend 1+2 | extend 3+4, id = 5, floor(toint(properties.a), 2), todynamic(properties.x), parse_json(properties.y), toupper(id), iff(true, id, "")',
  'Resources | project id, properties | summarize count() by bin(todatetime(properties.t), 1d), bin(toint(properties.n), 10), floor(toint(properties.f), 10)',
  'Resources | project id, properties | summarize count(), count(), sum(1), sum(2)',
  'Resources | project id, name | project-rename a = id | extend b = 1 | project-away a',
  'Resources | project id, name | distinct name | count',
  'Resources | project id, name | top 3 by name | take 2',
  'Resources | project id, properties | mv-expand properties.list',
  'Resources | project id, properties | mv-expand x = properties.list, properties.y to typeof(string) limit 10',
  'Resources | project id, properties | mv-expand with_itemindex=ix properties',
  'Resources | project id, name, a = 1 | join kind=leftouter (Resources | project id, name, b = "x") on id',
  'Resources | project id, name, a = 1 | join (Resources | project rid = id, name, b = "x") on $left.id == $right.rid',
  'Resources | project id, name | join kind=fullouter (Resources | project id, x = 1) on id',
  'Resources | project id, a = 1 | union (Resources | project id, a = "x", c = 1.5)',
  'union (Resources | project id, a = 1), (ResourceContainers | project id, b = 2)',
  'Resources | project id | extend d = datetime(2024-05-01 10:00), d3 = datetime(null), t = time(1.02:03:04), t2 = timespan(10m), g = dynamic(null), x = int(null), y = real(null), z = 1e3, w = 0x10',
  'Resources | project id, n = 1, t = now(), s = 1s | project tostring(id), toint(n), tolong(n), toreal(n), tobool(n), todatetime(t), totimespan(s), tolower(id), strlen(id), substring(id, 1), split(id, "/"), split(id, "/", 1), iff(true, id, id), case(true, id, id), coalesce(id, id), isempty(id), isnull(n), bin(n, 2), round(n), abs(n), ago(s), datetime_diff("day", t, t), format_datetime(t, "yyyy"), startofday(t), startofmonth(t), dayofweek(t)',
  'Resources | project id, n = 1, t = now(), s = 1s, properties | extend a = n + 1, b = n * 2.5, c = t - t, d = t + 1d, e = 1d * 2, f = 5 / 2, h = 1d / 2, i = 1d / 1h, j = -s, k = properties.n + 1, l = properties.n * 2.5, m = properties.x + properties.y, o = toint(n) + toint(n)',
  'Resources | project id, properties | summarize dcountif(id, id == "x"), sumif(toint(properties.a), id == "x"), avgif(toreal(properties.a), true), min(todatetime(properties.t)), make_set(properties.x, 10), any(id), arg_min(todatetime(properties.t), *) by type = tostring(properties.type)',
  'Resources | project id, properties | summarize take_any(tolower(id)), arg_max(tolower(id), strlen(id))',
  'Resources | project id, properties | summarize maxif(todatetime(properties.t), id == "x"), minif(toint(properties.n), true), m = maxif(id, isnotempty(id)) by tostring(properties.k)',
  'Resources | project id, name, type, t = now() | summarize arg_max(t, *) by name, type',
  'Resources | project id, properties | extend x = iff(isempty(id), properties.a, properties.b), y = case(true, 1, 2.5), z = coalesce(properties.a, properties.b)',
  'let names = dynamic(["a", "b"]); Resources | where name in (names) | summarize c = count() by location | order by c desc',
  'Resources | where todatetime(properties.t) between (ago(7d) .. now()) | extend age = now() - todatetime(properties.t) | where age > 1h',
];

const REJECTED = [
  "Resources | where id > 'a'",
  'Resources | where properties.startTime > ago(1d)',
  'Resources | where id',
  'Resources | where properties.flag',
  'Resources | extend x = now() + 1',
  "Resources | extend x = id + 'a'",
  'Resources | summarize count() by properties.x',
  'Resources | summarize min(properties.x)',
  'Resources | extend x = iff(properties.flag, 1, 2)',
  'Resources | where nme == 1',
  'Resources | where',
  'Resources | project a,, b',
  'Nope | take 1',
];

describe('result schemas match the Kusto analyzer', () => {
  it.each(REFERENCE)('%s', (_name, query) => {
    const kusto = analyzeWithKusto(query);
    expect(kusto.diagnostics).toEqual([]);
    expect(ours(query)).toEqual(kusto.columns);
  });

  it.each(SUPPORTED)('%s', (query) => {
    const kusto = analyzeWithKusto(query);
    expect(kusto.diagnostics).toEqual([]);
    expect(ours(query)).toEqual(kusto.columns);
  });
});

describe('queries Kusto rejects are rejected', () => {
  it.each(REJECTED)('%s', (query) => {
    expect(analyzeWithKusto(query).diagnostics.length).toBeGreaterThan(0);
    expect(() => ours(query)).toThrow(KqlError);
  });
});
