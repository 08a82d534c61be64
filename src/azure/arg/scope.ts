// Turns a query's scope into units of work: which identity asks, for which subscriptions (in batches) or management
// groups. Requested subscriptions that no identity can see are reported, never silently dropped.
import type { ArgScope, PartialReason } from '../arg-types';
import { ArgQueryError } from './errors';

/** ARG accepts at most 1000 subscriptions per request (troubleshooting doc). */
export const MAX_BATCH_SIZE = 1000;

export interface VisibleSubscription {
  subscriptionId: string;
  tenantId: string | undefined;
  name: string | undefined;
}

/** Lower-case subscription id → what ResourceContainers says about it, for one identity. */
export type VisibleMap = ReadonlyMap<string, VisibleSubscription>;

export interface PlannerIdentity {
  /** Undefined for DefaultAzureCredential or one Lighthouse credential (it may span tenants). */
  tenantId: string | undefined;
  label: string;
}

export interface WorkUnit {
  identity: number;
  subscriptions?: string[];
  managementGroups?: string[];
  /** Human words for what this unit covers ("subscriptions a, b (+3 more)"), used in partial reasons. */
  label: string;
}

export interface ScopePlan {
  units: WorkUnit[];
  partial: PartialReason[];
}

/** What the planner may look up: the subscriptions an identity sees (undefined when that lookup failed). */
export type VisibleLookup = (identity: number) => Promise<VisibleMap | undefined>;

export async function planScope(
  scope: ArgScope | undefined,
  identities: readonly PlannerIdentity[],
  batchSize: number,
  lookupVisible: VisibleLookup,
): Promise<ScopePlan> {
  const subscriptions = unique(scope?.subscriptions ?? []);
  const managementGroups = unique(scope?.managementGroups ?? [], false);
  if (subscriptions.length > 0 && managementGroups.length > 0) {
    throw new ArgQueryError('A Resource Graph scope takes subscriptions or management groups, not both', {
      code: 'InvalidScope',
    });
  }
  const tenants = scope?.tenants?.length ? new Set(scope.tenants.map((t) => t.toLowerCase())) : undefined;
  const partial: PartialReason[] = [];
  // Identities of a listed tenant, plus tenant-less ones (their subscriptions are filtered by tenant below).
  const selected = identities
    .map((identity, index) => ({ ...identity, index }))
    .filter((identity) => !tenants || identity.tenantId === undefined || tenants.has(identity.tenantId.toLowerCase()));
  if (tenants) {
    const covered = new Set(selected.map((i) => i.tenantId?.toLowerCase()));
    const missing = [...tenants].filter((t) => !covered.has(t));
    if (missing.length > 0 && !covered.has(undefined)) {
      partial.push({
        kind: 'inaccessible-subscriptions',
        detail: `no credential is configured for tenant ${missing.join(', ')}`,
      });
    }
  }
  const units: WorkUnit[] = [];
  if (managementGroups.length > 0) {
    for (const identity of selected) {
      for (const batch of chunk(managementGroups, batchSize)) {
        units.push({
          identity: identity.index,
          managementGroups: batch,
          label: describe('management group', batch, identity),
        });
      }
    }
    return { units, partial };
  }
  const needsLookup = subscriptions.length > 0 || selected.some((i) => tenants && i.tenantId === undefined);
  if (!needsLookup) {
    for (const identity of selected) units.push({ identity: identity.index, label: allLabel(identity) });
    return { units, partial };
  }
  const visible = await Promise.all(selected.map((identity) => lookupVisible(identity.index)));
  const wanted = subscriptions.length > 0 ? subscriptions : undefined;
  const claimed = new Set<string>();
  selected.forEach((identity, i) => {
    const map = visible[i];
    let mine: string[];
    if (!map) {
      // Could not list what it sees: ask for the requested list anyway (ARG skips what it cannot read) or everything.
      mine = wanted ? wanted.filter((s) => !claimed.has(s)) : [];
      if (!wanted) {
        units.push({ identity: identity.index, label: allLabel(identity) });
        return;
      }
    } else {
      const inTenant = (s: VisibleSubscription): boolean =>
        !tenants || (s.tenantId !== undefined && tenants.has(s.tenantId.toLowerCase()));
      mine = (wanted ?? [...map.keys()]).filter((s) => {
        const sub = map.get(s);
        return sub !== undefined && inTenant(sub) && !claimed.has(s);
      });
    }
    for (const s of mine) if (map) claimed.add(s);
    for (const batch of chunk(mine, batchSize)) {
      units.push({ identity: identity.index, subscriptions: batch, label: describe('subscription', batch, identity) });
    }
  });
  if (wanted && visible.every((map) => map !== undefined)) {
    const unseen = wanted.filter((s) => !claimed.has(s) && !excludedByTenant(s, visible, tenants));
    if (unseen.length > 0) {
      partial.push({
        kind: 'inaccessible-subscriptions',
        detail: `${describe('subscription', unseen)} not visible to the bot's Azure identity (mistyped, moved, or no Reader role there); not searched`,
        subscriptions: unseen,
      });
    }
  }
  return { units, partial };
}

/** A requested subscription that the bot can see, but in a tenant the query excluded on purpose. */
function excludedByTenant(
  s: string,
  visible: Array<VisibleMap | undefined>,
  tenants: Set<string> | undefined,
): boolean {
  if (!tenants) return false;
  return visible.some((map) => map?.has(s));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.min(MAX_BATCH_SIZE, Math.floor(size)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

function unique(items: readonly string[], lower = true): string[] {
  const seen = new Map<string, string>();
  for (const item of items) {
    const value = item.trim();
    if (value) seen.set(value.toLowerCase(), lower ? value.toLowerCase() : value);
  }
  return [...seen.values()];
}

function allLabel(identity: PlannerIdentity): string {
  return identity.tenantId
    ? `all subscriptions of tenant ${identity.tenantId}`
    : `all subscriptions visible to ${identity.label}`;
}

export function describe(noun: string, items: readonly string[], identity?: PlannerIdentity): string {
  const shown = items.slice(0, 3).join(', ');
  const more = items.length > 3 ? ` (+${items.length - 3} more)` : '';
  const tenant = identity?.tenantId ? ` in tenant ${identity.tenantId}` : '';
  return `${noun}${items.length === 1 ? '' : 's'} ${shown}${more}${tenant}`;
}
