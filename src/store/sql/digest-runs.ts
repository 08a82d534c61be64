// Digest runs: one row per scheduled occurrence, held by one replica under a lease on the scheduler's clock. Ending a
// run moves its subscription on, but only while the subscription still waits for that occurrence (compare-and-set).
import type { SqlExecutor } from '../sql-client';
import {
  type DigestClaim,
  type DigestRunKey,
  type DigestRunResult,
  type DigestRunStatus,
  StoreInputError,
} from '../store';
import { requirePositive, requireText, toTimestampParam } from './params';

const STATUSES: readonly DigestRunStatus[] = ['posted', 'quiet', 'skipped', 'failed', 'unknown'];
// A claim whose run row vanishes between its two statements (the digest was deleted) simply tries again.
const MAX_ATTEMPTS = 5;
/** For the `digest` settings card: why a run ended as `unknown`. */
const ABANDONED_DETAIL =
  'The bot instance posting this digest stopped before it finished, so whether it was posted is unknown. ' +
  'It was not posted again.';

/** $1 platform, $2 conversation key, $3 due at. */
function keyParams(run: DigestRunKey): [string, string, string] {
  return [
    requireText(run.platform, 'platform'),
    requireText(run.conversationKey, 'conversationKey'),
    toTimestampParam(run.dueAt, 'dueAt'),
  ];
}

function leaseEnd(now: Date, leaseMs: number): string {
  toTimestampParam(now, 'now');
  return toTimestampParam(new Date(now.getTime() + requirePositive(leaseMs, 'leaseMs')), 'now + leaseMs');
}

const WHERE_RUN = 'platform = $1 AND conversation_key = $2 AND due_at = $3::timestamptz';

/**
 * One INSERT … ON CONFLICT decides: a new occurrence goes to the first caller; an existing one only when it is still
 * `running` and its lease ran out before `now`. PostgreSQL re-checks the DO UPDATE's WHERE on the locked row, so of
 * several callers taking over the same expired lease exactly one wins. A run in `sending` is never taken over: its
 * message may have gone out.
 */
export async function claimDigestRun(
  db: SqlExecutor,
  run: DigestRunKey,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<DigestClaim> {
  const key = keyParams(run);
  const params = [...key, requireText(owner, 'owner'), toTimestampParam(now, 'now'), leaseEnd(now, leaseMs)];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const won = await db.query<{ attempt: number }>(
      `INSERT INTO digest_runs (platform, conversation_key, due_at, owner, attempt, state, lease_until, claimed_at)
       VALUES ($1, $2, $3::timestamptz, $4, 1, 'running', $6::timestamptz, $5::timestamptz)
       ON CONFLICT (platform, conversation_key, due_at) DO UPDATE
         SET owner = EXCLUDED.owner, attempt = digest_runs.attempt + 1,
             lease_until = EXCLUDED.lease_until, claimed_at = EXCLUDED.claimed_at
         WHERE digest_runs.state = 'running' AND digest_runs.lease_until < EXCLUDED.claimed_at
       RETURNING attempt`,
      params,
    );
    if (won.rows[0]) return { claimed: true, attempt: won.rows[0].attempt };
    const held = await db.query<{ state: string; owner: string; abandoned: boolean }>(
      `SELECT state, owner, (state = 'sending' AND lease_until < $4::timestamptz) AS abandoned
       FROM digest_runs WHERE ${WHERE_RUN}`,
      [...key, params[4]],
    );
    if (held.rows[0]) return { claimed: false, ...held.rows[0] };
  }
  throw new Error(`digest run ${run.platform} ${run.conversationKey} kept changing hands; gave up`);
}

/** A lease that ran out (lease_until < now) cannot be renewed, even if nobody has taken the run over yet. */
export async function renewDigestRun(
  db: SqlExecutor,
  run: DigestRunKey,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE digest_runs SET lease_until = $6::timestamptz
     WHERE ${WHERE_RUN} AND owner = $4 AND state IN ('running', 'sending') AND lease_until >= $5::timestamptz`,
    [...keyParams(run), owner, toTimestampParam(now, 'now'), leaseEnd(now, leaseMs)],
  );
  return rowCount > 0;
}

/** The lease is not extended: renew first if the platform call may outlast it. */
export async function markDigestRunSending(
  db: SqlExecutor,
  run: DigestRunKey,
  owner: string,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE digest_runs SET state = 'sending'
     WHERE ${WHERE_RUN} AND owner = $4 AND state = 'running' AND lease_until >= $5::timestamptz`,
    [...keyParams(run), owner, toTimestampParam(now, 'now')],
  );
  return rowCount > 0;
}

interface Moved {
  finishedAt: string;
  status: string;
  detail: string;
  nextRunAt: string;
  late: string;
  /** Null keeps the subscription's lastSnapshotAt. */
  snapshotAt: string;
}

