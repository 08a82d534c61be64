// A small hand-made estate for the stand-in's HTTP tests: one RSV vault (VM, SQL, Files items in various states),
// one Backup vault (disk instances and their policy), two subscriptions. Rows are ARG-shaped.
import { buildRsvJobRow } from '../../../src/sim/estate/job-rows';
import type { Estate, Row } from '../../../src/sim/estate/types';

export const SUB_A = '11111111-1111-1111-1111-111111111111';
export const SUB_B = '22222222-2222-2222-2222-222222222222';
export const TENANT = '99999999-9999-9999-9999-999999999999';
export const RSV_VAULT_ID = `/subscriptions/${SUB_A}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod`;
export const BV_VAULT_ID = `/subscriptions/${SUB_B}/resourceGroups/rg-bv/providers/Microsoft.DataProtection/backupVaults/bv-prod`;
export const BV_POLICY_ID = `${BV_VAULT_ID}/backupPolicies/disk-hourly`;

const base = (id: string, type: string, sub: string, rg: string): Row => ({
  id,
  name: id.split('/').pop(),
  type,
  tenantId: TENANT,
  subscriptionId: sub,
  resourceGroup: rg,
  location: 'westeurope',
  tags: {},
});

export interface RsvItemSpec {
  vm: string;
  kind?: 'vm' | 'sql' | 'files';
  state?: 'Protected' | 'ProtectionStopped' | 'SoftDeleted';
}

/** Fabric, container and item names of an RSV item, as the trigger API takes them. */
export function rsvItemNames(spec: RsvItemSpec): { fabric: string; container: string; item: string } {
  if (spec.kind === 'sql')
    return {
      fabric: 'Azure',
      container: `VMAppContainer;Compute;rg-app;${spec.vm}`,
      item: 'SQLDataBase;mssqlserver;salesdb',
    };
  if (spec.kind === 'files')
    return { fabric: 'Azure', container: `StorageContainer;Storage;rg-app;${spec.vm}`, item: 'AzureFileShare;share1' };
  return {
    fabric: 'Azure',
    container: `IaasVMContainer;iaasvmcontainerv2;rg-app;${spec.vm}`,
    item: `VM;iaasvmcontainerv2;rg-app;${spec.vm}`,
  };
}

export function rsvItemId(spec: RsvItemSpec): string {
  const n = rsvItemNames(spec);
  return `${RSV_VAULT_ID}/backupFabrics/${n.fabric}/protectionContainers/${n.container}/protectedItems/${n.item}`;
}

export function rsvItem(spec: RsvItemSpec): Row {
  const mgmt = spec.kind === 'sql' ? 'AzureWorkload' : spec.kind === 'files' ? 'AzureStorage' : 'AzureIaasVM';
  const workload = spec.kind === 'sql' ? 'SQLDataBase' : spec.kind === 'files' ? 'AzureFileShare' : 'VM';
  const state = spec.state ?? 'Protected';
  return {
    ...base(
      rsvItemId(spec),
      'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems',
      SUB_A,
      'rg-backup',
    ),
    properties: {
      friendlyName: spec.kind === 'sql' ? 'salesdb' : spec.kind === 'files' ? 'share1' : spec.vm,
      backupManagementType: mgmt,
      workloadType: workload,
      containerName: rsvItemNames(spec).container,
      sourceResourceId: `/subscriptions/${SUB_A}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/${spec.vm}`,
      protectionState: state === 'SoftDeleted' ? 'ProtectionStopped' : state,
      currentProtectionState: state === 'Protected' ? 'ProtectionConfigured' : state,
      isScheduledForDeferredDelete: state === 'SoftDeleted',
      lastBackupStatus: spec.kind === 'sql' ? 'Healthy' : 'Completed',
      policyName: 'DefaultPolicy',
    },
  };
}

export function bvInstanceId(name: string): string {
  return `${BV_VAULT_ID}/backupInstances/${name}`;
}

export function bvInstance(name: string, state = 'ProtectionConfigured'): Row {
  return {
    ...base(bvInstanceId(name), 'microsoft.dataprotection/backupvaults/backupinstances', SUB_B, 'rg-bv'),
    properties: {
      friendlyName: name,
      objectType: 'BackupInstance',
      currentProtectionState: state,
      protectionStatus: { status: state },
      dataSourceInfo: {
        datasourceType: 'Microsoft.Compute/disks',
        resourceID: `/subscriptions/${SUB_B}/resourceGroups/rg-data/providers/Microsoft.Compute/disks/${name}`,
        resourceLocation: 'westeurope',
        resourceName: name,
      },
      policyInfo: { policyId: BV_POLICY_ID },
    },
  };
}

export function createFixtureEstate(now = new Date()): Estate {
  const busy = rsvItem({ vm: 'vm-busy' });
  const running = buildRsvJobRow(busy, {
    jobId: 'aaaaaaaa-0000-0000-0000-000000000001',
    startTime: new Date(now.getTime() - 10 * 60_000),
    now,
    isUserTriggered: false,
    status: 'InProgress',
  });
  const policy: Row = {
    ...base(BV_POLICY_ID, 'microsoft.dataprotection/backupvaults/backuppolicies', SUB_B, 'rg-bv'),
    properties: {
      objectType: 'BackupPolicy',
      datasourceTypes: ['Microsoft.Compute/disks'],
      policyRules: [
        {
          objectType: 'AzureBackupRule',
          name: 'BackupHourly',
          trigger: {
            objectType: 'ScheduleBasedTriggerContext',
            taggingCriteria: [{ isDefault: true, tagInfo: { tagName: 'Default' } }],
          },
        },
        { objectType: 'AzureRetentionRule', name: 'Default', isDefault: true },
      ],
    },
  };
  return {
    tables: {
      Resources: [
        { ...base(RSV_VAULT_ID, 'microsoft.recoveryservices/vaults', SUB_A, 'rg-backup'), properties: {} },
        { ...base(BV_VAULT_ID, 'microsoft.dataprotection/backupvaults', SUB_B, 'rg-bv'), properties: {} },
      ],
      RecoveryServicesResources: [
        rsvItem({ vm: 'vm-web-01' }),
        rsvItem({ vm: 'vm-sql-01', kind: 'sql' }),
        rsvItem({ vm: 'stfiles01', kind: 'files' }),
        rsvItem({ vm: 'vm-stopped', state: 'ProtectionStopped' }),
        rsvItem({ vm: 'vm-deleted', state: 'SoftDeleted' }),
        busy,
        running,
        bvInstance('disk-01'),
        bvInstance('disk-stopped', 'ProtectionStopped'),
        policy,
      ],
      ResourceContainers: [
        {
          ...base(`/subscriptions/${SUB_A}`, 'microsoft.resources/subscriptions', SUB_A, ''),
          name: 'sub-a',
          properties: { managementGroupAncestorsChain: [{ name: 'mg-prod' }, { name: 'root' }] },
        },
        {
          ...base(`/subscriptions/${SUB_B}`, 'microsoft.resources/subscriptions', SUB_B, ''),
          name: 'sub-b',
          properties: { managementGroupAncestorsChain: [{ name: 'mg-dev' }, { name: 'root' }] },
        },
      ],
      AlertsManagementResources: [],
      PolicyResources: [],
    },
  };
}
