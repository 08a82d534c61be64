// Recovery Services protected items (VM, SQL in VM, SAP HANA in VM, Azure Files) with their 14 days of jobs and
// alerts. Container / item names follow docs/azure-facts.md §1.2 (`;`-separated, casing varies per item);
// lastBackupStatus uses each workload's own value set (VM/Files Completed|Failed, SQL/HANA
// Healthy|Unhealthy|IRPending).

import { recordItemHistory } from './alerts';
import { DAY, HOUR, isoTime, T, type Workload } from './arm';
import type { GenContext, PolicyKind, VaultRec } from './context';
import { toRsvJobError } from './error-catalog';
import { type HistoryResult, type ItemPlan, planItem } from './history';
import { buildRsvJobRow } from './job-rows';
import type { Rng } from './prng';
import type { Row } from './types';

type RsvWorkload = 'vm' | 'sql' | 'hana' | 'files';

export interface RsvItemSpec {
  workload: RsvWorkload;
  policyKind: PolicyKind;
  /** The protectionContainers segment, e.g. `IaasVMContainer;iaasvmcontainerv2;rg;vm`. */
  container: string;
  itemName: string;
  friendlyName: string;
  /** The datasource id as this item spells it (its casing may differ from the Resources row). */
  sourceResourceId: string;
  datasourceName: string;
  datasourceLocation: string;
  /** SQL / HANA only. */
  workload2?: { serverName: string; parentName: string; parentType: string; workloadType: string; itemType: string };
  /** Catalog code of the failure a deleted datasource causes. */
  deletedError?: string;
}

const MGMT: Record<RsvWorkload, string> = {
  vm: 'AzureIaasVM',
  sql: 'AzureWorkload',
  hana: 'AzureWorkload',
  files: 'AzureStorage',
};
const WORKLOAD_TYPE: Record<RsvWorkload, string> = {
  vm: 'VM',
  sql: 'SQLDataBase',
  hana: 'SAPHanaDatabase',
  files: 'AzureFileShare',
};
// datasourceType of the ARG "unified" layer: APRL uses Microsoft.Compute/virtualMachines for VMs; the others are a
// guess.
const UNIFIED_DS_TYPE: Record<RsvWorkload, string> = {
  vm: 'Microsoft.Compute/virtualMachines',
  sql: 'SQLDataBase',
  hana: 'SAPHanaDatabase',
  files: 'AzureFileShare',
};

function containerNameProp(spec: RsvItemSpec): string {
  return spec.workload === 'vm' ? spec.container.replace(/^iaasvmcontainer;/i, '') : spec.container;
}

/** Non-backup jobs around the lifecycle (configure, stop, delete data) when they fall in the 14-day window. */
function addLifecycleJobs(ctx: GenContext, rng: Rng, row: Row, plan: ItemPlan): void {
  const out = ctx.tables.RecoveryServicesResources;
  const add = (operation: string, at: number): void => {
    if (at < ctx.windowStart || at > ctx.now) return;
    const end = new Date(Math.min(ctx.now, at + rng.int(20, 300) * 1000));
    out.push(
      buildRsvJobRow(row, {
        jobId: rng.guid(),
        status: 'Completed',
        startTime: new Date(at),
        endTime: end,
        isUserTriggered: true,
        operation,
      }),
    );
  };
  add('ConfigureBackup', plan.configuredAt - 5 * 60_000);
  if (plan.stoppedAt !== undefined)
    add(plan.state === 'softdeleted' ? 'DeleteBackupData' : 'DisableBackup', plan.stoppedAt);
  if (rng.chance(0.004)) add('Restore', ctx.now - rng.int(1, 13 * 24) * HOUR);
}

export function addRsvItem(ctx: GenContext, rng: Rng, vault: VaultRec, spec: RsvItemSpec): Row {
  const policy = vault.policies[spec.policyKind];
  if (!policy) throw new Error(`vault ${vault.name} has no ${spec.policyKind} policy`);
  policy.count++;
  const plan = planItem(ctx, rng, spec.workload as Workload, spec.deletedError);
  const workloadType = spec.workload2?.workloadType ?? WORKLOAD_TYPE[spec.workload];
  const row: Row = {
    id: `${vault.childPrefix}/backupFabrics/Azure/protectionContainers/${spec.container}/protectedItems/${spec.itemName}`,
    name: spec.itemName,
    type: T.rsvItem,
    tenantId: vault.sub.tenantId,
    location: vault.location,
    resourceGroup: vault.rgName.toLowerCase(),
    subscriptionId: vault.sub.id,
    // Just what the job builder reads; replaced by the full properties below.
    properties: {
      friendlyName: spec.friendlyName,
      backupManagementType: MGMT[spec.workload],
      containerName: containerNameProp(spec),
      workloadType,
      sourceResourceId: spec.sourceResourceId,
    },
  };
  ctx.tables.RecoveryServicesResources.push(row);
  const subject = {
    workload: spec.workload,
    itemId: row.id as string,
    friendlyName: spec.friendlyName,
    datasourceId: spec.sourceResourceId,
    datasourceName: spec.datasourceName,
    sourceType: workloadType,
  };
  const history = recordItemHistory(ctx, rng, vault, {
    subject,
    schedule: policy.schedule,
    plan,
    jobRow: (job) =>
      buildRsvJobRow(row, {
        jobId: job.jobId,
        status: job.outcome,
        startTime: new Date(job.startMs),
        endTime: job.endMs === undefined ? undefined : new Date(job.endMs),
        now: job.now,
        isUserTriggered: job.user,
        error: job.error ? toRsvJobError(job.error) : undefined,
      }),
  });
  addLifecycleJobs(ctx, rng, row, plan);
  row.properties = itemProperties(ctx, rng, vault, spec, plan, history, policy.id, policy.name);
  return row;
}

