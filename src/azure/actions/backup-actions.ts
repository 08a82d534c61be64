// createBackupActions: core's BackupActions port over Azure Resource Manager (or the local stand-in): on-demand
// backups for both vault kinds and job status reads, with one Recovery Services client per vault subscription.
import { RecoveryServicesBackupClient } from '@azure/arm-recoveryservicesbackup';
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import type { RetryTarget } from '../../core/domain/instances';
import type {
  BackupActions,
  JobRef,
  JobState,
  TriggerOptions,
  TriggerRequestInfo,
  TriggerResult,
} from '../../core/retry/ports';
import type { ArmConnection } from '../arm-connection';
import { useArmTimeout } from '../arm-timeout';
import { useWriteSafeRetries } from '../write-safe-retry';
import { createArmJsonClient } from './arm-json';
import { DEFAULT_BV_API_VERSION, DEFAULT_RETENTION_TAG, triggerBvBackup } from './bv-trigger';
import { getJobStatus } from './job-status';
import { DEFAULT_OPERATION_POLLING, type OperationPolling, type PollClock, SYSTEM_POLL_CLOCK } from './polling';
import { buildRsvRequest, DEFAULT_RSV_RETENTION_DAYS } from './rsv-request';
import { triggerRsvBackup } from './rsv-trigger';

export interface BackupActionsOptions {
  connection: ArmConnection;
  /** How long a Recovery Services on-demand recovery point is kept (days, 1..3650; default 30, Azure's default). */
  retentionDays?: number;
  /** Backup vault REST api-version (default 2025-09-01). */
  bvApiVersion?: string;
  /** Waiting for Azure to name the job after a trigger (Retry-After honoured within these bounds). */
  polling?: Partial<OperationPolling>;
  /** Where those waits read the time and sleep (tests advance a fake one); default: the system clock. */
  pollClock?: PollClock;
  /**
   * SDK pipeline retries (default: the SDK's, 3 retries honouring Retry-After): reads on 429/5xx, triggers only on 429
   * (src/azure/write-safe-retry.ts).
   */
  retryOptions?: PipelineRetryOptions;
  /** Each ARM request (an attempt) fails after this long without an answer (default 30 s). */
  requestTimeoutMs?: number;
  now?: () => Date;
}

export function createBackupActions(options: BackupActionsOptions): BackupActions {
  const retentionDays = options.retentionDays ?? DEFAULT_RSV_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 3650) {
    throw new Error(`retentionDays must be a whole number of days from 1 to 3650, not ${retentionDays}`);
  }
  const { connection } = options;
  const polling: OperationPolling = { ...DEFAULT_OPERATION_POLLING, ...options.polling };
  const now = options.now ?? (() => new Date());
  const clock = options.pollClock ?? SYSTEM_POLL_CLOCK;
  const clients = new Map<string, RecoveryServicesBackupClient>();
  const rsvClient = (subscriptionId: string): RecoveryServicesBackupClient => {
    const key = subscriptionId.toLowerCase();
    let client = clients.get(key);
    if (!client) {
      client = new RecoveryServicesBackupClient(connection.credential, subscriptionId, {
        ...connection.clientOptions,
        ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
      });
      useWriteSafeRetries(client, options.retryOptions);
      useArmTimeout(client, options.requestTimeoutMs);
      clients.set(key, client);
    }
    return client;
  };
  const arm = createArmJsonClient(connection, options.retryOptions, options.requestTimeoutMs);
  const bvApiVersion = options.bvApiVersion ?? DEFAULT_BV_API_VERSION;
  return {
    describeBackup(target: RetryTarget, opts: TriggerOptions = {}): TriggerRequestInfo {
      if (target.kind === 'bv') {
        return {
          objectType: 'TriggerBackupRequest',
          ...(target.ruleName
            ? { ruleName: target.ruleName, retentionTag: target.retentionTag ?? DEFAULT_RETENTION_TAG }
            : {}),
        };
      }
      const options = { now: opts.now ?? now(), retentionDays, ...(opts.workload ? { workload: opts.workload } : {}) };
      return buildRsvRequest(target, options).info;
    },
    triggerBackup(target: RetryTarget, opts: TriggerOptions = {}): Promise<TriggerResult> {
      if (target.kind === 'rsv')
        return triggerRsvBackup({ client: rsvClient, retentionDays, polling, clock, now }, target, opts);
      return triggerBvBackup({ arm, apiVersion: bvApiVersion, polling, clock }, target, opts);
    },
    getJobStatus(job: JobRef, opts: { signal?: AbortSignal } = {}): Promise<JobState> {
      return getJobStatus({ rsvClient, arm, bvApiVersion }, job, opts.signal);
    },
  };
}
