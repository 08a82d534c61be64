// A small hand-made estate (both vault kinds, items, jobs, policies, alerts) and the sample queries
// (docs/azure-facts.md §2) aimed at it.
import type { Row } from '../../../src/sim/estate/types';
import type { TableSource } from '../../../src/sim/kql';
import { referenceQueries } from '../../support/reference-queries';

export const NOW = new Date('2026-11-24T08:00:00Z');
const SUB = '00000000-0000-0000-0000-000000000001';
const OTHER_SUB = '00000000-0000-0000-0000-000000000002';
const RSV = `/subscriptions/${SUB}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod`;
const BV = `/subscriptions/${SUB}/resourceGroups/rg-backup/providers/Microsoft.DataProtection/backupVaults/bv-prod`;
const vmId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/${name}`;
const diskId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/disks/${name}`;
const PG_DB = `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/servers/pg1/databases/orders`;
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

function base(id: string, type: string, extra: Row = {}): Row {
  const name = id.split('/').at(-1) as string;
  const rg = id.split('/')[4] as string;
  const sub = id.split('/')[2] as string;
  return {
    id,
    name,
    type,
    tenantId: 't1',
    location: 'westeurope',
    resourceGroup: rg,
    subscriptionId: sub,
    tags: {},
    ...extra,
  };
}

const vm = (name: string, sub = SUB) =>
  base(vmId(name).replace(SUB, sub), 'microsoft.compute/virtualmachines', { tags: { env: 'prod' }, properties: {} });

const vmItem = (vmName: string, state: string, sourceId = vmId(vmName)) =>
  base(
    `${RSV}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-app;${vmName}/protectedItems/VM;iaasvmcontainerv2;rg-app;${vmName}`,
    'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems',
    {
      properties: {
        backupManagementType: 'AzureIaasVM',
        friendlyName: vmName,
        sourceResourceId: sourceId,
        policyId: `${RSV}/backupPolicies/DefaultPolicy`,
        policyName: 'DefaultPolicy',
        currentProtectionState: state,
        lastRecoveryPoint: hoursAgo(20),
        dataSourceInfo: {
          resourceID: sourceId,
          resourceLocation: 'westeurope',
          datasourceType: 'Microsoft.Compute/virtualMachines',
        },
      },
    },
  );

const diskInstance = (disk: string, state: string) =>
  base(`${BV}/backupInstances/${disk}-bi`, 'microsoft.dataprotection/backupvaults/backupinstances', {
    properties: {
      friendlyName: disk,
      currentProtectionState: state,
      protectionStatus: { status: state === 'ProtectionConfigured' ? 'ProtectionConfigured' : 'SoftDeleted' },
      dataSourceInfo: { resourceID: diskId(disk).toLowerCase(), datasourceType: 'Microsoft.Compute/disks' },
      policyInfo: { policyId: `${BV}/backupPolicies/disk-daily` },
    },
  });

const rsvJob = (guid: string, status: string, startedHoursAgo: number, extra: Row = {}) =>
  base(`${RSV}/backupJobs/${guid}`, 'microsoft.recoveryservices/vaults/backupjobs', {
    properties: {
      entityFriendlyName: 'vm-a',
      backupManagementType: 'AzureIaasVM',
      operation: 'Backup',
      status,
      startTime: hoursAgo(startedHoursAgo),
      endTime: hoursAgo(startedHoursAgo - 1),
      duration: 'PT1H',
      isUserTriggered: false,
      dataSourceId: vmId('vm-a'),
      errorDetails: status === 'Failed' ? [{ errorCode: 400002, errorString: 'VM agent unreachable' }] : [],
      ...extra,
    },
  });

const bvJob = (guid: string, status: string, startedHoursAgo: number, userTriggered: boolean) =>
  base(`${BV}/backupJobs/${guid}`, 'microsoft.dataprotection/backupvaults/backupjobs', {
    properties: {
      vaultName: 'bv-prod',
      backupInstanceFriendlyName: 'orders',
      backupInstanceId: `${BV}/backupInstances/pg-orders`,
      dataSourceId: PG_DB,
      dataSourceName: 'orders',
      dataSourceSetName: 'pg1',
      dataSourceType: 'Microsoft.DBforPostgreSQL/servers/databases',
      dataSourceLocation: 'westeurope',
      operationCategory: 'Backup',
      operation: 'Backup',
      isUserTriggered: userTriggered,
      status,
      startTime: hoursAgo(startedHoursAgo),
      duration: 'PT5M',
      errorDetails: status === 'Failed' ? [{ code: 'UserErrorMissingPermissions', message: 'Grant access' }] : [],
    },
  });

