// Common alert schema → failure events: every field of the event from the published Azure Backup payload shape,
// Backup vault alerts, and the alerts that are not announced (other services, resolved, other schemas, bad shapes).
import { type CommonAlertParse, parseCommonAlert } from '../../../src/channels/alerts/common-alert';
import { fixture } from './fixtures';

function failure(result: CommonAlertParse) {
  if (result.kind !== 'failure') throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  expect(result.events).toHaveLength(1);
  return { ...result, event: result.events[0]! };
}

const SUB_A = 'aaaaaaaa-0000-0000-0000-000000000001';
const RSV_ID = `/subscriptions/${SUB_A}/resourceGroups/rg-Backup-Prod/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu`;

test('an RSV VM backup failure maps every field', () => {
  const { alertId, firedAt, event } = failure(parseCommonAlert(fixture('rsv-vm-backup-failure')));
  expect(alertId).toBe(
    `/subscriptions/${SUB_A}/providers/Microsoft.AlertsManagement/alerts/0f6a6c4e-1d2b-4c3a-9e8f-7a6b5c4d3e2f`,
  );
  expect(firedAt.toISOString()).toBe('2025-06-02T09:58:12.123Z');
  const itemId = `${RSV_ID}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-app;vm-web-01/protectedItems/VM;iaasvmcontainerv2;rg-app;vm-web-01`;
  expect(event).toEqual({
    // The polled job's id: <vault id>/backupJobs/<extendedInfo.jobId>, lower-case.
    eventKey: `${RSV_ID}/backupJobs/5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f`.toLowerCase(),
    source: 'alert',
    itemKey: itemId.toLowerCase(),
    itemId,
    itemName: 'vm-web-01',
    workload: 'vm',
    // From the protected item id, which keeps Azure's casing (the alert target is lower-cased).
    vault: { id: RSV_ID, name: 'rsv-prod-weu', kind: 'rsv', subscriptionId: SUB_A, resourceGroup: 'rg-Backup-Prod' },
    subscriptionId: SUB_A,
    resourceGroup: 'rg-Backup-Prod',
    location: 'westeurope',
    errorMessage: 'The VM is in a failed provisioning state.',
    failedAt: '2025-06-02T09:58:12.123Z',
  });
});

test('an RSV SQL backup failure names the database, not the VM', () => {
  const { event } = failure(parseCommonAlert(fixture('rsv-sql-backup-failure')));
  expect(event).toMatchObject({
    itemName: 'sales_prod',
    workload: 'sql',
    itemId: `${RSV_ID}/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg-sql;vm-sql-01/protectedItems/SQLDataBase;MSSQLSERVER;sales_prod`,
    eventKey: `${RSV_ID}/backupjobs/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`.toLowerCase(),
    errorMessage: 'First full backup is missing for this datasource.',
    failedAt: '2025-06-02T09:55:00.500Z',
  });
  expect(event.errorCode).toBeUndefined();
  expect(event.location).toBeUndefined();
});

test('a Backup vault failure: the backup instance, the datasource name, the error code; no job → alert key', () => {
  const sub = 'bbbbbbbb-0000-0000-0000-000000000002';
  const vaultId = `/subscriptions/${sub}/resourceGroups/rg-bv/providers/Microsoft.DataProtection/backupVaults/bv-disks-neu`;
  const itemId = `${vaultId}/backupInstances/disk-data-01-9f8e7d6c-5b4a-4321-8765-0fedcba98765`;
  const { alertId, event } = failure(parseCommonAlert(fixture('bv-disk-backup-failure')));
  expect(event).toEqual({
    eventKey: `alert:${alertId}`,
    source: 'alert',
    itemKey: itemId.toLowerCase(),
    itemId,
    itemName: 'disk-data-01',
    workload: 'disks',
    vault: { id: vaultId, name: 'bv-disks-neu', kind: 'bv', subscriptionId: sub, resourceGroup: 'rg-bv' },
    subscriptionId: sub,
    resourceGroup: 'rg-bv',
    location: 'northeurope',
    errorCode: 'UserErrorDiskSnapshotNotFound',
    errorMessage: 'The disk snapshot could not be found.',
    failedAt: '2025-06-02T09:50:00.000Z',
  });
});

test('without an item id the vault comes from the alert target and the item key is vault|datasource', () => {
  const alert = fixture('rsv-vm-backup-failure');
  delete alert.data.alertContext.protectedItemId;
  const { event } = failure(parseCommonAlert(alert));
  const target = alert.data.essentials.alertTargetIDs[0];
  expect(event.itemId).toBeUndefined();
  expect(event.itemKey).toBe(`${target}|vm-web-01`);
  expect(event.vault).toEqual({
    id: target,
    name: 'rsv-prod-weu',
    kind: 'rsv',
    subscriptionId: SUB_A,
    resourceGroup: 'rg-backup-prod',
  });
  // The job still names the event: the vault id is lower-cased in the key either way.
  expect(event.eventKey).toBe(`${target}/backupjobs/5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f`);
  expect(event.workload).toBe('vm');
});

