// Conversation references: where the bot may post proactively (digests, job updates).

import type { SqlExecutor } from '../sql-client';
import type { ConversationRef, ConversationRefInput } from '../store';
import { requireText, toJsonParam } from './params';

interface Row {
  platform: string;
  conversation_key: string;
  reference: unknown;
  tenant_id: string | null;
  channel: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'platform, conversation_key, reference, tenant_id, channel, created_at, updated_at';

function toConversation(r: Row): ConversationRef {
  return {
    platform: r.platform,
    conversationKey: r.conversation_key,
    reference: r.reference,
    tenantId: r.tenant_id,
    channel: r.channel,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function upsertConversation(db: SqlExecutor, input: ConversationRefInput): Promise<ConversationRef> {
  const { rows } = await db.query<Row>(
    `INSERT INTO conversation_refs (platform, conversation_key, reference, tenant_id, channel)
     VALUES ($1, $2, $3::jsonb, $4, $5)
     ON CONFLICT (platform, conversation_key) DO UPDATE
       SET reference = EXCLUDED.reference, tenant_id = EXCLUDED.tenant_id, channel = EXCLUDED.channel, updated_at = now()
     RETURNING ${COLUMNS}`,
    [
      requireText(input.platform, 'platform'),
      requireText(input.conversationKey, 'conversationKey'),
      toJsonParam(input.reference, 'reference'),
      input.tenantId ?? null,
      input.channel ?? null,
    ],
  );
  return toConversation(rows[0]!);
}

export async function getConversation(
  db: SqlExecutor,
  platform: string,
  conversationKey: string,
): Promise<ConversationRef | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM conversation_refs WHERE platform = $1 AND conversation_key = $2`,
    [platform, conversationKey],
  );
  return rows[0] && toConversation(rows[0]);
}

export async function listConversations(db: SqlExecutor, platform?: string): Promise<ConversationRef[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM conversation_refs WHERE $1::text IS NULL OR platform = $1
     ORDER BY platform, conversation_key`,
    [platform ?? null],
  );
  return rows.map(toConversation);
}

export async function deleteConversation(db: SqlExecutor, platform: string, conversationKey: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM conversation_refs WHERE platform = $1 AND conversation_key = $2', [
    platform,
    conversationKey,
  ]);
  return rowCount > 0;
}
