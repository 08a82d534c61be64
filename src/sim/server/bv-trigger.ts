// Backup vault ad-hoc backup (BackupInstances_AdhocBackup) and its LRO: operationStatus (vault level),
// operationResults (instance level, final-state-via location) and backupJobs.
import type { Row } from '../estate/types';
import { BV_BACKUP_ACTION } from './authz';
import { props } from './estate-index';
import { ArmError, type SimResponse } from './http-util';
import {
  accepted,
  armPath,
  checkApiVersion,
  checkVault,
  createOperation,
  findOperation,
  getJob,
  operationStatus,
  type RouteRequest,
  refuseIfRunning,
  type TriggerContext,
  type VaultKind,
  vaultPairs as vaultPairsOf,
} from './trigger-common';

export const BV_API_VERSIONS = ['2025-09-01', '2025-07-01', '2024-04-01'];
const acceptBvVersion = (v: string): boolean => BV_API_VERSIONS.includes(v);
const STOPPED_STATES = ['ProtectionStopped', 'SoftDeleted', 'SoftDeleting', 'BackupSchedulesSuspended'];

const BACKUP_VAULT: VaultKind = { provider: 'Microsoft.DataProtection', vaults: 'backupVaults' };
const vaultPairs = (p: Record<string, string>) => vaultPairsOf(p, BACKUP_VAULT);

function instancePairs(p: Record<string, string>): [string, string][] {
  return [...vaultPairs(p), ['backupInstances', p.instance ?? '']];
}

export function triggerBvBackup(ctx: TriggerContext, req: RouteRequest): SimResponse {
  const apiVersion = checkApiVersion(req.apiVersion, acceptBvVersion, 'backupVaults/backupInstances/backup');
  const vaultPath = checkVault(ctx, req, BV_BACKUP_ACTION, BACKUP_VAULT);
  const instancePath = armPath(instancePairs(req.params), false);
  const instance = ctx.index.find(instancePath);
  if (!instance) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.DataProtection/backupVaults/${req.params.vault}/backupInstances/${req.params.instance}' under resource group '${req.params.rg}' was not found.`,
    );
  }
  const { ruleName, retentionTag } = validateRule(ctx, instance, req.body);
  refuseIfStopped(instance);
  refuseIfRunning(ctx, instance);
  const job = ctx.jobs.start({ kind: 'bv', item: instance, vaultPath, ruleName, retentionTag });
  const op = createOperation(ctx, { kind: 'bv', itemPath: instancePath, vaultPath, apiVersion, jobId: job.jobId });
  return accepted(ctx, {
    'azure-asyncoperation': `${req.origin}${armPath(vaultPairs(req.params), true)}/operationStatus/${op.id}?api-version=${apiVersion}`,
    location: `${req.origin}${armPath(instancePairs(req.params), true)}/operationResults/${op.id}?api-version=${apiVersion}`,
  });
}

export function getBvOperationStatus(ctx: TriggerContext, req: RouteRequest): SimResponse {
  checkApiVersion(req.apiVersion, acceptBvVersion, 'backupVaults/operationStatus');
  const vaultPath = armPath(vaultPairs(req.params), false);
  const op = findOperation(ctx, req, 'bv', vaultPath);
  const names = ctx.ops.config.statusNamesJob;
  return operationStatus(
    ctx,
    op,
    `${vaultPath}/operationStatus/${op.id}`,
    names ? { objectType: 'OperationJobExtendedInfo', jobId: jobArmId(op.vaultPath, op.jobId) } : undefined,
  );
}

export function getBvOperationResult(ctx: TriggerContext, req: RouteRequest): SimResponse {
  checkApiVersion(req.apiVersion, acceptBvVersion, 'backupVaults/backupInstances/operationResults');
  const op = findOperation(ctx, req, 'bv', armPath(instancePairs(req.params), false));
  if (ctx.ops.poll(op, ctx.now())) {
    return { status: 200, body: { objectType: 'OperationJobExtendedInfo', jobId: jobArmId(op.vaultPath, op.jobId) } };
  }
  const location = `${req.origin}${armPath(instancePairs(req.params), true)}/operationResults/${op.id}?api-version=${op.apiVersion}`;
  return accepted(ctx, { location });
}

