// Manual timing of the KQL engine over 1M synthetic job rows (not a unit test): `npx tsx test/sim/kql/bench-1m.ts`.

import type { Row } from '../../../src/sim/estate/types';
import { runQuery } from '../../../src/sim/kql';
import { REFERENCE_QUERIES } from '../../support/reference-queries';

const { Q8 } = REFERENCE_QUERIES;

const N = Number(process.argv[2] ?? 1_000_000);
const now = new Date('2026-11-24T08:00:00Z');
const statuses = ['Completed', 'Failed', 'InProgress', 'CompletedWithWarnings'];
const rows: Row[] = [];
for (let i = 0; i < N; i++) {
  const bv = i % 3 === 0;
  const vault = `/subscriptions/sub-${i % 50}/resourceGroups/rg-${i % 7}/providers/${bv ? 'Microsoft.DataProtection/backupVaults' : 'Microsoft.RecoveryServices/vaults'}/vault-${i % 40}`;
  rows.push({
    id: `${vault}/backupJobs/job-${i}`,
    name: `job-${i}`,
    type: bv ? 'microsoft.dataprotection/backupvaults/backupjobs' : 'microsoft.recoveryservices/vaults/backupjobs',
    subscriptionId: `sub-${i % 50}`,
    resourceGroup: `rg-${i % 7}`,
    location: 'westeurope',
    properties: {
      status: statuses[i % statuses.length],
      startTime: new Date(now.getTime() - (i % (14 * 24)) * 3_600_000).toISOString(),
      operation: 'Backup',
      operationCategory: 'Backup',
      backupManagementType: 'AzureIaasVM',
      entityFriendlyName: `vm-${i % 5000}`,
      vaultName: `vault-${i % 40}`,
      isUserTriggered: i % 10 === 0,
      errorDetails: [{ errorCode: 400002, errorString: 'agent unreachable', code: 'UserError', message: 'x' }],
    },
  });
}
const source = (t: string) => (t === 'RecoveryServicesResources' ? rows : undefined);

const queries: Record<string, string> = {
  'where + summarize count() by status': `RecoveryServicesResources
| where type =~ 'microsoft.recoveryservices/vaults/backupjobs' and todatetime(properties.startTime) > ago(7d)
| summarize count() by status = tostring(properties.status)`,
  'summarize by status, bin(startTime, 1h)': `RecoveryServicesResources
| summarize count(), dcount(tostring(properties.entityFriendlyName)) by status = tostring(properties.status), bin(todatetime(properties.startTime), 1h)`,
  'Q8 (failed jobs, 24h, both kinds)': Q8,
  'Q8 + arg_max by item': `${Q8} | summarize arg_max(startTime, *) by item, vaultId`,
};

for (const [name, query] of Object.entries(queries)) {
  const started = process.hrtime.bigint();
  const result = runQuery(query, source, { now });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${name}: ${ms.toFixed(0)} ms, ${result.rows.length} rows out of ${N}`);
}
