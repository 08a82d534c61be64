// Digest subscriptions: one per conversation, what to post and when. The scheduler computes nextRunAt (time, zone and
// days are its business); the store keeps it, lists what is due at the scheduler's `now`, and records the last run.
import type { SqlClient, SqlExecutor } from '../sql-client';
import {
  type DigestDays,
  type DigestRunStatus,
  type DigestSubscription,
  type DigestSubscriptionInput,
  StoreInputError,
} from '../store';
import { requireText, toActorParam, toJsonParam, toTimestampParam } from './params';

interface Row {
  platform: string;
  conversation_key: string;
  address: unknown;
  time_of_day: string;
  timezone: string;
  days: DigestDays;
  quiet: boolean;
  filters: unknown;
  scope_key: string;
  created_by: DigestSubscription['createdBy'];
  created_at: Date;
  updated_at: Date;
  next_run_at: Date;
  paused_at: Date | null;
  paused_reason: string | null;
  last_due_at: Date | null;
  last_finished_at: Date | null;
  last_status: DigestRunStatus | null;
  last_detail: string | null;
  last_late: boolean | null;
  last_snapshot_at: Date | null;
  notes: unknown;
}

const COLUMNS = `platform, conversation_key, address, time_of_day, timezone, days, quiet, filters, scope_key,
  created_by, created_at, updated_at, next_run_at, paused_at, paused_reason, last_due_at, last_finished_at, last_status,
  last_detail, last_late, last_snapshot_at, notes`;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DAYS: readonly DigestDays[] = ['daily', 'weekdays'];
// Two replicas creating the same conversation's first digest at once: the loser reads the winner's row and replaces it.
const MAX_ATTEMPTS = 3;

function toSubscription(r: Row): DigestSubscription {
  return {
    platform: r.platform,
    conversationKey: r.conversation_key,
    address: r.address,
    time: r.time_of_day,
    timezone: r.timezone,
    days: r.days,
    quiet: r.quiet,
    filters: r.filters,
    scopeKey: r.scope_key,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    nextRunAt: r.next_run_at,
    pausedAt: r.paused_at,
    pausedReason: r.paused_reason,
    lastRun:
      r.last_due_at && r.last_finished_at && r.last_status
        ? {
            dueAt: r.last_due_at,
            finishedAt: r.last_finished_at,
            status: r.last_status,
            detail: r.last_detail,
            late: r.last_late ?? false,
          }
        : null,
    lastSnapshotAt: r.last_snapshot_at,
    notes: r.notes,
  };
}

// Intl, not the database, judges the zone: the scheduler computes nextRunAt with Intl.
function checkTimezone(timezone: string): string {
  requireText(timezone, 'timezone');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new StoreInputError(`unknown time zone "${timezone}" (use an IANA name such as Europe/Berlin)`);
  }
  return timezone;
}

/** $1..$12 of both statements of the upsert. */
function inputParams(input: DigestSubscriptionInput): unknown[] {
  if (typeof input.time !== 'string' || !TIME.test(input.time)) {
    throw new StoreInputError(`time must be a 24-hour time like 08:00, not "${input.time}"`);
  }
  if (!DAYS.includes(input.days)) throw new StoreInputError(`days must be daily or weekdays, not "${input.days}"`);
  if (typeof input.quiet !== 'boolean') throw new StoreInputError('quiet must be true or false');
  return [
    requireText(input.platform, 'platform'),
    requireText(input.conversationKey, 'conversationKey'),
    toJsonParam(input.address, 'address'),
    input.time,
    checkTimezone(input.timezone),
    input.days,
    input.quiet,
    toJsonParam(input.filters, 'filters'),
    requireText(input.scopeKey, 'scopeKey'),
    toActorParam(input.createdBy, 'createdBy'),
    toTimestampParam(input.nextRunAt, 'nextRunAt'),
    toTimestampParam(input.at, 'at'),
  ];
}

/**
 * Replaces every input field and lifts a pause; createdAt, lastRun, lastSnapshotAt and notes are kept. The old row is
 * read under a row lock in the same transaction, so `previous` is exactly what this call replaced.
 */
