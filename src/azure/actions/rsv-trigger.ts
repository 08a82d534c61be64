// Recovery Services on-demand backup: Backups_Trigger through @azure/arm-recoveryservicesbackup 12 (which resolves
// to void, so the 202's Azure-AsyncOperation header is read through onResponse), then the protected item's operation
// status is polled, as often as Retry-After allows, until Azure names the job (the operation succeeds once the job
// exists, not when the backup ends).
import type { OperationStatus, RecoveryServicesBackupClient } from '@azure/arm-recoveryservicesbackup';
import type { RetryTarget } from '../../core/domain/instances';
import { BackupActionError } from '../../core/retry/action-error';
import type { TriggerOptions, TriggerResult } from '../../core/retry/ports';
import { type ErrorContext, isAbort, toBackupActionError } from './errors';
import { type OperationPolling, type PollClock, pollOperation } from './polling';
import { buildRsvRequest } from './rsv-request';

type RsvTarget = Extract<RetryTarget, { kind: 'rsv' }>;

export interface RsvTriggerDeps {
  client: (subscriptionId: string) => RecoveryServicesBackupClient;
  retentionDays: number;
  polling: OperationPolling;
  clock: PollClock;
  now: () => Date;
}

/** The operation id: the last path segment of Azure-AsyncOperation (…/operationsStatus/{id}) or Location. */
export function operationIdOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const path = url.split('?')[0] ?? '';
  const id = path.split('/').pop();
  return id && id !== '' ? decodeURIComponent(id) : undefined;
}

export async function triggerRsvBackup(
  deps: RsvTriggerDeps,
  target: RsvTarget,
  options: TriggerOptions,
): Promise<TriggerResult> {
  const now = options.now ?? deps.now();
  const { body, info } = buildRsvRequest(target, {
    ...(options.workload === undefined ? {} : { workload: options.workload }),
    now,
    retentionDays: deps.retentionDays,
  });
  const ctx: ErrorContext = {
    vaultName: target.vaultName,
    subscriptionId: target.subscriptionId,
    itemName: target.protectedItemName,
    phase: 'trigger',
  };
  const client = deps.client(target.subscriptionId);
  const args = [target.vaultName, target.resourceGroup, target.fabricName, target.containerName] as const;
  let asyncUrl: string | undefined;
  let retryAfter: string | undefined;
  try {
    await client.backups.trigger(...args, target.protectedItemName, body, {
      ...(options.signal ? { abortSignal: options.signal } : {}),
      onResponse: (raw) => {
        asyncUrl = raw.headers.get('azure-asyncoperation') ?? raw.headers.get('location') ?? undefined;
        retryAfter = raw.headers.get('retry-after') ?? undefined;
      },
    });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw toBackupActionError(err, ctx);
  }
  ctx.phase = 'operation';
  const operationId = operationIdOf(asyncUrl);
  if (!operationId) {
    throw toBackupActionError(new Error('Azure accepted the request without an operation to follow'), ctx);
  }
  const jobId = await pollForJob(deps, target, operationId, retryAfter, ctx, options);
  const id = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${target.vaultName}/backupJobs/${jobId}`;
  return {
    job: {
      kind: 'rsv',
      subscriptionId: target.subscriptionId,
      resourceGroup: target.resourceGroup,
      vaultName: target.vaultName,
      jobId,
      id,
    },
    request: info,
  };
}

/**
 * Polls the protected item's operation status (as the SDK reads Azure-AsyncOperation) until Azure names the job:
 * `properties.jobId` is taken as soon as it appears (backup-azure-sql-vm-rest-api.md shows it on the Succeeded
 * status), each answer's Retry-After decides the next wait.
 */
async function pollForJob(
  deps: RsvTriggerDeps,
  target: RsvTarget,
  operationId: string,
  retryAfter: string | undefined,
  ctx: ErrorContext,
  options: TriggerOptions,
): Promise<string> {
  const client = deps.client(target.subscriptionId);
  const signal = options.signal;
  return pollOperation<string>({
    polling: deps.polling,
    clock: deps.clock,
    firstRetryAfter: retryAfter,
    ...(signal ? { signal } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
    timedOut: () =>
      new BackupActionError({
        kind: 'timeout',
        accepted: true,
        message: `Azure accepted the backup of ${target.protectedItemName} in vault ${target.vaultName} but did not name its job within ${Math.max(1, Math.round(deps.polling.timeoutMs / 1000))} s.`,
        hint: 'Look at the item (item <name>) before starting another backup.',
      }),
    poll: async () => {
      let status: OperationStatus;
      let next: string | undefined;
      try {
        status = await client.protectedItemOperationStatuses.get(
          target.vaultName,
          target.resourceGroup,
          target.fabricName,
          target.containerName,
          target.protectedItemName,
          operationId,
          {
            ...(signal ? { abortSignal: signal } : {}),
            onResponse: (raw) => {
              next = raw.headers.get('retry-after') ?? undefined;
            },
          },
        );
      } catch (err) {
        if (isAbort(err)) throw err;
        throw toBackupActionError(err, ctx);
      }
      const jobId = jobIdOf(status.properties);
      if (jobId) return { done: jobId };
      const state = (status.status ?? '').toLowerCase();
      if (state === 'succeeded') throw toBackupActionError(new Error('the finished operation named no job'), ctx);
      if (state === 'failed' || state === 'canceled' || state === 'cancelled' || state === 'invalid') {
        // The operation failed before a job existed: nothing is running because of this request.
        const failure = { code: status.error?.code, message: status.error?.message ?? `operation ${state}` };
        throw toBackupActionError(failure, { ...ctx, phase: 'trigger', answered: true });
      }
      return next === undefined ? {} : { retryAfter: next };
    },
  });
}

/** The job's name from `properties.jobId` (a GUID, or an ARM id ending in it); undefined when not there yet. */
function jobIdOf(properties: unknown): string | undefined {
  const jobId = (properties as { jobId?: unknown } | undefined)?.jobId;
  return typeof jobId === 'string' && jobId !== '' ? (jobId.split('/').pop() ?? jobId) : undefined;
}
