// Turns user filters into query parameters: validates them, resolves a subscription name to ids, and names the
// placeholders that every datasource-centric .kql shares (subscriptionIds, resourceGroup, location, tags, …).

import {
  type BackupFilters,
  DEFAULT_SINCE,
  isSubscriptionId,
  type Since,
  type TagFilter,
  validateFilters,
} from '../core/domain/filters';
import { UserFacingError } from '../core/errors';
import type { QueryLog } from './backup-data-run';
import { bindKql, type KqlParams, loadKqlTemplate } from './kql-binder';
import { str } from './row-values';

/** Validated filters with the datasource subscription resolved to ids. */
export interface ResolvedFilters extends BackupFilters {
  subscriptionIds?: string[];
  since: Since;
  /**
   * READ_ALLOW's guardrail as bound values: `<subscription id>` or `<subscription id>/<resource group>`, lower case.
   * Every datasource-centric .kql keeps a row only when its datasource's subscription, or subscription/resource group,
   * is one of them (`//? readScopes`). Undefined: the whole BACKUP_SCOPE.
   */
  readScopes?: string[];
}

/** The guardrail of `log`'s answer as filter fields (spread into hand-made ResolvedFilters). */
export function readParams(log: Pick<QueryLog, 'read'>): Pick<ResolvedFilters, 'readScopes'> {
  const read = log.read;
  if (read === undefined || read.length === 0) return {};
  const keys = read.map((s) =>
    s.resourceGroup === undefined
      ? s.subscriptionId.toLowerCase()
      : `${s.subscriptionId.toLowerCase()}/${s.resourceGroup.toLowerCase()}`,
  );
  return { readScopes: [...new Set(keys)] };
}

/** The subscriptions the guardrail reads (undefined: all of BACKUP_SCOPE), for ResourceContainers lookups. */
export function readSubscriptions(log: Pick<QueryLog, 'read'>): string[] | undefined {
  return log.read === undefined || log.read.length === 0
    ? undefined
    : [...new Set(log.read.map((s) => s.subscriptionId.toLowerCase()))];
}

/**
 * A `sub:` id outside the guardrail is answered as a subscription nobody here can see, whether it exists or not: the
 * answer must not tell which subscriptions exist outside what this conversation may read.
 */
function notVisibleHere(what: string): UserFacingError {
  return new UserFacingError(`No subscription ${what} is visible in this conversation.`, {
    hint: 'Use the name or id of a subscription you may read here; READ_ALLOW decides which (ask your backup admin).',
  });
}

/** Validates `filters` and resolves `sub:<name>` through ResourceContainers (one request; a GUID needs none). */
export async function resolveFilters(log: QueryLog, filters: BackupFilters): Promise<ResolvedFilters> {
  const valid = validateFilters(filters);
  const out: ResolvedFilters = { ...valid, since: valid.since ?? DEFAULT_SINCE, ...readParams(log) };
  if (valid.subscription !== undefined) {
    const ids = isSubscriptionId(valid.subscription)
      ? [valid.subscription.toLowerCase()]
      : await lookUpSubscriptions(log, valid.subscription);
    // A user's sub: narrows the guardrail, never widens it.
    const allowed = readSubscriptions(log);
    const kept = allowed === undefined ? ids : ids.filter((id) => allowed.includes(id));
    if (kept.length === 0) throw notVisibleHere(`"${valid.subscription}"`);
    out.subscriptionIds = kept;
  }
  return out;
}

/** `readSubs`: the guardrail's subscriptions (Resource Graph is asked for those only; this holds under mg: scopes). */
export function bindSubscriptionLookupKql(name: string, readSubs?: string[]): string {
  return bindKql(loadKqlTemplate(__dirname, 'filters-subscriptions.kql'), { name, readSubs });
}

/** Every subscription the bot can read (and the guardrail allows), with its display name (cards show names). */
export function bindSubscriptionNamesKql(readSubs?: string[]): string {
  return bindKql(loadKqlTemplate(__dirname, 'subscription-names.kql'), { readSubs });
}

