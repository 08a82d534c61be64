// Deterministic inventories for the unprotected/vaults/vault view tests: an empty estate, a normal one (every workload,
// every security level, tricky names) and a huge one (thousands of rows with the longest names Azure allows).
import type { DataResult, PartialNote } from '../../../../src/core/domain/result';
import type { UnprotectedDatasource } from '../../../../src/core/domain/unprotected';
import {
  computeSecurityLevel,
  SECURITY_LEVELS,
  type VaultHealth,
  type VaultList,
} from '../../../../src/core/domain/vaults';
import { WORKLOADS, type Workload } from '../../../../src/core/domain/workload';
import type { UnprotectedPage } from '../../../../src/core/ports';

export const SUB_A = '0a1b2c3d-1111-4222-8333-444455556666';
export const SUB_B = 'f0e1d2c3-9999-4888-8777-666655554444';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export function answer<T>(
  value: T,
  partial: PartialNote[] = [],
  kql: string[] = ['Resources | take 1'],
): DataResult<T> {
  return { value, partial, kql, stats: { requests: kql.length, rows: 0, argMs: 0 } };
}

const TYPE_OF: Record<Workload, string> = {
  vm: 'microsoft.compute/virtualmachines',
  sql: 'microsoft.compute/virtualmachines',
  hana: 'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protectableitems',
  files: 'microsoft.storage/storageaccounts',
  blobs: 'microsoft.storage/storageaccounts',
  disks: 'microsoft.compute/disks',
  postgres: 'microsoft.dbforpostgresql/flexibleservers',
  aks: 'microsoft.containerservice/managedclusters',
};

const PROVIDER_PATH: Record<Workload, string> = {
  vm: 'Microsoft.Compute/virtualMachines',
  sql: 'Microsoft.Compute/virtualMachines',
  hana: 'Microsoft.Compute/virtualMachines',
  files: 'Microsoft.Storage/storageAccounts',
  blobs: 'Microsoft.Storage/storageAccounts',
  disks: 'Microsoft.Compute/disks',
  postgres: 'Microsoft.DBforPostgreSQL/flexibleServers',
  aks: 'Microsoft.ContainerService/managedClusters',
};

export function datasource(
  workload: Workload,
  name: string,
  extra: Partial<UnprotectedDatasource> = {},
): UnprotectedDatasource {
  const sub = extra.subscriptionId ?? SUB_A;
  const rg = extra.resourceGroup ?? 'rg-app-prod';
  return {
    id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${PROVIDER_PATH[workload]}/${name}`,
    name,
    workload,
    type: TYPE_OF[workload],
    subscriptionId: sub,
    resourceGroup: rg,
    location: 'westeurope',
    tags: {},
    reason: 'No active backup.',
    ...extra,
  };
}

/** The data answer for `list`: datasources with `stopped` set go to the stopped list, as the data layer splits them. */
export function unprotectedPage(list: UnprotectedDatasource[], hasMore = false): UnprotectedPage {
  const counts: Partial<Record<Workload, number>> = {};
  const open = list.filter((d) => d.stopped === undefined);
  for (const d of open) counts[d.workload] = (counts[d.workload] ?? 0) + 1;
  return { workloads: [...WORKLOADS], datasources: open, counts, stopped: list.filter((d) => d.stopped), hasMore };
}

export const EMPTY_UNPROTECTED = unprotectedPage([]);

export function normalUnprotected(): UnprotectedPage {
  return unprotectedPage([
    datasource('vm', 'vm-web-01', { tags: { env: 'prod', owner: 'web-team' } }),
    datasource('vm', 'vm-web-02', { tags: { env: 'prod' }, tenantId: TENANT }),
    datasource('vm', 'vm-batch (old)', {
      resourceGroup: 'rg (legacy)',
      subscriptionId: SUB_B,
      location: 'northeurope',
    }),
    datasource('disks', 'disk-data-01', {
      managedBy: `/subscriptions/${SUB_A}/resourceGroups/rg-app-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01`,
      tags: { 'cost center': 'R&D <ops>' },
    }),
    datasource('disks', 'disk-scratch'),
    datasource('blobs', 'stlogsprod01', { tags: { env: 'prod', note: '$'.concat('{not-a-template}') } }),
    datasource('files', 'stshares01'),
    datasource('postgres', 'pg-orders'),
    datasource('aks', 'aks-platform', { location: 'eastus2' }),
    datasource('sql', 'vm-sql-01', { tags: { env: 'prod' } }),
    datasource('hana', 'saphana;hxe', {
      reason: 'Azure Backup discovered this HANA database, but it is not protected. It runs on VM vm-hana-01.',
    }),
    datasource('vm', 'vm-web-03'),
  ]);
}

const LONG = (prefix: string, i: number) => `${prefix}-${String(i).padStart(5, '0')}-${'x'.repeat(50)}`;

/** 5,000 datasources with long names and many long tags: paging must keep every page within the platform limits. */
export function hugeUnprotected(): UnprotectedPage {
  const list: UnprotectedDatasource[] = [];
  for (let i = 0; i < 5000; i++) {
    const workload = WORKLOADS[i % WORKLOADS.length] as Workload;
    const tags: Record<string, string> = {};
    for (let t = 0; t < 12; t++) tags[`tag-key-${t}-${'k'.repeat(20)}`] = `value-${t}-${'v'.repeat(60)}`;
    list.push(
      datasource(workload, LONG(workload, i), {
        resourceGroup: `rg-${'r'.repeat(85)}-${i % 7}`,
        subscriptionId: i % 2 === 0 ? SUB_A : SUB_B,
        tags,
        ...(workload === 'disks'
          ? {
              managedBy: `/subscriptions/${SUB_A}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${LONG('vm', i)}`,
            }
          : {}),
      }),
    );
  }
  // Stopped protection at its longest too: the first page carries their line on top of a full page of rows.
  for (let i = 0; i < 300; i++) {
    const workload = WORKLOADS[i % WORKLOADS.length] as Workload;
    const vaultName = `rsv-${'v'.repeat(40)}-${i % 5}`;
    list.push(
      datasource(workload, `stopped-${LONG(workload, i)}`, {
        stopped: {
          state: i % 3 === 0 ? 'softDeleted' : 'stopped',
          itemId: `/subscriptions/${SUB_A}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/${vaultName}/backupFabrics/Azure/protectionContainers/c/protectedItems/i${i}`,
          vaultName,
        },
      }),
    );
  }
  return unprotectedPage(list, true);
}

export function vault(name: string, extra: Partial<VaultHealth> = {}): VaultHealth {
  const kind = extra.kind ?? 'rsv';
  const sub = extra.subscriptionId ?? SUB_A;
  const rg = extra.resourceGroup ?? 'rg-backup';
  const provider = kind === 'rsv' ? 'Microsoft.RecoveryServices/vaults' : 'Microsoft.DataProtection/backupVaults';
  const base: Omit<VaultHealth, 'securityLevel'> = {
    id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${provider}/${name}`,
    name,
    kind,
    subscriptionId: sub,
    resourceGroup: rg,
    location: 'westeurope',
    softDelete: 'on',
    softDeleteRetentionDays: 14,
    immutability: 'disabled',
    mua: 'off',
    redundancy: 'GeoRedundant',
    crossRegionRestore: 'off',
    publicNetworkAccess: kind === 'rsv' ? 'enabled' : 'n/a',
    customerManagedKey: 'off',
    jobFailureAlerts: 'on',
    protectedItems: 10,
    failedJobs: 0,
    ...extra,
  };
  return { ...base, securityLevel: computeSecurityLevel(base) };
}

