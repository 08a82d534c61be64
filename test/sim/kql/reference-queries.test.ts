// The sample ARG queries (docs/azure-facts.md §2) run over a small hand-made estate.
import { runQuery } from '../../../src/sim/kql';
import { estateSource, IDS, NOW, Q } from './fixture-estate';
import { kqlError } from './helpers';

function run(query: string) {
  return runQuery(query, estateSource, { now: NOW });
}

function pick(rows: Record<string, unknown>[], keys: string[]) {
  return rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
}

const names = (rows: Record<string, unknown>[]) => rows.map((r) => r.name);

describe('sample queries (docs/azure-facts.md §2)', () => {
  it('Q1: VMs configured for backup', () => {
    const r = run(Q.Q1);
    expect(pick(r.rows, ['friendlyName', 'vaultName', 'dsSubscription', 'dsResourceGroup', 'protectionState'])).toEqual(
      [
        {
          friendlyName: 'vm-a',
          vaultName: 'rsv-prod',
          dsSubscription: IDS.SUB,
          dsResourceGroup: 'rg-app',
          protectionState: 'ProtectionConfigured',
        },
        {
          friendlyName: 'vm-c',
          vaultName: 'rsv-prod',
          dsSubscription: IDS.SUB,
          dsResourceGroup: '',
          protectionState: 'ProtectionStopped',
        },
      ],
    );
  });

  it('Q2: PostgreSQL backup jobs of the last 7 days, ad-hoc ones recognised by isUserTriggered == "true"', () => {
    const r = run(Q.Q2);
    expect(
      pick(r.rows, ['name', 'friendlyName', 'vaultName', 'operation', 'jobStatus', 'startTime', 'dsResourceGroup']),
    ).toEqual([
      {
        name: 'bvjob-1',
        friendlyName: 'pg1/orders',
        vaultName: 'bv-prod',
        operation: 'adhocBackup',
        jobStatus: 'Failed',
        startTime: '2026-11-24T04:00:00Z',
        dsResourceGroup: 'rg-data',
      },
      {
        name: 'bvjob-2',
        friendlyName: 'pg1/orders',
        vaultName: 'bv-prod',
        operation: 'backup',
        jobStatus: 'Started',
        startTime: '2026-11-24T07:00:00Z',
        dsResourceGroup: 'rg-data',
      },
    ]);
  });

  it('Q3: VMs not configured for backup (leftouter + emptiness, ids compared lower-cased)', () => {
    const r = run(Q.Q3);
    expect(names(r.rows)).toEqual(['vm-b', 'vm-other']);
    expect(r.columns.map((c) => c.name)).toEqual(['id', 'name', 'resourceGroup', 'location', 'tags']);
    expect(r.rows[0]?.tags).toEqual({ env: 'prod' });
  });

  it('Q4: VM backup policies (a case-sensitive split of a mixed-case id yields an empty vault name)', () => {
    const r = run(Q.Q4);
    expect(pick(r.rows, ['name', 'vaultName', 'datasourceType'])).toEqual([
      { name: 'DefaultPolicy', vaultName: '', datasourceType: 'AzureIaasVM' },
    ]);
  });

  it('Q5: VMs associated with a policy', () => {
    const r = run(Q.Q5);
    expect(r.rows.map((x) => x.VMID)).toEqual([
      IDS.vmId('vm-a'),
      IDS.vmId('VM-C').replace('/resourceGroups/', '/RESOURCEGROUPS/'),
    ]);
  });

  it('Q6: Backup vault policies for PostgreSQL', () => {
    expect(pick(run(Q.Q6).rows, ['name', 'vaultName', 'datasourceType'])).toEqual([
      { name: 'pg-daily', vaultName: 'bv-prod', datasourceType: 'Microsoft.DBforPostgreSQL/servers/databases' },
    ]);
  });

  it('Q7: the Az.DataProtection tool queries', () => {
    expect(pick(run(Q.Q7_INSTANCES).rows, ['name', 'vaultName', 'protectionState'])).toEqual([
      { name: 'disk-1-bi', vaultName: 'bv-prod', protectionState: 'ProtectionConfigured' },
      { name: 'disk-3-bi', vaultName: 'bv-prod', protectionState: 'SoftDeleted' },
    ]);
    expect(pick(run(Q.Q7_JOBS).rows, ['name', 'operation'])).toEqual([
      { name: 'bvjob-1', operation: 'OnDemandBackup' },
      { name: 'bvjob-2', operation: 'ScheduledBackup' },
      { name: 'bvjob-old', operation: 'ScheduledBackup' },
    ]);
    expect(names(run(Q.Q7_VAULTS).rows)).toEqual(['bv-prod']);
  });

  it('Q8: failed backup jobs of the last 24 h for both vault kinds, newest first', () => {
    const r = run(Q.Q8);
    expect(r.rows).toEqual([
      {
        id: `${IDS.RSV}/backupJobs/job-1`,
        vaultId: IDS.RSV.toLowerCase(),
        vaultName: 'rsv-prod',
        item: 'vm-a',
        workload: 'AzureIaasVM',
        dataSourceId: IDS.vmId('vm-a').toLowerCase(),
        backupInstanceId: '',
        status: 'Failed',
        startTime: '2026-11-24T06:00:00Z',
        endTime: '2026-11-24T07:00:00Z',
        duration: 'PT1H',
        isUserTriggered: false,
        errCode: '400002',
        errText: 'VM agent unreachable',
        subscriptionId: IDS.SUB,
        resourceGroup: 'rg-backup',
      },
      expect.objectContaining({
        vaultId: IDS.BV.toLowerCase(),
        vaultName: 'bv-prod',
        item: 'orders',
        workload: 'Microsoft.DBforPostgreSQL/servers/databases',
        isUserTriggered: true,
        errCode: 'UserErrorMissingPermissions',
        errText: 'Grant access',
        endTime: null,
      }),
    ]);
    expect(run(`${Q.Q8_LATEST} | project item, startTime`).rows).toEqual([
      { item: 'vm-a', startTime: '2026-11-24T06:00:00Z' },
      { item: 'orders', startTime: '2026-11-24T04:00:00Z' },
    ]);
  });

  it('Q9: instances by protection status (and the RSV variant)', () => {
    expect(run(Q.Q9).rows).toEqual([
      {
        datasourceType: 'Microsoft.Compute/disks',
        state: 'ProtectionConfigured',
        status: 'ProtectionConfigured',
        count_: 1,
      },
      { datasourceType: 'Microsoft.Compute/disks', state: 'SoftDeleted', status: 'SoftDeleted', count_: 1 },
    ]);
    expect(run(Q.Q9_RSV).rows).toEqual([
      {
        properties_backupManagementType: 'AzureIaasVM',
        properties_protectionState: '',
        properties_lastBackupStatus: '',
        count_: 2,
      },
    ]);
  });

  it('Q10: unprotected managed disks (soft-deleted protection does not count)', () => {
    expect(names(run(Q.Q10).rows)).toEqual(['disk-2', 'disk-3']);
  });

  it('Q11: vault posture of both kinds in one pass', () => {
    const keys = [
      'name',
      'softDelete',
      'softDeleteOff',
      'immutability',
      'redundancy',
      'crr',
      'mua',
      'jobFailureAlerts',
      'publicNetworkAccess',
      'secureScore',
      'bcdrLevel',
    ];
    expect(pick(run(Q.Q11).rows, keys)).toEqual([
      {
        name: 'rsv-prod',
        softDelete: 'AlwaysON',
        softDeleteOff: false,
        immutability: 'Locked',
        redundancy: 'GeoRedundant',
        crr: 'Enabled',
        mua: 'Enabled',
        jobFailureAlerts: 'Enabled',
        publicNetworkAccess: 'Disabled',
        secureScore: 'Maximum',
        bcdrLevel: 'Excellent',
      },
      {
        name: 'bv-prod',
        softDelete: 'Off',
        softDeleteOff: true,
        immutability: '',
        redundancy: 'LocallyRedundant',
        crr: 'Disabled',
        mua: 'false',
        jobFailureAlerts: '',
        publicNetworkAccess: '',
        secureScore: 'None',
        bcdrLevel: 'Poor',
      },
    ]);
  });

  it('Q12: open Azure Backup alerts', () => {
    const r = run(Q.Q12);
    expect(r.rows).toEqual([
      {
        id: `/subscriptions/${IDS.SUB}/providers/Microsoft.AlertsManagement/alerts/a-1`,
        alertRule: 'Backup Failure',
        severity: 'Sev1',
        monitorService: 'Azure Backup',
        vault: IDS.RSV,
        started: '2026-11-24T05:00:00Z',
        description: 'Backup failed',
        ctx: { protectedItemId: 'x' },
      },
    ]);
  });

  it('Q13: hasPermission() is refused by name (the stand-in has no RBAC model to answer it)', () => {
    const e = kqlError(Q.Q13, { RecoveryServicesResources: [] });
    expect(e.code).toBe('UnsupportedConstruct');
    expect(e.detail).toContain("the function 'hasPermission' is not supported");
  });
});
