// Which protection states make a datasource "unprotected" and which make it "protection stopped", over a hand-made
// estate in the documented row shapes, with the answers worked out by hand (below each case):
// - RSV items (docs/azure-facts.md §1.2): protectionState ProtectionStopped (stop, retain data), BackupsSuspended (stop, retain
//   as per policy: Disable-AzRecoveryServicesBackupProtection -RetainRecoveryPointsAsPerPolicy); soft delete sets
//   isScheduledForDeferredDelete; ARG rows may carry only the unified currentProtectionState.
// - Backup vault instances (§1.3): currentProtectionState / protectionStatus.status ProtectionStopped,
//   BackupSchedulesSuspended (suspendBackups), SoftDeleted; soft-deleted instances may also be listed as
//   …/deletedbackupinstances (DeletedBackupInstanceResource: the instance's properties plus deletionInfo).
// - Blob backup takes standard general-purpose v2 accounts only; ADLS Gen2 (isHnsEnabled) accounts are protected as
//   Microsoft.Storage/storageAccounts/adlsBlobServices (REST spec example PutBackupInstance_ADLSBlobBackup…).
import type { ArgRow } from '../../../src/azure/arg-types';
import { createBackupData } from '../../../src/azure/backup-data';
import type { UnprotectedDatasource } from '../../../src/core/domain/unprotected';
import { EngineRunner } from '../support/engine-runner';