export function vaultList(vaults: VaultHealth[]): VaultList {
  const bySecurityLevel = Object.fromEntries(SECURITY_LEVELS.map((l) => [l, 0])) as VaultList['bySecurityLevel'];
  for (const v of vaults) bySecurityLevel[v.securityLevel]++;
  return { vaults, bySecurityLevel };
}

export const EMPTY_VAULTS = vaultList([]);

export function normalVaults(): VaultList {
  return vaultList([
    vault('rsv-prod', {
      softDelete: 'always-on',
      immutability: 'locked',
      mua: 'on',
      crossRegionRestore: 'on',
      customerManagedKey: 'on',
      publicNetworkAccess: 'disabled',
      protectedItems: 120,
      failedJobs: 2,
      tenantId: TENANT,
    }),
    vault('rsv-dev', {
      softDelete: 'off',
      jobFailureAlerts: 'off',
      redundancy: 'LocallyRedundant',
      protectedItems: 14,
      failedJobs: 5,
    }),
    vault('bv-data', {
      kind: 'bv',
      softDelete: 'on',
      immutability: 'unlocked',
      redundancy: 'ZoneRedundant',
      protectedItems: 40,
      failedJobs: 1,
    }),
    vault('bv-mua-only', { kind: 'bv', softDelete: 'off', mua: 'on', protectedItems: 3 }),
    vault('rsv-test', {
      softDelete: 'unknown',
      immutability: 'unknown',
      mua: 'unknown',
      redundancy: 'unknown',
      crossRegionRestore: 'unknown',
      publicNetworkAccess: 'unknown',
      customerManagedKey: 'unknown',
      jobFailureAlerts: 'unknown',
      protectedItems: 0,
      reportedSecurityLevel: 'Poor',
    }),
    vault('rsv-shared', { resourceGroup: 'rg-shared', subscriptionId: SUB_B, failedJobs: 12, protectedItems: 300 }),
  ]);
}

/** 800 vaults with 50-character names: the list pages, worst first. */
export function hugeVaults(): VaultList {
  const levels = [
    { softDelete: 'off', mua: 'off' },
    { softDelete: 'off', mua: 'on' },
    { softDelete: 'on', mua: 'off' },
    { softDelete: 'always-on', mua: 'on' },
  ] as const;
  const list: VaultHealth[] = [];
  for (let i = 0; i < 800; i++) {
    const l = levels[i % levels.length] as (typeof levels)[number];
    list.push(
      vault(`vault-${String(i).padStart(4, '0')}-${'n'.repeat(40)}`, {
        kind: i % 3 === 0 ? 'bv' : 'rsv',
        softDelete: l.softDelete,
        mua: l.mua,
        resourceGroup: `rg-${'g'.repeat(85)}`,
        location: 'australiasoutheast',
        jobFailureAlerts: i % 5 === 0 ? 'off' : 'on',
        // Classic alerts still on (retired) add a settings word and a fix step to a Recovery Services vault's row.
        classicAlerts: i % 3 === 0 ? 'n/a' : 'on',
        protectedItems: 100_000 + i,
        failedJobs: (i * 37) % 1000,
      }),
    );
  }
  return vaultList(list);
}