function itemProperties(
  ctx: GenContext,
  rng: Rng,
  vault: VaultRec,
  spec: RsvItemSpec,
  plan: ItemPlan,
  h: HistoryResult,
  policyId: string,
  policyName: string,
): Record<string, unknown> {
  const stopped = plan.state === 'stopped' || plan.state === 'softdeleted';
  const pending = plan.state === 'irpending';
  let lastMs = h.lastAttemptMs;
  let failed = h.lastFailed;
  let lastOk = h.lastSuccessEndMs;
  if (lastMs === undefined && !pending) {
    // Stopped before the 14-day window: the last backup happened before protection stopped.
    lastMs = (plan.stoppedAt ?? ctx.now) - rng.int(2, 20) * HOUR;
    failed = false;
  }
  if (lastOk === undefined && !pending && lastMs !== undefined) {
    lastOk = failed ? (plan.failingSince ?? lastMs) - rng.int(2, 26) * HOUR : lastMs + rng.int(5, 90) * 60_000;
  }
  const unhealthy = !stopped && !pending && failed;
  const state = stopped
    ? 'ProtectionStopped'
    : pending
      ? 'IRPending'
      : unhealthy && plan.state === 'failing'
        ? 'ProtectionError'
        : 'Protected';
  const isWorkload = spec.workload === 'sql' || spec.workload === 'hana';
  const p: Record<string, unknown> = { friendlyName: spec.friendlyName };
  if (spec.workload === 'vm') p.virtualMachineId = spec.sourceResourceId;
  if (spec.workload2) {
    p.serverName = spec.workload2.serverName;
    p.parentName = spec.workload2.parentName;
    p.parentType = spec.workload2.parentType;
  }
  p.protectionStatus = unhealthy ? 'Unhealthy' : 'Healthy';
  p.protectionState = state;
  if (isWorkload) {
    const health = pending ? 'IRPending' : unhealthy ? 'Unhealthy' : 'Healthy';
    p.protectedItemHealthStatus = health;
    p.lastBackupStatus = lastMs === undefined ? 'IRPending' : failed ? 'Unhealthy' : 'Healthy';
  } else {
    p.healthStatus = unhealthy ? (plan.state === 'failing' ? 'ActionRequired' : 'ActionSuggested') : 'Passed';
    if (lastMs !== undefined) p.lastBackupStatus = failed ? 'Failed' : 'Completed';
  }
  if (lastMs !== undefined) p.lastBackupTime = isoTime(lastMs);
  if (isWorkload && failed && h.lastError) {
    const e = h.lastError;
    p.lastBackupErrorDetail = { code: e.code, message: e.message, recommendations: e.recommendations };
  }
  if (lastOk !== undefined) p.lastRecoveryPoint = isoTime(lastOk);
  p.backupManagementType = MGMT[spec.workload];
  p.workloadType = spec.workload2?.workloadType ?? WORKLOAD_TYPE[spec.workload];
  p.containerName = containerNameProp(spec);
  p.sourceResourceId = spec.sourceResourceId;
  p.policyId = policyId;
  p.policyName = policyName;
  p.protectedItemType =
    spec.workload2?.itemType ??
    (spec.workload === 'vm' ? 'Microsoft.Compute/virtualMachines' : 'AzureFileShareProtectedItem');
  if (isWorkload) p.protectedItemDataSourceId = String(rng.int(100_000_000, 999_999_999));
  if (plan.state === 'softdeleted' && plan.stoppedAt !== undefined) {
    p.isScheduledForDeferredDelete = true;
    p.deferredDeleteTimeInUTC = isoTime(plan.stoppedAt + 14 * DAY);
  }
  if (rng.next() < vault.unifiedShare) {
    p.currentProtectionState =
      plan.state === 'softdeleted'
        ? 'SoftDeleted'
        : stopped
          ? 'ProtectionStopped'
          : pending
            ? 'ConfiguringProtection'
            : state === 'ProtectionError'
              ? 'ProtectionError'
              : 'ProtectionConfigured';
    p.dataSourceInfo = {
      resourceID: spec.sourceResourceId,
      resourceLocation: spec.datasourceLocation,
      datasourceType: UNIFIED_DS_TYPE[spec.workload],
    };
  }
  return p;
}
