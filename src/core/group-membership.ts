// The groups a stored person is in now, for what the bot does on its own (digests, notifications): a port the
// channels implement with the lookups and caches they use for people asking, so group rules hold when nobody asks.
import { groupsNamed } from './authorize';
import type { Caller } from './caller';
import { forEachLimited } from './concurrency';
import type { ReadScope } from './ports';
import { type Reader, type ReadPolicy, readAccess, type StoredActor, storedReader } from './read-access';

/** The person's groups among those the rules name, or why they could not be looked up (never a membership). */
export type GroupAnswer = { groups: readonly string[] } | { failed: string };

/** A reader with its person's groups filled in, or why this run cannot know them. */
type SettledReader = Reader | { failed: string };

export interface GroupMembership {
  /**
   * Which of `groupIds` (as the rules name them) `person` is in; `person` as the store keeps them (platform, user id,
   * Teams' Entra object id and tenant). A failure of any of them is `failed`. Never rejects.
   */
  groupsOf(person: Caller, groupIds: readonly string[]): Promise<GroupAnswer>;
}

/**
 * The reader with its person's groups filled in when READ_ALLOW names groups of their platform (else unchanged, no
 * lookup); `failed` when the lookup failed, so the caller skips this run instead of reading less or more.
 */
async function settleReader(
  reader: Reader,
  policy: ReadPolicy,
  membership: GroupMembership | undefined,
): Promise<SettledReader> {
  if (reader.kind !== 'person' || membership === undefined || !policy.configured) return reader;
  const platform = reader.person.platform;
  if (platform !== 'teams' && platform !== 'slack') return reader;
  // Only READ_ALLOW's groups: a failed lookup of a group only RETRY_ALLOW names must not skip a digest.
  const named = groupsNamed(platform, policy.rules);
  if (named.length === 0) return reader;
  const answer = await membership.groupsOf(reader.person, named).catch((err: unknown) => ({ failed: String(err) }));
  if ('failed' in answer) return answer;
  return { kind: 'person', person: { ...reader.person, groupIds: answer.groups } };
}

/** Lookups at once for one run's conversations (Graph and Slack throttle bursts; the channels' caches absorb repeats). */
const SETTLE_CONCURRENCY = 8;

/** settleReader for each of `readers`, a few at a time, in order. */
async function settleReaders(
  readers: readonly Reader[],
  policy: ReadPolicy,
  membership: GroupMembership | undefined,
): Promise<SettledReader[]> {
  const out: SettledReader[] = [...readers];
  await forEachLimited(
    readers.map((reader, i) => ({ reader, i })),
    SETTLE_CONCURRENCY,
    async ({ reader, i }) => {
      out[i] = await settleReader(reader, policy, membership);
    },
    // settleReader never rejects; were it to, the run is left unchecked rather than read.
    ({ i }, err) => {
      out[i] = { failed: String(err) };
    },
  );
  return out;
}

/** What a stored conversation may read now: its guardrail (none: the whole scope), refused, or its groups unknown. */
export type StoredAccess = { read?: readonly ReadScope[] } | { refused: string } | { unchecked: string };

/** READ_ALLOW for digests and notifications when they run, their people's groups looked up first; in order. */
export async function storedAccess(
  stored: readonly { platform: string; conversationKey: string; createdBy: StoredActor }[],
  policy: ReadPolicy,
  membership: GroupMembership | undefined,
): Promise<StoredAccess[]> {
  const readers = await settleReaders(stored.map(storedReader), policy, membership);
  return readers.map((reader): StoredAccess => {
    if ('failed' in reader) return { unchecked: reader.failed };
    const access = readAccess(reader, policy);
    if (access.kind === 'all') return {};
    return access.kind === 'scopes' ? { read: access.scopes } : { refused: access.error.reason };
  });
}