const SUB = 'aaaaaaaa-0000-4000-8000-00000000000a';
const TENANT = 'tttttttt-0000-4000-8000-00000000000a';
const base = { tenantId: TENANT, subscriptionId: SUB, location: 'westeurope' };
const RSV = `/subscriptions/${SUB}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults`;
const BV = `/subscriptions/${SUB}/resourceGroups/rg-backup/providers/Microsoft.DataProtection/backupVaults`;
const res = (provider: string, name: string, extra: ArgRow = {}): ArgRow => ({
  ...base,
  id: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/${provider}/${name}`,
  name,
  type: provider.toLowerCase(),
  resourceGroup: 'rg-app',
  tags: {},
  ...extra,
});
const vm = (name: string) => res('Microsoft.Compute/virtualMachines', name);
const account = (name: string, kind: string, tier: string, isHnsEnabled?: boolean) =>
  res('Microsoft.Storage/storageAccounts', name, {
    kind,
    sku: { name: `${tier}_LRS`, tier },
    properties: isHnsEnabled === undefined ? {} : { isHnsEnabled },
  });

/** An RSV VM item in `vault` with these properties (the state fields vary per case). */
const vmItem = (vault: string, vmName: string, properties: ArgRow): ArgRow => ({
  ...base,
  id: `${RSV}/${vault}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-app;${vmName}/protectedItems/VM;iaasvmcontainerv2;rg-app;${vmName}`,
  name: `VM;iaasvmcontainerv2;rg-app;${vmName}`,
  type: 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems',
  resourceGroup: 'rg-backup',
  properties: {
    backupManagementType: 'AzureIaasVM',
    workloadType: 'VM',
    friendlyName: vmName,
    sourceResourceId: vm(vmName).id,
    ...properties,
  },
});

/** A Backup vault instance (or deleted instance) of `ds` with this datasource type and state. */
const instance = (
  name: string,
  ds: ArgRow,
  datasourceType: string,
  state: { current: string; status: string },
  deleted = false,
): ArgRow => ({
  ...base,
  id: `${BV}/bv-prod/${deleted ? 'deletedBackupInstances' : 'backupInstances'}/${name}`,
  name,
  type: `microsoft.dataprotection/backupvaults/${deleted ? 'deletedbackupinstances' : 'backupinstances'}`,
  resourceGroup: 'rg-backup',
  properties: {
    friendlyName: ds.name,
    objectType: deleted ? 'DeletedBackupInstance' : 'BackupInstance',
    dataSourceInfo: {
      datasourceType,
      objectType: 'Datasource',
      resourceID: ds.id,
      resourceName: ds.name,
      resourceType: 'Microsoft.Storage/storageAccounts',
      resourceLocation: 'westeurope',
    },
    currentProtectionState: state.current,
    protectionStatus: { status: state.status },
    ...(deleted
      ? { deletionInfo: { deletionTime: '2025-06-10T08:00:00Z', scheduledPurgeTime: '2025-06-24T08:00:00Z' } }
      : {}),
  },
});

const BLOB = 'Microsoft.Storage/storageAccounts/blobServices';
const ADLS = 'Microsoft.Storage/storageAccounts/adlsBlobServices';
const DISK = 'Microsoft.Compute/disks';
const AKS = 'Microsoft.ContainerService/managedClusters';

const vms = {
  suspended: vm('vm-suspended'),
  onlyCurrent: vm('vm-only-current'),
  onlyCurrentStopped: vm('vm-only-current-stopped'),
  failedConfig: vm('vm-failed-config'),
  twoVaults: vm('vm-two-vaults'),
  paused: vm('vm-paused'),
};
const accounts = {
  blobSoft: account('stblobsoft', 'StorageV2', 'Standard'),
  blobDeleted: account('stblobdeleted', 'StorageV2', 'Standard'),
  adlsOk: account('stadlsok', 'StorageV2', 'Standard', true),
  adlsStopped: account('stadlsstopped', 'StorageV2', 'Standard', true),
  adlsNone: account('stadlsnone', 'StorageV2', 'Standard', true),
  blockPremium: account('stblockprem', 'BlockBlobStorage', 'Premium', true),
  gpv1: account('stgpv1', 'Storage', 'Standard'),
};
const disk = res('Microsoft.Compute/disks', 'disk-deleted', { managedBy: '' });
const aks = res('Microsoft.ContainerService/managedClusters', 'aks-suspended');

const items = {
  suspended: vmItem('rsv-a', 'vm-suspended', { protectionState: 'BackupsSuspended' }),
  onlyCurrent: vmItem('rsv-a', 'vm-only-current', { currentProtectionState: 'ProtectionConfigured' }),
  onlyCurrentStopped: vmItem('rsv-a', 'vm-only-current-stopped', { currentProtectionState: 'ProtectionStopped' }),
  failedConfig: vmItem('rsv-a', 'vm-failed-config', { currentProtectionState: 'ConfiguringProtectionFailed' }),
  twoVaultsStopped: vmItem('rsv-a', 'vm-two-vaults', { protectionState: 'ProtectionStopped' }),
  twoVaultsActive: vmItem('rsv-b', 'vm-two-vaults', { protectionState: 'Protected' }),
  paused: vmItem('rsv-b', 'vm-paused', { protectionState: 'ProtectionPaused' }),
  blobSoft: instance('stblobsoft-1', accounts.blobSoft, BLOB, { current: 'SoftDeleted', status: 'SoftDeleted' }),
  blobDeleted: instance(
    'stblobdeleted-1',
    accounts.blobDeleted,
    BLOB,
    { current: 'SoftDeleted', status: 'SoftDeleted' },
    true,
  ),
  adlsOk: instance('stadlsok-1', accounts.adlsOk, ADLS, {
    current: 'ProtectionConfigured',
    status: 'ProtectionConfigured',
  }),
  adlsStopped: instance('stadlsstopped-1', accounts.adlsStopped, ADLS, {
    current: 'BackupSchedulesSuspended',
    status: 'ProtectionStopped',
  }),
  disk: instance('disk-deleted-1', disk, DISK, { current: 'SoftDeleted', status: 'SoftDeleted' }, true),
  aks: instance('aks-suspended-1', aks, AKS, { current: 'BackupSchedulesSuspended', status: 'ProtectionStopped' }),
};

const tables = {
  Resources: [...Object.values(vms), ...Object.values(accounts), disk, aks],
  RecoveryServicesResources: Object.values(items),
  ResourceContainers: [],
};
const data = createBackupData(new EngineRunner(tables, new Date('2025-06-15T12:00:00Z')));

const named = (list: UnprotectedDatasource[]) => list.map((d) => d.name).sort();
const stoppedOf = (list: UnprotectedDatasource[]) =>
  Object.fromEntries(list.map((d) => [d.name, `${d.stopped?.state} ${d.stopped?.vaultName} ${d.stopped?.itemId}`]));

test('VMs: suspended, paused or only-unified-state stopped items are "stopped"; an active item anywhere protects', async () => {
  const { value } = await data.unprotected('vm', {});
  // vm-failed-config: its only item never finished configuring. vm-only-current: ProtectionConfigured protects.
  // vm-two-vaults: stopped in rsv-a but Protected in rsv-b.
  expect(named(value.datasources)).toEqual(['vm-failed-config']);
  expect(stoppedOf(value.stopped)).toEqual({
    'vm-suspended': `stopped rsv-a ${items.suspended.id}`,
    'vm-only-current-stopped': `stopped rsv-a ${items.onlyCurrentStopped.id}`,
    'vm-paused': `stopped rsv-b ${items.paused.id}`,
  });
  expect(value.counts.vm).toBe(1);
  expect(value.stopped.find((d) => d.name === 'vm-suspended')?.reason).toBe(
    'Its VM backup is stopped in vault rsv-a (data retained): resume it.',
  );
});

test('blobs: standard GPv2 only; ADLS accounts count adlsBlobServices; soft-deleted and deleted instances are "soft-deleted"', async () => {
  const { value } = await data.unprotected('blobs', {});
  // stblockprem (premium BlockBlobStorage) and stgpv1 (GPv1) are no blob-backup datasources; stadlsok is protected.
  expect(named(value.datasources)).toEqual(['stadlsnone']);
  expect(value.datasources[0]?.adls).toBe(true);
  expect(value.datasources[0]?.reason).toMatch(
    /hierarchical namespace \(ADLS Gen2\).*Data Lake Storage vaulted backup/,
  );
  expect(stoppedOf(value.stopped)).toEqual({
    stblobsoft: `softDeleted bv-prod ${items.blobSoft.id}`,
    stblobdeleted: `softDeleted bv-prod ${items.blobDeleted.id}`,
    stadlsstopped: `stopped bv-prod ${items.adlsStopped.id}`,
  });
  expect(value.stopped.find((d) => d.name === 'stblobsoft')?.reason).toBe(
    'Its blob backup was deleted and is soft-deleted in vault bv-prod: undelete it and resume it.',
  );
});

test('files: blob-only and premium general-purpose accounts hold no shares; GPv1 and ADLS accounts can', async () => {
  const { value } = await data.unprotected('files', {});
  expect(named(value.datasources)).toEqual([
    'stadlsnone',
    'stadlsok',
    'stadlsstopped',
    'stblobdeleted',
    'stblobsoft',
    'stgpv1',
  ]);
  expect(value.stopped).toEqual([]);
});

test('disks and AKS: a deleted (soft-deleted) instance and suspended backups are "stopped", not unprotected', async () => {
  const disks = await data.unprotected('disks', {});
  expect(disks.value.datasources).toEqual([]);
  expect(stoppedOf(disks.value.stopped)).toEqual({ 'disk-deleted': `softDeleted bv-prod ${items.disk.id}` });
  const clusters = await data.unprotected('aks', {});
  expect(clusters.value.datasources).toEqual([]);
  expect(stoppedOf(clusters.value.stopped)).toEqual({ 'aks-suspended': `stopped bv-prod ${items.aks.id}` });
});

test('all workloads: the stopped are never in the unprotected counts', async () => {
  const { value } = await data.unprotected(undefined, {});
  expect(value.counts).toMatchObject({ vm: 1, blobs: 1, files: 6, disks: 0, aks: 0 });
  expect(value.stopped).toHaveLength(3 + 3 + 2);
  const open = new Set(value.datasources.map((d) => `${d.workload}|${d.id}`));
  for (const d of value.stopped) expect(open.has(`${d.workload}|${d.id}`)).toBe(false);
});
