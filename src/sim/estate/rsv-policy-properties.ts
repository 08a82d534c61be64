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
    retentionPolicy: {
      retentionPolicyType: 'LongTermRetentionPolicy',
      dailySchedule: { retentionTimes: [runTime(s)], retentionDuration: { count: days, durationType: 'Days' } },
    },
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
        retentionPolicy: daily(s, 30).retentionPolicy,
        protectedItemsCount: 0,
      };
    case 'files':
      return {
        backupManagementType: 'AzureStorage',
        workLoadType: 'AzureFileShare',
        timeZone: 'UTC',
        ...daily(s, 30),
        protectedItemsCount: 0,
      };
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
