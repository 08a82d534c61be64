// Instance rows → domain instances: the two lastBackupStatus value sets, BV last backup from jobs, retry rules and ids.
import { toInstance, toInstanceCounts, toLastBackupStatus } from '../../../src/azure/instances/instance-rows';
import { decideRetry, readPolicyRules } from '../../../src/azure/instances/retry-rules';

const RSV_SQL_ID =
  '/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/rg-vaults/providers/Microsoft.RecoveryServices/vaults/rsv-prod/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg-sql;sqlvm-01/protectedItems/SQLDataBase;mssqlserver;sales';
const BV_BLOB_ID =
  '/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/rg-bv/providers/Microsoft.DataProtection/backupVaults/bv-prod/backupInstances/stblob01-stblob01-1111';
const BV_POLICY_ID =
  '/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/rg-bv/providers/Microsoft.DataProtection/backupVaults/bv-prod/backupPolicies/Blob-Operational';

describe('toInstance', () => {
  it('maps a SQL item whose lastBackupStatus uses the workload value set (Unhealthy = failed)', () => {
    const item = toInstance({
      id: RSV_SQL_ID,
      tenantId: 'tenant-a',
      name: 'SQLDataBase;mssqlserver;sales',
      friendlyName: 'sales',
      workload: 'sql',
      dsId: '/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/rg-sql/providers/Microsoft.Compute/virtualMachines/sqlvm-01',
      dsSub: 'aaaa0000-0000-0000-0000-000000000001',
      dsRg: 'rg-sql',
      dsName: 'sales',
      rawState: 'ProtectionError',
      state: 'Error',
      health: 'Unhealthy',
      lastStatus: 'Unhealthy',
      lastTime: '2025-01-09T22:00:00Z',
      policyId: '/subscriptions/…/backupPolicies/SqlDaily',
      policyName: 'SqlDaily',
      lastError: {
        code: 'UserErrorSQLNoSysadminMembership',
        message: 'Add NT Service\\AzureWLBackupPluginSvc.',
        recommendations: ['Grant sysadmin.'],
      },
    });
    expect(item).toMatchObject({
      friendlyName: 'sales',
      vault: { name: 'rsv-prod', kind: 'rsv', resourceGroup: 'rg-vaults' },
      workload: 'sql',
      protectionState: 'Error',
      health: 'Unhealthy',
      lastBackupStatus: 'Failed',
      rawLastBackupStatus: 'Unhealthy',
      lastBackupTime: '2025-01-09T22:00:00.000Z',
      lastBackupSource: 'item',
      policy: { name: 'SqlDaily' },
      lastError: { code: 'UserErrorSQLNoSysadminMembership', recommendations: ['Grant sysadmin.'] },
      retry: { possible: true },
      retryTarget: {
        kind: 'rsv',
        subscriptionId: 'aaaa0000-0000-0000-0000-000000000001',
        resourceGroup: 'rg-vaults',
        vaultName: 'rsv-prod',
        fabricName: 'Azure',
        containerName: 'VMAppContainer;Compute;rg-sql;sqlvm-01',
        protectedItemName: 'SQLDataBase;mssqlserver;sales',
      },
    });
  });

  it('a BV instance without job rows has no last backup; a continuous-only blob policy blocks retry', () => {
    const policies = new Map([
      [BV_POLICY_ID.toLowerCase(), readPolicyRules([{ objectType: 'AzureRetentionRule', name: 'Default' }])],
    ]);
    const item = toInstance(
      {
        id: BV_BLOB_ID,
        workload: 'blobs',
        dsName: 'stblob01',
        rawState: 'ProtectionConfigured',
        state: 'Protected',
        health: 'Healthy',
        policyId: BV_POLICY_ID.toUpperCase(),
      },
      policies,
    );
    expect(item).toMatchObject({
      name: 'stblob01-stblob01-1111',
      friendlyName: 'stblob01',
      vault: { kind: 'bv', name: 'bv-prod' },
      lastBackupStatus: 'None',
      lastBackupSource: 'none',
      retry: { possible: false, reason: 'continuous-only' },
      retryTarget: { kind: 'bv', vaultName: 'bv-prod', backupInstanceName: 'stblob01-stblob01-1111' },
    });
    expect(item?.lastBackupTime).toBeUndefined();
  });

  it('a BV instance takes its last backup from its newest finished job and its rule from the policy', () => {
    const rules = readPolicyRules([
      {
        objectType: 'AzureBackupRule',
        name: 'BackupDaily',
        trigger: {
          taggingCriteria: [
            { isDefault: false, tagInfo: { tagName: 'Weekly' } },
            { isDefault: true, tagInfo: { tagName: 'Default' } },
          ],
        },
      },
    ]);
    const item = toInstance(
      {
        id: BV_BLOB_ID,
        workload: 'disks',
        rawState: 'ProtectionConfigured',
        state: 'Protected',
        lastStatus: 'CompletedWithWarnings',
        lastTime: '2025-01-10T03:00:00Z',
        policyId: BV_POLICY_ID,
      },
      new Map([[BV_POLICY_ID.toLowerCase(), rules]]),
    );
    expect(item).toMatchObject({
      lastBackupStatus: 'Warning',
      lastBackupSource: 'jobs',
      retry: { possible: true },
      retryTarget: { kind: 'bv', ruleName: 'BackupDaily', retentionTag: 'Default', policyId: BV_POLICY_ID },
    });
  });

  it('a soft-deleted or stopped item cannot be retried, and says why', () => {
    const stopped = toInstance({ id: RSV_SQL_ID, workload: 'vm', rawState: 'ProtectionStopped', state: 'Stopped' });
    expect(stopped?.retry).toMatchObject({ possible: false, reason: 'state' });
    expect(stopped?.retry.possible === false && stopped.retry.message).toMatch(/stopped/);
    const softDeleted = toInstance({
      id: RSV_SQL_ID,
      workload: 'vm',
      rawState: 'ProtectionStopped',
      state: 'SoftDeleted',
    });
    expect(softDeleted?.retry).toMatchObject({ possible: false, reason: 'state' });
    expect(softDeleted?.protectionState).toBe('SoftDeleted');
  });

  it('tolerates a row with only an id', () => {
    const item = toInstance({ id: RSV_SQL_ID });
    expect(item).toMatchObject({
      name: 'SQLDataBase;mssqlserver;sales',
      protectionState: 'Unknown',
      health: 'Unknown',
      lastBackupStatus: 'None',
      workload: 'other',
      retry: { possible: false, reason: 'unknown-workload' },
    });
    expect(toInstance({})).toBeUndefined();
  });
});

