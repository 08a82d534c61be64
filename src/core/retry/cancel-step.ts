// Who may press Cancel on a confirmation: the same people who may press its Start (a rule covering every item it
// names, in this channel), so nobody outside RETRY_ALLOW can throw away someone else's confirmation. Refusals are audited.
import { type AccessPolicy, scopesFor } from '../authorize';
import type { Caller } from '../caller';
import { NotAuthorizedError } from '../errors';
import {
  auditWho,
  authorizeItem,
  itemAuditDetails,
  type RefusalLimit,
  type Resolved,
  resolveItem,
  writeAudit,
} from './checks';
import type { ItemSource, RetryStore } from './ports';
import { type ItemSummary, summarizeItem } from './records';
import { mapLimit } from './run-start';

export type CancelDecision =
  | {
      allowed: true;
      /** The looked-up item of a one-item confirmation (for "already running"). */
      single?: Resolved;
    }
  | { allowed: false; error: NotAuthorizedError; item?: ItemSummary };

export interface CancelDeps {
  items: ItemSource;
  store: RetryStore;
  policy: AccessPolicy;
  concurrency: number;
}

export async function authorizeCancel(
  deps: CancelDeps,
  caller: Caller,
  items: readonly string[],
  names?: ReadonlyMap<string, string>,
): Promise<CancelDecision> {
  // A rule without a scope that holds here covers every item: no need to look up up to 500 items to know that.
  const unscoped = scopesFor(caller, deps.policy) === 'all';
  if (items.length > 1 && unscoped) return { allowed: true };
  const found = await mapLimit([...items], deps.concurrency, (ref) => resolveItem(deps.items, ref, {}, false));
  for (const [i, one] of found.entries()) {
    if (one.kind === 'found') {
      const access = authorizeItem(caller, one.instance, deps.policy);
      if (!access.allowed) return { allowed: false, error: access.error, item: summarizeItem(one.instance, names) };
    } else if (!unscoped) {
      // A scoped rule cannot be shown to cover an item that was not found: refuse; the confirmation expires anyway.
      const error = new NotAuthorizedError(
        `RETRY_ALLOW lets you act only in certain scopes, and ${items[i]} could not be looked up to check it`,
        { hint: 'The confirmation expires on its own.' },
      );
      return { allowed: false, error };
    }
  }
  return { allowed: true, ...(found.length === 1 ? { single: found[0] } : {}) };
}

/** The refused Cancel in the audit log, beside refused Starts. */
export async function auditCancelDenied(
  store: RetryStore,
  caller: Caller,
  items: readonly string[],
  decision: Extract<CancelDecision, { allowed: false }>,
  limit: RefusalLimit,
): Promise<void> {
  await writeAudit(
    store,
    {
      ...auditWho(caller),
      action: 'retry-cancel',
      target: decision.item?.id ?? (items.length === 1 ? (items[0] as string) : null),
      result: 'denied',
      details: {
        reason: decision.error.reason,
        ...(decision.item ? itemAuditDetails(decision.item) : {}),
        items: items.slice(0, 50),
        bulk: items.length > 1,
      },
    },
    limit,
  );
}
