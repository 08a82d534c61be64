// Azure Monitor alerts for backup (Azure Backup's built-in job-failure and security alerts, in Resource Graph's
// AlertsManagementResources) in one vocabulary: severity, state, the vault it targets, the item it is about.
import type { Since } from './filters';
import type { LocatedVaultRef } from './refs';
import type { WorkloadOrOther } from './workload';

/** `active`: fired and not closed (the default); `all`: every alert that fired in the window. */
export type AlertListKind = 'active' | 'all';
export const ALERT_LIST_KINDS: readonly AlertListKind[] = ['active', 'all'];

/** Azure Monitor severities, Sev0 (critical) to Sev4 (verbose); 'unknown' when Azure wrote something else. */
export const ALERT_SEVERITIES = ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number] | 'unknown';

/** essentials.alertState (what people did with it) and essentials.monitorCondition (whether the cause persists). */
export type AlertState = 'New' | 'Acknowledged' | 'Closed' | 'unknown';
export type MonitorCondition = 'Fired' | 'Resolved' | 'unknown';

/** The built-in alert's category: job failures or security-relevant operations (context.category; unverified). */
export type AlertCategory = 'jobs' | 'security' | 'other';

export interface BackupAlert {
  id: string;
  tenantId?: string;
  /** essentials.alertRule, e.g. "Backup Failure", "Delete Backup Data". */
  rule: string;
  category: AlertCategory;
  severity: AlertSeverity;
  state: AlertState;
  condition: MonitorCondition;
  /** Fired and not closed: what "active" means here (docs/azure-facts.md §2 Q12). */
  active: boolean;
  /** ISO times: when it fired, last changed, and when its condition resolved. */
  firedAt?: string;
  modifiedAt?: string;
  resolvedAt?: string;
  description?: string;
  vault: LocatedVaultRef;
  /** The protected item / backup instance it is about (its ARM id), for the item and Retry buttons. */
  itemId?: string;
  /** The datasource's name (or the item's), as the alert names it. */
  itemName?: string;
  workload: WorkloadOrOther | undefined;
  /** The readable error code of a job alert (e.g. UserErrorVmNotInDesirableState). */
  errorCode?: string;
  jobId?: string;
  /** How many failures this alert stands for (when Azure counts repeats). */
  occurrences?: number;
}

export interface AlertList {
  kind: AlertListKind;
  /** The window the alerts fired in; undefined when `active` was asked without since: (any age). */
  since?: Since;
  /** Newest first. */
  alerts: BackupAlert[];
}

/** How many alerts are active, by severity: the summary's "active alerts" line. */
export interface AlertCounts {
  active: number;
  bySeverity: Record<AlertSeverity, number>;
}
