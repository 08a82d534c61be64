// Job rows → domain jobs: both vault kinds, error shapes as Azure gives them, absent fields, odd casing.
import { parseDurationMs, toJob, toJobSummary, toOperationKind } from '../../../src/azure/jobs/job-rows';

const RSV_JOB_ID =
  '/Subscriptions/AAAA0000-0000-0000-0000-000000000001/resourceGroups/RG-Vaults/providers/Microsoft.RecoveryServices/vaults/RSV-Prod/backupJobs/1b2c';
const BV_JOB_ID =
  '/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/rg-bv/providers/Microsoft.DataProtection/Backupvaults/bv-prod/backupJobs/9f8e';

describe('toJob', () => {
  it('maps a failed RSV VM job with its numeric error code and recommendations as Azure wrote them', () => {
    const job = toJob({
      id: RSV_JOB_ID,
      tenantId: 'tenant-a',
      subscriptionId: 'aaaa0000-0000-0000-0000-000000000001',
      type: 'microsoft.recoveryservices/vaults/backupjobs',
      vaultName: 'RSV-Prod',
      startTime: '2025-01-10T01:00:00Z',
      endTime: '2025-01-10T01:20:30Z',
      duration: 'PT20M30S',
      rawStatus: 'Failed',
      status: 'Failed',
      workload: 'vm',
      dsId: '/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/RG-App/providers/Microsoft.Compute/virtualMachines/vm-01',
      dsName: 'vm-01',
      dsSub: 'aaaa0000-0000-0000-0000-000000000001',
      dsRg: 'RG-App',
      dsLocation: 'westeurope',
      dsType: 'azureiaasvm',
      operation: 'Backup',
      isUserTriggered: 'False',
      errors: [
        {
          errorCode: 400002,
          errorString: 'The VM is not in a state that allows backups.',
          errorTitle: 'UserErrorVmNotInDesirableState',
          recommendations: ['Ensure the VM is running.', 'Retry the operation.'],
        },
      ],
    });
    expect(job).toMatchObject({
      id: RSV_JOB_ID,
      tenantId: 'tenant-a',
      vault: { name: 'RSV-Prod', kind: 'rsv', resourceGroup: 'RG-Vaults' },
      datasource: { name: 'vm-01', resourceGroup: 'RG-App', location: 'westeurope' },
      workload: 'vm',
      operation: { kind: 'backup', raw: 'Backup', adhoc: false },
      status: 'Failed',
      durationMs: 1_230_000,
      errorCode: '400002',
      errorMessage: 'The VM is not in a state that allows backups.',
      recommendations: ['Ensure the VM is running.', 'Retry the operation.'],
    });
    expect(job?.vault.id).toBe(
      '/Subscriptions/AAAA0000-0000-0000-0000-000000000001/resourceGroups/RG-Vaults/providers/Microsoft.RecoveryServices/vaults/RSV-Prod',
    );
    expect(job?.errors[0]?.title).toBe('UserErrorVmNotInDesirableState');
  });

  it('maps a BV job: string error code, recommendedAction, Started status, backup instance id, PG server/db name', () => {
    const job = toJob({
      id: BV_JOB_ID,
      type: 'microsoft.dataprotection/backupvaults/backupjobs',
      startTime: '2025-01-10T02:00:00Z',
      rawStatus: 'Started',
      status: 'InProgress',
      workload: 'postgres',
      dsName: 'ordersdb',
      dsSetName: 'pg-single-01',
      operation: 'Backup',
      isUserTriggered: true,
      errors: [
        { code: 'UserErrorMissingPermissions', message: 'Grant access', recommendedAction: ['Assign the role.'] },
      ],
      backupInstanceId:
        '/subscriptions/x/resourceGroups/rg-bv/providers/Microsoft.DataProtection/backupVaults/bv-prod/backupInstances/pg-1',
    });
    expect(job).toMatchObject({
      vault: { name: 'bv-prod', kind: 'bv' },
      datasource: { name: 'pg-single-01/ordersdb' },
      status: 'InProgress',
      rawStatus: 'Started',
      operation: { kind: 'backup', adhoc: true },
      errorCode: 'UserErrorMissingPermissions',
      recommendations: ['Assign the role.'],
      backupInstanceId: expect.stringContaining('/backupInstances/pg-1'),
    });
    expect(job?.protectedItemId).toBeUndefined();
    expect(job?.endTime).toBeUndefined();
  });

  it('tolerates a row with only an id (unverified fields absent) and drops a row without one', () => {
    const job = toJob({ id: RSV_JOB_ID });
    expect(job).toMatchObject({ status: 'Unknown', workload: 'other', errors: [], recommendations: [] });
    expect(job?.startTime).toBeUndefined();
    expect(job?.durationMs).toBeUndefined();
    expect(toJob({ name: 'no id' })).toBeUndefined();
  });

  it('reads errors given as JSON text and with other key casing', () => {
    const job = toJob({ id: RSV_JOB_ID, errors: '[{"ErrorCode": 1, "ErrorString": "boom"}]' });
    expect(job).toMatchObject({ errorCode: '1', errorMessage: 'boom' });
  });

  it('takes the duration from start and end when Azure gives none', () => {
    const job = toJob({ id: RSV_JOB_ID, startTime: '2025-01-10T01:00:00Z', endTime: '2025-01-10T01:00:09.500Z' });
    expect(job?.durationMs).toBe(9500);
  });
});

describe('parseDurationMs', () => {
  it.each([
    ['PT9.87S', 9870],
    ['PT1H2M3S', 3_723_000],
    ['P1DT1H', 90_000_000],
    ['00:05:12.5', 312_500],
    ['1.02:00:00', 93_600_000],
    ['soon', undefined],
    ['PT', undefined],
  ])('%s', (text, ms) => expect(parseDurationMs(text)).toBe(ms));
});

describe('toOperationKind', () => {
  it.each([
    ['Backup', 'backup'],
    ['AdhocBackup', 'backup'],
    ['Restore', 'restore'],
    ['CrossRegionRestore', 'restore'],
    ['ConfigureBackup', 'configure'],
    ['DeleteBackupData', 'delete'],
    ['Tiering', 'other'],
    ['configure', 'configure'],
  ])('%s → %s', (raw, kind) => expect(toOperationKind(raw)).toBe(kind));
});

describe('toJobSummary', () => {
  it('sums the rows of several subscription batches and breaks them down by workload', () => {
    const summary = toJobSummary(
      [
        { id: '1', tenantId: 't1', status: 'Failed', workload: 'vm', operation: 'backup', jobs: 2 },
        { id: '2', tenantId: 't1', status: 'Completed', workload: 'vm', operation: 'backup', jobs: 5 },
        { id: '1', tenantId: 't1', status: 'Failed', workload: 'vm', operation: 'backup', jobs: 1 },
        { id: '3', tenantId: 't2', status: 'Failed', workload: 'disks', operation: 'backup', jobs: '4' },
        { id: '4', tenantId: 't2', status: 'Weird', workload: 'cosmos', operation: 'Tiering', jobs: 1 },
      ],
      '24h',
    );
    expect(summary.total).toBe(13);
    expect(summary.byStatus).toMatchObject({ Failed: 7, Completed: 5, Unknown: 1, InProgress: 0 });
    expect(summary.byWorkload.vm).toMatchObject({ Failed: 3, Completed: 5 });
    expect(summary.byWorkload.disks?.Failed).toBe(4);
    expect(summary.byWorkload.other?.Unknown).toBe(1);
    expect(summary.rows).toHaveLength(4);
  });
});
