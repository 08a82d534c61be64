// The job-row builders the stand-in uses after a backup trigger, the error catalog, and workloadOf.
import {
  backupErrorsFor,
  buildBvJobRow,
  buildRsvJobRow,
  ERROR_CATALOG,
  findBackupError,
  type Row,
  ARG_TYPES as T,
  toBvJobError,
  toRsvJobError,
  WORKLOADS,
  workloadOf,
} from '../../../src/sim/estate';
import { props, rowsOfType, smallEstate } from './estate-helpers';

const estate = smallEstate();
const items = rowsOfType(estate, T.rsvItem);
const instances = rowsOfType(estate, T.bvInstance);
const item = (w: string) => items.find((i) => props(i).workloadType === w) as Row;
const start = new Date('2025-06-01T10:00:00Z');

describe('buildRsvJobRow', () => {
  it('builds a running VM job under the item vault id, keeping its casing', () => {
    const vm = items.find((i) => String(i.id).startsWith('/Subscriptions/') && props(i).workloadType === 'VM') as Row;
    const job = buildRsvJobRow(vm, {
      jobId: 'job-1',
      status: 'InProgress',
      startTime: start,
      isUserTriggered: true,
      now: new Date('2025-06-01T10:05:30Z'),
    });
    const vaultId = String(vm.id).split('/backupFabrics/')[0];
    expect(job).toMatchObject({
      id: `${vaultId}/backupJobs/job-1`,
      name: 'job-1',
      type: T.rsvJob,
      tenantId: vm.tenantId,
      subscriptionId: vm.subscriptionId,
    });
    expect(props(job)).toMatchObject({
      jobType: 'AzureIaaSVMJob',
      entityFriendlyName: props(vm).friendlyName,
      backupManagementType: 'AzureIaasVM',
      operation: 'Backup',
      status: 'InProgress',
      startTime: '2025-06-01T10:00:00.000Z',
      duration: 'PT5M30S',
      isUserTriggered: true,
    });
    // The REST job models (AzureIaaSVMJob …) name no item and no datasource: entityFriendlyName is the VM name.
    expect(props(job).backupInstanceId).toBeUndefined();
    expect(props(job).dataSourceId).toBeUndefined();
    expect(props(job).endTime).toBeUndefined();
  });

  it('names a SQL database "<db> [<vm>]" as Microsoft\'s restore-SQL example does ("msdb [sqlserver-0]")', () => {
    const sql = item('SQLDataBase');
    const job = buildRsvJobRow(sql, { jobId: 'job-s', status: 'Completed', startTime: start, isUserTriggered: false });
    const container =
      String(sql.id)
        .split(/\/protectionContainers\//i)[1]
        ?.split('/')[0] ?? '';
    const vm = container.split(';').pop();
    expect(props(job).entityFriendlyName).toBe(`${props(sql).friendlyName} [${vm}]`);
  });

  it('names a file share by its share name and gives its storageAccountName, as the Azure Files examples do', () => {
    const share = item('AzureFileShare');
    const job = buildRsvJobRow(share, {
      jobId: 'job-f',
      status: 'Completed',
      startTime: start,
      isUserTriggered: false,
    });
    const account = String(props(share).sourceResourceId).split('/').pop();
    expect(props(job)).toMatchObject({
      jobType: 'AzureStorageJob',
      entityFriendlyName: props(share).friendlyName,
      storageAccountName: account,
    });
  });

  it('records a failure with the numeric code and looks the readable code up in the catalog', () => {
    const entry = findBackupError('UserErrorParentFullBackupMissing');
    if (!entry) throw new Error('catalog entry missing');
    const { codeName: _dropped, ...numericOnly } = toRsvJobError(entry);
    const job = buildRsvJobRow(item('SQLDataBase'), {
      jobId: 'job-2',
      status: 'Failed',
      startTime: start,
      endTime: new Date('2025-06-01T10:01:02.500Z'),
      isUserTriggered: false,
      error: numericOnly,
    });
    expect(props(job)).toMatchObject({
      jobType: 'AzureWorkloadJob',
      workloadType: 'SQLDataBase',
      duration: 'PT1M2.5000000S',
      endTime: '2025-06-01T10:01:02.500Z',
      errorDetails: [
        { errorCode: entry.numericCode, errorString: 'First full backup is missing for this data source.' },
      ],
      extendedInfo: { propertyBag: { ErrorCode: 'UserErrorParentFullBackupMissing' } },
    });
  });

  it('gives Azure Files jobs the storage error shape (no errorTitle) and tolerates a sparse item row', () => {
    const files = buildRsvJobRow(item('AzureFileShare'), {
      jobId: 'j3',
      status: 'Failed',
      startTime: start,
      endTime: start,
      isUserTriggered: true,
      error: { code: 42, message: 'boom', recommendations: [] },
    });
    expect(props(files).jobType).toBe('AzureStorageJob');
    expect((props(files).errorDetails as object[])[0]).toEqual({
      errorCode: 42,
      errorString: 'boom',
      recommendations: [],
    });
    const sparse = buildRsvJobRow(
      {
        id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.RecoveryServices/vaults/v/backupFabrics/Azure/protectionContainers/c/protectedItems/i',
        type: T.rsvItem,
      },
      { jobId: 'j4', status: 'Completed', startTime: start, endTime: start, isUserTriggered: false },
    );
    expect(sparse.id).toBe(
      '/subscriptions/s/resourceGroups/r/providers/Microsoft.RecoveryServices/vaults/v/backupJobs/j4',
    );
    expect(props(sparse).duration).toBe('PT0S');
  });
});

describe('buildBvJobRow', () => {
  it('builds a BV job with vault name, instance and datasource links, rule and retention tag', () => {
    const bi = instances.find(
      (i) => props(i).dataSourceSetInfo !== undefined && String(i.id).includes('/backupVaults/'),
    ) as Row;
    const job = buildBvJobRow(bi, {
      jobId: 'bv-1',
      status: 'Started',
      startTime: start,
      isUserTriggered: true,
      ruleName: 'BackupWeekly',
      retentionTag: 'Weekly',
    });
    const ds = props(bi).dataSourceInfo as Record<string, string>;
    expect(String(job.id)).toBe(
      `${String(bi.id).split('/backupInstances/')[0]?.replace('/backupVaults/', '/Backupvaults/')}/backupJobs/bv-1`,
    );
    expect(props(job)).toMatchObject({
      backupInstanceId: bi.id,
      backupInstanceFriendlyName: props(bi).friendlyName,
      dataSourceId: ds.resourceID,
      dataSourceType: ds.datasourceType,
      dataSourceName: ds.resourceName,
      dataSourceSetName: (props(bi).dataSourceSetInfo as Record<string, string>).resourceName,
      status: 'Started',
      isUserTriggered: true,
      operationCategory: 'Backup',
      vaultName: String(bi.id).split('/')[8],
      extendedInfo: { additionalDetails: { PolicyRuleName: 'BackupWeekly', RetentionTag: 'Weekly' } },
    });
    expect(props(job).policyName).toBe(
      String((props(bi).policyInfo as Record<string, string>).policyId)
        .split('/')
        .pop(),
    );
  });

  it('records a failure with the string code', () => {
    const entry = findBackupError('UserErrorMissingRequiredPermissions');
    if (!entry) throw new Error('catalog entry missing');
    const job = buildBvJobRow(instances[0] as Row, {
      jobId: 'bv-2',
      status: 'Failed',
      startTime: start,
      endTime: start,
      isUserTriggered: false,
      error: toBvJobError(entry),
    });
    expect(props(job).errorDetails).toEqual([
      expect.objectContaining({
        code: 'UserErrorMissingRequiredPermissions',
        message: entry.message,
        isUserError: true,
      }),
    ]);
  });
});

describe('error catalog', () => {
  it('has unique codes, errors for every workload, and numeric codes for RSV workloads only', () => {
    expect(new Set(ERROR_CATALOG.map((e) => e.code.toLowerCase())).size).toBe(ERROR_CATALOG.length);
    for (const w of WORKLOADS) expect(backupErrorsFor(w).filter((e) => e.weight > 0).length).toBeGreaterThan(0);
    for (const e of ERROR_CATALOG) {
      const rsvOnly = e.workloads.every((w) => ['vm', 'sql', 'hana', 'files'].includes(w));
      expect(e.numericCode !== undefined).toBe(rsvOnly);
    }
    expect(findBackupError('usererrorguestagentstatusunavailable')?.code).toBe('UserErrorGuestAgentStatusUnavailable');
    expect(findBackupError('UserErrorBackupOperationInProgress')?.raisesAlert).toBe(false);
  });
});

describe('workloadOf', () => {
  it('names the workload of every generated item and instance', () => {
    const seen = new Set([...items, ...instances].map((r) => workloadOf(r)));
    expect([...seen].sort()).toEqual([...WORKLOADS].sort());
    expect(workloadOf({ id: 'x', type: T.vm })).toBeUndefined();
  });
});
