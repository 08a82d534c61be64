// Alerts for the alerts view tests: hand-made AlertsManagementResources rows that are hard to read (mixed case, a
// nested alertContext, missing optional fields, an unknown severity, a vault that no longer exists), and a huge list
// with the longest names Azure allows, so that a page of them is the hardest page there is.
import type { ArgRow } from '../../../../src/azure/arg-types';
import type { AlertList, BackupAlert } from '../../../../src/core/domain/alerts';
import { SUB_A, TENANT } from './inventory-estates';

const RSV =
  '/subscriptions/AAAAAAAA-0000-4000-8000-000000000001/resourceGroups/RG-Backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod';
const BV =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000001/resourceGroups/rg-backup/providers/Microsoft.DataProtection/backupVaults/bv-prod';
const LEGACY =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-old/providers/Microsoft.RecoveryServices/vaults/rsv-legacy';
export const VM_ITEM = `${RSV}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;RG-App;vm-web-01/protectedItems/VM;iaasvmcontainerv2;RG-App;vm-web-01`;
const SQL_ITEM = `${RSV}/backupFabrics/Azure/protectionContainers/vmappcontainer;compute;rg-sql;vm-sql-01/protectedItems/SQLDataBase;MSSQLSERVER;sales`;

function alert(n: number, vault: string, essentials: Record<string, unknown>, context: unknown): ArgRow {
  const sub = vault.split('/')[2]?.toLowerCase() ?? '';
  return {
    id: `/subscriptions/${sub}/providers/Microsoft.AlertsManagement/alerts/0000000${n}-aaaa-4aaa-8aaa-00000000000${n}`,
    name: String(essentials.alertRule ?? 'alert'),
    type: 'microsoft.alertsmanagement/alerts',
    tenantId: '11111111-aaaa-4aaa-8aaa-000000000001',
    subscriptionId: sub,
    resourceGroup: '',
    location: 'global',
    properties: {
      essentials: {
        targetResource: vault,
        targetResourceType: vault.includes('DataProtection')
          ? 'Microsoft.DataProtection/backupVaults'
          : 'microsoft.recoveryservices/vaults',
        ...essentials,
      },
      ...(context === undefined ? {} : { context }),
    },
  };
}

