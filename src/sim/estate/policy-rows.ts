// Backup policy rows for both vault kinds (reference §1.6). BV policies carry policyRules: AzureBackupRule
// (BackupHourly/BackupDaily/BackupWeekly with taggingCriteria tag names, needed for an ad-hoc backup request) and
// AzureRetentionRule; the operational-only blob policy has no AzureBackupRule, so no ad-hoc backup is possible.
import { T } from './arm';
import type { GenContext, PolicyKind, PolicyRec, Schedule, VaultRec } from './context';
import { pad } from './names';
import type { Rng } from './prng';
import type { Row } from './types';

interface Spec {
  kind: PolicyKind;
  name: string;
  everyHours: number;
  minutes: readonly [number, number];
}

const RSV_SPECS: readonly Spec[] = [
  { kind: 'vm', name: 'DefaultPolicy', everyHours: 24, minutes: [15, 110] },
  { kind: 'vmWeekly', name: 'WeeklyDevTest', everyHours: 168, minutes: [15, 110] },
  { kind: 'vmEnhanced', name: 'EnhancedPolicy', everyHours: 12, minutes: [10, 60] },
  { kind: 'sql', name: 'HourlyLogBackup', everyHours: 24, minutes: [5, 80] },
  { kind: 'hana', name: 'HanaDailyFull', everyHours: 24, minutes: [10, 60] },
  { kind: 'files', name: 'FileShareDaily', everyHours: 24, minutes: [1, 8] },
];

const BV_SPECS: readonly (Spec & { rule?: string; ds: string; store: string; tags?: readonly string[] })[] = [
  { kind: 'disksHourly', name: 'DiskPolicy4h', everyHours: 4, minutes: [1, 6], rule: 'BackupHourly', ds: 'Microsoft.Compute/disks', store: 'OperationalStore' },
  { kind: 'disksDaily', name: 'DiskPolicyDaily', everyHours: 24, minutes: [1, 6], rule: 'BackupDaily', ds: 'Microsoft.Compute/disks', store: 'OperationalStore' },
  { kind: 'blobsOperational', name: 'BlobOperational', everyHours: 0, minutes: [0, 0], ds: 'Microsoft.Storage/storageAccounts/blobServices', store: 'OperationalStore' },
  { kind: 'blobsVaulted', name: 'BlobVaultedDaily', everyHours: 24, minutes: [3, 40], rule: 'BackupDaily', ds: 'Microsoft.Storage/storageAccounts/blobServices', store: 'VaultStore' },
  { kind: 'pgSingle', name: 'PostgreSQLWeekly', everyHours: 168, minutes: [10, 90], rule: 'BackupWeekly', ds: 'Microsoft.DBforPostgreSQL/servers/databases', store: 'VaultStore', tags: ['Default', 'Weekly'] },
  { kind: 'pgFlex', name: 'PgFlexWeekly', everyHours: 168, minutes: [10, 90], rule: 'BackupWeekly', ds: 'Microsoft.DBforPostgreSQL/flexibleServers', store: 'VaultStore' },
  { kind: 'aksHourly', name: 'AksPolicy4h', everyHours: 4, minutes: [3, 25], rule: 'BackupHourly', ds: 'Microsoft.ContainerService/managedClusters', store: 'OperationalStore' },
  { kind: 'aksDaily', name: 'AksPolicyDaily', everyHours: 24, minutes: [3, 25], rule: 'Default', ds: 'Microsoft.ContainerService/managedClusters', store: 'OperationalStore' },
];

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function schedule(rng: Rng, spec: Spec): Schedule {
  const offset = spec.everyHours === 168 ? rng.int(0, 7) * 1440 + rng.int(0, 24) * 60 : rng.int(0, 24) * 60 + rng.pick([0, 30]);
  return { everyHours: spec.everyHours, offsetMinutes: offset, minMinutes: spec.minutes[0], maxMinutes: spec.minutes[1] };
}

function runTime(s: Schedule): string {
  const m = s.offsetMinutes % 1440;
  return `2024-01-0${1 + Math.floor(s.offsetMinutes / 1440)}T${pad(Math.floor(m / 60))}:${pad(m % 60)}:00Z`;
}

function daily(s: Schedule, days: number): Record<string, unknown> {
  return {
    schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: [runTime(s)] },
    retentionPolicy: {
      retentionPolicyType: 'LongTermRetentionPolicy',
      dailySchedule: { retentionTimes: [runTime(s)], retentionDuration: { count: days, durationType: 'Days' } },
    },
  };
}

