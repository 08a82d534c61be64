// Notify scopes: the poll state one scope key shares across replicas (watermark, alerts seen, last poll) and the lease
// that lets one replica at a time poll it, on the poller's clock.
import type { SqlExecutor } from '../sql-client';
import { type NotifyScopeClaim, type NotifyScopeFinish, type NotifyScopeState, StoreInputError } from '../store';
import { requirePositive, requireText, toTimestampParam } from './params';

interface Row {
  scope_key: string;
  watermark: Date | null;
  alerts_seen: Date | null;
  last_poll_at: Date | null;
  last_poll_ok: boolean | null;
  last_poll_detail: string | null;
}

const COLUMNS = 'scope_key, watermark, alerts_seen, last_poll_at, last_poll_ok, last_poll_detail';

function toState(r: Row): NotifyScopeState {
  return {
    scopeKey: r.scope_key,
    watermark: r.watermark,
    alertsSeen: r.alerts_seen,
    lastPollAt: r.last_poll_at,
    lastPollOk: r.last_poll_ok,
    lastPollDetail: r.last_poll_detail,
  };
}

function plus(now: Date, ms: number, what: string): string {
  toTimestampParam(now, 'now');
  return toTimestampParam(new Date(now.getTime() + ms), what);
}

/**
 * One INSERT … ON CONFLICT decides, as for digest runs: the first claim of a scope creates its row holding the lease;
 * later ones take it only when the lease is free (never taken, finished, or ran out: lease_until <= now) and the last
 * poll is at least minGapMs old. PostgreSQL re-checks the DO UPDATE's WHERE on the locked row, so of several replicas
 * claiming at once exactly one wins, the first claim of a new scope included.
 */
export async function claimNotifyScope(
  db: SqlExecutor,
  scopeKey: string,
  owner: string,
  now: Date,
  leaseMs: number,
  minGapMs: number,
): Promise<NotifyScopeClaim> {
  if (typeof minGapMs !== 'number' || !Number.isFinite(minGapMs) || minGapMs < 0) {
    throw new StoreInputError(`minGapMs must be a number ≥ 0, not ${minGapMs}`);
  }
  const { rows } = await db.query<Row>(
    `INSERT INTO notify_scopes (scope_key, lease_owner, lease_until) VALUES ($1, $2, $4::timestamptz)
     ON CONFLICT (scope_key) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until
       WHERE (notify_scopes.lease_until IS NULL OR notify_scopes.lease_until <= $3::timestamptz)
         AND (notify_scopes.last_poll_at IS NULL OR notify_scopes.last_poll_at <= $5::timestamptz)
     RETURNING ${COLUMNS}`,
    [
      requireText(scopeKey, 'scopeKey'),
      requireText(owner, 'owner'),
      toTimestampParam(now, 'now'),
      plus(now, requirePositive(leaseMs, 'leaseMs'), 'now + leaseMs'),
      plus(now, -minGapMs, 'now - minGapMs'),
    ],
  );
  return rows[0] ? { claimed: true, state: toState(rows[0]) } : { claimed: false };
}

/** Only a live lease (lease_until > now) is extended: one that ran out may already belong to another replica. */
export async function renewNotifyScope(
  db: SqlExecutor,
  scopeKey: string,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE notify_scopes SET lease_until = $4::timestamptz
     WHERE scope_key = $1 AND lease_owner = $2 AND lease_until > $3::timestamptz`,
    [scopeKey, owner, toTimestampParam(now, 'now'), plus(now, requirePositive(leaseMs, 'leaseMs'), 'now + leaseMs')],
  );
  return rowCount > 0;
}

/**
 * Only the lease's owner records its poll (as for digest runs, even past its lease while nobody took the scope over),
 * and the lease ends with it. greatest() keeps watermark and alertsSeen from moving back (an old owner finishing
 * late, a poll whose window ended earlier) and ignores a null: an incomplete poll leaves them as they were.
 */
export async function finishNotifyScope(
  db: SqlExecutor,
  scopeKey: string,
  owner: string,
  result: NotifyScopeFinish,
): Promise<boolean> {
  if (typeof result.ok !== 'boolean') throw new StoreInputError('ok must be true or false');
  const { rowCount } = await db.query(
    `UPDATE notify_scopes SET lease_owner = NULL, lease_until = NULL, last_poll_at = $3::timestamptz,
       last_poll_ok = $4::boolean, last_poll_detail = $5, watermark = greatest(watermark, $6::timestamptz),
       alerts_seen = greatest(alerts_seen, $7::timestamptz)
     WHERE scope_key = $1 AND lease_owner = $2`,
    [
      scopeKey,
      requireText(owner, 'owner'),
      toTimestampParam(result.polledAt, 'polledAt'),
      result.ok,
      result.detail ?? null,
      result.watermark ? toTimestampParam(result.watermark, 'watermark') : null,
      result.alertsSeen ? toTimestampParam(result.alertsSeen, 'alertsSeen') : null,
    ],
  );
  return rowCount > 0;
}

export async function getNotifyScope(db: SqlExecutor, scopeKey: string): Promise<NotifyScopeState | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM notify_scopes WHERE scope_key = $1`, [scopeKey]);
  return rows[0] && toState(rows[0]);
}
