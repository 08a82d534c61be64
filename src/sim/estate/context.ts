// The generator's working records: subscriptions, vaults and policies that datasources, items and jobs refer to.
// Only these small records are kept beside the rows; datasources are turned into rows as they are generated.
import type { ScaleConfig } from './scale';
import type { Estate, Row } from './types';

export interface Schedule {
  /** 4, 12, 24 or 168 (weekly). */
  everyHours: number;
  /** First run of the day (UTC) in minutes after midnight; for weekly schedules, minutes after Sunday 00:00. */
  offsetMinutes: number;
  /** Job duration range in minutes. */
  minMinutes: number;
  maxMinutes: number;
}

export type PolicyKind =
  | 'vm'
  | 'vmWeekly'
  | 'vmEnhanced'
  | 'sql'
  | 'hana'
  | 'files'
  | 'disksHourly'
  | 'disksDaily'
  | 'blobsOperational'
  | 'blobsVaulted'
  | 'adlsVaulted'
  | 'pgSingle'
  | 'pgFlex'
  | 'aksHourly'
  | 'aksDaily';

export interface PolicyRec {
  id: string;
  name: string;
  schedule: Schedule;
  row: Row;
  /** BV: the AzureBackupRule name and its default retention tag; absent for operational-only blob policies. */
  ruleName?: string;
  retentionTag?: string;
  /** RSV: counted into `protectedItemsCount` once the estate is built. */
  count: number;
}

export interface VaultRec {
  kind: 'rsv' | 'bv';
  sub: SubRec;
  /** The vault's id as in Resources. */
  id: string;
  /**
   * The vault id prefix its child rows (items, instances, policies) use: casing differs per vault (docs/azure-facts.md
   * §1.1).
   */
  childPrefix: string;
  name: string;
  rgName: string;
  location: string;
  /** monitoringSettings.azureMonitorAlertSettings.alertsForAllJobFailures is Enabled. */
  alertsOnFailure: boolean;
  /**
   * Share of this vault's RSV items that carry the ARG "unified" fields (presence unverified, docs/azure-facts.md
   * §1.2).
   */
  unifiedShare: number;
  policies: Partial<Record<PolicyKind, PolicyRec>>;
}

export interface SubRec {
  index: number;
  id: string;
  tenantId: string;
  displayName: string;
  /** Resource groups for workloads, as their creators typed them (mixed casing). */
  workloadRgs: string[];
  regions: string[];
  rsv: VaultRec[];
  bv: VaultRec[];
}

export interface GenContext {
  seed: number;
  now: number;
  /** now − 14 days: ARG keeps backup jobs for 14 days (docs/azure-facts.md §0). */
  windowStart: number;
  scale: ScaleConfig;
  tables: Estate['tables'];
  subs: SubRec[];
}
