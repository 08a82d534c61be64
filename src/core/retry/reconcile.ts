// A Start whose sender died between asking Azure and recording the job (its intent row outlived its lease): find the
// job in Resource Graph by item and time, then either follow it like any started job, or, once no job showed up within
// the window, say Azure did not confirm. The replica that takes the intent row out of the store writes the outcome.
import type { Job } from '../domain/jobs';
import type { RetryViewModel } from '../view-models/retry';
import { itemAuditDetails } from './checks';
import { intentWho, jobFields, leaseFrom } from './intent';
import type { ItemSource, JobRef, RetryLogger, RetryStore } from './ports';
import { type ClaimPayload, PENDING_KIND, type PendingJob, pendingId, type StartIntent } from './records';
import { type ProgressEnv, requestFailedView, startedView } from './views-progress';

export interface ReconcileDeps {
  items: ItemSource;
  store: RetryStore;
  now: () => Date;
  replicaId: string;
  leaseMs: number;
  windowMs: number;
  /** Updates the intent's card (when it has one). */
  report(
    target: Pick<PendingJob, 'messageRef' | 'timeZone'>,
    view: (env: ProgressEnv) => RetryViewModel,
  ): Promise<void>;
  log?: RetryLogger;
}

/** `job`: found, now a tracked job (follow `pending`); `wait`: not found yet; `done`: finished or someone else's. */
export type Reconciled = { kind: 'job'; pending: PendingJob } | { kind: 'wait' } | { kind: 'done' };

/** Azure's clock and ours may differ a little: a job that started this much before the request still counts. */
const CLOCK_SKEW_MS = 2 * 60_000;

export const UNCONFIRMED_MESSAGE = 'Azure did not confirm; check the item before trying again.';

export async function reconcileIntent(deps: ReconcileDeps, id: string, intent: StartIntent): Promise<Reconciled> {
  const { store } = deps;
  const pastWindow = () => deps.now().getTime() - Date.parse(intent.startedAt) >= deps.windowMs;
  // A lookup that keeps failing must not hold the card open for ever: past the window it counts as "no job".
  const found = await findJob(deps, intent).catch((err: unknown) => {
    if (pastWindow()) return undefined;
    throw err;
  });
  if (found) {
    const pending: PendingJob = { ...jobFields(intent), job: jobRefOf(found), reported: 'started' };
    const next = { id: pendingId(found.id), kind: PENDING_KIND, state: pending, lease: leaseFrom(deps) };
    if (!(await store.replacePendingOperation(id, deps.replicaId, next))) return { kind: 'done' };
    const claim: ClaimPayload = { by: intent.by, at: intent.startedAt, jobId: found.id };
    await store.setIdempotencyPayload(intent.claim.key, intent.claim.owner, claim).catch(() => false);
    await audit(deps, intent, 'started', { request: intent.request }, found.id);
    await deps.report(pending, (env) => startedView(pending, env));
    return { kind: 'job', pending };
  }
  if (!pastWindow()) return { kind: 'wait' };
  if (!(await store.deletePendingOperation(id, deps.replicaId))) return { kind: 'done' };
  // The sender already said the outcome is unknown (card, audit, claim): nothing new to tell.
  if (intent.toldUnknown) return { kind: 'done' };
  // The claim keeps the item for the rest of its window, saying nobody knows whether a backup runs.
  const claim: ClaimPayload = { by: intent.by, at: intent.startedAt, unconfirmed: true };
  await store.setIdempotencyPayload(intent.claim.key, intent.claim.owner, claim).catch(() => false);
  await audit(deps, intent, 'unknown', { reason: UNCONFIRMED_MESSAGE }, null);
  const failed = { kind: 'failed' as const, item: intent.item, message: UNCONFIRMED_MESSAGE, accepted: true };
  await deps.report(intent, (env) => requestFailedView(failed, env));
  return { kind: 'done' };
}

/**
 * The item's on-demand backup job that started at or after the request (less the skew), earliest first; undefined
 * when Resource Graph shows none or answered only in part (then the next round asks again).
 */
async function findJob(deps: ReconcileDeps, intent: StartIntent): Promise<Job | undefined> {
  const answer = await deps.items.item(intent.item.id, {}, { fresh: true });
  if (answer.value.kind !== 'found') return undefined;
  const from = Date.parse(intent.startedAt) - CLOCK_SKEW_MS;
  const candidates = answer.value.detail.jobs
    .filter((j) => j.operation.kind === 'backup' && j.operation.adhoc && j.startTime !== undefined)
    .filter((j) => Date.parse(j.startTime as string) >= from)
    .sort((a, b) => Date.parse(a.startTime as string) - Date.parse(b.startTime as string));
  for (const job of candidates) {
    // A job another row already follows was someone else's request.
    if (!(await deps.store.getPendingOperation(pendingId(job.id)))) return job;
  }
  return undefined;
}

function jobRefOf(job: Job): JobRef {
  return {
    kind: job.vault.kind,
    subscriptionId: job.vault.subscriptionId,
    resourceGroup: job.vault.resourceGroup,
    vaultName: job.vault.name,
    jobId: job.id.split('/').pop() ?? job.id,
    id: job.id,
  };
}

async function audit(
  deps: ReconcileDeps,
  intent: StartIntent,
  result: string,
  extra: Record<string, unknown>,
  azureJobId: string | null,
): Promise<void> {
  try {
    await deps.store.appendAudit({
      ...intentWho(intent),
      action: 'retry',
      target: intent.item.id,
      result,
      details: { bulk: intent.bulk, ...itemAuditDetails(intent.item), ...extra, reconciled: true },
      azureJobId,
      at: deps.now(),
    });
  } catch (err) {
    deps.log?.error({ err, item: intent.item.id }, 'could not write the audit record of a reconciled backup request');
  }
}
