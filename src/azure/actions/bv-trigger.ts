// Backup vault ad-hoc backup (BackupInstances_AdhocBackup, docs/azure-facts.md §4.3) over REST: the policy's AzureBackupRule and
// its default retention tag, the POST, then the operation followed until Azure names the job: from the POST's own
// answer, the operation status (Azure-AsyncOperation) or the final result (Location), whichever names it first.
import type { RetryTarget } from '../../core/domain/instances';
import { BackupActionError } from '../../core/retry/action-error';
import type { TriggerOptions, TriggerResult } from '../../core/retry/ports';
import { readPolicyRules } from '../instances/retry-rules';
import type { ArmJsonClient, ArmJsonResponse } from './arm-json';
import { type ErrorContext, isAbort, toBackupActionError } from './errors';
import { type OperationPolling, type PollClock, type PollStep, pollOperation } from './polling';

type BvTarget = Extract<RetryTarget, { kind: 'bv' }>;

/** Newest stable api-version verified in the spec repo (docs/azure-facts.md §4.3); the stand-in also serves it. */
export const DEFAULT_BV_API_VERSION = '2025-09-01';
/** The retention rule every Backup vault policy has; used when the rule's default tag is unknown. */
export const DEFAULT_RETENTION_TAG = 'Default';

export interface BvTriggerDeps {
  arm: ArmJsonClient;
  apiVersion: string;
  polling: OperationPolling;
  clock: PollClock;
}

/** The job's name from a bare GUID or an ARM id (…/backupJobs/{name}). */
export function normaliseJobId(value: string): string {
  const trimmed = value.trim().replace(/\/+$/, '');
  const m = /\/backupJobs\/([^/?]+)/i.exec(trimmed);
  return m?.[1] ?? trimmed.split('/').pop() ?? trimmed;
}

function vaultPath(t: { subscriptionId: string; resourceGroup: string; vaultName: string }): string {
  const e = encodeURIComponent;
  return `/subscriptions/${e(t.subscriptionId)}/resourceGroups/${e(t.resourceGroup)}/providers/Microsoft.DataProtection/backupVaults/${e(t.vaultName)}`;
}

/** `jobId` of an OperationJobExtendedInfo, where it sits in `value` (a result body or a status's properties). */
function jobIdIn(value: unknown): string | undefined {
  const jobId = (value as { jobId?: unknown } | undefined)?.jobId;
  return typeof jobId === 'string' && jobId.trim() !== '' ? normaliseJobId(jobId) : undefined;
}

export async function triggerBvBackup(
  deps: BvTriggerDeps,
  target: BvTarget,
  options: TriggerOptions,
): Promise<TriggerResult> {
  const ctx: ErrorContext = {
    vaultName: target.vaultName,
    subscriptionId: target.subscriptionId,
    itemName: target.backupInstanceName,
    phase: 'trigger',
  };
  const signal = options.signal;
  const instanceUrl = `${deps.arm.endpoint}${vaultPath(target)}/backupInstances/${encodeURIComponent(target.backupInstanceName)}`;
  const rule = await resolveRule(deps, target, instanceUrl, ctx, signal);
  const body = { backupRuleOptions: { ruleName: rule.ruleName, triggerOption: { retentionTagOverride: rule.tag } } };
  let posted: ArmJsonResponse;
  try {
    posted = await deps.arm.send('POST', `${instanceUrl}/backup?api-version=${deps.apiVersion}`, body, signal);
  } catch (err) {
    if (isAbort(err)) throw err;
    throw toBackupActionError(err, ctx);
  }
  const jobId =
    jobIdIn(posted.body) ?? (await followOperation(deps, target, posted, { ...ctx, phase: 'operation' }, options));
  return {
    job: {
      kind: 'bv',
      subscriptionId: target.subscriptionId,
      resourceGroup: target.resourceGroup,
      vaultName: target.vaultName,
      jobId,
      id: `${vaultPath(target)}/backupJobs/${jobId}`,
    },
    request: { objectType: 'TriggerBackupRequest', ruleName: rule.ruleName, retentionTag: rule.tag },
  };
}

/**
 * The 202's operation, followed until it names the job. Microsoft's Data Protection REST walkthroughs read
 * `properties.jobId` from the operation status (Azure-AsyncOperation; backup-azure-dataprotection-use-rest-api-*.md
 * show `{status: "Succeeded", properties: {objectType: "OperationJobExtendedInfo", jobId: <ARM id>}}`), the spec's
 * final-state-via is Location (`{jobId, objectType}`): the status is read while it runs, the Location once it says
 * Succeeded without a job, or alone when Azure gave no status URL (whether a 202 can lack Azure-AsyncOperation is
 * unverified; the spec's examples always carry both).
 */
