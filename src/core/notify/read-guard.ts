// READ_ALLOW for failure notifications: which conversations may still read (rules change after `notify on`), the
// poll's reads one data call per guardrail (each carries its scopes to Resource Graph), and alerts kept to them.
import type { NotifySubscription } from '../../store/store';
import { botAudit, NOTIFY_PUSH } from '../bot-audit';
import type { FailureEvent, NotifyJobs, NotifyScopeRequest } from '../domain/notify';
import type { DataResult } from '../domain/result';
import { type GroupMembership, type StoredAccess, storedAccess } from '../group-membership';
import type { BackupDataPort, ReadScope } from '../ports';
import { OPEN_READ_POLICY, perGuard, type ReadPolicy, readKey } from '../read-access';
import type { NotifyDeps } from './ports';

export interface GuardedSubscription {
  sub: NotifySubscription;
  /** READ_ALLOW's guardrail of the conversation now (undefined: the whole scope). */
  read?: readonly ReadScope[];
}

/**
 * The subscriptions whose conversation may read something now, with their guardrail; the others with why not. A 1:1
 * chat's person has their groups looked up first when READ_ALLOW names groups; a failed lookup is `unchecked`: left
 * out of this poll only (the lookup may work on the next), never read with more or fewer scopes than the person has.
 */
export async function guardSubscriptions(
  subs: readonly NotifySubscription[],
  policy: ReadPolicy = OPEN_READ_POLICY,
  groups?: GroupMembership,
): Promise<{
  kept: GuardedSubscription[];
  refused: { sub: NotifySubscription; reason: string }[];
  unchecked: { sub: NotifySubscription; reason: string }[];
}> {
  const kept: GuardedSubscription[] = [];
  const refused: { sub: NotifySubscription; reason: string }[] = [];
  const unchecked: { sub: NotifySubscription; reason: string }[] = [];
  const access = await storedAccess(subs, policy, groups);
  subs.forEach((sub, i) => {
    const a = access[i] as StoredAccess;
    if ('unchecked' in a) unchecked.push({ sub, reason: a.unchecked });
    else if ('refused' in a) refused.push({ sub, reason: a.refused });
    else kept.push(a.read === undefined ? { sub } : { sub, read: a.read });
  });
  return { kept, refused, unchecked };
}

/**
 * Conversations left out of a poll because their person's groups could not be looked up: logged on every poll,
 * audited once until a poll reads for them again (`skipping` remembers which, across polls).
 */
export async function noteUnchecked(
  deps: Pick<NotifyDeps, 'store' | 'log' | 'clock'>,
  skipping: Set<string>,
  unchecked: readonly { sub: NotifySubscription; reason: string }[],
  kept: readonly GuardedSubscription[],
): Promise<void> {
  for (const { sub } of kept) skipping.delete(`${sub.platform}|${sub.conversationKey}`);
  for (const { sub, reason } of unchecked) {
    deps.log.warn(
      { conversation: sub.conversationKey, platform: sub.platform, reason },
      'left notifications out of this poll: the group membership READ_ALLOW names could not be checked',
    );
    const key = `${sub.platform}|${sub.conversationKey}`;
    if (skipping.has(key)) continue;
    skipping.add(key);
    await deps.store.appendAudit(
      botAudit(NOTIFY_PUSH, sub.conversationKey, deps.clock(), 'notify-skipped', 'denied', reason),
    );
  }
}

/** A poll's scope: conversations share one when both their filters and their guardrails are the same. */
export function pollKeyOf(s: GuardedSubscription): string {
  return `${s.sub.scopeKey}${readKey(s.read)}`;
}

/** Each scope's jobs, one data call per guardrail, in the order asked. */
export async function readJobsByGuard(
  notifyJobs: NonNullable<BackupDataPort['notifyJobs']>,
  scopes: readonly { read?: readonly ReadScope[]; request: NotifyScopeRequest }[],
): Promise<DataResult<NotifyJobs>[]> {
  return perGuard(
    scopes,
    (s) => s.read,
    (batch, read) =>
      notifyJobs(
        batch.map((s) => s.request),
        { fresh: true, ...(read === undefined ? {} : { read }) },
      ),
  );
}

/**
 * An Azure Monitor alert inside the guardrail. An alert names the vault's subscription and resource group (not the
 * datasource's), so it is kept when those are in scope: never more than the guardrail, perhaps less than a poll.
 */
export function alertReadable(event: FailureEvent, read: readonly ReadScope[] | undefined): boolean {
  if (read === undefined) return true;
  const sub = event.subscriptionId.toLowerCase();
  const rg = event.resourceGroup?.toLowerCase();
  return read.some(
    (s) =>
      s.subscriptionId.toLowerCase() === sub &&
      (s.resourceGroup === undefined || (rg !== undefined && s.resourceGroup.toLowerCase() === rg)),
  );
}
