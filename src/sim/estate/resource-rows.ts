// Resources-table rows for datasources: VMs (+ OS disks, SQL VM resources), data disks, storage accounts,
// PostgreSQL single / flexible servers and AKS clusters. Nested objects that repeat (images, power states, skus)
// are shared frozen constants to keep a 150k-row estate small.
import { T } from './arm';
import type { SubRec } from './context';
import { HANA_IMAGE, LINUX_IMAGE, SQL_IMAGE, WINDOWS_IMAGE } from './names';
import type { Row } from './types';

export interface Placement {
  sub: SubRec;
  rg: string;
  app: string;
  env: string;
  location: string;
  tags: Readonly<Record<string, string>>;
}

export type VmImage = 'windows' | 'linux' | 'sql' | 'hana';

const IMAGES = { windows: WINDOWS_IMAGE, linux: LINUX_IMAGE, sql: SQL_IMAGE, hana: HANA_IMAGE };
const POWER = {
  running: Object.freeze({
    instanceView: Object.freeze({
      powerState: Object.freeze({ code: 'PowerState/running', displayStatus: 'VM running' }),
    }),
  }),
  deallocated: Object.freeze({
    instanceView: Object.freeze({
      powerState: Object.freeze({ code: 'PowerState/deallocated', displayStatus: 'VM deallocated' }),
    }),
  }),
};
export const SKU = {
  premiumLrs: Object.freeze({ name: 'Premium_LRS', tier: 'Premium' }),
  standardSsd: Object.freeze({ name: 'StandardSSD_LRS', tier: 'Standard' }),
  storageLrs: Object.freeze({ name: 'Standard_LRS', tier: 'Standard' }),
  storageGrs: Object.freeze({ name: 'Standard_GRS', tier: 'Standard' }),
  storageZrs: Object.freeze({ name: 'Standard_ZRS', tier: 'Standard' }),
  storagePremium: Object.freeze({ name: 'Premium_LRS', tier: 'Premium' }),
  pgSingle: Object.freeze({ name: 'GP_Gen5_2', tier: 'GeneralPurpose', family: 'Gen5', capacity: 2 }),
  pgFlex: Object.freeze({ name: 'Standard_D2ds_v5', tier: 'GeneralPurpose' }),
  aks: Object.freeze({ name: 'Base', tier: 'Free' }),
};
export const STORAGE_SKUS = [SKU.storageLrs, SKU.storageGrs, SKU.storageZrs] as const;

export function resourceId(p: Placement, provider: string, name: string): string {
  return `/subscriptions/${p.sub.id}/resourceGroups/${p.rg}/providers/${provider}/${name}`;
}

function row(
  p: Placement,
  id: string,
  name: string,
  type: string,
  kind: string,
  managedBy: string,
  sku: unknown,
  properties: unknown,
): Row {
  return {
    id,
    name,
    type,
    tenantId: p.sub.tenantId,
    kind,
    location: p.location,
    resourceGroup: p.rg.toLowerCase(),
    subscriptionId: p.sub.id,
    managedBy,
    sku,
    properties,
    tags: p.tags,
  };
}

export function buildVmRow(
  p: Placement,
  name: string,
  image: VmImage,
  size: string,
  vmId: string,
  osDiskId: string,
  running: boolean,
): Row {
  const osType = image === 'windows' || image === 'sql' ? 'Windows' : 'Linux';
  const properties = {
    vmId,
    hardwareProfile: { vmSize: size },
    storageProfile: {
      imageReference: IMAGES[image],
      osDisk: {
        osType,
        name: osDiskId.slice(osDiskId.lastIndexOf('/') + 1),
        createOption: 'FromImage',
        managedDisk: { id: osDiskId },
      },
    },
    osProfile: { computerName: name.toLowerCase().slice(0, 15) },
    provisioningState: 'Succeeded',
    extended: running ? POWER.running : POWER.deallocated,
  };
  return row(p, resourceId(p, 'Microsoft.Compute/virtualMachines', name), name, T.vm, '', '', null, properties);
}

