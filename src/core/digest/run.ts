// What `digest now`, the scheduler and the CLI share: a conversation's scope (its key, how far back recoveries
// matter), the data of several scopes in one call, the previous snapshot, and subscription names.
import type { DigestSubscription } from '../../store/store';
import { toBackupFilters } from '../commands/filters';
import { formatCommand } from '../commands/format';
import type { CommandFilters } from '../commands/types';
import type { DigestData, DigestScopeRequest } from '../domain/digest';
import type { DataResult } from '../domain/result';
import { UserFacingError } from '../errors';
import type { SubscriptionNames } from '../names';
import type { BackupDataPort, DataCallOptions } from '../ports';
import type { DigestStore } from './ports';
import { type DigestSnapshot, readSnapshot } from './snapshot';

const DAY = 24 * 3_600_000;

/** Conversations whose filters read the same share queries and snapshots: every filter compares case-insensitively. */
export function scopeKeyOf(filters: CommandFilters): string {
  const words = formatCommand({ verb: 'digest', action: 'now', filters }).replace(/^digest now ?/, '');
  return words === '' ? '(everything)' : words.toLowerCase();
}

/** Recoveries since the previous digest count as "fixed"; a day back for the first, at most the 14 days ARG keeps. */
export function recoveredSinceOf(previousAt: Date | undefined, now: Date): Date {
  const at = previousAt?.getTime() ?? now.getTime() - DAY;
  return new Date(Math.max(now.getTime() - 14 * DAY, Math.min(at, now.getTime() - 60_000)));
}

export function scopeRequest(filters: CommandFilters, recoveredSince: Date): DigestScopeRequest {
  return { filters: toBackupFilters(filters), recoveredSince };
}

/** One answer per scope; refuses plainly when this data source cannot make digests. */
export async function fetchDigestData(
  data: BackupDataPort,
  scopes: readonly DigestScopeRequest[],
  options?: DataCallOptions,
): Promise<DataResult<DigestData>[]> {
  if (data.digests === undefined) {
    throw new UserFacingError('Digests are not available with this data source.');
  }
  return data.digests(scopes, options);
}

/** Subscription names for cards; ids shortened when Resource Graph cannot tell them (names are a convenience). */
export async function subscriptionNames(data: BackupDataPort, options?: DataCallOptions): Promise<SubscriptionNames> {
  try {
    return (await data.subscriptionNames?.(options)) ?? new Map();
  } catch {
    return new Map();
  }
}

/**
 * The snapshot this conversation's last digest recorded, when it was about the same scope. Snapshots are kept under
 * `snapshotKey`: the scope key plus READ_ALLOW's guardrail (readKey), so that conversations with the same filters but
 * different guardrails never compare against each other's data.
 */
export async function previousOf(
  store: Pick<DigestStore, 'getDigestSnapshot'>,
  sub: DigestSubscription | undefined,
  scopeKey: string,
  snapshotKey = scopeKey,
): Promise<{ snapshot: DigestSnapshot; at: Date } | undefined> {
  if (sub === undefined || sub.lastSnapshotAt === null || sub.scopeKey !== scopeKey) return undefined;
  const snapshot = readSnapshot(await store.getDigestSnapshot(snapshotKey, sub.lastSnapshotAt));
  return snapshot === undefined ? undefined : { snapshot, at: sub.lastSnapshotAt };
}