const alert = (guid: string, targetType: string, condition: string, state: string) =>
  base(
    `/subscriptions/${SUB}/providers/Microsoft.AlertsManagement/alerts/${guid}`,
    'microsoft.alertsmanagement/alerts',
    {
      properties: {
        essentials: {
          alertRule: 'Backup Failure',
          severity: 'Sev1',
          monitorService: 'Azure Backup',
          targetResource: RSV,
          targetResourceType: targetType,
          monitorCondition: condition,
          alertState: state,
          startDateTime: hoursAgo(3),
          description: 'Backup failed',
        },
        context: { protectedItemId: 'x' },
      },
    },
  );

export const ESTATE: Record<string, Row[]> = {
  Resources: [
    vm('vm-a'),
    vm('vm-b'),
    vm('vm-c'),
    vm('vm-other', OTHER_SUB),
    base(diskId('disk-1'), 'microsoft.compute/disks', { properties: {} }),
    base(diskId('disk-2'), 'microsoft.compute/disks', { properties: {} }),
    base(diskId('disk-3'), 'microsoft.compute/disks', { properties: {} }),
    base(RSV, 'microsoft.recoveryservices/vaults', {
      properties: {
        securitySettings: {
          softDeleteSettings: { softDeleteState: 'AlwaysON' },
          immutabilitySettings: { state: 'Locked' },
          multiUserAuthorization: 'Enabled',
        },
        redundancySettings: { standardTierStorageRedundancy: 'GeoRedundant', crossRegionRestore: 'Enabled' },
        monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: 'Enabled' } },
        publicNetworkAccess: 'Disabled',
        secureScore: 'Maximum',
        bcdrSecurityLevel: 'Excellent',
      },
    }),
    base(BV, 'microsoft.dataprotection/backupvaults', {
      properties: {
        securitySettings: { softDeleteSettings: { state: 'Off' } },
        storageSettings: [{ datastoreType: 'VaultStore', type: 'LocallyRedundant' }],
        featureSettings: { crossRegionRestoreSettings: { state: 'Disabled' } },
        isVaultProtectedByResourceGuard: false,
        secureScore: 'None',
        bcdrSecurityLevel: 'Poor',
      },
    }),
  ],
  RecoveryServicesResources: [
    vmItem('vm-a', 'ProtectionConfigured'),
    // The item's sourceResourceId differs in case from the VM id: joins must lower-case both sides.
    vmItem('vm-c', 'ProtectionStopped', vmId('VM-C').replace('/resourceGroups/', '/RESOURCEGROUPS/')),
    diskInstance('disk-1', 'ProtectionConfigured'),
    diskInstance('disk-3', 'SoftDeleted'),
    rsvJob('job-1', 'Failed', 2),
    rsvJob('job-2', 'Completed', 5, { isUserTriggered: true }),
    rsvJob('job-old', 'Failed', 24 * 3),
    bvJob('bvjob-1', 'Failed', 4, true),
    bvJob('bvjob-2', 'InProgress', 1, false),
    bvJob('bvjob-old', 'Completed', 24 * 9, false),
    base(`${RSV}/backupPolicies/DefaultPolicy`, 'microsoft.recoveryservices/vaults/backuppolicies', {
      properties: { backupManagementType: 'AzureIaasVM', protectedItemsCount: 2 },
    }),
    base(`${RSV}/backupPolicies/SqlPolicy`, 'microsoft.recoveryservices/vaults/backuppolicies', {
      properties: { backupManagementType: 'AzureWorkload', workLoadType: 'SQLDataBase' },
    }),
    base(`${BV}/backupPolicies/pg-daily`, 'microsoft.dataprotection/backupvaults/backuppolicies', {
      properties: { datasourceTypes: ['Microsoft.DBforPostgreSQL/servers/databases'], objectType: 'BackupPolicy' },
    }),
    base(`${BV}/backupPolicies/disk-daily`, 'microsoft.dataprotection/backupvaults/backuppolicies', {
      properties: { datasourceTypes: ['Microsoft.Compute/disks'], objectType: 'BackupPolicy' },
    }),
  ],
  ResourceContainers: [],
  AlertsManagementResources: [
    alert('a-1', 'microsoft.recoveryservices/vaults', 'Fired', 'New'),
    alert('a-2', 'microsoft.recoveryservices/vaults', 'Fired', 'Closed'),
    alert('a-3', 'microsoft.compute/virtualmachines', 'Fired', 'New'),
    alert('a-4', 'Microsoft.DataProtection/backupVaults', 'Resolved', 'New'),
  ],
};

export const IDS = { SUB, OTHER_SUB, RSV, BV, PG_DB, vmId, diskId };

export const estateSource: TableSource = (table) => ESTATE[table];

/** The reference queries with their placeholders pointing into this estate. */
export const Q = referenceQueries({ subscriptionId: SUB, policyId: `${RSV}/backupPolicies/DefaultPolicy` });
