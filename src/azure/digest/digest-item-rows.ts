// Maps digest item rows (digest-items.kql + digest-item-list.kql) to DigestItem: names, refs and the job facts,
// tolerant of absent fields (null datetimes, missing policy, rows of another casing).
import { armIdName } from '../../core/domain/arm-id';
import type { DigestItem } from '../../core/domain/digest';
import { toWorkloadOrOther } from '../../core/domain/workload';
import type { ArgRow } from '../arg-types';
import { toProtectionState } from '../instances/instance-rows';
import { vaultOf } from '../jobs/job-rows';
import { bool, isoTime, num, str } from '../row-values';

export function toDigestItem(row: ArgRow): DigestItem | undefined {
  const id = str(row, 'id');
  if (!id) return undefined;
  const resourceName = str(row, 'name') ?? armIdName(id);
  const dsName = str(row, 'dsName');
  const item: DigestItem = {
    key: id.toLowerCase(),
    id,
    // As the instances view names it: the friendly name, else the datasource, else the resource name.
    name: str(row, 'friendlyName') ?? dsName ?? resourceName,
    workload: toWorkloadOrOther(str(row, 'workload')),
    vault: vaultOf(id, row),
    datasource: { name: dsName ?? str(row, 'friendlyName') ?? resourceName },
    protectionState: toProtectionState(str(row, 'state')),
    lastAttemptFailed: bool(row, 'lastAttemptFailed') === true,
    failures24h: num(row, 'failures24h') ?? 0,
    failures14d: num(row, 'failures14d') ?? 0,
  };
  const ds = item.datasource;
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
  const policyId = str(row, 'policyId');
  // BV policyInfo.name is not in the spec (unverified): the policy id's last segment names it then.
  const policyName = str(row, 'policyName') ?? (policyId ? armIdName(policyId) : undefined);
  if (policyId || policyName) {
    item.policy = {};
    if (policyId) item.policy.id = policyId;
    if (policyName) item.policy.name = policyName;
  }
  const everyHours = num(row, 'everyHours');
  if (everyHours !== undefined && everyHours > 0) item.everyHours = everyHours;
  for (const [key, col] of [
    ['lastGoodAt', 'lastGoodAt'],
    ['lastAttemptAt', 'lastAttemptAt'],
    ['lastFailureAt', 'lastFailureAt'],
    ['runningSince', 'runningSince'],
  ] as const) {
    const v = isoTime(row, col);
    if (v) item[key] = v;
  }
  const minutes = num(row, 'typicalMinutes');
  if (minutes !== undefined && minutes >= 0) item.typicalMinutes = minutes;
  return item;
}