export function buildDiskRow(
  p: Placement,
  name: string,
  managedBy: string,
  sizeGb: number,
  premium: boolean,
  osType?: string,
): Row {
  const properties: Record<string, unknown> = {
    diskSizeGB: sizeGb,
    diskState: managedBy === '' ? 'Unattached' : 'Attached',
    provisioningState: 'Succeeded',
  };
  if (osType) properties.osType = osType;
  return row(
    p,
    resourceId(p, 'Microsoft.Compute/disks', name),
    name,
    T.disk,
    '',
    managedBy,
    premium ? SKU.premiumLrs : SKU.standardSsd,
    properties,
  );
}

export function buildSqlVmRow(p: Placement, vmName: string, vmId: string): Row {
  const properties = {
    virtualMachineResourceId: vmId,
    sqlImageOffer: 'SQL2022-WS2022',
    sqlServerLicenseType: 'PAYG',
    sqlManagement: 'Full',
    sqlImageSku: 'Enterprise',
    provisioningState: 'Succeeded',
  };
  return row(
    p,
    resourceId(p, 'Microsoft.SqlVirtualMachine/SqlVirtualMachines', vmName),
    vmName,
    T.sqlVm,
    '',
    '',
    null,
    properties,
  );
}

/**
 * A storage account row: `kind` is Storage (GPv1), StorageV2, BlobStorage, BlockBlobStorage or FileStorage; `sku` has
 * name and tier (Standard / Premium); `isHnsEnabled` is the hierarchical namespace of ADLS Gen2 accounts (ARM's
 * StorageAccountProperties), written only when asked for so that older estates keep their exact rows.
 */
export function buildStorageRow(
  p: Placement,
  name: string,
  sku: unknown,
  options: { kind?: string; isHnsEnabled?: boolean } = {},
): Row {
  const properties: Record<string, unknown> = {
    provisioningState: 'Succeeded',
    accessTier: 'Hot',
    supportsHttpsTrafficOnly: true,
    minimumTlsVersion: 'TLS1_2',
  };
  if (options.isHnsEnabled !== undefined) properties.isHnsEnabled = options.isHnsEnabled;
  return row(
    p,
    resourceId(p, 'Microsoft.Storage/storageAccounts', name),
    name,
    T.storage,
    options.kind ?? 'StorageV2',
    '',
    sku,
    properties,
  );
}

export function buildPgSingleRow(p: Placement, name: string): Row {
  const properties = {
    version: '11',
    userVisibleState: 'Ready',
    fullyQualifiedDomainName: `${name}.postgres.database.azure.com`,
    sslEnforcement: 'Enabled',
  };
  return row(
    p,
    resourceId(p, 'Microsoft.DBforPostgreSQL/servers', name),
    name,
    T.pgSingle,
    '',
    '',
    SKU.pgSingle,
    properties,
  );
}

export function buildPgFlexRow(p: Placement, name: string): Row {
  const properties = { version: '16', state: 'Ready', fullyQualifiedDomainName: `${name}.postgres.database.azure.com` };
  return row(
    p,
    resourceId(p, 'Microsoft.DBforPostgreSQL/flexibleServers', name),
    name,
    T.pgFlex,
    '',
    '',
    SKU.pgFlex,
    properties,
  );
}

export function buildAksRow(p: Placement, name: string): Row {
  const properties = {
    kubernetesVersion: '1.30.6',
    provisioningState: 'Succeeded',
    powerState: { code: 'Running' },
    dnsPrefix: `${name}-dns`,
    nodeResourceGroup: `MC_${p.rg}_${name}_${p.location}`,
  };
  return row(
    p,
    resourceId(p, 'Microsoft.ContainerService/managedClusters', name),
    name,
    T.aks,
    '',
    '',
    SKU.aks,
    properties,
  );
}
