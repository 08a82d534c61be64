// A small hand-made estate for the query corpus that mirrors Microsoft's public queries: VMs with NICs and public IPs,
// a Recovery Services vault with VM items, policies and jobs, subscriptions. Plain rows, so tests compute expectations
// from them in TypeScript.
import type { Row } from '../../../src/sim/estate/types';
import type { Tables } from './helpers';

export const SUB = '00000000-0000-0000-0000-0000000000aa';
export const SUB2 = '00000000-0000-0000-0000-0000000000bb';
const rg = (sub: string, name: string) => `/subscriptions/${sub}/resourceGroups/${name}`;
export const VAULT = `${rg(SUB, 'rg-backup')}/providers/Microsoft.RecoveryServices/vaults/rsv-one`;

function resource(id: string, type: string, extra: Row = {}): Row {
  const parts = id.split('/');
  return {
    id,
    name: parts.at(-1),
    type,
    tenantId: 't1',
    location: 'westeurope',
    resourceGroup: parts[4],
    subscriptionId: parts[2],
    tags: {},
    properties: {},
    ...extra,
  };
}

const nicId = (name: string) => `${rg(SUB, 'rg-net')}/providers/Microsoft.Network/networkInterfaces/${name}`;
const pipId = (name: string) => `${rg(SUB, 'rg-net')}/providers/Microsoft.Network/publicIPAddresses/${name}`;
const subnetId = (vnet: string, subnet: string) =>
  `${rg(SUB, 'rg-net')}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;

function vm(sub: string, group: string, name: string, nics: { id: string; primary?: boolean }[], os: string): Row {
  return resource(
    `${rg(sub, group)}/providers/Microsoft.Compute/virtualMachines/${name}`,
    'microsoft.compute/virtualmachines',
    {
      location: group === 'rg-web' ? 'northeurope' : 'westeurope',
      tags: group === 'rg-app' ? { env: 'prod' } : {},
      apiVersion: '2023-03-01',
      aliases: { 'Microsoft.Compute/virtualMachines/storageProfile.osDisk.osType': os },
      properties: {
        hardwareProfile: { vmSize: name === 'vm-c' ? 'Standard_D4s_v5' : 'Standard_B2s' },
        storageProfile: { osDisk: { osType: os } },
        networkProfile: {
          networkInterfaces: nics.map((n) =>
            n.primary === undefined ? { id: n.id } : { id: n.id, properties: { primary: n.primary } },
          ),
        },
      },
    },
  );
}

function nic(name: string, configs: { primary: boolean; pip?: string; subnet: string }[]): Row {
  return resource(nicId(name), 'microsoft.network/networkinterfaces', {
    apiVersion: '2023-09-01',
    properties: {
      ipConfigurations: configs.map((c) => ({
        name: `ipconfig-${c.subnet}`,
        properties: {
          primary: c.primary,
          subnet: { id: c.subnet },
          ...(c.pip ? { publicIPAddress: { id: pipId(c.pip) } } : {}),
        },
      })),
    },
  });
}

export const RESOURCES: Row[] = [
  vm(SUB, 'rg-app', 'vm-a', [{ id: nicId('nic-a') }], 'Linux'),
  vm(
    SUB,
    'rg-app',
    'vm-b',
    [
      { id: nicId('nic-b1'), primary: false },
      { id: nicId('nic-b2'), primary: true },
    ],
    'Windows',
  ),
  vm(SUB, 'rg-web', 'vm-c', [{ id: nicId('nic-c') }], 'Linux'),
  vm(SUB2, 'rg-app', 'vm-d', [], 'Windows'),
  nic('nic-a', [{ primary: true, pip: 'pip-a', subnet: subnetId('vnet-1', 'default') }]),
  nic('nic-b1', [{ primary: true, pip: 'pip-b1', subnet: subnetId('vnet-1', 'backend') }]),
  nic('nic-b2', [
    { primary: false, pip: 'pip-unused', subnet: subnetId('vnet-2', 'front') },
    { primary: true, pip: 'pip-b2', subnet: subnetId('vnet-2', 'back') },
  ]),
  nic('nic-c', [{ primary: true, subnet: subnetId('vnet-1', 'default') }]),
  resource(pipId('pip-a'), 'microsoft.network/publicipaddresses', { properties: { ipAddress: '20.0.0.1' } }),
  resource(pipId('pip-b2'), 'microsoft.network/publicipaddresses', { properties: { ipAddress: '20.0.0.2' } }),
  resource(VAULT, 'microsoft.recoveryservices/vaults', { apiVersion: '2024-04-01' }),
];

const policyId = (name: string) => `${VAULT}/backupPolicies/${name}`;

function policy(name: string, days: number, weeks?: number, months?: number): Row {
  const retentionPolicy: Record<string, unknown> = {
    dailySchedule: { retentionDuration: { count: days, durationType: 'Days' } },
  };
  if (weeks) retentionPolicy.weeklySchedule = { retentionDuration: { count: weeks, durationType: 'Weeks' } };
  if (months) retentionPolicy.monthlySchedule = { retentionDuration: { count: months, durationType: 'Months' } };
  return resource(policyId(name), 'microsoft.recoveryservices/vaults/backuppolicies', {
    properties: {
      backupManagementType: 'AzureIaasVM',
      schedulePolicy: { scheduleRunFrequency: 'Daily', scheduleRunTimes: ['2026-01-01T22:30:00Z'] },
      retentionPolicy,
      timeZone: name === 'EnhancedPolicy' ? 'W. Europe Standard Time' : '',
    },
  });
}

function item(vmName: string, group: string, state: string, policy: string, sub = SUB): Row {
  const source = `${rg(sub, group)}/providers/Microsoft.Compute/virtualMachines/${vmName}`;
  const container = `iaasvmcontainerv2;${group};${vmName}`;
  return resource(
    `${VAULT}/backupFabrics/Azure/protectionContainers/IaasVMContainer;${container}/protectedItems/VM;${container}`,
    'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems',
    {
      subscriptionId: SUB,
      properties: {
        backupManagementType: 'AzureIaasVM',
        friendlyName: vmName,
        containerName: container,
        protectionState: state,
        policyId: policyId(policy),
        policyName: policy,
        sourceResourceId: source,
        dataSourceInfo: {
          resourceID: source,
          resourceLocation: 'westeurope',
          datasourceType: 'Microsoft.Compute/virtualMachines',
        },
      },
    },
  );
}

function job(n: number, entity: string, status: string, start: string, minutes: number, operation = 'Backup'): Row {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return resource(`${VAULT}/backupJobs/job-${n}`, 'microsoft.recoveryservices/vaults/backupjobs', {
    properties: {
      backupManagementType: 'AzureIaasVM',
      entityFriendlyName: entity,
      status,
      operation,
      startTime: start,
      endTime: end,
    },
  });
}

export const RECOVERY_SERVICES: Row[] = [
  policy('DefaultPolicy', 30),
  policy('EnhancedPolicy', 7, 4, 12),
  policy('UnusedPolicy', 180),
  item('vm-a', 'rg-app', 'Protected', 'DefaultPolicy'),
  item('vm-b', 'rg-app', 'IRPending', 'EnhancedPolicy'),
  item('vm-gone', 'rg-old', 'ProtectionStopped', 'DefaultPolicy'),
  job(1, 'vm-a', 'Completed', '2026-11-23T22:30:00Z', 42),
  job(2, 'vm-b', 'Failed', '2026-11-23T22:31:00Z', 5),
  job(3, 'vm-a', 'Completed', '2026-11-22T22:30:00Z', 95),
  job(4, 'vm-b', 'Completed', '2026-11-22T22:30:00Z', 61, 'ConfigureBackup'),
  job(5, 'vm-gone', 'Failed', '2026-11-21T22:30:00Z', 1),
];

export const CONTAINERS: Row[] = [
  { id: `/subscriptions/${SUB}`, name: 'Production', type: 'microsoft.resources/subscriptions', subscriptionId: SUB },
  {
    id: `/subscriptions/${SUB2}`,
    name: 'Development',
    type: 'microsoft.resources/subscriptions',
    subscriptionId: SUB2,
  },
];

export const TABLES: Tables = {
  Resources: RESOURCES,
  RecoveryServicesResources: RECOVERY_SERVICES,
  ResourceContainers: CONTAINERS,
};

/** A row's `properties` (tests read the rows as plain objects). */
// biome-ignore lint/suspicious/noExplicitAny: test fixtures are read ad hoc.
export const props = (r: Row): any => r.properties;

export const ofType = (rows: Row[], type: string) => rows.filter((r) => r.type === type);
