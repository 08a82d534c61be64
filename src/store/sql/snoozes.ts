// Snoozes: one item (by its lower-case ARM id) left out of one conversation's digests until a time on the caller's
// clock. An expired snooze reads as gone and is purged later.
import type { SqlExecutor } from '../sql-client';
import type { Snooze, SnoozeInput } from '../store';
import { requireText, toActorParam, toTimestampParam } from './params';

interface Row {
  platform: string;
  conversation_key: string;
  item_key: string;
  item_name: string;
  until: Date;
  created_by: Snooze['createdBy'];
  created_at: Date;
}

const COLUMNS = 'platform, conversation_key, item_key, item_name, until, created_by, created_at';

function toSnooze(r: Row): Snooze {
  return {
    platform: r.platform,
    conversationKey: r.conversation_key,
    itemKey: r.item_key,
    itemName: r.item_name,
    until: r.until,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/** Snoozing an item again replaces everything, createdAt and createdBy too: the newer snooze is the one in force. */
export async function putSnooze(db: SqlExecutor, input: SnoozeInput): Promise<Snooze> {
  const { rows } = await db.query<Row>(
    `INSERT INTO snoozes (${COLUMNS}) VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb, $7::timestamptz)
     ON CONFLICT (platform, conversation_key, item_key) DO UPDATE
       SET item_name = EXCLUDED.item_name, until = EXCLUDED.until, created_by = EXCLUDED.created_by,
           created_at = EXCLUDED.created_at
     RETURNING ${COLUMNS}`,
    [
      requireText(input.platform, 'platform'),
      requireText(input.conversationKey, 'conversationKey'),
      requireText(input.itemKey, 'itemKey'),
      String(input.itemName),
      toTimestampParam(input.until, 'until'),
      toActorParam(input.createdBy, 'createdBy'),
      toTimestampParam(input.createdAt, 'createdAt'),
    ],
  );
  return toSnooze(rows[0]!);
}

export async function deleteSnooze(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
  itemKey: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'DELETE FROM snoozes WHERE platform = $1 AND conversation_key = $2 AND item_key = $3',
    [platform, conversationKey, itemKey],
  );
  return rowCount > 0;
}

/** In force: until > now. Ties on until go by item key. */
export async function listSnoozes(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
  now: Date,
): Promise<Snooze[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM snoozes WHERE platform = $1 AND conversation_key = $2 AND until > $3::timestamptz
     ORDER BY until, item_key`,
    [platform, conversationKey, toTimestampParam(now, 'now')],
  );
  return rows.map(toSnooze);
}

export async function purgeExpiredSnoozes(db: SqlExecutor, now: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM snoozes WHERE until <= $1::timestamptz', [
    toTimestampParam(now, 'now'),
  ]);
  return rowCount;
}
