// The intent of a Start, written before Azure is called: a pending row ("starting", held under this replica's lease)
// and an audit record "starting". Whoever removes the row (the sender once Azure answers, or a replica reconciling it
// after the sender died) writes the attempt's outcome, so each attempt has exactly one.
import type { AuditRecordInput } from '../../store/store';
import { itemAuditDetails } from './checks';
import type { RetryStore } from './ports';
import { type Actor, INTENT_KIND, intentId, type PendingJob, type StartIntent } from './records';

/** Renews the leases of rows a replica is working on outside its tracked jobs (a request in flight). */
export interface LeaseKeeper {
  hold(id: string): void;
  release(id: string): void;
}

export interface IntentDeps {
  store: RetryStore;
  now: () => Date;
  replicaId: string;
  leaseMs: number;
}

export const leaseFrom = (deps: Pick<IntentDeps, 'now' | 'replicaId' | 'leaseMs'>) => ({
  owner: deps.replicaId,
  until: new Date(deps.now().getTime() + deps.leaseMs),
});

/** Writes the pending row, then the "starting" record; throws when either fails (then nothing may be sent). */
export async function recordIntent(deps: IntentDeps, intent: StartIntent): Promise<void> {
  const id = intentId(intent.claim.owner);
  await deps.store.upsertPendingOperation({ id, kind: INTENT_KIND, state: intent, lease: leaseFrom(deps) });
  await deps.store.appendAudit({
    ...intentWho(intent),
    action: 'retry',
    target: intent.item.id,
    result: 'starting',
    details: { bulk: intent.bulk, ...itemAuditDetails(intent.item), request: intent.request },
    at: deps.now(),
  });
}

/** Who asked and where, as the intent recorded them. */
export function intentWho(intent: { by: Actor; channel?: string }): Pick<AuditRecordInput, 'actor' | 'channel'> {
  return {
    actor: { platform: intent.by.platform, userId: intent.by.userId, name: intent.by.name ?? null },
    channel: intent.channel ?? null,
  };
}

/** What a started job keeps of its intent. */
export function jobFields(intent: StartIntent): Omit<PendingJob, 'job' | 'reported'> {
  const { bulk: _bulk, toldUnknown: _told, ...rest } = intent;
  return rest;
}