/**
 * The subscription half of finish and close: a CTE over `ended` (the run row this statement just ended), with the
 * given SQL expressions. Its `next_run_at = due_at` is re-checked on the locked row, so a digest an upsert has
 * rescheduled meanwhile is not moved back. Both halves in one statement: atomic without a transaction.
 */
function moveSubscription(v: Moved): string {
  return `moved AS (
    UPDATE digest_subscriptions s
    SET next_run_at = ${v.nextRunAt}, last_due_at = ended.due_at, last_finished_at = ${v.finishedAt},
        last_status = ${v.status}, last_detail = ${v.detail}, last_late = ${v.late},
        last_snapshot_at = coalesce(${v.snapshotAt}, s.last_snapshot_at)
    FROM ended
    WHERE s.platform = ended.platform AND s.conversation_key = ended.conversation_key AND s.next_run_at = ended.due_at
    RETURNING 1
  )`;
}

/**
 * Only the current owner of a running or sending run can finish it (a replica whose run was taken over gets false);
 * a lease that ran out does not stop it while nobody else has taken over or closed the run.
 */
export async function finishDigestRun(
  db: SqlExecutor,
  run: DigestRunKey,
  owner: string,
  result: DigestRunResult,
): Promise<boolean> {
  if (!STATUSES.includes(result.status)) throw new StoreInputError(`unknown digest run status "${result.status}"`);
  if (typeof result.late !== 'boolean') throw new StoreInputError('late must be true or false');
  const { rows } = await db.query<{ ended: number }>(
    `WITH ended AS (
       UPDATE digest_runs SET state = $6, finished_at = $5::timestamptz, detail = $7
       WHERE ${WHERE_RUN} AND owner = $4 AND state IN ('running', 'sending')
       RETURNING platform, conversation_key, due_at
     ), ${moveSubscription({
       finishedAt: '$5::timestamptz',
       status: '$6',
       detail: '$7',
       nextRunAt: '$8::timestamptz',
       late: '$9::boolean',
       snapshotAt: '$10::timestamptz',
     })}
     SELECT count(*)::integer AS ended FROM ended`,
    [
      ...keyParams(run),
      requireText(owner, 'owner'),
      toTimestampParam(result.finishedAt, 'finishedAt'),
      result.status,
      result.detail ?? null,
      toTimestampParam(result.nextRunAt, 'nextRunAt'),
      result.late,
      result.snapshotAt ? toTimestampParam(result.snapshotAt, 'snapshotAt') : null,
    ],
  );
  return rows[0]!.ended > 0;
}

/**
 * `sending` past its lease: the owner died mid-post. The run ends as `unknown` at `now` (never posted again) and the
 * digest moves on; late when the dead owner had itself taken the run over. False when it is not (or no longer)
 * abandoned, so of several replicas noticing it exactly one closes it.
 */
export async function closeAbandonedDigestRun(
  db: SqlExecutor,
  run: DigestRunKey,
  now: Date,
  nextRunAt: Date,
): Promise<boolean> {
  const { rows } = await db.query<{ ended: number }>(
    `WITH ended AS (
       UPDATE digest_runs SET state = 'unknown', finished_at = $4::timestamptz, detail = $5
       WHERE ${WHERE_RUN} AND state = 'sending' AND lease_until < $4::timestamptz
       RETURNING platform, conversation_key, due_at, attempt
     ), ${moveSubscription({
       finishedAt: '$4::timestamptz',
       status: "'unknown'",
       detail: '$5',
       nextRunAt: '$6::timestamptz',
       late: '(ended.attempt > 1)',
       snapshotAt: 'NULL::timestamptz',
     })}
     SELECT count(*)::integer AS ended FROM ended`,
    [...keyParams(run), toTimestampParam(now, 'now'), ABANDONED_DETAIL, toTimestampParam(nextRunAt, 'nextRunAt')],
  );
  return rows[0]!.ended > 0;
}

/**
 * Finished runs, and dead ones no digest waits for any more: a run whose owner died (lease ended before `before`)
 * after its digest was rescheduled is never claimed or closed again, so it would otherwise stay forever. A dead run a
 * digest still waits for is kept: claiming or closing it is what moves that digest on.
 */
export async function purgeDigestRuns(db: SqlExecutor, before: Date): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM digest_runs r WHERE CASE
       WHEN r.state IN ('running', 'sending') THEN r.lease_until < $1::timestamptz AND NOT EXISTS (
         SELECT 1 FROM digest_subscriptions s
         WHERE s.platform = r.platform AND s.conversation_key = r.conversation_key AND s.next_run_at = r.due_at)
       ELSE r.finished_at < $1::timestamptz END`,
    [toTimestampParam(before, 'before')],
  );
  return rowCount;
}
