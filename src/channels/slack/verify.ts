// Slack request signing: v0 HMAC-SHA256 over `v0:{timestamp}:{raw body}`, compared in constant time, with a 5-minute
// window and a replay guard (the same signature twice within that window is refused, even with a valid signature).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's rule: refuse a request whose timestamp is more than five minutes off (docs/platform-facts.md, Slack). */
export const MAX_REQUEST_AGE_S = 5 * 60;

export type VerifyFailure = 'missing-headers' | 'stale' | 'bad-signature' | 'replay';

export interface SignedRequest {
  rawBody: string;
  /** `x-slack-signature`, e.g. `v0=abc…`. */
  signature: string | undefined;
  /** `x-slack-request-timestamp`, seconds since the epoch. */
  timestamp: string | undefined;
}

/** Remembers what was seen, for replay checks. Shared by replicas when backed by the store. */
export interface ReplayGuard {
  /** True the first time `key` is offered within `ttlMs`; false for a repeat. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`: what Slack sends and what tests sign with. */
export function signSlackRequest(signingSecret: string, timestamp: string | number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** Checks the signature and the clock (not replays): undefined when the request is genuine and fresh. */
export function checkSignature(secret: string, req: SignedRequest, nowMs: number): VerifyFailure | undefined {
  const { signature, timestamp } = req;
  if (signature === undefined || timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return 'missing-headers';
  // Both directions: a timestamp far in the future is as suspicious as an old one.
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > MAX_REQUEST_AGE_S) return 'stale';
  const expected = Buffer.from(signSlackRequest(secret, timestamp, req.rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
  return undefined;
}

/** Signature, clock, then replay: the replay guard only records requests that were genuinely signed. */
export async function verifySlackRequest(
  secret: string,
  req: SignedRequest,
  guard: ReplayGuard,
  nowMs: number = Date.now(),
): Promise<VerifyFailure | undefined> {
  const failure = checkSignature(secret, req, nowMs);
  if (failure !== undefined) return failure;
  // A signature covers the timestamp and body, so it alone identifies the request; keep it for the whole window
  // plus the allowed clock skew on either side.
  const fresh = await guard.firstSeen(`slack-sig:${req.timestamp}:${req.signature}`, 2 * MAX_REQUEST_AGE_S * 1000);
  return fresh ? undefined : 'replay';
}

/**
 * An in-process replay guard: enough for one replica. Entries expire after their ttl; the map is bounded, since
 * only genuinely signed requests reach it (an attacker without the secret cannot grow it).
 */
export function createMemoryReplayGuard(maxEntries = 100_000, now: () => number = Date.now): ReplayGuard {
  const seen = new Map<string, number>();
  return {
    async firstSeen(key, ttlMs) {
      const at = now();
      const expiry = seen.get(key);
      if (expiry !== undefined && expiry > at) return false;
      // Map keeps insertion order and every key gets the same ttl, so expired entries come first.
      for (const [old, until] of seen) {
        if (until <= at || seen.size >= maxEntries) seen.delete(old);
        else break;
      }
      seen.set(key, at + ttlMs);
      return true;
    },
  };
}

/** What the store offers (src/store Store.claimIdempotencyKey); a structural type keeps this folder store-agnostic. */
export interface IdempotencyClaimer {
  claimIdempotencyKey(key: string, owner: string, ttlMs: number): Promise<{ claimed: boolean }>;
}

/** A replay guard shared by every replica that uses the same database. */
export function createStoreReplayGuard(store: IdempotencyClaimer, owner = 'slack-receiver'): ReplayGuard {
  return {
    async firstSeen(key, ttlMs) {
      return (await store.claimIdempotencyKey(key, owner, ttlMs)).claimed;
    },
  };
}
