// Digest subscriptions: a daily "HH:MM" in an IANA time zone; due-ness is computed by the database's time zone rules.
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../sql-client';
import {
  type DigestSubscription,
  type DigestSubscriptionInput,
  type DigestSubscriptionPatch,
  type DueDigest,
  StoreInputError,
} from '../store';
import { requireText, toJsonParam, toTimestampParam } from './params';

interface Row {
  id: string;
  platform: string;
  conversation_key: string;
  schedule: string;
  timezone: string;
  filters: unknown;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  last_run_at: Date | null;
}

const COLUMNS =
  'id, platform, conversation_key, schedule, timezone, filters, created_by, created_at, updated_at, last_run_at';
const SCHEDULE = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

function toDigest(r: Row): DigestSubscription {
  return {
    id: r.id,
    platform: r.platform,
    conversationKey: r.conversation_key,
    schedule: r.schedule,
    timezone: r.timezone,
    filters: r.filters,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastRunAt: r.last_run_at,
  };
}

function checkSchedule(schedule: string): string {
  if (typeof schedule !== 'string' || !SCHEDULE.test(schedule)) {
    throw new StoreInputError(`schedule must be a 24-hour time like 08:00, not "${schedule}"`);
  }
  return schedule;
}

// The database, not Intl, decides: it is the one that evaluates listDueDigests.
async function checkTimezone(db: SqlExecutor, timezone: string): Promise<string> {
  requireText(timezone, 'timezone');
  try {
    await db.query('SELECT now() AT TIME ZONE $1', [timezone]);
  } catch {
    throw new StoreInputError(`unknown time zone "${timezone}" (use an IANA name such as Europe/Berlin)`);
  }
  return timezone;
}

export async function createDigestSubscription(
  db: SqlExecutor,
  input: DigestSubscriptionInput,
): Promise<DigestSubscription> {
  const { rows } = await db.query<Row>(
    `INSERT INTO digest_subscriptions (id, platform, conversation_key, schedule, timezone, filters, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING ${COLUMNS}`,
    [
      randomUUID(),
      requireText(input.platform, 'platform'),
      requireText(input.conversationKey, 'conversationKey'),
      checkSchedule(input.schedule),
      await checkTimezone(db, input.timezone),
      toJsonParam(input.filters ?? {}, 'filters'),
      requireText(input.createdBy, 'createdBy'),
    ],
  );
  return toDigest(rows[0]!);
}

export async function getDigestSubscription(db: SqlExecutor, id: string): Promise<DigestSubscription | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM digest_subscriptions WHERE id = $1`, [id]);
  return rows[0] && toDigest(rows[0]);
}

export async function listDigestSubscriptions(
  db: SqlExecutor,
  filter: { platform?: string; conversationKey?: string } = {},
): Promise<DigestSubscription[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM digest_subscriptions
     WHERE ($1::text IS NULL OR platform = $1) AND ($2::text IS NULL OR conversation_key = $2)
     ORDER BY created_at, id`,
    [filter.platform ?? null, filter.conversationKey ?? null],
  );
  return rows.map(toDigest);
}

// Today's occurrence in the subscription's zone, or yesterday's if today's is still ahead; due if it is later than
// the last run (or the creation, so a new subscription does not fire at once). Missed days collapse into one run.
export async function listDueDigests(db: SqlExecutor, now: Date): Promise<DueDigest[]> {
  const { rows } = await db.query<Row & { due_at: Date }>(
    `WITH local AS (
       SELECT *, date_trunc('day', $1::timestamptz AT TIME ZONE timezone) + schedule::time AS today_local
       FROM digest_subscriptions
     ), occurrences AS (
       SELECT *, CASE WHEN (today_local AT TIME ZONE timezone) <= $1::timestamptz
                      THEN today_local AT TIME ZONE timezone
                      ELSE (today_local - interval '1 day') AT TIME ZONE timezone END AS due_at
       FROM local
     )
     SELECT ${COLUMNS}, due_at FROM occurrences
     WHERE due_at > coalesce(last_run_at, created_at)
     ORDER BY due_at, id`,
    [toTimestampParam(now, 'now')],
  );
  return rows.map((r) => ({ ...toDigest(r), dueAt: r.due_at }));
}

export async function claimDigestRun(db: SqlExecutor, id: string, dueAt: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE digest_subscriptions SET last_run_at = $2::timestamptz
     WHERE id = $1 AND coalesce(last_run_at, created_at) < $2::timestamptz`,
    [id, toTimestampParam(dueAt, 'dueAt')],
  );
  return rowCount > 0;
}

export async function updateDigestSubscription(
  db: SqlExecutor,
  id: string,
  patch: DigestSubscriptionPatch,
): Promise<DigestSubscription | undefined> {
  const schedule = patch.schedule === undefined ? null : checkSchedule(patch.schedule);
  const timezone = patch.timezone === undefined ? null : await checkTimezone(db, patch.timezone);
  const filters = patch.filters === undefined ? null : toJsonParam(patch.filters, 'filters');
  const { rows } = await db.query<Row>(
    `UPDATE digest_subscriptions SET
       schedule = coalesce($2, schedule),
       timezone = coalesce($3, timezone),
       filters = coalesce($4::jsonb, filters),
       last_run_at = CASE WHEN $2::text IS NULL AND $3::text IS NULL THEN last_run_at
                          ELSE greatest(last_run_at, now()) END,
       updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, schedule, timezone, filters],
  );
  return rows[0] && toDigest(rows[0]);
}

export async function deleteDigestSubscription(db: SqlExecutor, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM digest_subscriptions WHERE id = $1', [id]);
  return rowCount > 0;
}
