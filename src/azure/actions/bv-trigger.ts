// Backup vault ad-hoc backup (BackupInstances_AdhocBackup, docs/azure-facts.md §4.3) over REST: the policy's
// AzureBackupRule and its default retention tag, the POST, and the LRO through @azure/core-lro's createHttpPoller
// (final-state-via location) until Azure names the job, whose id may come back bare or as an ARM id.
import { createHttpPoller, type OperationResponse, type OperationState } from '@azure/core-lro';
import type { HttpMethods } from '@azure/core-rest-pipeline';
import type { RetryTarget } from '../../core/domain/instances';
import { BackupActionError } from '../../core/retry/action-error';
import type { TriggerOptions, TriggerResult } from '../../core/retry/ports';
import { readPolicyRules } from '../instances/retry-rules';
import type { ArmJsonClient } from './arm-json';
import { type ErrorContext, isAbort, toBackupActionError } from './errors';
import { type OperationPolling, pollingDelay } from './polling';

type BvTarget = Extract<RetryTarget, { kind: 'bv' }>;

/** Newest stable api-version verified in the spec repo (docs/azure-facts.md §4.3); the stand-in also serves it. */
export const DEFAULT_BV_API_VERSION = '2025-09-01';
/** The retention rule every Backup vault policy has; used when the rule's default tag is unknown. */
export const DEFAULT_RETENTION_TAG = 'Default';

export interface BvTriggerDeps {
  arm: ArmJsonClient;
  apiVersion: string;
  polling: OperationPolling;
}

interface JobResult {
  jobId?: string;
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
  let failure: { code?: string; message?: string } | undefined;
  const send = async (method: HttpMethods, url: string, payload?: unknown): Promise<OperationResponse<JobResult>> => {
    const res = await deps.arm.send(method, url, payload, signal);
    const status = (res.body as { status?: unknown; error?: { code?: string; message?: string } } | undefined) ?? {};
    if (typeof status.status === 'string' && /^(failed|canceled|cancelled)$/i.test(status.status)) {
      failure = status.error ?? { message: `operation ${status.status}` };
    }
    // Azure asks for 60 s between polls; the chat user should hear about the job sooner (see polling.ts). core-lro
    // reads whole seconds, so a shorter wait is left to intervalInMs (the minimum).
    const headers = { ...res.headers };
    const waitMs = pollingDelay(deps.polling, res.headers['retry-after']);
    if (waitMs >= 1000) headers['retry-after'] = String(Math.round(waitMs / 1000));
    else delete headers['retry-after'];
    return {
      flatResponse: (res.body ?? {}) as JobResult,
      rawResponse: { statusCode: res.status, headers, body: res.body, request: { method, url } },
    };
  };
  const poller = createHttpPoller<JobResult, OperationState<JobResult>>(
    {
      sendInitialRequest: async () => {
        try {
          return await send('POST', `${instanceUrl}/backup?api-version=${deps.apiVersion}`, body);
        } catch (err) {
          if (isAbort(err)) throw err;
          throw toBackupActionError(err, ctx);
        }
      },
      sendPollRequest: (path) => send('GET', path),
    },
    { resourceLocationConfig: 'location', intervalInMs: deps.polling.minIntervalMs },
  );
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), deps.polling.timeoutMs);
  const onAbort = (): void => timeout.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let result: JobResult;
  try {
    result = await poller.pollUntilDone({ abortSignal: timeout.signal });
  } catch (err) {
    if (err instanceof BackupActionError) throw err;
    if (signal?.aborted) throw err;
    if (timeout.signal.aborted) throw timedOut(target, deps.polling.timeoutMs);
    // A failed operation created no job; anything else happened after Azure accepted the request.
    if (failure) throw toBackupActionError(failure, { ...ctx, phase: 'trigger', answered: true });
    throw toBackupActionError(err, { ...ctx, phase: 'operation' });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (typeof result?.jobId !== 'string' || result.jobId === '') {
    throw toBackupActionError(new Error('the finished operation named no job'), { ...ctx, phase: 'operation' });
  }
  const jobId = normaliseJobId(result.jobId);
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
