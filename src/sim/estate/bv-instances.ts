// Backup vault backup instances (Blobs, managed disks, PostgreSQL single/flexible, AKS) with their jobs and alerts.
// Instances have protectionStatus / currentProtectionState / policyInfo and deliberately NO lastBackupStatus or
// lastBackupTime (docs/azure-facts.md §1.3): "last backup" of a Backup vault workload can only come from its job rows.

import { recordItemHistory } from './alerts';
import { T, type Workload } from './arm';
import type { GenContext, PolicyKind, PolicyRec, VaultRec } from './context';
import { toBvJobError } from './error-catalog';
import { type ItemPlan, planItem } from './history';
import { buildBvJobRow } from './job-rows';
import type { Rng } from './prng';
import type { Row } from './types';

export interface BvDatasourceSpec {
  workload: Extract<Workload, 'blobs' | 'disks' | 'postgres' | 'aks'>;
  policyKind: PolicyKind;
  datasourceType: string;
  /** The datasource id as the instance spells it (casing may differ from Resources). */
  resourceId: string;
  resourceName: string;
  resourceType: string;
  location: string;
  friendlyName: string;
  /** PostgreSQL single server (the database's server) and AKS (the cluster itself). */
  set?: { id: string; name: string; type: string };
  deletedError?: string;
}

const policyInfos = new WeakMap<PolicyRec, Readonly<Record<string, string>>>();

function policyInfo(policy: PolicyRec): Readonly<Record<string, string>> {
  let info = policyInfos.get(policy);
  if (!info) {
    info = Object.freeze({ policyId: policy.id, policyVersion: '' });
    policyInfos.set(policy, info);
  }
  return info;
}

function states(rng: Rng, plan: ItemPlan, lastFailed: boolean, lastCode: string): readonly [string, string] {
  switch (plan.state) {
    case 'softdeleted':
      return ['SoftDeleted', 'SoftDeleted'];
    case 'stopped':
      return [rng.chance(0.25) ? 'BackupSchedulesSuspended' : 'ProtectionStopped', 'ProtectionStopped'];
    case 'irpending':
      return rng.chance(0.2)
        ? ['ConfiguringProtectionFailed', 'ConfiguringProtectionFailed']
        : ['ConfiguringProtection', 'ConfiguringProtection'];
    default:
      // Permission problems surface as ProtectionError on the instance; other failures only show in jobs.
      return lastFailed && /Permission|MSI/.test(lastCode)
        ? ['ProtectionError', 'ProtectionConfigured']
        : ['ProtectionConfigured', 'ProtectionConfigured'];
  }
}

export function addBvInstance(ctx: GenContext, rng: Rng, vault: VaultRec, spec: BvDatasourceSpec): Row {
  const policy = vault.policies[spec.policyKind];
  if (!policy) throw new Error(`vault ${vault.name} has no ${spec.policyKind} policy`);
  const plan = planItem(ctx, rng, spec.workload, spec.deletedError);
  const setName = spec.set?.name ?? spec.resourceName;
  const name = `${setName}-${spec.resourceName}-${rng.guid()}`;
  const dataSourceInfo: Record<string, unknown> = {
    datasourceType: spec.datasourceType,
    objectType: 'Datasource',
    resourceID: spec.resourceId,
    resourceLocation: spec.location,
    resourceName: spec.resourceName,
    resourceType: spec.resourceType,
  };
  const properties: Record<string, unknown> = { friendlyName: spec.friendlyName, dataSourceInfo };
  if (spec.set) {
    properties.dataSourceSetInfo = {
      datasourceType: spec.datasourceType,
      objectType: 'DatasourceSet',
      resourceID: spec.set.id,
      resourceLocation: spec.location,
      resourceName: spec.set.name,
      resourceType: spec.set.type,
    };
  }
  properties.policyInfo = policyInfo(policy);
  const row: Row = {
    id: `${vault.childPrefix}/backupInstances/${name}`,
    name,
    type: T.bvInstance,
    tenantId: vault.sub.tenantId,
    location: vault.location,
    resourceGroup: vault.rgName.toLowerCase(),
    subscriptionId: vault.sub.id,
    properties,
  };
  ctx.tables.RecoveryServicesResources.push(row);
  const subject = {
    workload: spec.workload,
    itemId: row.id as string,
    friendlyName: spec.friendlyName,
    datasourceId: spec.resourceId,
    datasourceName: spec.resourceName,
    sourceType: spec.datasourceType,
  };
  const history = recordItemHistory(ctx, rng, vault, {
    subject,
    schedule: policy.schedule,
    plan,
    jobRow: (job) =>
      buildBvJobRow(row, {
        jobId: job.jobId,
        // Microsoft's examples show running BV jobs as `Started` as well as `InProgress` (docs/azure-facts.md §1.5).
        status: job.outcome === 'InProgress' && rng.chance(0.35) ? 'Started' : job.outcome,
        startTime: new Date(job.startMs),
        endTime: job.endMs === undefined ? undefined : new Date(job.endMs),
        now: job.now,
        isUserTriggered: job.user,
        error: job.error ? toBvJobError(job.error) : undefined,
        ruleName: policy.ruleName,
        retentionTag: policy.retentionTag,
      }),
  });
  const [current, status] = states(rng, plan, history.lastFailed, history.lastError?.code ?? '');
  const protectionStatus: Record<string, unknown> = { status };
  if (current === 'ConfiguringProtectionFailed' || current === 'ProtectionError') {
    const e = history.lastError;
    const detail = {
      code: e?.code ?? 'UserErrorMissingRequiredPermissions',
      message: e?.message ?? 'Appropriate permissions to perform the operation are missing.',
      isRetryable: false,
      isUserError: true,
    };
    protectionStatus.errorDetails = detail;
    if (current === 'ProtectionError') properties.protectionErrorDetails = detail;
  }
  properties.protectionStatus = protectionStatus;
  properties.currentProtectionState = current;
  properties.provisioningState = 'Succeeded';
  properties.objectType = 'BackupInstance';
  return row;
}