/** now = 2025-06-15T12:00:00Z (the tricky estate's). */
export const TRICKY_ALERTS: ArgRow[] = [
  // 1: a job failure, documented essentials, context fields flat (the stand-in's reading).
  alert(
    1,
    RSV,
    {
      alertRule: 'Backup Failure',
      severity: 'Sev1',
      monitorService: 'Azure Backup',
      monitorCondition: 'Fired',
      alertState: 'New',
      startDateTime: '2025-06-15T09:00:00Z',
      description: 'Backup failed for vm-web-01',
    },
    {
      category: 'Jobs',
      protectedItemId: VM_ITEM,
      linkedResourceName: 'vm-web-01',
      formattedSourceType: 'AzureVM',
      errorCode: 'UserErrorVmNotInDesirableState',
      jobId: 'j1',
      occurrenceCount: 3,
    },
  ),
  // 2: the same rule and error on another item, casing of every value changed, context nested under alertContext.
  alert(
    2,
    RSV,
    {
      alertRule: 'Backup Failure',
      severity: 'sev1',
      monitorService: 'AZURE BACKUP',
      monitorCondition: 'FIRED',
      alertState: 'acknowledged',
      startDateTime: '2025-06-14T08:00:00Z',
    },
    {
      alertContext: {
        category: 'jobs',
        protectedItemId: SQL_ITEM,
        linkedResourceName: 'sales',
        sourceType: 'SQLDataBase',
        errorCode: 'UserErrorVmNotInDesirableState',
        extendedInfo: { occurrenceCount: '2' },
      },
    },
  ),
  // 3: a security alert on the vault itself: no item, no context at all, no monitorService.
  alert(
    3,
    RSV,
    {
      alertRule: 'Soft Delete Disabled for Vault',
      severity: 'Sev0',
      monitorCondition: 'Fired',
      alertState: 'New',
      startDateTime: '2025-06-13T12:00:00Z',
    },
    undefined,
  ),
  // 4: resolved (the next backup worked): listed by `all` only.
  alert(
    4,
    BV,
    {
      alertRule: 'Backup Failure',
      severity: 'Sev1',
      monitorService: 'Azure Backup',
      monitorCondition: 'Resolved',
      alertState: 'New',
      startDateTime: '2025-06-12T12:00:00Z',
      monitorConditionResolvedDateTime: '2025-06-13T00:00:00Z',
    },
    {
      category: 'Jobs',
      formattedSourceType: 'AzureDisk',
      linkedResourceName: 'disk-data-01',
      errorCode: 'UserErrorDiskSnapshotFailed',
    },
  ),
  // 5: closed by someone, on a vault in another subscription: `all` only.
  alert(
    5,
    LEGACY,
    {
      alertRule: 'Delete Backup Data',
      severity: 'Sev0',
      monitorService: 'Azure Backup',
      monitorCondition: 'Fired',
      alertState: 'Closed',
      startDateTime: '2025-06-11T12:00:00Z',
    },
    { category: 'Security' },
  ),
  // 6: a severity Azure does not document and no start time.
  alert(
    6,
    BV,
    {
      alertRule: 'Workload extension unhealthy',
      severity: 'Critical',
      monitorService: 'Azure Backup',
      monitorCondition: 'Fired',
      alertState: 'New',
    },
    {},
  ),
  // 7: older than 7 days, still active: `active` (any age) lists it, `all since:7d` does not.
  alert(
    7,
    RSV,
    {
      alertRule: 'MUA Disabled',
      severity: 'Sev1',
      monitorService: 'Azure Backup',
      monitorCondition: 'Fired',
      alertState: 'New',
      startDateTime: '2025-06-01T12:00:00Z',
    },
    { category: 'Security' },
  ),
  // 8: its vault no longer exists in Resources: dropped (nothing to open, no region or tags to filter on).
  alert(
    8,
    `${RSV}-deleted`,
    {
      alertRule: 'Backup Failure',
      severity: 'Sev1',
      monitorService: 'Azure Backup',
      monitorCondition: 'Fired',
      alertState: 'New',
      startDateTime: '2025-06-15T10:00:00Z',
    },
    { category: 'Jobs' },
  ),
  // 9: not a backup alert (a VM metric alert): never listed.
  alert(
    9,
    RSV,
    {
      alertRule: 'CPU high',
      severity: 'Sev3',
      monitorService: 'Platform',
      monitorCondition: 'Fired',
      alertState: 'New',
      startDateTime: '2025-06-15T10:00:00Z',
      targetResource:
        '/subscriptions/aaaaaaaa-0000-4000-8000-000000000001/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-web-01',
      targetResourceType: 'microsoft.compute/virtualmachines',
    },
    undefined,
  ),
];

export function hugeAlert(n: number): BackupAlert {
  const vaultName = `vault-${String(n % 40).padStart(4, '0')}-${'v'.repeat(39)}`;
  const rg = `rg-${'g'.repeat(87)}`;
  const vaultId = `/subscriptions/${SUB_A}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vaultName}`;
  const item = `SAPHanaDatabase;${'h'.repeat(60)};${'d'.repeat(100)}-${n}`;
  return {
    id: `/subscriptions/${SUB_A}/providers/Microsoft.AlertsManagement/alerts/${String(n).padStart(8, '0')}-aaaa-4aaa-8aaa-000000000000`,
    tenantId: TENANT,
    rule: n % 5 === 0 ? 'Modify Protection with Shorter Retention' : 'Workload extension unhealthy',
    category: n % 5 === 0 ? 'security' : 'jobs',
    severity: n % 3 === 0 ? 'Sev0' : 'Sev2',
    state: 'Acknowledged',
    condition: 'Fired',
    active: true,
    firedAt: new Date(Date.UTC(2025, 10, 24, 9) - n * 60_000).toISOString(),
    description: `${'Azure Backup workload extension is unhealthy and future backups may fail. '.repeat(12)}`,
    vault: {
      id: vaultId,
      name: vaultName,
      kind: 'rsv',
      subscriptionId: SUB_A,
      resourceGroup: rg,
      location: 'australiasoutheast',
    },
    itemId: `${vaultId}/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;${rg};${'m'.repeat(60)}/protectedItems/${item}`,
    itemName: `${'d'.repeat(120)}-${n}`,
    workload: 'hana',
    errorCode: n % 5 === 0 ? undefined : `UserErrorWorkloadExtensionUnhealthy${'X'.repeat(40)}${n % 7}`,
    occurrences: 123_456,
  } as BackupAlert;
}

export function hugeAlerts(count = 2_000): AlertList {
  return { kind: 'active', alerts: Array.from({ length: count }, (_, n) => hugeAlert(n)) };
}
