// Notify subscriptions: one per conversation, which failures to announce there (filters, scope key) and from when.
// The poller lists them by scope, pauses those it cannot post to, and leaves notes that survive restarts.
import type { SqlClient, SqlExecutor } from '../sql-client';
import type { NotifySubscription, NotifySubscriptionInput } from '../store';
import { requireText, toActorParam, toJsonParam, toTimestampParam } from './params';

interface Row {
  platform: string;
  conversation_key: string;
  address: unknown;
  filters: unknown;
  scope_key: string;
  timezone: string;
  created_by: NotifySubscription['createdBy'];
  created_at: Date;
  updated_at: Date;
  since: Date;
  paused_at: Date | null;
  paused_reason: string | null;
  last_found_at: Date | null;
  notes: unknown;
}

const COLUMNS = `platform, conversation_key, address, filters, scope_key, timezone, created_by, created_at, updated_at, since,
  paused_at, paused_reason, last_found_at, notes`;
// Two replicas creating the same conversation's first subscription at once: the loser reads the winner's row and
// replaces it.
const MAX_ATTEMPTS = 3;

function toSubscription(r: Row): NotifySubscription {
  return {
    platform: r.platform,
    conversationKey: r.conversation_key,
    address: r.address,
    filters: r.filters,
    scopeKey: r.scope_key,
    timezone: r.timezone,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    since: r.since,
    pausedAt: r.paused_at,
    pausedReason: r.paused_reason,
    lastFoundAt: r.last_found_at,
    notes: r.notes,
  };
}

/**
 * Replaces address, filters, scope and creator and lifts a pause (`notify on` again resumes); createdAt, since,
 * lastFoundAt and notes are kept. As for digests, the old row is read under a row lock in the same transaction, so
 * `previous` is exactly what this call replaced.
 */
export async function upsertNotifySubscription(
  db: SqlClient,
  input: NotifySubscriptionInput,
): Promise<{ subscription: NotifySubscription; previous?: NotifySubscription }> {
  const params = [
    requireText(input.platform, 'platform'),
    requireText(input.conversationKey, 'conversationKey'),
    toJsonParam(input.address, 'address'),
    toJsonParam(input.filters, 'filters'),
    requireText(input.scopeKey, 'scopeKey'),
    toActorParam(input.createdBy, 'createdBy'),
    toTimestampParam(input.since, 'since'),
    toTimestampParam(input.at, 'at'),
    requireText(input.timezone, 'timezone'),
  ];
  return db.transaction(async (tx) => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const old = await tx.query<Row>(
        `SELECT ${COLUMNS} FROM notify_subscriptions WHERE platform = $1 AND conversation_key = $2 FOR UPDATE`,
        params.slice(0, 2),
      );
      if (old.rows[0]) {
        const { rows } = await tx.query<Row>(
          `UPDATE notify_subscriptions SET address = $3::jsonb, filters = $4::jsonb, scope_key = $5,
             created_by = $6::jsonb, updated_at = $7::timestamptz, timezone = $8, paused_at = NULL, paused_reason = NULL
           WHERE platform = $1 AND conversation_key = $2 RETURNING ${COLUMNS}`,
          [...params.slice(0, 6), params[7], params[8]],
        );
        return { subscription: toSubscription(rows[0]!), previous: toSubscription(old.rows[0]) };
      }
      const { rows } = await tx.query<Row>(
        `INSERT INTO notify_subscriptions (platform, conversation_key, address, filters, scope_key, created_by, since,
           created_at, updated_at, timezone)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6::jsonb, $7::timestamptz, $8::timestamptz, $8::timestamptz, $9)
         ON CONFLICT (platform, conversation_key) DO NOTHING RETURNING ${COLUMNS}`,
        params,
      );
      if (rows[0]) return { subscription: toSubscription(rows[0]) };
    }
    throw new Error(`notify subscription of ${input.platform} ${input.conversationKey} kept changing; gave up`);
  });
}

export async function getNotifySubscription(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
): Promise<NotifySubscription | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM notify_subscriptions WHERE platform = $1 AND conversation_key = $2`,
    [platform, conversationKey],
  );
  return rows[0] && toSubscription(rows[0]);
}

/** Oldest first; ties on createdAt go by platform and conversation key, so every replica sees the same order. */
export async function listNotifySubscriptions(
  db: SqlExecutor,
  filter: { platform?: string; scopeKey?: string; active?: boolean } = {},
): Promise<NotifySubscription[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM notify_subscriptions
     WHERE ($1::text IS NULL OR platform = $1) AND ($2::text IS NULL OR scope_key = $2)
       AND ($3::boolean IS NULL OR (paused_at IS NULL) = $3::boolean)
     ORDER BY created_at, platform, conversation_key`,
    [filter.platform ?? null, filter.scopeKey ?? null, filter.active ?? null],
  );
  return rows.map(toSubscription);
}

/**
 * The subscription only: its announcements and messages stay until purgeNotify, and the scope's poll state stays for
 * the other conversations of the scope.
 */
export async function deleteNotifySubscription(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'DELETE FROM notify_subscriptions WHERE platform = $1 AND conversation_key = $2',
    [platform, conversationKey],
  );
  return rowCount > 0;
}

/** The first pause wins: pausing again keeps its time and reason. updatedAt stays the last upsert's. */
export async function pauseNotifySubscription(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
  reason: string,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE notify_subscriptions SET paused_at = $3::timestamptz, paused_reason = $4
     WHERE platform = $1 AND conversation_key = $2 AND paused_at IS NULL`,
    [platform, conversationKey, toTimestampParam(at, 'at'), String(reason)],
  );
  return rowCount > 0;
}

/** Never moves back: two replicas announcing in the same conversation may finish in either order. */
export async function setNotifyFound(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE notify_subscriptions SET last_found_at = greatest(last_found_at, $3::timestamptz)
     WHERE platform = $1 AND conversation_key = $2`,
    [platform, conversationKey, toTimestampParam(at, 'at')],
  );
}

export async function setNotifyNotes(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
  notes: unknown,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE notify_subscriptions SET notes = $3::jsonb WHERE platform = $1 AND conversation_key = $2',
    [platform, conversationKey, toJsonParam(notes, 'notes')],
  );
  return rowCount > 0;
}
