// The checks before an on-demand backup: find the item, may this caller start it here, is one already running
// (a claim by anyone through the bot, or a running backup job Azure reports), and the audit record of each attempt.

import type { AuditRecordInput } from '../../store/store';
import { type AccessPolicy, type AuthDecision, authorizeWrite } from '../authorize';
import type { Caller } from '../caller';
import type { BackupFilters } from '../domain/filters';
import type { BackupInstance } from '../domain/instances';
import type { Job } from '../domain/jobs';
import type { NotAuthorizedError } from '../errors';
import { auditResult, type ItemOutcome } from './outcome';
import type { ItemSource, RetryStore } from './ports';
import { type ClaimPayload, describeActor, type ItemSummary, itemKey } from './records';

export type Resolved =
  | { kind: 'found'; instance: BackupInstance; jobs: Job[] }
  | Extract<ItemOutcome, { kind: 'not-found' | 'ambiguous' | 'lookup-failed' }>;

export async function resolveItem(
  items: ItemSource,
  ref: string,
  filters: BackupFilters,
  fresh: boolean,
): Promise<Resolved> {
  const answer = await items.item(ref, filters, fresh ? { fresh: true } : {});
  const v = answer.value;
  if (v.kind === 'found') return { kind: 'found', instance: v.detail.instance, jobs: v.detail.jobs };
  if (v.kind === 'ambiguous') return { kind: 'ambiguous', query: ref, candidates: v.candidates };
  // No match in an incomplete answer proves nothing: the item may sit where Resource Graph did not answer.
  if (answer.partial.length > 0)
    return { kind: 'lookup-failed', query: ref, notes: answer.partial.map((n) => n.detail) };
  return { kind: 'not-found', query: ref };
}

/**
 * RETRY_ALLOW scopes name subscriptions and resource groups; an item has two of each (its vault's, where the write
 * happens, and its datasource's, what people own), so a rule covering either lets the caller back it up.
 */
export function authorizeItem(caller: Caller, instance: BackupInstance, policy: AccessPolicy): AuthDecision {
  const vault = authorizeWrite(
    caller,
    { subscriptionId: instance.vault.subscriptionId, resourceGroup: instance.vault.resourceGroup },
    policy,
  );
  if (vault.allowed) return vault;
  const ds = instance.datasource;
  if (ds.subscriptionId && ds.resourceGroup) {
    const own = authorizeWrite(caller, { subscriptionId: ds.subscriptionId, resourceGroup: ds.resourceGroup }, policy);
    if (own.allowed) return own;
  }
  return vault;
}

/** Who is backing the item up right now, if anyone: a live claim first, else a running backup job in Azure. */
export async function runningBackup(
  store: RetryStore,
  instance: BackupInstance,
  jobs: Job[],
): Promise<{ by: string; since?: string } | undefined> {
  const claim = await store.getIdempotencyKey(itemKey(instance.id));
  if (claim && lastFromChat(claim.payload) === undefined) return describeClaim(claim.payload, claim.claimedAt);
  const job = jobs.find((j) => j.status === 'InProgress' && j.operation.kind === 'backup');
  if (!job) return undefined;
  const by = job.operation.adhoc ? 'someone, on demand in Azure' : 'the backup schedule';
  return job.startTime ? { by, since: job.startTime } : { by };
}

/** A backup started from chat that completed, while its claim lasts: by whom, when it ended, how. */
export function lastFromChat(payload: unknown): { by: string; at: string; status: string } | undefined {
  const p = payload as Partial<ClaimPayload> | null;
  if (!p?.done || typeof p.done.at !== 'string') return undefined;
  return { by: p.by ? describeActor(p.by) : 'someone using the bot', at: p.done.at, status: String(p.done.status) };
}

/** The item's last backup from chat, when it completed within the claim window. */
export async function lastBackupFromChat(store: RetryStore, instance: BackupInstance) {
  const claim = await store.getIdempotencyKey(itemKey(instance.id));
  return claim ? lastFromChat(claim.payload) : undefined;
}

export function describeClaim(payload: unknown, claimedAt: Date): { by: string; since: string } {
  const p = payload as Partial<ClaimPayload> | null;
  const who = p?.by ? describeActor(p.by) : 'someone using the bot';
  const by = p?.unconfirmed ? `${who}, not confirmed by Azure` : who;
  return { by, since: typeof p?.at === 'string' ? p.at : claimedAt.toISOString() };
}

/** What audit records say about the item (the audit view filters on the scopes). */
export function itemAuditDetails(item: ItemSummary): Record<string, unknown> {
  return {
    item: item.name,
    vault: item.vaultName,
    subscriptionId: item.subscriptionId,
    resourceGroup: item.resourceGroup,
    ...(item.datasourceScope ? { datasourceScope: item.datasourceScope } : {}),
  };
}

/**
 * When a record is written (the workflow's clock stamps every retry record, so the per-person window and the audit
 * view's since: agree with it) and the refusal limit (RetrySettings.refusalAudit).
 */
export interface RefusalLimit {
  now: Date;
  max: number;
  windowMs: number;
}

/** Writes an audit record stamped `limit.now`; refusals go through the per-person limit. */
export async function writeAudit(store: RetryStore, input: AuditRecordInput, limit: RefusalLimit): Promise<void> {
  if (input.result === 'denied') {
    await store.appendAuditLimited({ ...input, at: limit.now }, { max: limit.max, windowMs: limit.windowMs });
  } else {
    await store.appendAudit({ ...input, at: limit.now });
  }
}

/** Every start attempt is recorded, whatever came of it (refusals included, counted beyond the limit). */
export async function auditOutcome(
  store: RetryStore,
  caller: Caller,
  outcome: ItemOutcome,
  bulk: boolean,
  limit: RefusalLimit,
): Promise<void> {
  const target = 'item' in outcome ? outcome.item.id : outcome.query;
  const details: Record<string, unknown> = { bulk, ...('item' in outcome ? itemAuditDetails(outcome.item) : {}) };
  if (outcome.kind === 'denied') details.reason = outcome.error.reason;
  if (outcome.kind === 'blocked') details.reason = outcome.reason;
  if (outcome.kind === 'refused') details.reason = outcome.error.message;
  if (outcome.kind === 'failed') details.reason = outcome.message;
  if (outcome.kind === 'already-running') details.runningBy = outcome.by;
  if (outcome.kind === 'started') details.request = outcome.request;
  const input: AuditRecordInput = {
    ...auditWho(caller),
    action: 'retry',
    target,
    result: auditResult(outcome),
    details,
    azureJobId: outcome.kind === 'started' ? outcome.job.id : null,
  };
  await writeAudit(store, input, limit);
}

/** Who asked and where, as every retry audit record names them. */
export function auditWho(caller: Caller): Pick<AuditRecordInput, 'actor' | 'channel'> {
  return {
    actor: { platform: caller.platform, userId: caller.userId, name: caller.userName ?? null },
    channel: caller.channelId ?? null,
  };
}

/** A caller refused before any item was looked up (RETRY_ALLOW names them nowhere, or not in this channel). */
export async function auditDenied(
  store: RetryStore,
  caller: Caller,
  items: string[],
  error: NotAuthorizedError,
  limit: RefusalLimit,
): Promise<void> {
  await writeAudit(
    store,
    {
      ...auditWho(caller),
      action: 'retry',
      target: items.length === 1 ? (items[0] as string) : null,
      result: 'denied',
      details: { reason: error.reason, items: items.slice(0, 50), bulk: items.length > 1 },
    },
    limit,
  );
}
