// READ_ALLOW, the read guardrail: which scopes a conversation may read. A shared conversation (channel, group chat)
// is bound as a whole by the rules naming its channel; a 1:1 chat reads what the rules naming its person allow.
//
// Same grammar as RETRY_ALLOW (authorize.ts):  <who>[@<scope>][#<channel>], comma-separated.
//   *@sub:<id>#C0123ABCD       everyone in Slack channel C0123ABCD reads that subscription (and nothing else there)
//   slack:user:U0123ABCD@rg:<id>/rg-app   that person, in a 1:1 chat with the bot, reads that resource group
//   teams:group:<id>           the group's members, in 1:1 chats, read the whole BACKUP_SCOPE (no @scope)
// A channel's answers are seen by everyone in it, so a channel rule names everyone (`*` or `<platform>:*`), never a
// person. Not set: every conversation reads the whole BACKUP_SCOPE, as before (said at start-up and in help).

import type { DigestActor } from '../store/store';
import {
  AccessPolicyError,
  type AccessRule,
  GROUP_CHECK_FAILED,
  parseAccessPolicy,
  type RuleScope,
  subjectMatches,
} from './authorize';
import { type Caller, callerRule, type Platform } from './caller';
import { NotAuthorizedError, UserFacingError } from './errors';
import type { DataCallOptions, ReadScope } from './ports';

export interface ReadPolicy {
  /** False when READ_ALLOW is not set: everyone reads everything (the bot's behaviour before READ_ALLOW). */
  readonly configured: boolean;
  readonly rules: readonly AccessRule[];
}

export const OPEN_READ_POLICY: ReadPolicy = { configured: false, rules: [] };

/** Who reads a conversation's answers: everyone in a channel, or one person in a 1:1 chat. */
export type Reader = { kind: 'channel'; platform: Platform; channelId: string } | { kind: 'person'; person: Caller };

/** What a conversation may read: everything, some scopes, or nothing (with the refusal to show). */
export type ReadAccess =
  | { kind: 'all' }
  | { kind: 'scopes'; scopes: readonly ReadScope[] }
  | { kind: 'none'; error: NotAuthorizedError };

/** Parses READ_ALLOW (startup); empty = not configured. Throws AccessPolicyError naming every bad entry. */
export function parseReadPolicy(entries: readonly string[]): ReadPolicy {
  if (entries.length === 0) return OPEN_READ_POLICY;
  const { rules } = parseAccessPolicy(entries, { setting: 'READ_ALLOW' });
  const problems = rules
    .filter((r) => r.channelId !== undefined && (r.subject.kind === 'user' || r.subject.kind === 'group'))
    .map((r) => {
      const platform = r.subject.kind === 'user' || r.subject.kind === 'group' ? r.subject.platform : '';
      // Teams channel ids hold an @ too (19:…@thread.tacv2): the scope is looked for before the #.
      const hash = r.text.indexOf('#');
      const at = r.text.slice(0, hash).indexOf('@');
      const rest = `${at < 0 ? '' : r.text.slice(at, hash)}${r.text.slice(hash)}`;
      return (
        `READ_ALLOW entry "${r.text}": everyone in a channel sees its answers, so a channel is bound as a whole; ` +
        `write ${platform}:*${rest} (or leave out #… to bind the person in 1:1 chats)`
      );
    });
  if (problems.length > 0) throw new AccessPolicyError(problems);
  return { configured: true, rules };
}

/** Teams threads carry ";messageid=…" in the conversation id; a group chat is named by its id without it. */
function sharedIdOf(caller: Caller): string | undefined {
  return caller.channelId ?? caller.conversationId?.split(';messageid=')[0];
}

/** The reader of the conversation `caller` asks from. */
export function readerOf(caller: Caller): Reader {
  const kind = caller.conversationKind ?? (caller.channelId === undefined ? 'personal' : 'shared');
  const id = sharedIdOf(caller);
  if (kind === 'shared' && id !== undefined && id !== '') {
    return { kind: 'channel', platform: caller.platform, channelId: id };
  }
  return { kind: 'person', person: caller };
}

function key(scope: ReadScope): string {
  const sub = scope.subscriptionId.toLowerCase();
  return scope.resourceGroup === undefined ? sub : `${sub}/${scope.resourceGroup.toLowerCase()}`;
}

/** Scopes without repeats, a resource group left out when its whole subscription is there; sorted (stable keys). */
function normalise(scopes: readonly RuleScope[]): ReadScope[] {
  const subs = new Set(scopes.filter((s) => s.resourceGroup === undefined).map((s) => s.subscriptionId.toLowerCase()));
  const out = new Map<string, ReadScope>();
  for (const s of scopes) {
    if (s.resourceGroup !== undefined && subs.has(s.subscriptionId.toLowerCase())) continue;
    out.set(key(s), s.resourceGroup === undefined ? { subscriptionId: s.subscriptionId.toLowerCase() } : s);
  }
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
}

/** The rules that give `reader` its scopes: a channel's own rules, or a person's rules that name no channel. */
export function rulesOf(reader: Reader, policy: ReadPolicy): AccessRule[] {
  if (reader.kind === 'channel') {
    return policy.rules.filter(
      (r) =>
        r.channelId === reader.channelId &&
        (r.subject.kind === 'anyone' || (r.subject.kind === 'platform' && r.subject.platform === reader.platform)),
    );
  }
  return policy.rules.filter((r) => r.channelId === undefined && subjectMatches(r.subject, reader.person));
}

