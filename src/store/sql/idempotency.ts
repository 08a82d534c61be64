// Idempotency keys: one INSERT ... ON CONFLICT decides the winner, so two replicas receiving the same click
// start exactly one backup. Expiry uses the database clock, which all replicas share.
import type { SqlExecutor } from '../sql-client';
import { type IdempotencyClaim, type IdempotencyRecord, StoreInputError } from '../store';
import { requireText, toJsonParam } from './params';

interface Row {
  key: string;
  owner: string;
  claimed_at: Date;
  expires_at: Date;
  payload: unknown;
}

const COLUMNS = 'key, owner, claimed_at, expires_at, payload';
// A claim that loses the race against a release/expiry between its two statements simply tries again.
const MAX_ATTEMPTS = 5;

function toRecord(r: Row): IdempotencyRecord {
  return { key: r.key, owner: r.owner, claimedAt: r.claimed_at, expiresAt: r.expires_at, payload: r.payload };
}

export async function claimIdempotencyKey(
  db: SqlExecutor,
  key: string,
  owner: string,
  ttlMs: number,
  payload?: unknown,
): Promise<IdempotencyClaim> {
  requireText(key, 'key');
  requireText(owner, 'owner');
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new StoreInputError(`ttlMs must be a positive number, not ${ttlMs}`);
  const payloadParam = payload === undefined ? null : toJsonParam(payload, 'payload');
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // The WHERE of DO UPDATE is re-checked on the locked row, so only one of two racing claims of an expired key wins.
    const won = await db.query<{ expires_at: Date }>(
      `INSERT INTO idempotency_keys (key, owner, claimed_at, expires_at, payload)
       VALUES ($1, $2, now(), now() + $3::double precision * interval '1 millisecond', $4::jsonb)
       ON CONFLICT (key) DO UPDATE
         SET owner = EXCLUDED.owner, claimed_at = EXCLUDED.claimed_at,
             expires_at = EXCLUDED.expires_at, payload = EXCLUDED.payload
         WHERE idempotency_keys.expires_at <= now()
       RETURNING expires_at`,
      [key, owner, ttlMs, payloadParam],
    );
    if (won.rows[0]) return { claimed: true, expiresAt: won.rows[0].expires_at };
    const existing = await getIdempotencyKey(db, key);
    if (existing) return { claimed: false, existing };
  }
  throw new Error(`idempotency key ${key} kept changing hands; gave up after ${MAX_ATTEMPTS} attempts`);
}

export async function setIdempotencyPayload(
  db: SqlExecutor,
  key: string,
  owner: string,
  payload: unknown,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE idempotency_keys SET payload = $3::jsonb WHERE key = $1 AND owner = $2 AND expires_at > now()',
    [key, owner, toJsonParam(payload, 'payload')],
  );
  return rowCount > 0;
}

export async function releaseIdempotencyKey(db: SqlExecutor, key: string, owner: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM idempotency_keys WHERE key = $1 AND owner = $2', [key, owner]);
  return rowCount > 0;
}

export async function getIdempotencyKey(db: SqlExecutor, key: string): Promise<IdempotencyRecord | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM idempotency_keys WHERE key = $1 AND expires_at > now()`,
    [key],
  );
  return rows[0] && toRecord(rows[0]);
}

export async function purgeExpiredIdempotencyKeys(db: SqlExecutor): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM idempotency_keys WHERE expires_at <= now()');
  return rowCount;
}