function rsvProperties(spec: Spec, s: Schedule): Record<string, unknown> {
  switch (spec.kind) {
    case 'vm':
      return { backupManagementType: 'AzureIaasVM', policyType: 'V1', instantRpRetentionRangeInDays: 2, timeZone: 'UTC', ...daily(s, 30), protectedItemsCount: 0 };
    case 'vmWeekly':
      return {
        backupManagementType: 'AzureIaasVM',
        policyType: 'V1',
        instantRpRetentionRangeInDays: 5,
        timeZone: 'UTC',
        schedulePolicy: {
          schedulePolicyType: 'SimpleSchedulePolicy',
          scheduleRunFrequency: 'Weekly',
          scheduleRunDays: [WEEKDAYS[Math.floor(s.offsetMinutes / 1440)]],
          scheduleRunTimes: [runTime(s)],
        },
        retentionPolicy: {
          retentionPolicyType: 'LongTermRetentionPolicy',
          weeklySchedule: {
            daysOfTheWeek: [WEEKDAYS[Math.floor(s.offsetMinutes / 1440)]],
            retentionTimes: [runTime(s)],
            retentionDuration: { count: 8, durationType: 'Weeks' },
          },
        },
        protectedItemsCount: 0,
      };
    case 'vmEnhanced':
      return {
        backupManagementType: 'AzureIaasVM',
        policyType: 'V2',
        instantRpRetentionRangeInDays: 7,
        timeZone: 'UTC',
        schedulePolicy: {
          schedulePolicyType: 'SimpleSchedulePolicyV2',
          scheduleRunFrequency: 'Hourly',
          hourlySchedule: { interval: s.everyHours, scheduleWindowStartTime: runTime(s), scheduleWindowDuration: 24 },
        },
        retentionPolicy: daily(s, 30).retentionPolicy,
        protectedItemsCount: 0,
      };
    case 'files':
      return { backupManagementType: 'AzureStorage', workLoadType: 'AzureFileShare', timeZone: 'UTC', ...daily(s, 30), protectedItemsCount: 0 };
    default:
      return {
        backupManagementType: 'AzureWorkload',
        workLoadType: spec.kind === 'sql' ? 'SQLDataBase' : 'SAPHanaDatabase',
        settings: { timeZone: 'UTC', isCompression: false },
        subProtectionPolicy: [
          { policyType: 'Full', ...daily(s, 30) },
          {
            policyType: 'Log',
            schedulePolicy: { schedulePolicyType: 'LogSchedulePolicy', scheduleFrequencyInMins: 60 },
            retentionPolicy: { retentionPolicyType: 'SimpleRetentionPolicy', retentionDuration: { count: 15, durationType: 'Days' } },
          },
        ],
        protectedItemsCount: 0,
      };
  }
}

function isoInterval(s: Schedule): string {
  const period = s.everyHours === 168 ? 'P1W' : s.everyHours === 24 ? 'P1D' : `PT${s.everyHours}H`;
  return `R/${runTime(s).replace('Z', '+00:00')}/${period}`;
}

function bvProperties(spec: (typeof BV_SPECS)[number], s: Schedule): Record<string, unknown> {
  const store = { dataStoreType: spec.store, objectType: 'DataStoreInfoBase' };
  const tags = spec.tags ?? ['Default'];
  const rules: unknown[] = [];
  if (spec.rule) {
    rules.push({
      name: spec.rule,
      objectType: 'AzureBackupRule',
      backupParameters: { objectType: 'AzureBackupParams', backupType: spec.store === 'VaultStore' ? 'Full' : 'Incremental' },
      dataStore: store,
      trigger: {
        objectType: 'ScheduleBasedTriggerContext',
        schedule: { repeatingTimeIntervals: [isoInterval(s)], timeZone: 'UTC' },
        taggingCriteria: tags.map((tag, i) => ({
          isDefault: i === 0,
          taggingPriority: i === 0 ? 99 : 20,
          tagInfo: { tagName: tag, id: `${tag}_` },
          ...(i === 0 ? {} : { criteria: [{ objectType: 'ScheduleBasedBackupCriteria', absoluteCriteria: ['FirstOfWeek'] }] }),
        })),
      },
    });
  }
  for (const [i, tag] of tags.entries()) {
    rules.push({
      name: tag,
      objectType: 'AzureRetentionRule',
      isDefault: i === 0,
      lifecycles: [
        {
          deleteAfter: { objectType: 'AbsoluteDeleteOption', duration: i === 0 ? (spec.store === 'VaultStore' ? 'P3M' : 'P7D') : 'P12W' },
          sourceDataStore: store,
          targetDataStoreCopySettings: [],
        },
      ],
    });
  }
  return { objectType: 'BackupPolicy', datasourceTypes: [spec.ds], policyRules: rules };
}

function policyRow(ctx: GenContext, vault: VaultRec, name: string, type: string, properties: Record<string, unknown>): Row {
  return {
    id: `${vault.childPrefix}/backupPolicies/${name}`,
    name,
    type,
    tenantId: vault.sub.tenantId,
    location: vault.location,
    resourceGroup: vault.rgName.toLowerCase(),
    subscriptionId: vault.sub.id,
    properties,
  };
}

/** Creates the vault's policies, appends their rows, and records them on `vault.policies` by kind. */
export function createPolicies(ctx: GenContext, vault: VaultRec, rng: Rng): void {
  const out = ctx.tables.RecoveryServicesResources;
  if (vault.kind === 'rsv') {
    for (const spec of RSV_SPECS) {
      const s = schedule(rng, spec);
      const row = policyRow(ctx, vault, spec.name, T.rsvPolicy, rsvProperties(spec, s));
      out.push(row);
      vault.policies[spec.kind] = { id: row.id as string, name: spec.name, schedule: s, row, count: 0 };
    }
    return;
  }
  for (const spec of BV_SPECS) {
    const s = schedule(rng, spec);
    const row = policyRow(ctx, vault, spec.name, T.bvPolicy, bvProperties(spec, s));
    out.push(row);
    const rec: PolicyRec = { id: row.id as string, name: spec.name, schedule: s, row, count: 0 };
    if (spec.rule) {
      rec.ruleName = spec.rule;
      rec.retentionTag = 'Default';
    }
    vault.policies[spec.kind] = rec;
  }
}

/** Writes RSV `protectedItemsCount` once every item has been assigned. */
export function finishPolicyCounts(ctx: GenContext): void {
  for (const sub of ctx.subs) {
    for (const vault of sub.rsv) {
      for (const rec of Object.values(vault.policies)) {
        (rec.row.properties as Record<string, unknown>).protectedItemsCount = rec.count;
      }
    }
  }
}