describe('toLastBackupStatus', () => {
  it.each([
    ['Completed', 'Succeeded'],
    ['completedwithwarnings', 'Warning'],
    ['Failed', 'Failed'],
    ['Healthy', 'Succeeded'],
    ['Unhealthy', 'Failed'],
    ['IRPending', 'Pending'],
    ['Cancelled', 'Failed'],
    ['Invalid', 'None'],
    ['Something', 'Unknown'],
  ])('%s → %s', (raw, status) => expect(toLastBackupStatus(raw, false)).toBe(status));
  it('an empty status with a time is Unknown, not None', () =>
    expect(toLastBackupStatus(undefined, true)).toBe('Unknown'));
});

describe('decideRetry', () => {
  const base = { workload: 'vm' as const, rules: undefined };
  it.each([
    ['rsv', 'Protected', 'Protected', true],
    ['rsv', 'IRPending', 'Pending', true],
    ['rsv', 'protectionerror', 'Error', true],
    ['rsv', 'ProtectionPaused', 'Paused', false],
    // A Recovery Services row with only the ARG unified currentProtectionState (no protectionState): Microsoft's ARG
    // sample reads ProtectionConfigured / ConfiguringProtection there (docs/azure-facts.md §1.2, the unified fields).
    ['rsv', 'ProtectionConfigured', 'Protected', true],
    ['rsv', 'ConfiguringProtection', 'Pending', false],
    ['rsv', 'ProtectionStopped', 'Stopped', false],
    ['bv', 'ProtectionConfigured', 'Protected', true],
    ['bv', 'ProtectionError', 'Error', true],
    ['bv', 'ConfiguringProtection', 'Pending', false],
    ['bv', 'BackupSchedulesSuspended', 'Paused', false],
  ] as const)('%s %s → %s', (kind, raw, state, possible) => {
    expect(decideRetry({ ...base, kind, rawProtectionState: raw, protectionState: state }).possible).toBe(possible);
  });
  it('a BV policy without a backup rule blocks non-blob workloads too', () => {
    const r = decideRetry({
      kind: 'bv',
      workload: 'disks',
      rawProtectionState: 'ProtectionConfigured',
      protectionState: 'Protected',
      rules: {},
    });
    expect(r).toMatchObject({ possible: false, reason: 'no-backup-rule' });
  });
});

describe('toInstance: what Retry is offered for', () => {
  const HANA_CONTAINER =
    '/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/rg-vaults/providers/Microsoft.RecoveryServices/vaults/rsv-prod/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg-hana;hanavm-01/protectedItems';
  const row = (name: string, extra: Record<string, unknown> = {}) => ({
    id: `${HANA_CONTAINER}/${name}`,
    name,
    workload: 'hana',
    rawState: 'Protected',
    state: 'Protected',
    health: 'Healthy',
    ...extra,
  });

  it('a row the query read only currentProtectionState for (ProtectionConfigured) may be retried', () => {
    const item = toInstance(row('SAPHanaDatabase;HXE;HXE', { rawState: 'ProtectionConfigured' }));
    expect(item?.retry).toEqual({ possible: true });
  });

  it('an SAP HANA instance snapshot item is refused with the reason, a database of the same VM is not', () => {
    // Backup now for "DB instance via snapshot" items is documented only in the portal
    // (includes/backup-azure-configure-sap-hana-database-instance-backup.md): no request to send.
    const snapshot = toInstance(row('SAPHanaDBInstance;HXE;HXE'));
    expect(snapshot?.retry).toMatchObject({ possible: false, reason: 'snapshot-instance' });
    expect(snapshot?.retry.possible === false && snapshot.retry.message).toMatch(/only in the Azure portal/);
    expect(toInstance(row('saphanadatabase;hxe;systemdb'))?.retry).toEqual({ possible: true });
  });
});

describe('toInstanceCounts', () => {
  it('sums batches and tallies by state, health and workload', () => {
    const counts = toInstanceCounts([
      { id: 'a', tenantId: 't', workload: 'vm', state: 'Protected', health: 'Healthy', instances: 3 },
      { id: 'a', tenantId: 't', workload: 'vm', state: 'Protected', health: 'Healthy', instances: 2 },
      { id: 'b', tenantId: 't', workload: 'blobs', state: 'SoftDeleted', health: 'Unknown', instances: 1 },
    ]);
    expect(counts.total).toBe(6);
    expect(counts.byState).toMatchObject({ Protected: 5, SoftDeleted: 1, Error: 0 });
    expect(counts.byHealth).toMatchObject({ Healthy: 5, Unknown: 1 });
    expect(counts.byWorkload).toEqual({ vm: 5, blobs: 1 });
    expect(counts.rows).toHaveLength(2);
  });
});
