// Maps instance rows (instance-list.kql) to domain instances: last-backup status across the two RSV value sets and
// BV jobs, and the ids an on-demand backup needs, parsed from the ARM id by pairing segments.
import { parseArmId } from '../../core/domain/arm-id';
import {
  type BackupInstance,
  INSTANCE_HEALTHS,
  type InstanceCountRow,
  type InstanceCounts,
  type InstanceHealth,
  type LastBackupStatus,
  PROTECTION_STATES,
  type ProtectionState,
  type RetryTarget,
} from '../../core/domain/instances';
import { toWorkloadOrOther } from '../../core/domain/workload';
import type { ArgRow } from '../arg-types';
import { toJobErrors, vaultOf } from '../jobs/job-rows';
import { dyn, isoTime, num, str } from '../row-values';
import { decideRetry, type PolicyRules } from './retry-rules';

export function toProtectionState(value: string | undefined): ProtectionState {
  return PROTECTION_STATES.find((s) => s.toLowerCase() === (value ?? '').toLowerCase()) ?? 'Unknown';
}

export function toHealth(value: string | undefined): InstanceHealth {
  return INSTANCE_HEALTHS.find((s) => s.toLowerCase() === (value ?? '').toLowerCase()) ?? 'Unknown';
}

/**
 * RSV VM/Files: Completed | CompletedWithWarnings | Failed (| InProgress); RSV SQL/HANA: Healthy | Unhealthy | IRPending;
 * BV (from the newest finished backup job): Completed | CompletedWithWarnings | Failed | Cancelled.
 */
export function toLastBackupStatus(raw: string | undefined, hasTime: boolean): LastBackupStatus {
  switch ((raw ?? '').toLowerCase()) {
    case 'completed':
    case 'healthy':
      return 'Succeeded';
    case 'completedwithwarnings':
      return 'Warning';
    case 'failed':
    case 'unhealthy':
    // A cancelled backup made no recovery point.
    case 'cancelled':
    case 'canceled':
      return 'Failed';
    case 'irpending':
    case 'inprogress':
      return 'Pending';
    case '':
    case 'invalid':
      return hasTime ? 'Unknown' : 'None';
    default:
      return 'Unknown';
  }
}

/** Ids for the trigger call, only when every part is in the id. */
export function retryTargetOf(id: string, policyId?: string): RetryTarget | undefined {
  const parts = parseArmId(id);
  const get = (type: string) => parts.pairs.find(([k]) => k.toLowerCase() === type.toLowerCase())?.[1];
  if (!parts.subscriptionId || !parts.resourceGroup) return undefined;
  if (/^microsoft\.dataprotection$/i.test(parts.provider ?? '')) {
    const vaultName = get('backupVaults');
    const backupInstanceName = get('backupInstances');
    if (!vaultName || !backupInstanceName) return undefined;
    const target: RetryTarget = {
      kind: 'bv',
      subscriptionId: parts.subscriptionId,
      resourceGroup: parts.resourceGroup,
      vaultName,
      backupInstanceName,
      backupInstanceId: id,
    };
    if (policyId) target.policyId = policyId;
    return target;
  }
  const [vaultName, fabricName, containerName, protectedItemName] = [
    get('vaults'),
    get('backupFabrics'),
    get('protectionContainers'),
    get('protectedItems'),
  ];
  if (!vaultName || !fabricName || !containerName || !protectedItemName) return undefined;
  return {
    kind: 'rsv',
    subscriptionId: parts.subscriptionId,
    resourceGroup: parts.resourceGroup,
    vaultName,
    fabricName,
    containerName,
    protectedItemName,
    protectedItemId: id,
  };
}

