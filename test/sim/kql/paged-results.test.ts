// Results formatted page by page (runQuery with deferFormatting, as the stand-in's paging uses it): the pages add up to
// the result formatted at once, and show the rows as they were when the query ran.
import type { Row } from '../../../src/sim/estate/types';
import { type EvaluatedQuery, type QueryResult, runQuery } from '../../../src/sim/kql';
import { ESTATE, estateSource, NOW } from './fixture-estate';

const JOB_LIST = `RecoveryServicesResources
| where type in~ ('microsoft.recoveryservices/vaults/backupjobs', 'microsoft.dataprotection/backupvaults/backupjobs')
| extend startTime = todatetime(properties.startTime)
| extend isBV = type =~ 'microsoft.dataprotection/backupvaults/backupjobs'
| extend rawStatus = tostring(properties.status)
| where rawStatus !~ 'Paused'
| extend vaultName = tostring(split(id, '/')[8]), container = split(tostring(properties.containerName), ';')
| extend dsRg = tostring(container[array_length(container) - 2])
| project id, vaultName, startTime, endTime = todatetime(properties.endTime), status = rawStatus, isBV, dsRg,
    operation = tostring(iff(isBV, properties.operationCategory, properties.operation)), errors = properties.errorDetails
| order by startTime desc, id asc`;

const QUERIES = [
  JOB_LIST,
  `${JOB_LIST} | take 3`,
  'RecoveryServicesResources | extend n = strlen(name) | where n > 3 | project-away properties | order by n asc',
  'RecoveryServicesResources | summarize jobs = count() by type | order by jobs desc',
  "(RecoveryServicesResources | where name != 'x') | project id, properties | order by id desc",
  'Resources | project name, location',
];

function allPages(result: EvaluatedQuery, size: number): Row[] {
  const out: Row[] = [];
  for (let start = 0; start < result.rowCount; start += size) out.push(...result.formatRows(start, start + size));
  return out;
}

/** The estate's tables with every row copied, so a test can change rows without touching the shared fixture. */
function copiedEstate(): Record<string, Row[]> {
  return Object.fromEntries(Object.entries(ESTATE).map(([name, rows]) => [name, rows.map((r) => ({ ...r }))]));
}

describe('a result formatted page by page', () => {
  it.each(QUERIES)('has the same columns, rows and limit flag as formatted at once: %s', (query) => {
    const once: QueryResult = runQuery(query, estateSource, { now: NOW });
    const paged = runQuery(query, estateSource, { now: NOW, deferFormatting: true });
    expect(paged.columns).toEqual(once.columns);
    expect(paged.usesLimit).toBe(once.usesLimit);
    expect(paged.rowCount).toBe(once.rows.length);
    expect(allPages(paged, 2)).toEqual(once.rows);
    expect(paged.formatRows(1, 1)).toEqual([]);
    expect(paged.formatRows(once.rows.length, once.rows.length + 5)).toEqual([]);
  });

  it.each([JOB_LIST, "(RecoveryServicesResources | where name != 'x') | project id, properties | order by id desc"])(
    'shows the rows as the query saw them when a job row is rewritten or added later: %s',
    (query) => {
      const tables = copiedEstate();
      const source = (t: string) => tables[t];
      const before = runQuery(query, source, { now: NOW });
      const paged = runQuery(query, source, { now: NOW, deferFormatting: true });
      // What the stand-in does when a job finishes: the row object gets new properties (and keeps its place).
      for (const row of tables.RecoveryServicesResources ?? []) {
        Object.assign(row, { properties: { status: 'Cancelled', startTime: '2020-01-01T00:00:00Z' } });
      }
      tables.RecoveryServicesResources?.push({ id: '/late', name: 'late', type: 'x', properties: {} });
      expect(allPages(paged, 3)).toEqual(before.rows);
    },
  );
});
