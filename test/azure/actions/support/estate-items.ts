// Picks items of the generated demo estate for retry tests: per workload one that an on-demand backup may run on
// (active protection, a backup rule, nothing running), plus the awkward ones (continuous blob, stopped, soft-deleted).
import { retryTargetOf } from '../../../../src/azure/instances/instance-rows';
import { readPolicyRules } from '../../../../src/azure/instances/retry-rules';
import type { RetryTarget } from '../../../../src/core/domain/instances';
import { generateEstate } from '../../../../src/sim/estate';
import type { Estate, Row } from '../../../../src/sim/estate/types';
import { workloadOf } from '../../../../src/sim/estate/workload-of';
import { jobItemLookup } from '../../../support/job-items';

export const ESTATE_NOW = new Date('2026-03-02T10:00:00Z');

export function demoEstate(): Estate {
  return generateEstate({ seed: 42, scale: 'small', now: ESTATE_NOW });
}

export interface PickedItem {
  row: Row;
  id: string;
  name: string;
  workload: string;
  target: RetryTarget;
}

type Props = Record<string, unknown>;
const props = (row: Row): Props => (row.properties ?? {}) as Props;
const lower = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : '');

function isItem(row: Row): boolean {
  const t = lower(row.type);
  return t.endsWith('/protecteditems') || t.endsWith('/backupinstances');
}

function policyRules(estate: Estate, row: Row) {
  const policyId = lower((props(row).policyInfo as Props | undefined)?.policyId);
  const policy = estate.tables.RecoveryServicesResources.find((r) => lower(r.id) === policyId);
  return policy ? readPolicyRules(props(policy).policyRules) : {};
}

function runningItemIds(estate: Estate): Set<string> {
  const out = new Set<string>();
  const itemOf = jobItemLookup(estate.tables.RecoveryServicesResources);
  for (const job of estate.tables.RecoveryServicesResources) {
    if (!lower(job.type).endsWith('/backupjobs')) continue;
    const p = props(job);
    if (!['inprogress', 'started'].includes(lower(p.status))) continue;
    if (!lower(p.operationCategory ?? p.operation).startsWith('backup')) continue;
    out.add(lower(itemOf(job)?.id));
  }
  return out;
}

function stateOf(row: Row): string {
  const p = props(row);
  return lower(row.type).endsWith('/protecteditems') ? String(p.protectionState) : String(p.currentProtectionState);
}

function toPicked(estate: Estate, row: Row): PickedItem {
  const id = String(row.id);
  const p = props(row);
  const bv = lower(row.type).endsWith('/backupinstances');
  const policyId = bv ? String((p.policyInfo as Props | undefined)?.policyId ?? '') : undefined;
  const target = retryTargetOf(id, policyId || undefined);
  if (!target) throw new Error(`no retry target for ${id}`);
  if (target.kind === 'bv') {
    const rules = policyRules(estate, row);
    if (rules.ruleName) target.ruleName = rules.ruleName;
    if (rules.retentionTag) target.retentionTag = rules.retentionTag;
  }
  return { row, id, name: String(p.friendlyName ?? row.name), workload: String(workloadOf(row)), target };
}

/** Per workload, items that may be backed up now (active protection, a backup rule, no running job), in estate order. */
export function retryableItems(estate: Estate, workload: string): PickedItem[] {
  const running = runningItemIds(estate);
  return estate.tables.RecoveryServicesResources.filter((row) => {
    if (!isItem(row) || workloadOf(row) !== workload || running.has(lower(row.id))) return false;
    const bv = lower(row.type).endsWith('/backupinstances');
    const ok = bv ? ['ProtectionConfigured'] : ['Protected', 'IRPending'];
    if (!ok.includes(stateOf(row))) return false;
    return !bv || policyRules(estate, row).ruleName !== undefined;
  }).map((row) => toPicked(estate, row));
}

export function retryableItem(estate: Estate, workload: string, index = 0): PickedItem {
  const item = retryableItems(estate, workload)[index];
  if (!item) throw new Error(`the demo estate has no retryable ${workload} item #${index}`);
  return item;
}

/** A protected blob instance whose policy has no backup rule (operational, continuous backup). */
export function continuousBlobItem(estate: Estate): PickedItem {
  const row = estate.tables.RecoveryServicesResources.find(
    (r) =>
      isItem(r) &&
      workloadOf(r) === 'blobs' &&
      stateOf(r) === 'ProtectionConfigured' &&
      policyRules(estate, r).ruleName === undefined,
  );
  if (!row) throw new Error('the demo estate has no operational blob instance');
  return toPicked(estate, row);
}

/** An item whose protectionState or currentProtectionState is `state` (e.g. ProtectionStopped, SoftDeleted). */
export function itemInState(estate: Estate, workload: string, state: string): PickedItem {
  const row = estate.tables.RecoveryServicesResources.find(
    (r) =>
      isItem(r) && workloadOf(r) === workload && (stateOf(r) === state || props(r).currentProtectionState === state),
  );
  if (!row) throw new Error(`the demo estate has no ${workload} item in state ${state}`);
  return toPicked(estate, row);
}

/** An item with active protection that a backup job (of the schedule) is running on right now. */
export function busyItem(estate: Estate): PickedItem {
  const running = runningItemIds(estate);
  const row = estate.tables.RecoveryServicesResources.find(
    (r) => isItem(r) && running.has(lower(r.id)) && ['Protected', 'ProtectionConfigured'].includes(stateOf(r)),
  );
  if (!row) throw new Error('the demo estate has no busy item');
  return toPicked(estate, row);
}

/** Whether a backup job of the item failed within the last `hours` (its row on a failed-jobs view). */
export function failedRecently(estate: Estate, itemId: string, now: Date = ESTATE_NOW, hours = 24): boolean {
  const since = now.getTime() - hours * 3_600_000;
  const itemOf = jobItemLookup(estate.tables.RecoveryServicesResources);
  return estate.tables.RecoveryServicesResources.some((row) => {
    const p = (row.properties ?? {}) as Record<string, unknown>;
    return (
      String(row.type).toLowerCase().endsWith('/backupjobs') &&
      String(p.status).toLowerCase() === 'failed' &&
      String(p.operationCategory ?? p.operation ?? '')
        .toLowerCase()
        .startsWith('backup') &&
      String(itemOf(row)?.id ?? '').toLowerCase() === itemId.toLowerCase() &&
      Date.parse(String(p.startTime)) > since
    );
  });
}

/** "contoso-prod (0b2e…)": how retry cards name the subscription of an item (its ResourceContainers row's name). */
export function subscriptionFact(estate: Estate, subscriptionId: string): string {
  const row = estate.tables.ResourceContainers.find(
    (r) => lower(r.type) === 'microsoft.resources/subscriptions' && lower(r.subscriptionId) === lower(subscriptionId),
  );
  return typeof row?.name === 'string' ? `${row.name} (${subscriptionId})` : subscriptionId;
}
