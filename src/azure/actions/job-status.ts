// Reads a backup job again (Recovery Services jobDetails.get, Backup vault GET backupJobs) and says where it stands:
// running (InProgress, or Started on Backup vaults), completed or failed, with Azure's errors as it words them.
import type { RecoveryServicesBackupClient } from '@azure/arm-recoveryservicesbackup';
import type { JobError, JobStatus } from '../../core/domain/jobs';
import type { JobRef, JobState } from '../../core/retry/ports';
import { toJobErrors, toJobStatus } from '../jobs/job-rows';
import type { ArmJsonClient } from './arm-json';
import { isAbort, toBackupActionError } from './errors';

export interface JobStatusDeps {
  rsvClient: (subscriptionId: string) => RecoveryServicesBackupClient;
  arm: ArmJsonClient;
  bvApiVersion: string;
}

/**
 * Backup vault jobs report a running job as Started too (docs/azure-facts.md §1.5); both spellings of cancelled occur.
 */
export function normaliseJobStatus(raw: string): JobStatus {
  const s = raw.trim().toLowerCase();
  if (s === 'started') return 'InProgress';
  if (s === 'canceled') return 'Cancelled';
  return toJobStatus(raw);
}

function iso(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'string' && value !== '') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  return undefined;
}

/**
 * RSV errors carry a numeric errorCode; the readable code (what the error catalog knows) may sit in
 * extendedInfo.propertyBag.ErrorCode (the stand-in puts it there; whether Azure's job details do is unverified).
 */
function readErrors(properties: Record<string, unknown>): JobError[] {
  const errors = toJobErrors(properties.errorDetails);
  const bag = (properties.extendedInfo as { propertyBag?: Record<string, unknown> } | undefined)?.propertyBag;
  const readable = bag?.ErrorCode ?? bag?.errorCode;
  if (typeof readable === 'string' && readable !== '' && errors[0] && /^\d+$/.test(errors[0].code)) {
    errors[0] = { ...errors[0], code: readable };
  }
  return errors;
}

function toState(properties: Record<string, unknown> | undefined): JobState {
  const p = properties ?? {};
  const rawStatus = typeof p.status === 'string' ? p.status : '';
  const state: JobState = { status: normaliseJobStatus(rawStatus), rawStatus, errors: readErrors(p) };
  const start = iso(p.startTime);
  const end = iso(p.endTime);
  if (start) state.startTime = start;
  if (end) state.endTime = end;
  return state;
}

export async function getJobStatus(deps: JobStatusDeps, job: JobRef, signal?: AbortSignal): Promise<JobState> {
  const ctx = {
    vaultName: job.vaultName,
    subscriptionId: job.subscriptionId,
    itemName: `job ${job.jobId}`,
    phase: 'status' as const,
  };
  try {
    if (job.kind === 'rsv') {
      const res = await deps
        .rsvClient(job.subscriptionId)
        .jobDetails.get(job.vaultName, job.resourceGroup, job.jobId, signal ? { abortSignal: signal } : {});
      return toState(res.properties as unknown as Record<string, unknown> | undefined);
    }
    const e = encodeURIComponent;
    const url = `${deps.arm.endpoint}/subscriptions/${e(job.subscriptionId)}/resourceGroups/${e(job.resourceGroup)}/providers/Microsoft.DataProtection/backupVaults/${e(job.vaultName)}/backupJobs/${e(job.jobId)}?api-version=${deps.bvApiVersion}`;
    const res = await deps.arm.send('GET', url, undefined, signal);
    return toState((res.body as { properties?: Record<string, unknown> } | undefined)?.properties);
  } catch (err) {
    if (isAbort(err)) throw err;
    throw toBackupActionError(err, ctx);
  }
}
