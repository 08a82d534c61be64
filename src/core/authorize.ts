// Who may run restricted commands (retry, audit): RETRY_ALLOW rules, parsed once at startup. What a conversation may
// read is READ_ALLOW's (read-access.ts, same grammar); restricted commands are denied unless a rule names the caller.
//
// Rule syntax (one per RETRY_ALLOW entry, comma-separated, no spaces):  <who>[@<scope>][#<channel>]
//   who:     teams:user:<Entra object id> | teams:group:<Entra group id> | slack:user:<U…|W…> | slack:group:<S…>
//            | playground:user:<name> | cli:user:<name> | <platform>:* (everyone on it) | * (everyone; explicit only)
//   scope:   @sub:<subscription id> | @rg:<subscription id>/<resource group>   (default: everywhere)
//   channel: #<channel id> (Teams 19:…@thread.tacv2, Slack C…): the rule holds only in that channel
// Ids compare as each platform defines them: Entra ids (GUIDs) and Azure scopes ignore case; Slack ids, channel ids
// and user names are exact. Slack writes its ids in upper case, so a lower-case Slack id is refused at startup.
// Examples: teams:user:6f1c…@sub:0b2e…   slack:user:U0123ABCD#C0456EFGH   slack:*@rg:0b2e…/rg-app
import { type Caller, callerRule, type Platform } from './caller';
import { COMMAND_SPECS } from './commands/table';
import type { Command } from './commands/types';
import { NotAuthorizedError } from './errors';

export type RuleSubject =
  | { kind: 'anyone' }
  | { kind: 'platform'; platform: Platform }
  | { kind: 'user'; platform: Platform; id: string }
  | { kind: 'group'; platform: 'teams' | 'slack'; id: string };

export interface RuleScope {
  subscriptionId: string;
  resourceGroup?: string;
}

export interface AccessRule {
  /** The entry as configured (or a note for implicit rules), for logs and audit records. */
  text: string;
  subject: RuleSubject;
  scope?: RuleScope;
  channelId?: string;
}

export interface AccessPolicy {
  readonly rules: readonly AccessRule[];
}