/** What `reader` may read under `policy`; a refusal names who to ask and the entry to add. */
export function readAccess(reader: Reader, policy: ReadPolicy): ReadAccess {
  if (!policy.configured) return { kind: 'all' };
  const rules = rulesOf(reader, policy);
  if (rules.some((r) => r.scope === undefined)) return { kind: 'all' };
  if (rules.length > 0) return { kind: 'scopes', scopes: normalise(rules.map((r) => r.scope as RuleScope)) };
  if (reader.kind === 'channel') {
    return {
      kind: 'none',
      error: new NotAuthorizedError(
        'READ_ALLOW binds no backup data to this conversation, so the bot answers no backup questions here',
        {
          hint:
            `Ask your backup admin to add this channel to READ_ALLOW (for example ${reader.platform}:*@sub:<subscription id>#${reader.channelId}), ` +
            'or ask in a 1:1 chat with the bot.',
        },
      ),
    };
  }
  const entry = callerRule(reader.person);
  const ask =
    entry === undefined
      ? 'Ask your backup admin to add you to READ_ALLOW.'
      : `Ask your backup admin to add you to READ_ALLOW (your entry would be ${entry}@sub:<subscription id>).`;
  return {
    kind: 'none',
    error: new NotAuthorizedError('READ_ALLOW does not name you, so the bot shows you no backup data', {
      hint: reader.person.groupCheckFailed ? `${GROUP_CHECK_FAILED} ${ask}` : ask,
    }),
  };
}

/** Who turned on a digest or notifications, as the store keeps them: with what READ_ALLOW needs when they run. */
export type StoredActor = DigestActor;

/** The fields of `caller` a stored actor keeps for READ_ALLOW (spread into `createdBy`). */
export function readerFields(caller: Caller): Pick<StoredActor, 'aadObjectId' | 'tenantId' | 'personal'> {
  const personal = readerOf(caller).kind === 'person';
  return {
    ...(caller.aadObjectId ? { aadObjectId: caller.aadObjectId } : {}),
    ...(caller.aadObjectId && caller.tenantId ? { tenantId: caller.tenantId } : {}),
    personal,
  };
}

/**
 * The reader of a conversation with a digest or notifications, from the store: the person of a 1:1 chat, else the
 * channel (its conversation key is its channel id). Rows written before READ_ALLOW existed say nothing: a Slack D…
 * channel and the playground are 1:1 chats.
 */
export function storedReader(s: { platform: string; conversationKey: string; createdBy: StoredActor }): Reader {
  const platform = s.platform as Platform;
  const personal =
    s.createdBy.personal ?? ((platform === 'slack' && s.conversationKey.startsWith('D')) || platform === 'playground');
  if (!personal) return { kind: 'channel', platform, channelId: s.conversationKey };
  const person: Caller = { platform, userId: s.createdBy.userId, conversationKind: 'personal' };
  if (s.createdBy.aadObjectId) person.aadObjectId = s.createdBy.aadObjectId;
  if (s.createdBy.tenantId) person.tenantId = s.createdBy.tenantId;
  return { kind: 'person', person };
}

/** The data-call options that carry `access` to the data port (the whole scope: none). */
export function readOptions(access: ReadAccess): Pick<DataCallOptions, 'read'> {
  return access.kind === 'scopes' ? { read: access.scopes } : {};
}

/**
 * A stable text for the scopes, appended to a digest's or notification's scope key: conversations with the same
 * filters but different guardrails read (and remember) separately. Empty for the whole scope.
 */
export function readKey(read: readonly ReadScope[] | undefined): string {
  return read === undefined || read.length === 0 ? '' : ` read:${read.map(key).join(',')}`;
}

/**
 * `fetch` once per guardrail for the items that share it (digests and notifications read for many conversations at
 * once), its answers put back in the items' order.
 */
export async function perGuard<T, R>(
  items: readonly T[],
  readOf: (item: T) => readonly ReadScope[] | undefined,
  fetch: (batch: T[], read: readonly ReadScope[] | undefined) => Promise<readonly R[]>,
): Promise<R[]> {
  const byGuard = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = readKey(readOf(item));
    byGuard.set(key, [...(byGuard.get(key) ?? []), i]);
  });
  const out: R[] = new Array(items.length);
  await Promise.all(
    [...byGuard.values()].map(async (indexes) => {
      const batch = indexes.map((i) => items[i] as T);
      const answers = await fetch(batch, readOf(batch[0] as T));
      indexes.forEach((i, j) => {
        out[i] = answers[j] as R;
      });
    }),
  );
  return out;
}

/**
 * `digest on` / `notify on` with a `sub:<id>` outside the guardrail: refused as a subscription nobody here can see
 * (whether it exists or not), as the views answer it.
 */
export function checkReadable(subscriptionId: string, read: readonly ReadScope[] | undefined): void {
  if (read === undefined || read.some((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())) return;
  throw new UserFacingError(`No subscription "${subscriptionId}" is visible in this conversation.`, {
    hint: 'Use the name or id of a subscription you may read here; READ_ALLOW decides which (ask your backup admin).',
  });
}

/** Human words for the scopes ("subscription 0b2e…, resource group rg-app of subscription 41c7…"). */
export function describeReadScopes(scopes: readonly ReadScope[]): string {
  return scopes
    .map((s) =>
      s.resourceGroup === undefined
        ? `subscription ${s.subscriptionId}`
        : `resource group ${s.resourceGroup} of subscription ${s.subscriptionId}`,
    )
    .join(', ');
}

/** The line help shows admins when READ_ALLOW is not set. */
export const OPEN_READ_NOTE =
  'READ_ALLOW is not set: every conversation the bot is in sees the whole BACKUP_SCOPE. Set READ_ALLOW to bind ' +
  'channels and people to subscriptions or resource groups.';