/** Subscription names listed when a sub: filter names none. */
const MAX_LISTED = 10;

async function lookUpSubscriptions(log: QueryLog, name: string): Promise<string[]> {
  const rows = await log.run(bindSubscriptionLookupKql(name, readSubscriptions(log)));
  const ids = [...new Set(rows.map((r) => str(r, 'subscriptionId')?.toLowerCase()).filter((x) => x !== undefined))];
  if (ids.length === 0) {
    const incomplete = log.partial.length > 0 ? ' (Resource Graph answered only in part)' : '';
    // Say which names it can see (the ten first), so a typo is fixed at a glance; one more request, only on a miss.
    const visible = (await log.run(bindSubscriptionNamesKql(readSubscriptions(log))).catch(() => []))
      .map((r) => str(r, 'name'))
      .filter((n): n is string => n !== undefined && n !== '')
      .sort((a, b) => a.localeCompare(b));
    const list =
      visible.length === 0
        ? ''
        : ` It can see: ${visible.slice(0, MAX_LISTED).join(', ')}${visible.length > MAX_LISTED ? ` and ${visible.length - MAX_LISTED} more` : ''}.`;
    // Under a guardrail the lookups above read only its subscriptions, so the list names nothing outside it.
    if (log.read !== undefined) {
      throw new UserFacingError(`No subscription named "${name}" is visible in this conversation${incomplete}.`, {
        hint: `Use the name or id of a subscription READ_ALLOW lets you read here.${list.replace(' It can see', ' Here you can read')}`,
      });
    }
    throw new UserFacingError(`No subscription named "${name}" is visible to the bot${incomplete}.`, {
      hint: `Use the subscription's name or id, or ask an admin to give the bot Reader access to it.${list}`,
    });
  }
  return ids;
}

/**
 * Placeholders for the subscription, group, region, tag and READ_ALLOW filters of whatever resource a query filters
 * on (the datasource, or the vault or evaluated resource); unset filters stay undefined so their lines are left out.
 */
export function datasourceParams(f: ResolvedFilters): KqlParams {
  return {
    subscriptionIds: f.subscriptionIds,
    resourceGroup: f.resourceGroup,
    location: f.location,
    ...tagParams(f.tags),
    readScopes: f.readScopes,
  };
}

/**
 * The tag: filters as the .kql files take them: `ifTags` opens the tag lookup, then one line per tag, all of which
 * must hold: `tagValues` (key and value) and `tagKeys` (key only: the tag is there, whatever its value). Keys are
 * matched on a lower-cased copy of the tags (Azure tag names are case-insensitive); values compare with `=~`.
 */
export function tagParams(tags: readonly TagFilter[] | undefined): KqlParams {
  if (tags === undefined || tags.length === 0) return {};
  const withValue = tags.filter((t) => t.value !== '').map((t) => ({ key: t.key.toLowerCase(), value: t.value }));
  const keyOnly = tags.filter((t) => t.value === '').map((t) => ({ key: t.key.toLowerCase() }));
  return {
    ifTags: '',
    ...(withValue.length > 0 ? { tagValues: withValue } : {}),
    ...(keyOnly.length > 0 ? { tagKeys: keyOnly } : {}),
  };
}

/** Refuses a filter that means nothing for this question, instead of silently ignoring it. */
export function refuseFilters(f: BackupFilters, names: (keyof BackupFilters)[], question: string): void {
  const words: Record<keyof BackupFilters, string> = {
    subscription: 'sub:',
    resourceGroup: 'rg:',
    location: 'location:',
    tags: 'tag:',
    vault: 'vault:',
    workload: 'type:',
    since: 'since:',
  };
  const used = names.filter((n) => f[n] !== undefined).map((n) => words[n]);
  if (used.length > 0) {
    throw new UserFacingError(`${used.join(' and ')} does not apply to ${question}.`, {
      hint: `Leave out ${used.join(' ')} and ask again.`,
    });
  }
}
