// What notifications said in each conversation: one record per failure announced (the record that makes it once
// across replicas) and the messages that carry them, updated in place under compare-and-set on their version.
import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../sql-client';
import { type NotifyAnnouncement, type NotifyMessage, StoreInputError } from '../store';
import { requireText, toJsonParam, toTimestampParam } from './params';

interface AnnouncementRow {
  event_key: string;
  item_key: string;
  failed_at: Date;
  message_id: string | null;
  announced_at: Date;
}

interface MessageRow {
  id: string;
  platform: string;
  conversation_key: string;
  ref: unknown;
  state: unknown;
  open: boolean;
  posted_at: Date;
  updated_at: Date;
  version: number;
}

const ANNOUNCEMENT_COLUMNS = 'event_key, item_key, failed_at, message_id, announced_at';
const MESSAGE_COLUMNS = 'id, platform, conversation_key, ref, state, open, posted_at, updated_at, version';

function toAnnouncement(r: AnnouncementRow): NotifyAnnouncement {
  return {
    eventKey: r.event_key,
    itemKey: r.item_key,
    failedAt: r.failed_at,
    messageId: r.message_id,
    announcedAt: r.announced_at,
  };
}

function toMessage(r: MessageRow): NotifyMessage {
  return {
    id: r.id,
    platform: r.platform,
    conversationKey: r.conversation_key,
    ref: r.ref,
    state: r.state,
    open: r.open,
    postedAt: r.posted_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** A list of keys as one JSON parameter: both drivers pass text the same way, where JS arrays differ between them. */
function keysParam(keys: readonly string[], what: string): string {
  return toJsonParam(
    keys.map((k) => requireText(k, what)),
    what,
  );
}

/**
 * One INSERT … ON CONFLICT DO NOTHING RETURNING: a key another caller recorded first (committed or not: PostgreSQL
 * waits for it) is skipped, so of two replicas with the same key exactly one gets it back. Rows go in key order, so two
 * callers with overlapping keys wait on each other in the same order and never deadlock.
 */
export async function recordNotifyAnnouncements(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
  entries: ReadonlyArray<{ eventKey: string; itemKey: string; failedAt: Date }>,
  at: Date,
): Promise<string[]> {
  const byKey = new Map<string, { event_key: string; item_key: string; failed_at: string }>();
  for (const e of entries) {
    if (byKey.has(e.eventKey)) continue; // the first of a repeated key is the one recorded
    byKey.set(e.eventKey, {
      event_key: requireText(e.eventKey, 'eventKey'),
      item_key: requireText(e.itemKey, 'itemKey'),
      failed_at: toTimestampParam(e.failedAt, 'failedAt'),
    });
  }
  const params = [
    requireText(platform, 'platform'),
    requireText(conversationKey, 'conversationKey'),
    toTimestampParam(at, 'at'),
  ];
  if (byKey.size === 0) return [];
  const { rows } = await db.query<{ event_key: string }>(
    `INSERT INTO notify_announcements (platform, conversation_key, event_key, item_key, failed_at, announced_at)
     SELECT $1, $2, e.event_key, e.item_key, e.failed_at, $3::timestamptz
     FROM jsonb_to_recordset($4::jsonb) AS e(event_key text, item_key text, failed_at timestamptz)
     ORDER BY e.event_key
     ON CONFLICT (platform, conversation_key, event_key) DO NOTHING
     RETURNING event_key`,
    [...params, toJsonParam([...byKey.values()], 'entries')],
  );
  const recorded = new Set(rows.map((r) => r.event_key));
  return [...byKey.keys()].filter((k) => recorded.has(k));
}

/** At or after `since`, newest first; ties go by event key, so every replica sees the same order. */
export async function findNotifyAnnouncements(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
  itemKeys: readonly string[],
  since: Date,
): Promise<NotifyAnnouncement[]> {
  if (itemKeys.length === 0) return [];
  const { rows } = await db.query<AnnouncementRow>(
    `SELECT ${ANNOUNCEMENT_COLUMNS} FROM notify_announcements
     WHERE platform = $1 AND conversation_key = $2 AND announced_at >= $4::timestamptz
       AND item_key IN (SELECT jsonb_array_elements_text($3::jsonb))
     ORDER BY announced_at DESC, event_key`,
    [platform, conversationKey, keysParam(itemKeys, 'itemKey'), toTimestampParam(since, 'since')],
  );
  return rows.map(toAnnouncement);
}

/** Unknown keys are ignored: the poster attaches what it recorded, and purgeNotify may have run meanwhile. */
export async function attachNotifyMessage(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
  eventKeys: readonly string[],
  messageId: string,
): Promise<void> {
  if (eventKeys.length === 0) return;
  await db.query(
    `UPDATE notify_announcements SET message_id = $4
     WHERE platform = $1 AND conversation_key = $2 AND event_key IN (SELECT jsonb_array_elements_text($3::jsonb))`,
    [platform, conversationKey, keysParam(eventKeys, 'eventKey'), requireText(messageId, 'messageId')],
  );
}

/** A JSON null ref is stored as SQL NULL, so "the platform gave none" reads back the same from both drivers. */
function refParam(ref: unknown): string | null {
  return ref === null ? null : toJsonParam(ref, 'ref');
}

/** The id is ours (a UUID), not the platform's: the platform's reference is `ref`, which a later update may set. */
export async function createNotifyMessage(
  db: SqlExecutor,
  input: { platform: string; conversationKey: string; ref: unknown; state: unknown; open: boolean; at: Date },
): Promise<NotifyMessage> {
  if (typeof input.open !== 'boolean') throw new StoreInputError('open must be true or false');
  const { rows } = await db.query<MessageRow>(
    `INSERT INTO notify_messages (${MESSAGE_COLUMNS})
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::boolean, $7::timestamptz, $7::timestamptz, 1)
     RETURNING ${MESSAGE_COLUMNS}`,
    [
      randomUUID(),
      requireText(input.platform, 'platform'),
      requireText(input.conversationKey, 'conversationKey'),
      refParam(input.ref),
      toJsonParam(input.state, 'state'),
      input.open,
      toTimestampParam(input.at, 'at'),
    ],
  );
  return toMessage(rows[0]!);
}

export async function getNotifyMessage(db: SqlExecutor, id: string): Promise<NotifyMessage | undefined> {
  const { rows } = await db.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM notify_messages WHERE id = $1`, [id]);
  return rows[0] && toMessage(rows[0]);
}

/**
 * Compare-and-set: written only while the row still has the version the caller read, so of two replicas updating the
 * same message from the same version one wins and the other re-reads. An omitted ref keeps the stored one.
 */
export async function updateNotifyMessage(
  db: SqlExecutor,
  id: string,
  version: number,
  change: { state: unknown; open: boolean; at: Date; ref?: unknown },
): Promise<boolean> {
  if (!Number.isSafeInteger(version)) throw new StoreInputError(`version must be a whole number, not ${version}`);
  if (typeof change.open !== 'boolean') throw new StoreInputError('open must be true or false');
  const setRef = change.ref !== undefined;
  const { rowCount } = await db.query(
    `UPDATE notify_messages SET state = $3::jsonb, open = $4::boolean, updated_at = $5::timestamptz,
       ref = CASE WHEN $6::boolean THEN $7::jsonb ELSE ref END, version = version + 1
     WHERE id = $1 AND version = $2::integer`,
    [
      id,
      version,
      toJsonParam(change.state, 'state'),
      change.open,
      toTimestampParam(change.at, 'at'),
      setRef,
      setRef ? refParam(change.ref) : null,
    ],
  );
  return rowCount > 0;
}

export async function listAllOpenNotifyMessages(db: SqlExecutor, since: Date): Promise<NotifyMessage[]> {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM notify_messages WHERE open AND posted_at >= $1::timestamptz
     ORDER BY posted_at DESC, id`,
    [toTimestampParam(since, 'since')],
  );
  return rows.map(toMessage);
}

/**
 * Announcements announced before `before` and messages last updated before it, in one statement. A message is
 * updated no earlier than the announcements it carries were recorded, so an announcement never outlives its message;
 * a message still being updated outlives old announcements, which updating it in place does not need.
 */
export async function purgeNotifyAnnouncements(db: SqlExecutor, before: Date): Promise<number> {
  const { rows } = await db.query<{ purged: number }>(
    `WITH announcements AS (DELETE FROM notify_announcements WHERE announced_at < $1::timestamptz RETURNING 1),
          messages AS (DELETE FROM notify_messages WHERE updated_at < $1::timestamptz RETURNING 1)
     SELECT ((SELECT count(*) FROM announcements) + (SELECT count(*) FROM messages))::integer AS purged`,
    [toTimestampParam(before, 'before')],
  );
  return rows[0]!.purged;
}
