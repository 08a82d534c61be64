// Maps alert rows (alert-list.kql) to BackupAlert: severities, states and categories read case-insensitively, and
// every context field optional (Azure Backup's context field names in Resource Graph are unverified).
import {
  ALERT_SEVERITIES,
  type AlertCategory,
  type AlertSeverity,
  type AlertState,
  type BackupAlert,
  type MonitorCondition,
} from '../../core/domain/alerts';
import { isWorkload } from '../../core/domain/workload';
import type { ArgRow } from '../arg-types';
import { isoTime, num, str } from '../row-values';

export function toSeverity(raw: string | undefined): AlertSeverity {
  const v = (raw ?? '').trim().toLowerCase();
  return ALERT_SEVERITIES.find((s) => s.toLowerCase() === v) ?? 'unknown';
}

function toState(raw: string | undefined): AlertState {
  const v = (raw ?? '').toLowerCase();
  return v === 'new' ? 'New' : v === 'acknowledged' ? 'Acknowledged' : v === 'closed' ? 'Closed' : 'unknown';
}

function toCondition(raw: string | undefined): MonitorCondition {
  const v = (raw ?? '').toLowerCase();
  return v === 'fired' ? 'Fired' : v === 'resolved' ? 'Resolved' : 'unknown';
}

/** context.category "Jobs" / "Security"; without it, the documented security rule names tell (azure-facts §6). */
const SECURITY_RULES = [
  'delete backup data',
  'upcoming purge',
  'purge complete',
  'soft delete disabled for vault',
  'modify policy with shorter retention',
  'modify protection with shorter retention',
  'mua disabled',
  'disable hybrid security features',
];

function toCategory(raw: string | undefined, rule: string): AlertCategory {
  const v = (raw ?? '').toLowerCase();
  if (v === 'jobs' || v === 'job') return 'jobs';
  if (v === 'security') return 'security';
  if (SECURITY_RULES.includes(rule.toLowerCase())) return 'security';
  return /failure|unhealthy|unsupported/i.test(rule) ? 'jobs' : 'other';
}

/** The vault's subscription, group and name from its ARM id (the alert's targetResource). */
function idPart(id: string, index: number): string {
  return id.split('/')[index] ?? '';
}

export function toBackupAlert(row: ArgRow): BackupAlert | undefined {
  const id = str(row, 'id');
  const vaultId = str(row, 'vaultId');
  if (!id || !vaultId) return undefined;
  const rule = str(row, 'rule') ?? 'Alert';
  const state = toState(str(row, 'alertState'));
  const condition = toCondition(str(row, 'condition'));
  const workload = str(row, 'workload')?.toLowerCase();
  const vaultType = (str(row, 'vaultType') ?? vaultId).toLowerCase();
  const alert: BackupAlert = {
    id,
    rule,
    category: toCategory(str(row, 'category'), rule),
    severity: toSeverity(str(row, 'severity')),
    state,
    condition,
    active: condition !== 'Resolved' && state !== 'Closed',
    vault: {
      id: vaultId,
      name: str(row, 'vaultName') ?? idPart(vaultId, 8),
      kind: vaultType.includes('microsoft.dataprotection') ? 'bv' : 'rsv',
      subscriptionId: str(row, 'vaultSub') ?? idPart(vaultId, 2),
      resourceGroup: str(row, 'vaultGroup') ?? idPart(vaultId, 4),
      location: str(row, 'vaultLocation') ?? '',
    },
    workload: workload !== undefined && isWorkload(workload) ? workload : undefined,
  };
  const optional: Array<[keyof BackupAlert, string | number | undefined]> = [
    ['tenantId', str(row, 'tenantId')],
    ['firedAt', isoTime(row, 'fired')],
    ['modifiedAt', isoTime(row, 'modified')],
    ['resolvedAt', isoTime(row, 'resolved')],
    ['description', str(row, 'description')],
    ['itemId', str(row, 'itemId')],
    ['itemName', str(row, 'itemName')],
    ['errorCode', str(row, 'errorCode')],
    ['jobId', str(row, 'jobId')],
    ['occurrences', num(row, 'occurrences')],
  ];
  for (const [key, value] of optional) {
    if (value !== undefined) (alert as unknown as Record<string, unknown>)[key] = value;
  }
  return alert;
}