test('workload falls back to the protected item name when sourceType is absent', () => {
  const alert = fixture('rsv-sql-backup-failure');
  delete alert.data.alertContext.sourceType;
  delete alert.data.alertContext.formattedSourceType;
  expect(failure(parseCommonAlert(alert)).event.workload).toBe('sql');
  alert.data.alertContext.protectedItemId = alert.data.alertContext.protectedItemId.replace(
    /protectedItems\/.*$/,
    'protectedItems/MysteryWorkload;x;y',
  );
  expect(failure(parseCommonAlert(alert)).event).toMatchObject({ workload: 'other', itemName: 'y' });
});

test('a job id that is not a plain name is not trusted; a numeric error code is kept as text', () => {
  const alert = fixture('rsv-vm-backup-failure');
  alert.data.alertContext.extendedInfo.jobId = '../../other';
  alert.data.alertContext.errorCode = 400002;
  const { alertId, event } = failure(parseCommonAlert(alert));
  expect(event.eventKey).toBe(`alert:${alertId}`);
  expect(event.errorCode).toBe('400002');
});

test.each([
  ['metric-not-backup', 'not an Azure Backup alert'],
  ['rsv-vm-resolved', 'the alert is not in the Fired condition'],
])('%s is ignored with its reason and keeps its id and time', (name, reason) => {
  const result = parseCommonAlert(fixture(name));
  expect(result).toMatchObject({ kind: 'ignored', reason });
  if (result.kind !== 'ignored') throw new Error('unreachable');
  expect(result.alertId).toMatch(/^\/subscriptions\//);
  expect(result.firedAt).toBeInstanceOf(Date);
});

test('other built-in backup alerts (restore failure, security) are ignored', () => {
  for (const rule of ['Restore Failure', 'Delete Backup Data', 'Workload extension unhealthy']) {
    const alert = fixture('rsv-vm-backup-failure');
    alert.data.essentials.alertRule = rule;
    expect(parseCommonAlert(alert)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/^not a backup/) });
  }
});

test('an alert that names no vault is ignored', () => {
  const alert = fixture('rsv-vm-backup-failure');
  delete alert.data.alertContext.protectedItemId;
  alert.data.essentials.alertTargetIDs = [
    '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/v',
  ];
  expect(parseCommonAlert(alert)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/names no/) });
});

test('another schema (the legacy metric webhook) is ignored, not refused', () => {
  expect(parseCommonAlert({ schemaId: 'AzureMonitorMetricAlert', data: {} })).toMatchObject({ kind: 'ignored' });
});

test.each<[string, unknown]>([
  ['a JSON array', []],
  ['null', null],
  ['a string', 'alert'],
  ['no essentials', { schemaId: 'azureMonitorCommonAlertSchema', data: {} }],
  ['essentials as an array', { schemaId: 'azureMonitorCommonAlertSchema', data: { essentials: [] } }],
])('%s is invalid', (_name, body) => {
  expect(parseCommonAlert(body).kind).toBe('invalid');
});

test('a missing alertId or a fired time that is not a UTC timestamp is invalid', () => {
  const noId = fixture('rsv-vm-backup-failure');
  noId.data.essentials.alertId = 42;
  expect(parseCommonAlert(noId)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/alertId/) });
  for (const bad of ['yesterday', '2025-06-02T09:58:12', 1748858292000, '2025-13-45T99:00:00Z']) {
    const alert = fixture('rsv-vm-backup-failure');
    alert.data.essentials.firedDateTime = bad;
    expect(parseCommonAlert(alert)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/firedDateTime/) });
  }
});

test('hostile shapes in the context are tolerated: wrong types are dropped, never thrown on', () => {
  const alert = fixture('rsv-vm-backup-failure');
  alert.data.alertContext = {
    protectedItemId: { nested: true },
    sourceType: ['VM'],
    linkedResourceName: 7,
    extendedInfo: 'not an object',
    errorCode: null,
  };
  alert.data.essentials.alertTargetIDs = 'not an array';
  alert.data.essentials.description = 'x'.repeat(10_000);
  expect(parseCommonAlert(alert)).toMatchObject({ kind: 'ignored' });
  alert.data.essentials.alertTargetIDs = [RSV_ID.toLowerCase()];
  const { event } = failure(parseCommonAlert(alert));
  expect(event).toMatchObject({ itemName: 'rsv-prod-weu', workload: 'other' });
  expect(event.errorMessage?.length).toBeLessThanOrEqual(2_000);
});
