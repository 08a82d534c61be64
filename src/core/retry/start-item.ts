// Starts the on-demand backup of one item, safely: look it up afresh → possible? → allowed? (deny by default) →
// already running? → claim the item for the window (one backup per item across replicas, however often people click)
// → trigger → audit → pending job stored for tracking. Every attempt is audited, refusals included.
import { randomBytes } from 'node:crypto';
import type { AccessPolicy } from '../authorize';
import type { Caller } from '../caller';
import type { BackupFilters } from '../domain/filters';
import { NotAuthorizedError } from '../errors';
import { BackupActionError } from './action-error';
import { auditOutcome, authorizeItem, describeClaim, lastFromChat, resolveItem, runningBackup } from './checks';
import type { ItemOutcome } from './outcome';
import type { BackupActions, ItemSource, MessageRef, RetryLogger, RetryStore } from './ports';
import {
  actorOf,
  type ClaimPayload,
  itemKey,
  PENDING_KIND,
  type PendingJob,
  type RetrySettings,
  summarizeItem,
} from './records';

export interface StartDeps {
  actions: BackupActions;
  items: ItemSource;
  store: RetryStore;
  policy: AccessPolicy;
  settings: RetrySettings;
  now: () => Date;
  /** Identifies this bot process in claim owners (logs only). */
  replicaId: string;
  log?: RetryLogger;
}

export interface StartRequest {
  caller: Caller;
  ref: string;
  filters: BackupFilters;
  bulk: boolean;
  messageRef?: MessageRef;
  /** When the confirmation behind this Start was shown (ISO): a backup from chat that completed later wins. */
  confirmedAt?: string;
  /** Subscription display names for the item's cards. */
  names?: ReadonlyMap<string, string>;
}

export interface StartResult {
  outcome: ItemOutcome;
  /** Set when a backup started: the job to track. */
  pending?: PendingJob;
}

export async function startItem(deps: StartDeps, req: StartRequest): Promise<StartResult> {
  const result = await decide(deps, req);
  try {
    await auditOutcome(deps.store, req.caller, result.outcome, req.bulk, {
      now: deps.now(),
      ...deps.settings.refusalAudit,
    });
  } catch (err) {
    // The backup (or refusal) stands; a lost audit record is an operator problem, not the user's.
    deps.log?.error({ err, outcome: result.outcome.kind }, 'could not write the retry audit record');
  }
  return result;
}

async function decide(deps: StartDeps, req: StartRequest): Promise<StartResult> {
  const found = await resolveItem(deps.items, req.ref, req.filters, true);
  if (found.kind !== 'found') return { outcome: found };
  const { instance, jobs } = found;
  const item = summarizeItem(instance, req.names);
  if (!instance.retry.possible) return { outcome: { kind: 'blocked', item, reason: instance.retry.message } };
  const target = instance.retryTarget;
  if (!target) {
    return { outcome: { kind: 'blocked', item, reason: 'Its Azure id lacks the parts an on-demand backup needs.' } };
  }
  const access = authorizeItem(req.caller, instance, deps.policy);
  if (!access.allowed) return { outcome: { kind: 'denied', item, error: access.error } };
  const running = await runningBackup(deps.store, instance, jobs);
  if (running) return { outcome: { kind: 'already-running', item, ...running } };

  const key = itemKey(instance.id);
  const owner = `${deps.replicaId}:${randomBytes(6).toString('hex')}`;
  const by = actorOf(req.caller);
  const startedAt = deps.now().toISOString();
  const claimPayload: ClaimPayload = { by, at: startedAt };
  let claim = await deps.store.claimIdempotencyKey(key, owner, deps.settings.claimWindowMs, claimPayload);
  const last = claim.claimed ? undefined : lastFromChat(claim.existing.payload);
  if (!claim.claimed && last !== undefined) {
    // A backup from chat completed within the window. A card confirmed before it ended (a redelivered or second
    // click) starts nothing; one confirmed since, naming that backup, takes the claim over (one replica wins).
    if (req.confirmedAt === undefined || req.confirmedAt < last.at) {
      return { outcome: { kind: 'backed-up', item, ...last } };
    }
    await deps.store.releaseIdempotencyKey(key, claim.existing.owner);
    claim = await deps.store.claimIdempotencyKey(key, owner, deps.settings.claimWindowMs, claimPayload);
  }
  if (!claim.claimed) {
    const other = describeClaim(claim.existing.payload, claim.existing.claimedAt);
    return { outcome: { kind: 'already-running', item, ...other } };
  }
  let triggered: Awaited<ReturnType<BackupActions['triggerBackup']>>;
  try {
    triggered = await deps.actions.triggerBackup(target, { workload: instance.workload, now: deps.now() });
  } catch (err) {
    return { outcome: await failedStart(deps, err, item, key, owner, claimPayload) };
  }
  const { job, request } = triggered;
  const pending: PendingJob = {
    job,
    item,
    request,
    by,
    startedAt,
    reported: 'started',
    claim: { key, owner },
    ...(req.caller.channelId ? { channel: req.caller.channelId } : {}),
    ...(req.messageRef ? { messageRef: req.messageRef } : {}),
    ...(req.caller.timeZone ? { timeZone: req.caller.timeZone } : {}),
  };
  try {
    await deps.store.setIdempotencyPayload(key, owner, { ...claimPayload, jobId: job.id });
    await deps.store.upsertPendingOperation({ id: pendingId(job.id), kind: PENDING_KIND, state: pending });
  } catch (err) {
    // The backup runs whatever the store says; only tracking across a restart is lost.
    deps.log?.error({ err, job: job.id }, 'could not record the started backup for tracking');
  }
  return { outcome: { kind: 'started', item, job, request, by, startedAt }, pending };
}

export const pendingId = (jobArmId: string): string => `retry:${jobArmId.toLowerCase()}`;

/** Nothing started: free the item at once. Azure may have started it: keep the claim, say the outcome is unknown. */
async function failedStart(
  deps: StartDeps,
  err: unknown,
  item: ReturnType<typeof summarizeItem>,
  key: string,
  owner: string,
  claim: ClaimPayload,
): Promise<ItemOutcome> {
  const accepted = err instanceof BackupActionError ? err.accepted : false;
  if (!accepted) await deps.store.releaseIdempotencyKey(key, owner).catch(() => false);
  else {
    // The claim holds the item for its window; it says so, so nobody is told a backup is surely running.
    await deps.store.setIdempotencyPayload(key, owner, { ...claim, unconfirmed: true }).catch((e: unknown) => {
      deps.log?.error({ err: e, item: item.id }, 'could not mark the claim as unconfirmed');
    });
  }
  if (err instanceof BackupActionError) {
    if (err.kind === 'already-running' && !accepted) {
      return { kind: 'already-running', item, by: 'another operation in Azure' };
    }
    if (!accepted && err.kind !== 'unavailable' && err.kind !== 'throttled')
      return { kind: 'refused', item, error: err };
    return { kind: 'failed', item, message: err.message, ...(err.hint ? { hint: err.hint } : {}), accepted };
  }
  if (err instanceof NotAuthorizedError) return { kind: 'denied', item, error: err };
  const ref = randomBytes(4).toString('hex');
  deps.log?.error({ err, ref, item: item.id }, `retry failed unexpectedly (ref ${ref})`);
  return { kind: 'failed', item, message: `Something went wrong (ref ${ref}); nothing was started.`, accepted: false };
}
