// The subscriptions an identity can read, from ResourceContainers: used to report requested subscriptions the bot
// cannot see (ARG answers only for accessible ones, silently), to split a list across tenants, and to fill tenantId.
import { readAllPages } from './paging';
import type { VisibleMap, VisibleSubscription } from './scope';
import type { ArgChannel, StatsCollector } from './transport';

export const VISIBLE_SUBSCRIPTIONS_KQL =
  "ResourceContainers | where type =~ 'microsoft.resources/subscriptions' | project id, subscriptionId, tenantId, name";

/** Undefined when the list could not be read completely (then nothing is claimed about accessibility). */
export async function listVisibleSubscriptions(
  channel: ArgChannel,
  stats: StatsCollector,
  signal?: AbortSignal,
): Promise<VisibleMap | undefined> {
  const outcome = await readAllPages(
    channel,
    { query: VISIBLE_SUBSCRIPTIONS_KQL, allowPartialScopes: true },
    { pageSize: 1000, rowsWanted: () => Number.POSITIVE_INFINITY, onRows: () => {}, stats, signal },
  );
  if (outcome.failure || outcome.truncated || outcome.subscriptionLimitHit) return undefined;
  const map = new Map<string, VisibleSubscription>();
  for (const row of outcome.rows) {
    const id = typeof row.subscriptionId === 'string' ? row.subscriptionId.toLowerCase() : undefined;
    if (!id) continue;
    map.set(id, {
      subscriptionId: id,
      tenantId: typeof row.tenantId === 'string' ? row.tenantId.toLowerCase() : undefined,
      name: typeof row.name === 'string' ? row.name : undefined,
    });
  }
  return map;
}
