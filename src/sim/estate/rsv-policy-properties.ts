// Recovery Services policy properties (AzureIaasVM daily / weekly / enhanced, SQL and HANA workload policies with
// full + log sub-policies, Azure Files) as ARG shows `microsoft.recoveryservices/vaults/backuppolicies` rows.
import type { PolicyKind, Schedule } from './context';
import { pad } from './names';

export interface PolicySpec {
  kind: PolicyKind;
  name: string;
  everyHours: number;
  minutes: readonly [number, number];
}
export const RSV_SPECS: readonly PolicySpec[] = [
  { kind: 'vm', name: 'DefaultPolicy', everyHours: 24, minutes: [15, 110] },
  { kind: 'vmWeekly', name: 'WeeklyDevTest', everyHours: 168, minutes: [15, 110] },
  { kind: 'vmEnhanced', name: 'EnhancedPolicy', everyHours: 12, minutes: [10, 60] },
  { kind: 'sql', name: 'HourlyLogBackup', everyHours: 24, minutes: [5, 80] },
  { kind: 'hana', name: 'HanaDailyFull', everyHours: 24, minutes: [10, 60] },
  { kind: 'files', name: 'FileShareDaily', everyHours: 24, minutes: [1, 8] },
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** A schedule time as policies spell it (2024-01-0d for the weekday of weekly schedules). */
export function runTime(s: Schedule): string {
  const m = s.offsetMinutes % 1440;
  return `2024-01-0${1 + Math.floor(s.offsetMinutes / 1440)}T${pad(Math.floor(m / 60))}:${pad(m % 60)}:00Z`;
}
function daily(s: Schedule, days: number): Record<string, unknown> {
  return {
    schedulePolicy: {
      schedulePolicyType: 'SimpleSchedulePolicy',
      scheduleRunFrequency: 'Daily',
      scheduleRunTimes: [runTime(s)],
    },
    retentionPolicy: longTerm(s, { days }),
  };
}

/** Durations of a LongTermRetentionPolicy; weekly/monthly/yearly points are taken on the first Sunday. */
interface Keep {
  days?: number;
  weeks?: number;
  months?: number;
  years?: number;
}
function longTerm(s: Schedule, keep: Keep): Record<string, unknown> {
  const at = [runTime(s)];
  const firstSunday = { daysOfTheWeek: ['Sunday'], weeksOfTheMonth: ['First'] };
  return {
    retentionPolicyType: 'LongTermRetentionPolicy',
    ...(keep.days === undefined
      ? {}
      : { dailySchedule: { retentionTimes: at, retentionDuration: { count: keep.days, durationType: 'Days' } } }),
    ...(keep.weeks === undefined
      ? {}
      : {
          weeklySchedule: {
            daysOfTheWeek: ['Sunday'],
            retentionTimes: at,
            retentionDuration: { count: keep.weeks, durationType: 'Weeks' },
          },
        }),
    ...(keep.months === undefined
      ? {}
      : {
          monthlySchedule: {
            retentionScheduleFormatType: 'Weekly',
            retentionScheduleWeekly: firstSunday,
            retentionTimes: at,
            retentionDuration: { count: keep.months, durationType: 'Months' },
          },
        }),
    ...(keep.years === undefined
      ? {}
      : {
          yearlySchedule: {
            retentionScheduleFormatType: 'Weekly',
            monthsOfYear: ['January'],
            retentionScheduleWeekly: firstSunday,
            retentionTimes: at,
            retentionDuration: { count: keep.years, durationType: 'Years' },
          },
        }),
  };
}

/**
 * Retention variety without drawing from the generator (a draw would move every later row of the estate): the
 * policy's own random start hour picks one of four shapes Backup center users keep.
 */
function variantOf(s: Schedule): number {
  return Math.floor((s.offsetMinutes % 1440) / 60) % 4;
}
const VM_KEEPS: readonly Keep[] = [
  { days: 30 },
  { days: 7, weeks: 4 },
  { days: 30, weeks: 12, months: 12, years: 7 },
  { days: 14, months: 6 },
];
/** RSV archive tiering (tieringPolicy.ArchivedRP): VMs tier recommended points, SQL/HANA after a fixed time. */
const ARCHIVE_RECOMMENDED = { ArchivedRP: { tieringMode: 'TierRecommended', duration: 0, durationType: 'Invalid' } };
const ARCHIVE_AFTER_45_DAYS = { ArchivedRP: { tieringMode: 'TierAfter', duration: 45, durationType: 'Days' } };

/**
 * A VM policy in a time zone other than UTC that no item uses (so no job depends on its clock): schedules of the
 * stand-in's items stay in UTC, while the policies view still meets the zones real vaults use (Windows zone names).
 */
export function localZoneVmPolicy(s: Schedule): Record<string, unknown> {
  const zones = ['W. Europe Standard Time', 'Pacific Standard Time', 'India Standard Time', 'Tokyo Standard Time'];
  return {
    backupManagementType: 'AzureIaasVM',
    policyType: 'V1',
    instantRpRetentionRangeInDays: 3,
    timeZone: zones[variantOf(s)],
    ...daily(s, 14),
    protectedItemsCount: 0,
  };
}
export function rsvProperties(spec: PolicySpec, s: Schedule): Record<string, unknown> {
  switch (spec.kind) {
    case 'vm':
      return {
        backupManagementType: 'AzureIaasVM',
        policyType: 'V1',
        instantRpRetentionRangeInDays: 2,
        timeZone: 'UTC',
        ...daily(s, 30),
        retentionPolicy: longTerm(s, VM_KEEPS[variantOf(s)] as Keep),
        ...(variantOf(s) === 2 ? { tieringPolicy: ARCHIVE_RECOMMENDED } : {}),
        protectedItemsCount: 0,
      };
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
        retentionPolicy: longTerm(s, { days: 30, weeks: 8 }),
        protectedItemsCount: 0,
      };
    case 'files': {
      // Half the file share policies are vaulted (snapshots for a few days, a vault copy kept longer).
      const { schedulePolicy, retentionPolicy } = daily(s, 30);
      return {
        backupManagementType: 'AzureStorage',
        workLoadType: 'AzureFileShare',
        timeZone: 'UTC',
        schedulePolicy,
        ...(variantOf(s) % 2 === 1
          ? {
              vaultRetentionPolicy: {
                snapshotRetentionInDays: 5,
                vaultRetention: longTerm(s, { days: 60, months: 12 }),
              },
            }
          : { retentionPolicy }),
        protectedItemsCount: 0,
      };
    }
    default:
      return {
        backupManagementType: 'AzureWorkload',
        workLoadType: spec.kind === 'sql' ? 'SQLDataBase' : 'SAPHanaDatabase',
        settings: { timeZone: 'UTC', isCompression: false },
        subProtectionPolicy: [
          {
            policyType: 'Full',
            ...daily(s, 30),
            // HANA systems keep yearly points (audit) and archive them, so every estate with an RSV vault has both.
            ...(spec.kind === 'hana'
              ? {
                  retentionPolicy: longTerm(s, { days: 30, weeks: 12, months: 12, years: 5 }),
                  tieringPolicy: ARCHIVE_AFTER_45_DAYS,
                }
              : variantOf(s) >= 2
                ? {
                    retentionPolicy: longTerm(s, { days: 30, weeks: 12, months: 6 }),
                    tieringPolicy: ARCHIVE_AFTER_45_DAYS,
                  }
                : {}),
          },
          {
            policyType: 'Log',
            schedulePolicy: { schedulePolicyType: 'LogSchedulePolicy', scheduleFrequencyInMins: 60 },
            retentionPolicy: {
              retentionPolicyType: 'SimpleRetentionPolicy',
              retentionDuration: { count: 15, durationType: 'Days' },
            },
          },
        ],
        protectedItemsCount: 0,
      };
  }
}
