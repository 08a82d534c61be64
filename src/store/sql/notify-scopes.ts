// Notify scopes: the poll state one scope key shares across replicas (watermark, alerts seen, last poll) and the lease
// that lets one replica at a time poll it, on the poller's clock.
import type { SqlExecutor } from '../sql-client';
import { type NotifyScopeFinish, type NotifyScopeState, StoreInputError } from '../store';
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

function scopeKeysParam(scopeKeys: readonly string[]): string {
  if (!Array.isArray(scopeKeys)) throw new StoreInputError('scopeKeys must be a list');
  // Sorted and without repeats: rows locked in one order never deadlock with another replica's statement, and an
  // upsert may not touch one row twice.
  return JSON.stringify([...new Set(scopeKeys.map((k) => requireText(k, 'scopeKey')))].sort());
}

/**
 * One INSERT … ON CONFLICT for all the scopes, as for digest runs: the first claim of a scope creates its row holding
 * the lease; later ones take it only when the lease is free (never taken, finished, or ran out: lease_until <= now)
 * and the last poll is at least minGapMs old. PostgreSQL re-checks the DO UPDATE's WHERE on each locked row, so of
 * several replicas claiming at once exactly one wins each scope, the first claim of a new scope included.
 */
export async function claimNotifyScopes(
  db: SqlExecutor,
  scopeKeys: readonly string[],
  owner: string,
  now: Date,
  leaseMs: number,
  minGapMs: number,
): Promise<Map<string, NotifyScopeState>> {
  if (typeof minGapMs !== 'number' || !Number.isFinite(minGapMs) || minGapMs < 0) {
    throw new StoreInputError(`minGapMs must be a number ≥ 0, not ${minGapMs}`);
  }
  const params = [
    scopeKeysParam(scopeKeys),
    requireText(owner, 'owner'),
    toTimestampParam(now, 'now'),
    plus(now, requirePositive(leaseMs, 'leaseMs'), 'now + leaseMs'),
    plus(now, -minGapMs, 'now - minGapMs'),
  ];
  if (scopeKeys.length === 0) return new Map();
  const { rows } = await db.query<Row>(
    `INSERT INTO notify_scopes (scope_key, lease_owner, lease_until)
     SELECT k, $2, $4::timestamptz FROM jsonb_array_elements_text($1::jsonb) AS k ORDER BY k
     ON CONFLICT (scope_key) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until
       WHERE (notify_scopes.lease_until IS NULL OR notify_scopes.lease_until <= $3::timestamptz)
         AND (notify_scopes.last_poll_at IS NULL OR notify_scopes.last_poll_at <= $5::timestamptz)
     RETURNING ${COLUMNS}`,
    params,
  );
  return new Map(rows.map((r) => [r.scope_key, toState(r)]));
}

/** Only live leases (lease_until > now) are extended: one that ran out may already belong to another replica. */
export async function renewNotifyScopes(
  db: SqlExecutor,
  scopeKeys: readonly string[],
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<string[]> {
  const { rows } = await db.query<{ scope_key: string }>(
    `UPDATE notify_scopes SET lease_until = $4::timestamptz
     WHERE scope_key IN (SELECT jsonb_array_elements_text($1::jsonb)) AND lease_owner = $2
       AND lease_until > $3::timestamptz
     RETURNING scope_key`,
    [
      scopeKeysParam(scopeKeys),
      requireText(owner, 'owner'),
      toTimestampParam(now, 'now'),
      plus(now, requirePositive(leaseMs, 'leaseMs'), 'now + leaseMs'),
    ],
  );
  return rows.map((r) => r.scope_key).sort();
}

/**
 * Only the lease's owner records its poll (as for digest runs, even past its lease while nobody took the scope over),
 * and the lease ends with it. greatest() keeps watermark and alertsSeen from moving back (an old owner finishing
 * late, a poll whose window ended earlier) and ignores a null: an incomplete poll leaves them as they were.
 */
export async function finishNotifyScopes(
  db: SqlExecutor,
  owner: string,
  results: ReadonlyArray<NotifyScopeFinish & { scopeKey: string }>,
): Promise<string[]> {
  const values = results.map((r) => {
    if (typeof r.ok !== 'boolean') throw new StoreInputError('ok must be true or false');
    return {
      scope_key: requireText(r.scopeKey, 'scopeKey'),
      polled_at: toTimestampParam(r.polledAt, 'polledAt'),
      ok: r.ok,
      detail: r.detail ?? null,
      watermark: r.watermark ? toTimestampParam(r.watermark, 'watermark') : null,
      alerts_seen: r.alertsSeen ? toTimestampParam(r.alertsSeen, 'alertsSeen') : null,
    };
  });
  if (values.length === 0) return [];
  const { rows } = await db.query<{ scope_key: string }>(
    `UPDATE notify_scopes AS s SET lease_owner = NULL, lease_until = NULL, last_poll_at = v.polled_at,
       last_poll_ok = v.ok, last_poll_detail = v.detail, watermark = greatest(s.watermark, v.watermark),
       alerts_seen = greatest(s.alerts_seen, v.alerts_seen)
     FROM jsonb_to_recordset($2::jsonb) AS v(scope_key text, polled_at timestamptz, ok boolean, detail text,
       watermark timestamptz, alerts_seen timestamptz)
     WHERE s.scope_key = v.scope_key AND s.lease_owner = $1
     RETURNING s.scope_key`,
    [requireText(owner, 'owner'), JSON.stringify([...values].sort((x, y) => x.scope_key.localeCompare(y.scope_key)))],
  );
  return rows.map((r) => r.scope_key).sort();
}

export async function getNotifyScope(db: SqlExecutor, scopeKey: string): Promise<NotifyScopeState | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM notify_scopes WHERE scope_key = $1`, [scopeKey]);
  return rows[0] && toState(rows[0]);
}