/** `policies`: BV policy rules by lower-case policy id (absent: not looked up or not visible). */
export function toInstance(row: ArgRow, policies?: ReadonlyMap<string, PolicyRules>): BackupInstance | undefined {
  const id = str(row, 'id');
  if (!id) return undefined;
  const vault = vaultOf(id, row);
  const name = str(row, 'name') ?? id.split('/').pop() ?? id;
  const dsName = str(row, 'dsName');
  const lastTime = isoTime(row, 'lastTime');
  const rawLast = str(row, 'lastStatus');
  const policyId = str(row, 'policyId');
  const policyName = str(row, 'policyName');
  const workload = toWorkloadOrOther(str(row, 'workload'));
  const protectionState = toProtectionState(str(row, 'state'));
  const rawProtectionState = str(row, 'rawState') ?? '';
  const rules = policyId ? policies?.get(policyId.toLowerCase()) : undefined;
  const instance: BackupInstance = {
    id,
    name,
    friendlyName: str(row, 'friendlyName') ?? dsName ?? name,
    vault,
    workload,
    datasource: { name: dsName ?? str(row, 'friendlyName') ?? name },
    protectionState,
    rawProtectionState,
    health: toHealth(str(row, 'health')),
    lastBackupStatus: toLastBackupStatus(rawLast, lastTime !== undefined),
    lastBackupSource:
      vault.kind === 'bv' ? (rawLast || lastTime ? 'jobs' : 'none') : rawLast || lastTime ? 'item' : 'none',
    retry: decideRetry({ kind: vault.kind, workload, itemName: name, rawProtectionState, protectionState, rules }),
  };
  const tenantId = str(row, 'tenantId');
  if (tenantId) instance.tenantId = tenantId;
  if (rawLast) instance.rawLastBackupStatus = rawLast;
  if (lastTime) instance.lastBackupTime = lastTime;
  const recoveryPoint = isoTime(row, 'lastRecoveryPoint');
  if (recoveryPoint) instance.lastRecoveryPoint = recoveryPoint;
  const ds = instance.datasource;
  for (const [key, col] of [
    ['id', 'dsId'],
    ['subscriptionId', 'dsSub'],
    ['resourceGroup', 'dsRg'],
    ['location', 'dsLocation'],
    ['type', 'dsType'],
  ] as const) {
    const v = str(row, col);
    if (v) ds[key] = v;
  }
  if (policyId || policyName) {
    instance.policy = {};
    if (policyId) instance.policy.id = policyId;
    if (policyName) instance.policy.name = policyName;
  }
  const lastError = toJobErrors(dyn(row, 'lastError'))[0];
  if (lastError) instance.lastError = lastError;
  const target = retryTargetOf(id, policyId);
  if (target) {
    if (target.kind === 'bv' && rules?.ruleName) {
      target.ruleName = rules.ruleName;
      if (rules.retentionTag) target.retentionTag = rules.retentionTag;
    }
    instance.retryTarget = target;
  }
  return instance;
}

export function toInstanceCounts(rows: ArgRow[]): InstanceCounts {
  const merged = new Map<string, InstanceCountRow>();
  for (const row of rows) {
    const tenantId = str(row, 'tenantId');
    const workload = toWorkloadOrOther(str(row, 'workload'));
    const protectionState = toProtectionState(str(row, 'state'));
    const health = toHealth(str(row, 'health'));
    const count = num(row, 'instances') ?? 0;
    const key = [tenantId ?? '', workload, protectionState, health].join('|');
    const seen = merged.get(key);
    if (seen) seen.count += count;
    else merged.set(key, { ...(tenantId ? { tenantId } : {}), workload, protectionState, health, count });
  }
  const byState = Object.fromEntries(PROTECTION_STATES.map((s) => [s, 0])) as Record<ProtectionState, number>;
  const byHealth = Object.fromEntries(INSTANCE_HEALTHS.map((s) => [s, 0])) as Record<InstanceHealth, number>;
  const counts: InstanceCounts = { total: 0, byState, byHealth, byWorkload: {}, rows: [...merged.values()] };
  for (const r of counts.rows) {
    counts.total += r.count;
    byState[r.protectionState] += r.count;
    byHealth[r.health] += r.count;
    counts.byWorkload[r.workload] = (counts.byWorkload[r.workload] ?? 0) + r.count;
  }
  return counts;
}
