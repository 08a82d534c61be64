// The payload stash: JSON values behind short ids with an expiry on the database clock (shared by every replica).
import type { SqlExecutor } from '../sql-client';
import { StoreInputError } from '../store';
import { requireText, toJsonParam } from './params';

export async function putStashEntry(db: SqlExecutor, id: string, value: unknown, ttlMs: number): Promise<void> {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new StoreInputError(`ttlMs must be a positive number, not ${ttlMs}`);
  await db.query(
    `INSERT INTO payload_stash (id, value, expires_at)
     VALUES ($1, $2::jsonb, now() + $3::double precision * interval '1 millisecond')
     ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
    [requireText(id, 'id'), toJsonParam(value, `stash entry ${id}`), ttlMs],
  );
}

export async function getStashEntry(db: SqlExecutor, id: string): Promise<unknown> {
  const { rows } = await db.query<{ value: unknown }>(
    'SELECT value FROM payload_stash WHERE id = $1 AND expires_at > now()',
    [id],
  );
  return rows[0] ? rows[0].value : undefined;
}

/** Deletes expired entries and, when `keepNewest` is given, the oldest beyond that many (a busy bot's bound). */
export async function purgeExpiredStash(db: SqlExecutor, keepNewest?: number): Promise<number> {
  const expired = await db.query('DELETE FROM payload_stash WHERE expires_at <= now()');
  if (keepNewest === undefined) return expired.rowCount;
  if (!Number.isSafeInteger(keepNewest) || keepNewest < 0) {
    throw new StoreInputError(`keepNewest must be a whole number ≥ 0, not ${keepNewest}`);
  }
  const extra = await db.query(
    `DELETE FROM payload_stash WHERE id IN (
       SELECT id FROM payload_stash ORDER BY created_at DESC, id DESC OFFSET $1::integer
     )`,
    [keepNewest],
  );
  return expired.rowCount + extra.rowCount;
}
