// Backup vault policy properties: policyRules with an AzureBackupRule (BackupHourly / BackupDaily / BackupWeekly /
// Default, ISO repeating intervals, taggingCriteria) and AzureRetentionRules; the operational blob policy has none.
import type { Schedule } from './context';
import { type PolicySpec, runTime } from './rsv-policy-properties';

export interface BvPolicySpec extends PolicySpec {
  rule?: string;
  ds: string;
  store: string;
  tags?: readonly string[];
}

export const BV_SPECS: readonly BvPolicySpec[] = [
  {
    kind: 'disksHourly',
    name: 'DiskPolicy4h',
    everyHours: 4,
    minutes: [1, 6],
    rule: 'BackupHourly',
    ds: 'Microsoft.Compute/disks',
    store: 'OperationalStore',
  },
  {
    kind: 'disksDaily',
    name: 'DiskPolicyDaily',
    everyHours: 24,
    minutes: [1, 6],
    rule: 'BackupDaily',
    ds: 'Microsoft.Compute/disks',
    store: 'OperationalStore',
  },
  {
    kind: 'blobsOperational',
    name: 'BlobOperational',
    everyHours: 0,
    minutes: [0, 0],
    ds: 'Microsoft.Storage/storageAccounts/blobServices',
    store: 'OperationalStore',
  },
  {
    kind: 'blobsVaulted',
    name: 'BlobVaultedDaily',
    everyHours: 24,
    minutes: [3, 40],
    rule: 'BackupDaily',
    ds: 'Microsoft.Storage/storageAccounts/blobServices',
    store: 'VaultStore',
  },
  {
    kind: 'adlsVaulted',
    name: 'AdlsVaultedDaily',
    everyHours: 24,
    minutes: [3, 40],
    rule: 'BackupDaily',
    ds: 'Microsoft.Storage/storageAccounts/adlsBlobServices',
    store: 'VaultStore',
  },
  {
    kind: 'pgSingle',
    name: 'PostgreSQLWeekly',
    everyHours: 168,
    minutes: [10, 90],
    rule: 'BackupWeekly',
    ds: 'Microsoft.DBforPostgreSQL/servers/databases',
    store: 'VaultStore',
    tags: ['Default', 'Weekly'],
  },
  {
    kind: 'pgFlex',
    name: 'PgFlexWeekly',
    everyHours: 168,
    minutes: [10, 90],
    rule: 'BackupWeekly',
    ds: 'Microsoft.DBforPostgreSQL/flexibleServers',
    store: 'VaultStore',
  },
  {
    kind: 'aksHourly',
    name: 'AksPolicy4h',
    everyHours: 4,
    minutes: [3, 25],
    rule: 'BackupHourly',
    ds: 'Microsoft.ContainerService/managedClusters',
    store: 'OperationalStore',
  },
  {
    kind: 'aksDaily',
    name: 'AksPolicyDaily',
    everyHours: 24,
    minutes: [3, 25],
    rule: 'Default',
    ds: 'Microsoft.ContainerService/managedClusters',
    store: 'OperationalStore',
  },
];
function isoInterval(s: Schedule): string {
  const period = s.everyHours === 168 ? 'P1W' : s.everyHours === 24 ? 'P1D' : `PT${s.everyHours}H`;
  return `R/${runTime(s).replace('Z', '+00:00')}/${period}`;
}
export function bvProperties(spec: BvPolicySpec, s: Schedule): Record<string, unknown> {
  const store = { dataStoreType: spec.store, objectType: 'DataStoreInfoBase' };
  const tags = spec.tags ?? ['Default'];
  const rules: unknown[] = [];
  if (spec.rule) {
    rules.push({
      name: spec.rule,
      objectType: 'AzureBackupRule',
      backupParameters: {
        objectType: 'AzureBackupParams',
        backupType: spec.store === 'VaultStore' ? 'Full' : 'Incremental',
      },
      dataStore: store,
      trigger: {
        objectType: 'ScheduleBasedTriggerContext',
        schedule: { repeatingTimeIntervals: [isoInterval(s)], timeZone: 'UTC' },
        taggingCriteria: tags.map((tag, i) => ({
          isDefault: i === 0,
          taggingPriority: i === 0 ? 99 : 20,
          tagInfo: { tagName: tag, id: `${tag}_` },
          ...(i === 0
            ? {}
            : { criteria: [{ objectType: 'ScheduleBasedBackupCriteria', absoluteCriteria: ['FirstOfWeek'] }] }),
        })),
      },
    });
  }
  // PostgreSQL flexible server policies move vault-tier points to the archive tier when they expire there (a copy on
  // expiry, then kept a year in ArchiveStore): the TargetCopySetting shape of the 2025-09-01 spec.
  const archive = spec.kind === 'pgFlex';
  for (const [i, tag] of tags.entries()) {
    rules.push({
      name: tag,
      objectType: 'AzureRetentionRule',
      isDefault: i === 0,
      lifecycles: [
        {
          deleteAfter: {
            objectType: 'AbsoluteDeleteOption',
            duration: i === 0 ? (spec.store === 'VaultStore' ? 'P3M' : 'P7D') : 'P12W',
          },
          sourceDataStore: store,
          targetDataStoreCopySettings:
            archive && i === 0
              ? [
                  {
                    copyAfter: { objectType: 'CopyOnExpiryOption' },
                    dataStore: { ...store, dataStoreType: 'ArchiveStore' },
                  },
                ]
              : [],
        },
        ...(archive && i === 0
          ? [
              {
                deleteAfter: { objectType: 'AbsoluteDeleteOption', duration: 'P1Y' },
                sourceDataStore: { ...store, dataStoreType: 'ArchiveStore' },
                targetDataStoreCopySettings: [],
              },
            ]
          : []),
      ],
    });
  }
  // Vaulted blob policies also keep the first backup of each month for a year (a retention rule of their own).
  if (spec.kind === 'blobsVaulted') {
    rules.push({
      name: 'Monthly',
      objectType: 'AzureRetentionRule',
      isDefault: false,
      lifecycles: [
        {
          deleteAfter: { objectType: 'AbsoluteDeleteOption', duration: 'P12M' },
          sourceDataStore: store,
          targetDataStoreCopySettings: [],
        },
      ],
    });
  }
  return { objectType: 'BackupPolicy', datasourceTypes: [spec.ds], policyRules: rules };
}