/** A bad RETRY_ALLOW: names every bad entry and what to write instead. */
export class AccessPolicyError extends Error {
  override name = 'AccessPolicyError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

export type AuthDecision = { allowed: true; rule?: AccessRule } | { allowed: false; error: NotAuthorizedError };

/** Where a write lands: the item's subscription and resource group, and the channel it was asked from. */
export interface WriteTarget {
  subscriptionId: string;
  resourceGroup: string;
  /** Defaults to the caller's channel. */
  channelId?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXAMPLE = 'teams:user:00000000-0000-0000-0000-000000000000 or slack:user:U0123ABCD';
const ID_PATTERNS: Record<string, [RegExp, string]> = {
  'teams:user': [GUID, "the person's Entra object id (a GUID)"],
  'teams:group': [GUID, 'an Entra group id (a GUID)'],
  'slack:user': [/^[UW][A-Z0-9]{2,}$/, 'a Slack member id (U… or W…)'],
  'slack:group': [/^S[A-Z0-9]{2,}$/, 'a Slack user group id (S…)'],
  'playground:user': [/^[\w.-]{1,128}$/, 'a user name'],
  'cli:user': [/^[\w.-]{1,128}$/, 'a user name'],
};

function parseSubject(text: string): RuleSubject | string {
  if (text === '*') return { kind: 'anyone' };
  const platformWide = /^(teams|slack|playground|cli):\*$/i.exec(text);
  if (platformWide) return { kind: 'platform', platform: (platformWide[1] as string).toLowerCase() as Platform };
  const [platform, kind, id, ...extra] = text.split(':');
  const key = `${platform?.toLowerCase()}:${kind?.toLowerCase()}`;
  const pattern = ID_PATTERNS[key];
  if (pattern === undefined || id === undefined || extra.length > 0) {
    if (/^[UW][A-Z0-9]{6,}$/.test(text)) return `write slack:user:${text} for a Slack member`;
    if (GUID.test(text)) return `write teams:user:${text} for a person or teams:group:${text} for a group`;
    return `"${text}" is not a person or group: write ${EXAMPLE} (or teams:* / slack:* / * for everyone)`;
  }
  if (id === '*') return `write ${platform?.toLowerCase()}:* for everyone on ${platform}`;
  const p = (platform as string).toLowerCase() as Platform;
  // Slack compares ids exactly and writes them in upper case: "u0123abcd" is a typo (or someone else), never U0123ABCD.
  if (p === 'slack' && id !== id.toUpperCase() && pattern[0].test(id.toUpperCase())) {
    return `${key}: Slack ids are upper case and compared exactly; write ${key}:${id.toUpperCase()} if that is who you mean`;
  }
  if (!pattern[0].test(id)) return `${key}: expects ${pattern[1]}`;
  const normalised = p === 'teams' ? id.toLowerCase() : id;
  if (kind?.toLowerCase() === 'group') return { kind: 'group', platform: p as 'teams' | 'slack', id: normalised };
  return { kind: 'user', platform: p, id: normalised };
}

function parseScope(text: string): RuleScope | string {
  const sub = /^sub:([^/]+)$/i.exec(text);
  if (sub && GUID.test(sub[1] as string)) return { subscriptionId: (sub[1] as string).toLowerCase() };
  const rg = /^rg:([^/]+)\/([\p{L}\p{N}._()-]{1,90})$/iu.exec(text);
  if (rg && GUID.test(rg[1] as string)) {
    return { subscriptionId: (rg[1] as string).toLowerCase(), resourceGroup: rg[2] as string };
  }
  return `scope "@${text}" must be @sub:<subscription id> or @rg:<subscription id>/<resource group>`;
}

function parseRule(text: string): AccessRule | string {
  if (text === '') return 'the entry is empty';
  const hash = text.indexOf('#');
  const channelId = hash < 0 ? undefined : text.slice(hash + 1);
  const left = hash < 0 ? text : text.slice(0, hash);
  if (channelId === '' || (channelId !== undefined && /\s/.test(channelId))) return 'the channel after # is empty';
  const at = left.indexOf('@');
  if (at > 0 && !left.slice(0, at).includes(':') && left.slice(0, at) !== '*') {
    return `people are named by platform id, not e-mail: write ${EXAMPLE}`;
  }
  const subject = parseSubject(at < 0 ? left : left.slice(0, at));
  if (typeof subject === 'string') return subject;
  const scope = at < 0 ? undefined : parseScope(left.slice(at + 1));
  if (typeof scope === 'string') return scope;
  return {
    text,
    subject,
    ...(scope === undefined ? {} : { scope }),
    ...(channelId === undefined ? {} : { channelId }),
  };
}

/**
 * Parses RETRY_ALLOW entries once (at startup). Empty = nobody. In demo mode the playground's user is allowed too.
 * Throws AccessPolicyError naming every bad entry.
 */
export function parseAccessPolicy(
  entries: readonly string[],
  opts: { demo?: boolean; setting?: string; scopes?: boolean } = {},
): AccessPolicy {
  const setting = opts.setting ?? 'RETRY_ALLOW';
  const rules: AccessRule[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const rule = parseRule(entry.trim());
    if (typeof rule === 'string') problems.push(`${setting} entry "${entry}": ${rule}`);
    else if (opts.scopes === false && rule.scope !== undefined) {
      problems.push(`${setting} entry "${entry}": @scopes do not apply here; write it without "@…"`);
    } else rules.push(rule);
  }
  if (problems.length > 0) throw new AccessPolicyError(problems);
  if (opts.demo)
    rules.push({ text: 'playground:* (demo mode)', subject: { kind: 'platform', platform: 'playground' } });
  return { rules };
}

/** Entra object and group ids are GUIDs, and Azure compares subscription ids and resource groups without case. */
function sameIgnoringCase(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** A person or group id as its platform compares it: Teams' GUIDs ignore case; Slack's and user names do not. */
function samePlatformId(platform: Platform, a: string | undefined, b: string): boolean {
  return platform === 'teams' ? sameIgnoringCase(a, b) : a === b;
}

/** Does the rule's who name this caller (person, group, platform, everyone)? */
export function subjectMatches(subject: RuleSubject, caller: Caller): boolean {
  switch (subject.kind) {
    case 'anyone':
      return true;
    case 'platform':
      return caller.platform === subject.platform;
    case 'user':
      if (caller.platform !== subject.platform) return false;
      return subject.platform === 'teams'
        ? samePlatformId('teams', caller.aadObjectId, subject.id)
        : samePlatformId(subject.platform, caller.userId, subject.id);
    case 'group':
      return (
        caller.platform === subject.platform &&
        (caller.groupIds ?? []).some((g) => samePlatformId(subject.platform, g, subject.id))
      );
  }
}

function covers(scope: RuleScope | undefined, target: WriteTarget): boolean {
  if (scope === undefined) return true;
  if (!sameIgnoringCase(target.subscriptionId, scope.subscriptionId)) return false;
  return scope.resourceGroup === undefined || sameIgnoringCase(target.resourceGroup, scope.resourceGroup);
}

function deny(reason: string, hint: string): AuthDecision {
  return { allowed: false, error: new NotAuthorizedError(reason, { hint }) };
}

/** Said in a refusal when a group rule might have named the caller but their groups could not be looked up. */
export const GROUP_CHECK_FAILED =
  'Your group membership could not be checked just now, so group rules could not apply; try again in a minute.';

function notListed(caller: Caller, doing: string): AuthDecision {
  const entry = callerRule(caller);
  const hint =
    entry !== undefined
      ? `Your entry would be ${entry}.`
      : 'The bot could not read your Entra object id, so RETRY_ALLOW cannot name you yet.';
  return deny(
    `only people listed in RETRY_ALLOW may ${doing}; ask your bot admin`,
    caller.groupCheckFailed ? `${GROUP_CHECK_FAILED} ${hint}` : hint,
  );
}

/**
 * The group ids the rules name on `platform` (Entra group ids for Teams, user group ids for Slack), without repeats:
 * what a channel must look up for each caller. Empty: no group rule, so no lookup at all.
 */
export function groupsNamed(platform: 'teams' | 'slack', ...ruleLists: ReadonlyArray<readonly AccessRule[]>): string[] {
  const ids = new Set<string>();
  for (const rules of ruleLists) {
    for (const r of rules) if (r.subject.kind === 'group' && r.subject.platform === platform) ids.add(r.subject.id);
  }
  return [...ids].sort();
}

/** Rules naming the caller that hold in `channelId`; a decision when there are none. */
function rulesFor(caller: Caller, channelId: string | undefined, policy: AccessPolicy, doing: string) {
  const mine = policy.rules.filter((r) => subjectMatches(r.subject, caller));
  if (mine.length === 0) return notListed(caller, doing);
  const here = mine.filter((r) => r.channelId === undefined || r.channelId === channelId);
  if (here.length === 0) {
    return deny(`RETRY_ALLOW lets you ${doing} only in certain channels, not in this one`, 'Ask your bot admin.');
  }
  return here;
}

/** First check, before any target is known: reads pass; restricted commands need a rule for the caller here. */
export function authorize(command: Command, caller: Caller, policy: AccessPolicy): AuthDecision {
  if (!COMMAND_SPECS[command.verb].restricted) return { allowed: true };
  const doing = command.verb === 'audit' ? 'read the audit log' : 'start backups';
  const rules = rulesFor(caller, caller.channelId, policy, doing);
  return Array.isArray(rules) ? { allowed: true, rule: rules[0] } : rules;
}

/** Second check, by the retry handler once it knows where the item lives: a rule must also cover its scope. */
export function authorizeWrite(caller: Caller, target: WriteTarget, policy: AccessPolicy): AuthDecision {
  const rules = rulesFor(caller, target.channelId ?? caller.channelId, policy, 'start backups');
  if (!Array.isArray(rules)) return rules;
  const rule = rules.find((r) => covers(r.scope, target));
  if (rule !== undefined) return { allowed: true, rule };
  const scopes = rules.map((r) => describeScope(r.scope as RuleScope)).join(', ');
  return deny(
    `RETRY_ALLOW lets you start backups only in ${scopes}, and this item is in ` +
      `resource group ${target.resourceGroup} of subscription ${target.subscriptionId}`,
    'Ask your bot admin to widen your entry.',
  );
}

/** What a restricted read (the audit log) may show this caller: everything, or only these scopes. */
export function scopesFor(caller: Caller, policy: AccessPolicy, channelId = caller.channelId): 'all' | RuleScope[] {
  const rules = policy.rules.filter(
    (r) => subjectMatches(r.subject, caller) && (r.channelId === undefined || r.channelId === channelId),
  );
  if (rules.some((r) => r.scope === undefined)) return 'all';
  return rules.map((r) => r.scope as RuleScope);
}

function describeScope(scope: RuleScope): string {
  return scope.resourceGroup === undefined
    ? `subscription ${scope.subscriptionId}`
    : `resource group ${scope.resourceGroup} of subscription ${scope.subscriptionId}`;
}

/**
 * Who may change what a conversation receives (DIGEST_ALLOW: its digest and snoozes). No rules: anyone in the
 * conversation, since a digest shows only what anyone there can already ask for. Otherwise a rule must name the caller
 * (and hold in this channel); a refusal says which entries may.
 */
export function authorizeConversationChange(
  caller: Caller,
  policy: AccessPolicy,
  setting: string,
  doing: string,
): AuthDecision {
  if (policy.rules.length === 0) return { allowed: true };
  const rule = policy.rules.find(
    (r) => subjectMatches(r.subject, caller) && (r.channelId === undefined || r.channelId === caller.channelId),
  );
  if (rule !== undefined) return { allowed: true, rule };
  const entries = policy.rules.map((r) => r.text);
  const who =
    entries.length <= 4 ? entries.join(', ') : `${entries.slice(0, 4).join(', ')} and ${entries.length - 4} more`;
  const mine = callerRule(caller);
  return deny(
    `only the people and channels ${setting} names may ${doing} (${who}); ask your bot admin`,
    `${caller.groupCheckFailed ? `${GROUP_CHECK_FAILED} ` : ''}${mine === undefined ? 'Ask your bot admin.' : `Your entry would be ${mine}.`}`,
  );
}