async function followOperation(
  deps: BvTriggerDeps,
  target: BvTarget,
  accepted: ArmJsonResponse,
  ctx: ErrorContext,
  options: TriggerOptions,
): Promise<string> {
  if (accepted.status !== 202 && accepted.status !== 201) {
    // 200 is the synchronous answer and must carry the job (OperationJobExtendedInfo).
    throw toBackupActionError(new Error('Azure accepted the request without naming its job'), ctx);
  }
  const signal = options.signal;
  let statusUrl: string | undefined = accepted.headers['azure-asyncoperation'];
  const resultUrl: string | undefined = accepted.headers.location;
  if (!statusUrl && !resultUrl) {
    throw toBackupActionError(new Error('Azure accepted the request without an operation to follow'), ctx);
  }
  const get = async (url: string): Promise<ArmJsonResponse> => {
    try {
      return await deps.arm.send('GET', url, undefined, signal);
    } catch (err) {
      if (isAbort(err)) throw err;
      throw toBackupActionError(err, ctx);
    }
  };
  const readResult = async (): Promise<PollStep<string>> => {
    const res = await get(resultUrl as string);
    const jobId = jobIdIn(res.body);
    if (jobId) return { done: jobId };
    if (res.status === 202) return withRetryAfter(res);
    throw toBackupActionError(new Error('the finished operation named no job'), ctx);
  };
  return pollOperation<string>({
    polling: deps.polling,
    clock: deps.clock,
    firstRetryAfter: accepted.headers['retry-after'],
    ...(signal ? { signal } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
    timedOut: () => timedOut(target, deps.polling.timeoutMs),
    poll: async () => {
      if (!statusUrl) return readResult();
      const res = await get(statusUrl);
      const status = (res.body ?? {}) as { status?: unknown; error?: { code?: string; message?: string } };
      const jobId = jobIdIn((res.body as { properties?: unknown } | undefined)?.properties);
      if (jobId) return { done: jobId };
      const state = typeof status.status === 'string' ? status.status.toLowerCase() : '';
      if (state === 'failed' || state === 'canceled' || state === 'cancelled') {
        // The operation failed before a job existed: nothing runs because of this request.
        const failure = status.error ?? { message: `operation ${String(status.status)}` };
        throw toBackupActionError(failure, { ...ctx, phase: 'trigger', answered: true });
      }
      if (state === 'succeeded') {
        if (!resultUrl) throw toBackupActionError(new Error('the finished operation named no job'), ctx);
        statusUrl = undefined;
        return readResult();
      }
      return withRetryAfter(res);
    },
  });
}

function withRetryAfter(res: ArmJsonResponse): PollStep<string> {
  const retryAfter = res.headers['retry-after'];
  return retryAfter === undefined ? {} : { retryAfter };
}

/** The rule the item lookup found in the policy, else the policy read through ARM (instance → policy → rules). */
async function resolveRule(
  deps: BvTriggerDeps,
  target: BvTarget,
  instanceUrl: string,
  ctx: ErrorContext,
  signal: AbortSignal | undefined,
): Promise<{ ruleName: string; tag: string }> {
  if (target.ruleName) return { ruleName: target.ruleName, tag: target.retentionTag ?? DEFAULT_RETENTION_TAG };
  try {
    let policyId = target.policyId;
    if (!policyId) {
      const instance = await deps.arm.send('GET', `${instanceUrl}?api-version=${deps.apiVersion}`, undefined, signal);
      const info = (instance.body as { properties?: { policyInfo?: { policyId?: unknown } } } | undefined)?.properties;
      policyId = typeof info?.policyInfo?.policyId === 'string' ? info.policyInfo.policyId : undefined;
    }
    if (policyId) {
      const url = `${deps.arm.endpoint}${policyId.split('/').map(encodeURIComponent).join('/')}?api-version=${deps.apiVersion}`;
      const policy = await deps.arm.send('GET', url, undefined, signal);
      const rules = readPolicyRules(
        (policy.body as { properties?: { policyRules?: unknown } })?.properties?.policyRules,
      );
      if (rules.ruleName) return { ruleName: rules.ruleName, tag: rules.retentionTag ?? DEFAULT_RETENTION_TAG };
    }
  } catch (err) {
    if (isAbort(err)) throw err;
    throw toBackupActionError(err, ctx);
  }
  throw new BackupActionError({
    kind: 'rejected',
    accepted: false,
    message: `The backup policy of ${target.backupInstanceName} has no backup rule to run on demand (continuous backup only, or no policy).`,
    hint: 'Operational blob backup is continuous and needs no on-demand backup; other workloads need a policy with a backup rule.',
  });
}

function timedOut(target: BvTarget, timeoutMs: number): BackupActionError {
  return new BackupActionError({
    kind: 'timeout',
    accepted: true,
    message: `Azure accepted the backup of ${target.backupInstanceName} in vault ${target.vaultName} but did not name its job within ${Math.max(1, Math.round(timeoutMs / 1000))} s.`,
    hint: 'Look at the item (item <name>) before starting another backup.',
  });
}