export async function upsertDigestSubscription(
  db: SqlClient,
  input: DigestSubscriptionInput,
): Promise<{ subscription: DigestSubscription; previous?: DigestSubscription }> {
  const params = inputParams(input);
  return db.transaction(async (tx) => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const old = await tx.query<Row>(
        `SELECT ${COLUMNS} FROM digest_subscriptions WHERE platform = $1 AND conversation_key = $2 FOR UPDATE`,
        params.slice(0, 2),
      );
      if (old.rows[0]) {
        const { rows } = await tx.query<Row>(
          `UPDATE digest_subscriptions SET address = $3::jsonb, time_of_day = $4, timezone = $5, days = $6,
             quiet = $7::boolean, filters = $8::jsonb, scope_key = $9, created_by = $10::jsonb,
             next_run_at = $11::timestamptz, updated_at = $12::timestamptz, paused_at = NULL, paused_reason = NULL
           WHERE platform = $1 AND conversation_key = $2 RETURNING ${COLUMNS}`,
          params,
        );
        return { subscription: toSubscription(rows[0]!), previous: toSubscription(old.rows[0]) };
      }
      const { rows } = await tx.query<Row>(
        `INSERT INTO digest_subscriptions (platform, conversation_key, address, time_of_day, timezone, days, quiet,
           filters, scope_key, created_by, next_run_at, created_at, updated_at)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7::boolean, $8::jsonb, $9, $10::jsonb, $11::timestamptz,
           $12::timestamptz, $12::timestamptz)
         ON CONFLICT (platform, conversation_key) DO NOTHING RETURNING ${COLUMNS}`,
        params,
      );
      if (rows[0]) return { subscription: toSubscription(rows[0]) };
    }
    throw new Error(`digest of ${input.platform} ${input.conversationKey} kept changing; gave up`);
  });
}

export async function getDigestSubscription(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
): Promise<DigestSubscription | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM digest_subscriptions WHERE platform = $1 AND conversation_key = $2`,
    [platform, conversationKey],
  );
  return rows[0] && toSubscription(rows[0]);
}

export async function listDigestSubscriptions(
  db: SqlExecutor,
  filter: { platform?: string } = {},
): Promise<DigestSubscription[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM digest_subscriptions WHERE $1::text IS NULL OR platform = $1
     ORDER BY platform, conversation_key`,
    [filter.platform ?? null],
  );
  return rows.map(toSubscription);
}

/** Runs and snoozes go in the same statement, so nothing of the conversation's digest is left behind. */
export async function deleteDigestSubscription(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `WITH runs AS (DELETE FROM digest_runs WHERE platform = $1 AND conversation_key = $2),
          item_snoozes AS (DELETE FROM snoozes WHERE platform = $1 AND conversation_key = $2)
     DELETE FROM digest_subscriptions WHERE platform = $1 AND conversation_key = $2 RETURNING 1`,
    [platform, conversationKey],
  );
  return rows.length > 0;
}

/** A paused digest is never due; the next upsert lifts the pause. updatedAt stays the last upsert's. */
export async function pauseDigestSubscription(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
  reason: string,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE digest_subscriptions SET paused_at = $3::timestamptz, paused_reason = $4
     WHERE platform = $1 AND conversation_key = $2`,
    [platform, conversationKey, toTimestampParam(at, 'at'), String(reason)],
  );
  return rowCount > 0;
}

export async function setDigestNotes(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
  notes: unknown,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE digest_subscriptions SET notes = $3::jsonb WHERE platform = $1 AND conversation_key = $2',
    [platform, conversationKey, toJsonParam(notes, 'notes')],
  );
  return rowCount > 0;
}

/** Ties on nextRunAt go by platform and conversation key, so every replica sees the same order. */
export async function listDueDigests(db: SqlExecutor, now: Date, limit = 10_000): Promise<DigestSubscription[]> {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new StoreInputError(`limit must be a whole number ≥ 0`);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM digest_subscriptions WHERE next_run_at <= $1::timestamptz AND paused_at IS NULL
     ORDER BY next_run_at, platform, conversation_key LIMIT $2::integer`,
    [toTimestampParam(now, 'now'), limit],
  );
  return rows.map(toSubscription);
}
