// Starts the on-demand backup of one item, safely: look it up afresh → possible? → allowed? (deny by default) →
// already running? → claim the item for the window (one backup per item across replicas, however often people click)
// → record the intent (pending row + audit "starting") → trigger → the intent becomes the job to track → audit.
// Every attempt is audited, refusals included; a sender that dies mid-call leaves its intent to be reconciled.
import { randomBytes } from 'node:crypto';
import type { AccessPolicy } from '../authorize';
import type { Caller } from '../caller';
import type { BackupFilters } from '../domain/filters';
import { NotAuthorizedError } from '../errors';
import type { Metrics } from '../metrics';
import { BackupActionError } from './action-error';
import { auditOutcome, authorizeItem, describeClaim, lastFromChat, resolveItem, runningBackup } from './checks';
import { jobFields, type LeaseKeeper, leaseFrom, recordIntent } from './intent';
import { type ItemOutcome, requestResult } from './outcome';
import type {
  BackupActions,
  ItemSource,
  MessageRef,
  ProgressSink,
  RetryLogger,
  RetryStore,
  TriggerRequestInfo,
  TriggerWait,
} from './ports';
import {
  actorOf,
  type ClaimPayload,
  INTENT_KIND,
  intentId as intentIdOf,
  itemKey,
  PENDING_KIND,
  type PendingJob,
  pendingId,
  type RetrySettings,
  type StartIntent,
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
  /** Renews the intent's lease while Azure is being asked (the tracker). */
  keeper?: LeaseKeeper;
  /** Where the card of a single Start goes while Azure makes the bot wait (the channels). */
  sink?: ProgressSink;
  /** Every item's request is counted by what came of it, on the replica that asked Azure. */
  metrics?: Pick<Metrics, 'backupRequested'>;
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
  /** Azure accepted the request and the bot waits before asking for the job again (see TriggerOptions.onWait). */
  onWait?: (wait: TriggerWait, intent: StartIntent) => void;
}

export interface StartResult {
  outcome: ItemOutcome;
  /** Set when a backup started: the job to track. */
  pending?: PendingJob;
  /**
   * This replica's lease on the intent ran out while Azure was being asked and another replica reconciled it: that
   * replica follows the job and wrote the outcome.
   */
  lost?: boolean;
}

export async function startItem(deps: StartDeps, req: StartRequest): Promise<StartResult> {
  const result = await decide(deps, req);
  deps.metrics?.backupRequested(requestResult(result.outcome));
  if (result.lost) return result;
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
  let asked: TriggerRequestInfo;
  try {
    asked = deps.actions.describeBackup(target, { workload: instance.workload, now: deps.now() });
  } catch (err) {
    return { outcome: await failedStart(deps, err, item, key, owner, claimPayload) };
  }
  const intent: StartIntent = {
    item,
    request: asked,
    by,
    startedAt,
    claim: { key, owner },
    bulk: req.bulk,
    ...(req.caller.channelId ? { channel: req.caller.channelId } : {}),
    ...(req.messageRef ? { messageRef: req.messageRef } : {}),
    ...(req.caller.timeZone ? { timeZone: req.caller.timeZone } : {}),
  };
  const intentDeps = { ...deps, leaseMs: deps.settings.leaseMs };
  const intentId = intentIdOf(owner);
  try {
    await recordIntent(intentDeps, intent);
  } catch (err) {
    // Without its intent a crash during the call would leave a backup nobody knows of: send nothing.
    deps.log?.error({ err, item: item.id }, 'could not record the backup request; nothing was sent');
    await deps.store.deletePendingOperation(intentId, deps.replicaId).catch(() => false);
    await deps.store.releaseIdempotencyKey(key, owner).catch(() => false);
    const message = 'The bot could not record the request, so it did not send it; nothing was started.';
    return { outcome: { kind: 'failed', item, message, accepted: false } };
  }
  deps.keeper?.hold(intentId);
  let triggered: Awaited<ReturnType<BackupActions['triggerBackup']>>;
  try {
    const onWait = req.onWait;
    triggered = await deps.actions.triggerBackup(target, {
      workload: instance.workload,
      now: deps.now(),
      ...(onWait ? { onWait: (wait: TriggerWait) => onWait(wait, intent) } : {}),
    });
  } catch (err) {
    deps.keeper?.release(intentId);
    // Only the holder of the intent writes the outcome; a replica that took it over reconciles it.
    const held = await settleIntent(deps, intentId, intent, err);
    const outcome = await failedStart(deps, err, item, key, owner, claimPayload);
    return held ? { outcome } : { outcome, lost: true };
  }
  deps.keeper?.release(intentId);
  const { job, request } = triggered;
  const pending: PendingJob = { ...jobFields(intent), job, request, reported: 'started' };
  const outcome: ItemOutcome = { kind: 'started', item, job, request, by, startedAt };
  try {
    await deps.store.setIdempotencyPayload(key, owner, { ...claimPayload, jobId: job.id });
    const next = { id: pendingId(job.id), kind: PENDING_KIND, state: pending, lease: leaseFrom(intentDeps) };
    if (!(await deps.store.replacePendingOperation(intentId, deps.replicaId, next))) {
      return { outcome, pending, lost: true };
    }
  } catch (err) {
    // The backup runs whatever the store says; only tracking across a restart is lost.
    deps.log?.error({ err, job: job.id }, 'could not record the started backup for tracking');
  }
  return { outcome, pending };
}

/**
 * The trigger call failed: nothing started, so the intent goes; or Azure may have started it, so the intent stays,
 * free for any replica to claim at once (this one included), which keeps looking for the job in Resource Graph and
 * updates the card if one shows up. False when this replica no longer held the intent.
 */
async function settleIntent(deps: StartDeps, id: string, intent: StartIntent, err: unknown): Promise<boolean> {
  const accepted = err instanceof BackupActionError && err.accepted;
  const store = deps.store;
  if (!accepted) return store.deletePendingOperation(id, deps.replicaId).catch(() => true);
  const unknown = { id: `${id}:unknown`, kind: INTENT_KIND, state: { ...intent, toldUnknown: true } };
  return store.replacePendingOperation(id, deps.replicaId, unknown).catch((e: unknown) => {
    deps.log?.error({ err: e, item: intent.item.id }, 'could not keep the unconfirmed request for reconciling');
    return true;
  });
}

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
