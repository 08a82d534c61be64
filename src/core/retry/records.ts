// What the retry workflow keeps in the store, as JSON: the store keys, the confirmation behind a Start button, the
// per-item claim ("who started it, when"), and the pending job a restart resumes. Plus the workflow's settings.
import type { Caller } from '../caller';
import type { BackupInstance } from '../domain/instances';
import type { WorkloadOrOther } from '../domain/workload';
import type { JobRef, MessageRef, TriggerRequestInfo } from './ports';

export interface RetrySettings {
  /** One backup per item within this window, whoever clicks (ms; default 30 min). */
  claimWindowMs: number;
  /** A confirmation card's Start button works this long (ms); never longer than the claim window. */
  confirmTtlMs: number;
  /** How often running jobs are polled (ms; default 30 s). */
  trackIntervalMs: number;
  /** Tracking gives up after this long (ms; default 24 h: large VM and HANA backups take hours). */
  trackTimeoutMs: number;
  /** Items started at once by a bulk retry (default 4). */
  bulkConcurrency: number;
  /** Job status reads at once while tracking (default 4). */
  trackConcurrency: number;
  /**
   * Refusals (not in RETRY_ALLOW, outside one's scope) written one by one per person and window (default 10 a
   * minute); beyond that one summary record counts them, so a flood of refused clicks cannot bury other records.
   */
  refusalAudit: { max: number; windowMs: number };
  /**
   * How long a replica holds the pending work it follows without renewing (ms; default 4 polls, at least 5 s): a
   * replica that dies leaves its jobs and unconfirmed requests to another within this time.
   */
  leaseMs: number;
  /** A request whose owner died is looked for in Resource Graph this long after it was sent (ms; default 15 min). */
  reconcileWindowMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  claimWindowMs: 30 * 60_000,
  confirmTtlMs: 30 * 60_000,
  trackIntervalMs: 30_000,
  trackTimeoutMs: 24 * 3_600_000,
  bulkConcurrency: 4,
  trackConcurrency: 4,
  refusalAudit: { max: 10, windowMs: 60_000 },
  leaseMs: 120_000,
  reconcileWindowMs: 15 * 60_000,
};

/** The lease when none is set: four polls (a replica renews once a poll), never under 5 s. */
export const defaultLeaseMs = (trackIntervalMs: number): number => Math.max(4 * trackIntervalMs, 5_000);

export const PENDING_KIND = 'retry-job';
/** A backup request recorded before it is sent; it becomes a PENDING_KIND row once Azure names the job. */
export const INTENT_KIND = 'retry-start';
export const itemKey = (itemId: string): string => `retry:${itemId.toLowerCase()}`;
export const confirmKey = (token: string): string => `retry-confirm:${token}`;
export const doneKey = (jobId: string): string => `retry-done:${jobId.toLowerCase()}`;
/** The pending row of a started job. */
export const pendingId = (jobArmId: string): string => `retry:${jobArmId.toLowerCase()}`;
/** The pending row of a request (one per Start, named after the item claim it holds). */
export const intentId = (claimOwner: string): string => `retry-start:${claimOwner}`;

/** Who did it, as stored and shown. */
export interface Actor {
  platform: string;
  userId: string;
  name?: string;
}

export function actorOf(caller: Caller): Actor {
  return { platform: caller.platform, userId: caller.userId, ...(caller.userName ? { name: caller.userName } : {}) };
}

export function describeActor(actor: Actor): string {
  return `${actor.name ?? actor.userId} (${actor.platform})`;
}

/** The item as cards and audit records name it. */
export interface ItemSummary {
  id: string;
  name: string;
  workload: WorkloadOrOther;
  vaultName: string;
  vaultKind: 'rsv' | 'bv';
  subscriptionId: string;
  resourceGroup: string;
  /** The datasource (VM, account, server …) when it differs from the name. */
  datasource?: string;
  /** Where the datasource lives, when known (RETRY_ALLOW scopes may name it instead of the vault's). */
  datasourceScope?: { subscriptionId: string; resourceGroup: string };
  /** The subscription's display name when the bot could read it (kept with pending jobs for their progress cards). */
  subscriptionName?: string;
}

/** An item as its cards and audit records describe it; `names` (lower-case id → name) adds the subscription's name. */
export function summarizeItem(i: BackupInstance, names?: ReadonlyMap<string, string>): ItemSummary {
  const subscriptionName = names?.get(i.vault.subscriptionId.toLowerCase());
  const out: ItemSummary = {
    id: i.id,
    name: i.friendlyName,
    workload: i.workload,
    vaultName: i.vault.name,
    vaultKind: i.vault.kind,
    subscriptionId: i.vault.subscriptionId,
    resourceGroup: i.vault.resourceGroup,
    ...(subscriptionName === undefined ? {} : { subscriptionName }),
  };
  const ds = i.datasource;
  if (ds.name && ds.name.toLowerCase() !== i.friendlyName.toLowerCase()) out.datasource = ds.name;
  if (ds.subscriptionId && ds.resourceGroup) {
    out.datasourceScope = { subscriptionId: ds.subscriptionId, resourceGroup: ds.resourceGroup };
  }
  return out;
}

/** Behind a Start button: the items shown on the confirmation card (ARM ids, resolved when it was shown). */
export interface ConfirmPayload {
  items: string[];
  requestedBy: Actor;
  requestedAt: string;
  /** Canonical text of the list the Retry button sat on: Cancel shows it again instead of a dead end. */
  back?: string;
}

/**
 * The claim on an item: who started the backup and when; the job once Azure named it; and once it completed, when and
 * how (then the item may be backed up again, after a confirmation shown since: see startItem).
 */
export interface ClaimPayload {
  by: Actor;
  at: string;
  jobId?: string;
  done?: { status: string; at: string };
  /** Azure may have started a backup but never confirmed it (no answer, or no job named in time). */
  unconfirmed?: boolean;
}

/** A started job being tracked; survives restarts as a pending operation. */
export interface PendingJob {
  job: JobRef;
  item: ItemSummary;
  request: TriggerRequestInfo;
  by: Actor;
  channel?: string;
  startedAt: string;
  /** The card to update; absent for bulk items (their summary card is final) and callers without one. */
  messageRef?: MessageRef;
  timeZone?: string;
  /** What the card shows now. */
  reported: 'started' | 'in-progress';
  claim: { key: string; owner: string };
}

/**
 * A backup request about to be sent (the pending row written before the trigger call): what any replica needs to find
 * the job it started in Resource Graph and to finish the card, should the sender die before Azure named the job.
 */
export type StartIntent = Omit<PendingJob, 'job' | 'reported'> & {
  bulk: boolean;
  /** The sender lived to say "outcome unknown" (card and audit): a job found later is news, none found is not. */
  toldUnknown?: boolean;
};
