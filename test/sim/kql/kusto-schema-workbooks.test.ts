// Differential check against the official Kusto analyzer for the constructs Microsoft's Backup workbooks and the
// Resource Graph samples use: the same output columns (names and types), and a refusal wherever Kusto reports one.
// Left out, as the analyzer does not judge them as Resource Graph or Kusto run them: a query without a table (ARG reads
// Resources; Kusto refuses), union kind=inner (the analyzer keeps every column; Kusto documents the common ones), and
// row_number() over unserialized rows (Kusto refuses it when the query runs, not in the analyzer).
import { KqlError } from '../../../src/sim/kql';
import { analyzeWithKusto } from '../../support/kusto-analyzer';
import { run } from './helpers';

function ours(query: string): string[] {
  return run(query, { RecoveryServicesResources: [], AlertsManagementResources: [] }).columns.map(
    (c) => `${c.name}:${c.type}`,
  );
}

const SUPPORTED = [
  'Resources | summarize x = tostring(make_list(name)), c = count() * 2, n = count() by type',
  'Resources | summarize tostring(makelist(name, 10)), makeset(id)',
  'Resources | project id, name | sort by name asc | extend r = row_number(), p = tostring((row_number() - 1) / 2 + 1)',
  'Resources | project id | serialize n = row_number(5)',
  'Resources | project id, name | parse id with "/" a "/" b:long',
  'Resources | project id | parse kind=regex id with "/x" a "/" b',
  'Resources | project id, name | union withsource=T (ResourceContainers | project id)',
  'Resources | summarize c = count() | project nums = range(1, c, 1), c | mvexpand nums',
  'Resources | project id, h = hash(id), h2 = hash(id, 10), r = replace(@"a", "b", id), r2 = replace_regex(id, @"a", "b")',
  'Resources | project id, f = format_timespan(1h, "hh:mm"), e = notempty(id), n = notnull(id), d = range(now(), now(), 1d)',
];

const REJECTED = ['Resources | summarize x = tolower(name)', 'Resources | parse id with "/" a "/" a'];

describe('result schemas match the Kusto analyzer', () => {
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
