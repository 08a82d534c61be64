// Turns user filters into query parameters: validates them, resolves a subscription name to ids, and names the
// placeholders that every datasource-centric .kql shares (subscriptionIds, resourceGroup, location, tagKey, …).

import {
  type BackupFilters,
  DEFAULT_SINCE,
  isSubscriptionId,
  type Since,
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
}

/** Validates `filters` and resolves `sub:<name>` through ResourceContainers (one request; a GUID needs none). */
export async function resolveFilters(log: QueryLog, filters: BackupFilters): Promise<ResolvedFilters> {
  const valid = validateFilters(filters);
  const out: ResolvedFilters = { ...valid, since: valid.since ?? DEFAULT_SINCE };
  if (valid.subscription !== undefined) {
    out.subscriptionIds = isSubscriptionId(valid.subscription)
      ? [valid.subscription.toLowerCase()]
      : await lookUpSubscriptions(log, valid.subscription);
  }
  return out;
}

export function bindSubscriptionLookupKql(name: string): string {
  return bindKql(loadKqlTemplate(__dirname, 'filters-subscriptions.kql'), { name });
}

/** Every subscription the bot can read, with its display name (cards show names, not GUIDs). */
export function bindSubscriptionNamesKql(): string {
  return bindKql(loadKqlTemplate(__dirname, 'subscription-names.kql'), {});
}

/** Subscription names listed when a sub: filter names none. */
const MAX_LISTED = 10;

async function lookUpSubscriptions(log: QueryLog, name: string): Promise<string[]> {
  const rows = await log.run(bindSubscriptionLookupKql(name));
  const ids = [...new Set(rows.map((r) => str(r, 'subscriptionId')?.toLowerCase()).filter((x) => x !== undefined))];
  if (ids.length === 0) {
    const incomplete = log.partial.length > 0 ? ' (Resource Graph answered only in part)' : '';
    // Say which names it can see (the ten first), so a typo is fixed at a glance; one more request, only on a miss.
    const visible = (await log.run(bindSubscriptionNamesKql()).catch(() => []))
      .map((r) => str(r, 'name'))
      .filter((n): n is string => n !== undefined && n !== '')
      .sort((a, b) => a.localeCompare(b));
    const list =
      visible.length === 0
        ? ''
        : ` It can see: ${visible.slice(0, MAX_LISTED).join(', ')}${visible.length > MAX_LISTED ? ` and ${visible.length - MAX_LISTED} more` : ''}.`;
    throw new UserFacingError(`No subscription named "${name}" is visible to the bot${incomplete}.`, {
      hint: `Use the subscription's name or id, or ask an admin to give the bot Reader access to it.${list}`,
    });
  }
  return ids;
}

/** Placeholders for the datasource filters; unset filters stay undefined so their lines are left out. */
export function datasourceParams(f: ResolvedFilters): KqlParams {
  const tagKey = f.tag?.key.toLowerCase();
  return {
    subscriptionIds: f.subscriptionIds,
    resourceGroup: f.resourceGroup,
    location: f.location,
    // Tag keys are matched on a lower-cased copy of the tags (Azure tag names are case-insensitive).
    tagKey,
    tagValue: f.tag && f.tag.value !== '' ? f.tag.value : undefined,
  };
}

/** Refuses a filter that means nothing for this question, instead of silently ignoring it. */
export function refuseFilters(f: BackupFilters, names: (keyof BackupFilters)[], question: string): void {
  const words: Record<keyof BackupFilters, string> = {
    subscription: 'sub:',
    resourceGroup: 'rg:',
    location: 'location:',
    tag: 'tag:',
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