export function getBvJob(ctx: TriggerContext, req: RouteRequest): SimResponse {
  checkApiVersion(req.apiVersion, acceptBvVersion, 'backupVaults/backupJobs');
  return getJob(ctx, req, armPath(vaultPairs(req.params), false), 'Microsoft.DataProtection/backupVaults/backupJobs');
}

/** The final jobId is the job's ARM id in the spec examples (callers should also accept a bare GUID). */
function jobArmId(vaultPath: string, jobId: string): string {
  return `${vaultPath}/backupJobs/${jobId}`;
}

interface PolicyRule {
  objectType?: string;
  name?: string;
  isDefault?: boolean;
  trigger?: { taggingCriteria?: { tagInfo?: { tagName?: string } }[] };
}

/**
 * ruleName must name an AzureBackupRule of the instance's policy, and retentionTagOverride one of that rule's tags
 * (or a retention rule). An estate without the policy row cannot be checked, so the request is then accepted.
 */
function validateRule(ctx: TriggerContext, instance: Row, body: unknown): { ruleName: string; retentionTag?: string } {
  const options = (body as { backupRuleOptions?: Record<string, unknown> } | undefined)?.backupRuleOptions;
  if (!options || typeof options !== 'object' || typeof options.ruleName !== 'string' || options.ruleName === '') {
    throw badBody('backupRuleOptions.ruleName is required.');
  }
  const trigger = options.triggerOption as { retentionTagOverride?: unknown } | undefined;
  if (!trigger || typeof trigger !== 'object') throw badBody('backupRuleOptions.triggerOption is required.');
  const tag = trigger.retentionTagOverride;
  if (tag !== undefined && typeof tag !== 'string')
    throw badBody('triggerOption.retentionTagOverride must be a string.');
  const ruleName = options.ruleName;
  const policyId = String((props(instance).policyInfo as { policyId?: string } | undefined)?.policyId ?? '');
  const policy = policyId === '' ? undefined : ctx.index.find(policyId);
  if (!policy) return tag === undefined ? { ruleName } : { ruleName, retentionTag: tag };
  const rules = (props(policy).policyRules ?? []) as PolicyRule[];
  const rule = rules.find(
    (r) => r.objectType === 'AzureBackupRule' && r.name?.toLowerCase() === ruleName.toLowerCase(),
  );
  if (!rule) {
    const known = rules.filter((r) => r.objectType === 'AzureBackupRule').map((r) => r.name);
    // Code unverified; the message names what would have been accepted.
    throw new ArmError(
      400,
      'UserErrorInvalidBackupRuleName',
      `Backup rule '${ruleName}' was not found in policy '${String(policy.name)}'. Valid AzureBackupRule names: ${known.join(', ') || '(none: the policy has no backup rule, ad-hoc backup is not possible)'}.`,
    );
  }
  if (tag !== undefined) {
    const tags = (rule.trigger?.taggingCriteria ?? []).map((c) => c.tagInfo?.tagName?.toLowerCase());
    const retention = rules.filter((r) => r.objectType === 'AzureRetentionRule').map((r) => r.name?.toLowerCase());
    if (!tags.includes(tag.toLowerCase()) && !retention.includes(tag.toLowerCase())) {
      throw new ArmError(
        400,
        'UserErrorInvalidRetentionTag',
        `Retention tag '${tag}' is not defined by backup rule '${rule.name}' of policy '${String(policy.name)}'.`,
      );
    }
  }
  return tag === undefined
    ? { ruleName: rule.name ?? ruleName }
    : { ruleName: rule.name ?? ruleName, retentionTag: tag };
}

function refuseIfStopped(instance: Row): void {
  const p = props(instance);
  const state = String(p.currentProtectionState ?? '');
  const status = String((p.protectionStatus as { status?: string } | undefined)?.status ?? '');
  const hit = STOPPED_STATES.find((s) => s === state || s === status);
  if (!hit) return;
  // Real code unverified.
  throw new ArmError(
    400,
    'UserErrorBackupInstanceNotProtected',
    `Backup instance '${String(instance.name)}' is in state '${hit}'; an ad-hoc backup needs an instance with protection configured.`,
  );
}

function badBody(message: string): ArmError {
  return new ArmError(400, 'BadRequest', message, [{ code: 'InvalidRequestContent', message }]);
}
