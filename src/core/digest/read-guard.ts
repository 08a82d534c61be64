// READ_ALLOW for scheduled digests: which conversations may still read (rules change after `digest on`), and their
// data read once per guardrail, each carrying its own scopes to Resource Graph (never filtered after the fact).
import type { DigestRunKey, DigestSubscription } from '../../store/store';
import { botAudit, DIGEST_PUSH } from '../bot-audit';
import type { DigestData } from '../domain/digest';
import type { DataResult } from '../domain/result';
import { type GroupMembership, type StoredAccess, storedAccess } from '../group-membership';
import type { SubscriptionNames } from '../names';
import type { BackupDataPort, ReadScope } from '../ports';
import { OPEN_READ_POLICY, perGuard, type ReadPolicy, readKey } from '../read-access';
import type { DigestDeps } from './ports';
import { fetchDigestData, type scopeRequest, subscriptionNames } from './run';

export interface GuardedRun {
  sub: DigestSubscription;
  /** READ_ALLOW's guardrail of the conversation now (undefined: the whole scope). */
  read?: readonly ReadScope[];
}

/** Snapshots are kept per scope and guardrail (see previousOf). */
export function snapshotKeyOf(c: GuardedRun): string {
  return `${c.sub.scopeKey}${readKey(c.read)}`;
}

/** Why a run is skipped when its person's groups could not be looked up (its log line and run record). */
export const GROUPS_UNCHECKED = 'the group membership READ_ALLOW names could not be checked';

/**
 * The runs whose conversation may read something now, with their guardrail; the others with why not. A 1:1 chat's
 * person has their groups looked up first when READ_ALLOW names groups; a failed lookup refuses this run with
 * `detail` GROUPS_UNCHECKED (never read with more, or fewer, scopes than the person has).
 */
export async function guardRuns<C extends GuardedRun>(
  claimed: readonly C[],
  policy: ReadPolicy = OPEN_READ_POLICY,
  groups?: GroupMembership,
): Promise<{ kept: C[]; refused: { run: C; reason: string; detail?: string }[] }> {
  const kept: C[] = [];
  const refused: { run: C; reason: string; detail?: string }[] = [];
  const access = await storedAccess(
    claimed.map((c) => c.sub),
    policy,
    groups,
  );
  claimed.forEach((c, i) => {
    const a = access[i] as StoredAccess;
    if ('unchecked' in a) refused.push({ run: c, reason: a.unchecked, detail: GROUPS_UNCHECKED });
    else if ('refused' in a) refused.push({ run: c, reason: a.refused });
    else kept.push(a.read === undefined ? c : { ...c, read: a.read });
  });
  return { kept, refused };
}

/**
 * The groups' data (groups share filters and guardrail), one data call per guardrail, and subscription names as each
 * guardrail may read them.
 */
export async function readByGuard(
  data: BackupDataPort,
  groups: readonly (readonly GuardedRun[])[],
  requests: readonly ReturnType<typeof scopeRequest>[],
): Promise<[DataResult<DigestData>[], SubscriptionNames[]]> {
  const answers = await perGuard(
    groups.map((group, i) => ({ read: group[0]?.read, request: requests[i] as ReturnType<typeof scopeRequest> })),
    (g) => g.read,
    async (batch, read) => {
      const options = read === undefined ? {} : { read };
      const [results, known] = await Promise.all([
        fetchDigestData(
          data,
          batch.map((g) => g.request),
          options,
        ),
        subscriptionNames(data, options),
      ]);
      return results.map((result) => ({ result, known }));
    },
  );
  return [answers.map((a) => a.result), answers.map((a) => a.known)];
}

/**
 * A conversation that lost every scope, or whose person's groups could not be looked up (`detail` says which): its
 * run is skipped, logged and audited; it keeps its schedule (a rule, or the lookup working again, brings it back).
 */
export async function skipUnreadable(
  deps: Pick<DigestDeps, 'store' | 'log' | 'clock'>,
  owner: string,
  run: DigestRunKey,
  sub: DigestSubscription,
  reason: string,
  nextRunAt: Date,
  detail = 'READ_ALLOW gives this conversation no scope',
): Promise<void> {
  const at = deps.clock();
  await deps.store.finishDigestRun(run, owner, { status: 'skipped', detail, late: false, finishedAt: at, nextRunAt });
  deps.log.warn(
    { conversation: sub.conversationKey, platform: sub.platform, dueAt: run.dueAt },
    `skipped a digest: ${detail}`,
  );
  await deps.store.appendAudit(botAudit(DIGEST_PUSH, sub.conversationKey, at, 'digest-skipped', 'denied', reason));
}
