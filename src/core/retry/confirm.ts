// Confirmation tokens: the Start button of a confirmation card carries one; the store keeps what it confirms (the
// items shown, who asked) for a limited time, shared by every replica. A token cannot be forged or widened: the
// items come from the store, not from the click.
import { randomBytes } from 'node:crypto';
import type { RetryStore } from './ports';
import { type Actor, type ConfirmPayload, confirmKey } from './records';

export async function issueConfirmation(
  store: RetryStore,
  items: string[],
  by: Actor,
  now: Date,
  ttlMs: number,
  back?: string,
): Promise<string> {
  // Hex only: never confused with the "cancel-" prefix, and within the parser's [A-Za-z0-9_-]{1,64}.
  const token = randomBytes(16).toString('hex');
  const payload: ConfirmPayload = {
    items,
    requestedBy: by,
    requestedAt: now.toISOString(),
    ...(back === undefined ? {} : { back }),
  };
  const claim = await store.claimIdempotencyKey(confirmKey(token), token, ttlMs, payload);
  if (!claim.claimed) throw new Error('confirmation token collision');
  return token;
}

/** The confirmed items, or undefined when the token is unknown or expired. */
export async function readConfirmation(store: RetryStore, token: string): Promise<ConfirmPayload | undefined> {
  const record = await store.getIdempotencyKey(confirmKey(token));
  const payload = record?.payload as Partial<ConfirmPayload> | null | undefined;
  if (!payload || !Array.isArray(payload.items) || payload.items.length === 0 || !payload.requestedBy) return undefined;
  return payload as ConfirmPayload;
}

/** Cancel: the token stops working at once. */
export async function dropConfirmation(store: RetryStore, token: string): Promise<boolean> {
  return store.releaseIdempotencyKey(confirmKey(token), token);
}
