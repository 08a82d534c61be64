// Section kql-1m-jobs: the KQL engine alone (no HTTP) over the large estate's ~1.2M job rows: where + summarize
// queries typical of the bot, first run and median of 3 runs each.
import { bindJobCountsKql, bindJobListKql } from '../../src/azure/jobs/jobs';
import type { TableName } from '../../src/sim/estate/types';
import { runQuery, type TableSource } from '../../src/sim/kql';
import { BENCH_NOW, countJobRows, generateLargeEstate } from '../lib/large-estate';
import { collectGarbage } from '../lib/memory';
import { note, progress, report, runSection, timeIt } from '../lib/report';

const TARGET_MS = 2000;
const RUNS = 3;
const JOB_TYPES = `('microsoft.recoveryservices/vaults/backupjobs','microsoft.dataprotection/backupvaults/backupjobs')`;

const QUERIES: Record<string, string> = {
  '24h count by status': `RecoveryServicesResources
| where type in~ ${JOB_TYPES}
| where todatetime(properties.startTime) > ago(24h)
| summarize count() by status = tostring(properties.status)`,
  '7d count by vault': `RecoveryServicesResources
| where type in~ ${JOB_TYPES}
| where todatetime(properties.startTime) > ago(7d)
| summarize jobs = count(), failed = countif(tostring(properties.status) == 'Failed') by vault = tolower(tostring(split(id, '/')[8]))`,
  // The bot's own queries, bound exactly as src/azure/jobs/jobs.ts sends them.
  'bot job-counts 7d': bindJobCountsKql({ since: '7d' }),
  'bot job-list failed 24h': bindJobListKql({ since: '24h' }, 'failed'),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

runSection(async () => {
  progress('generating the large estate (seed 1)');
  const estate = generateLargeEstate();
  const jobs = countJobRows(estate);
  report({ name: 'job rows scanned', value: jobs, unit: 'rows', better: 'higher' });
  report({
    name: 'RecoveryServicesResources rows',
    value: estate.tables.RecoveryServicesResources.length,
    unit: 'rows',
    better: 'higher',
  });
  note(
    `job rows are the large estate's own (seed 1: ${jobs.toLocaleString('en-US')} RSV + BV jobs over 14 days, no synthetic top-up); queries scan the whole RecoveryServicesResources table.`,
  );
  const tables = new Map(Object.entries(estate.tables).map(([name, rows]) => [name.toLowerCase(), rows]));
  const source: TableSource = (table) => tables.get(table.toLowerCase() as Lowercase<TableName>);
  for (const [name, query] of Object.entries(QUERIES)) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      collectGarbage();
      const { ms, value } = await timeIt(() => runQuery(query, source, { now: BENCH_NOW }));
      times.push(ms);
      rows = value.rows.length;
    }
    report({
      name: `${name}: first run`,
      value: times[0] ?? Number.NaN,
      unit: 'ms',
      target: TARGET_MS,
      better: 'lower',
    });
    report({
      name: `${name}: median of ${RUNS}`,
      value: median(times),
      unit: 'ms',
      target: TARGET_MS,
      better: 'lower',
    });
    report({ name: `${name}: result rows`, value: rows, unit: 'rows', better: 'higher' });
  }
  note('times are runQuery() end to end (parse, compile, scan, format rows); a full GC runs before each run.');
});
