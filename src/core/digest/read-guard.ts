// READ_ALLOW for scheduled digests: which conversations may still read (rules change after `digest on`), and their
// data read once per guardrail, each carrying its own scopes to Resource Graph (never filtered after the fact).
import type { DigestRunKey, DigestSubscription } from '../../store/store';
import type { DigestData } from '../domain/digest';
import type { DataResult } from '../domain/result';
import { type GroupMembership, type SettledReader, settleReaders } from '../group-membership';
import type { SubscriptionNames } from '../names';
import type { BackupDataPort, ReadScope } from '../ports';
import { OPEN_READ_POLICY, type ReadPolicy, readAccess, readKey, storedReader } from '../read-access';
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
  const readers = await settleReaders(
    claimed.map((c) => storedReader(c.sub)),
    policy,
    groups,
  );
  claimed.forEach((c, i) => {
    const reader = readers[i] as SettledReader;
    if ('failed' in reader) {
      refused.push({ run: c, reason: reader.failed, detail: GROUPS_UNCHECKED });
      return;
    }
    const access = readAccess(reader, policy);
    if (access.kind === 'all') kept.push(c);
    else if (access.kind === 'scopes') kept.push({ ...c, read: access.scopes });
    else refused.push({ run: c, reason: access.error.reason });
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
  const byGuard = new Map<string, number[]>();
  groups.forEach((group, i) => {
    const key = readKey(group[0]?.read);
    byGuard.set(key, [...(byGuard.get(key) ?? []), i]);
  });
  const results: DataResult<DigestData>[] = new Array(groups.length);
  const names: SubscriptionNames[] = new Array(groups.length);
  await Promise.all(
    [...byGuard.values()].map(async (indexes) => {
      const read = groups[indexes[0] as number]?.[0]?.read;
      const options = read === undefined ? {} : { read };
      const [answers, known] = await Promise.all([
        fetchDigestData(
          data,
          indexes.map((i) => requests[i] as ReturnType<typeof scopeRequest>),
          options,
        ),
        subscriptionNames(data, options),
      ]);
      indexes.forEach((groupIndex, j) => {
        results[groupIndex] = answers[j] as DataResult<DigestData>;
        names[groupIndex] = known;
      });
    }),
  );
  return [results, names];
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
  await deps.store.appendAudit({
    at,
    actor: { platform: 'bot', userId: 'digest-scheduler', name: 'the bot' },
    channel: sub.conversationKey,
    action: 'digest-skipped',
    target: sub.conversationKey,
    result: 'denied',
    details: { item: 'digest', reason },
  });
}
