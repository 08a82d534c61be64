// Digest snapshots: what a run remembered about one scope (scope key + when it was taken), for the next run's
// "since the last digest". Kept while a digest points at one or while it is recent.
import type { SqlExecutor } from '../sql-client';
import { requireText, toJsonParam, toTimestampParam } from './params';

/** The same scope and time again replaces the state (a retried run recording its snapshot twice). */
export async function putDigestSnapshot(
  db: SqlExecutor,
  scopeKey: string,
  takenAt: Date,
  state: unknown,
): Promise<void> {
  await db.query(
    `INSERT INTO digest_snapshots (scope_key, taken_at, state) VALUES ($1, $2::timestamptz, $3::jsonb)
     ON CONFLICT (scope_key, taken_at) DO UPDATE SET state = EXCLUDED.state`,
    [requireText(scopeKey, 'scopeKey'), toTimestampParam(takenAt, 'takenAt'), toJsonParam(state, 'snapshot state')],
  );
}

export async function getDigestSnapshot(db: SqlExecutor, scopeKey: string, takenAt: Date): Promise<unknown> {
  const { rows } = await db.query<{ state: unknown }>(
    'SELECT state FROM digest_snapshots WHERE scope_key = $1 AND taken_at = $2::timestamptz',
    [scopeKey, toTimestampParam(takenAt, 'takenAt')],
  );
  return rows[0] ? rows[0].state : undefined;
}

/**
 * Old snapshots no digest's (scopeKey, lastSnapshotAt) points at. `before` also spares a snapshot a run has just put
 * but not yet recorded on its digest (finishDigestRun comes after putDigestSnapshot).
 */
export async function purgeDigestSnapshots(db: SqlExecutor, before: Date): Promise<number> {
  const { rowCount } = await db.query(
    // A conversation under READ_ALLOW keeps its snapshots under its scope key plus " read:…" (core/read-access.ts).
    `DELETE FROM digest_snapshots snap WHERE snap.taken_at < $1::timestamptz AND NOT EXISTS (
       SELECT 1 FROM digest_subscriptions d WHERE d.last_snapshot_at = snap.taken_at AND (d.scope_key = snap.scope_key
         OR left(snap.scope_key, length(d.scope_key) + 6) = d.scope_key || ' read:')
     )`,
    [toTimestampParam(before, 'before')],
  );
  return rowCount;
}

/** What the stored states take on disk (after PostgreSQL's compression), in bytes. */
export async function digestSnapshotBytes(db: SqlExecutor): Promise<number> {
  const { rows } = await db.query<{ bytes: number | string }>(
    'SELECT coalesce(sum(pg_column_size(state)), 0)::float8 AS bytes FROM digest_snapshots',
  );
  return Number(rows[0]!.bytes);
}
