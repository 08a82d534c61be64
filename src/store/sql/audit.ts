// Audit records: who did what from which chat, and what came of it; read newest first.
import type { SqlExecutor } from '../sql-client';
import type { AuditQuery, AuditRecord, AuditRecordInput } from '../store';
import { requireText, toJsonParam, toTimestampParam } from './params';

interface Row {
  id: string;
  at: Date;
  actor_platform: string;
  actor_user_id: string;
  actor_name: string | null;
  channel: string | null;
  action: string;
  target: string | null;
  result: string;
  details: unknown;
  azure_job_id: string | null;
}

// id is bigserial: read as text so both drivers agree (pg gives int8 as a string, PGlite as a number).
const COLUMNS =
  'id::text AS id, at, actor_platform, actor_user_id, actor_name, channel, action, target, result, details, azure_job_id';
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

function toAudit(r: Row): AuditRecord {
  return {
    id: r.id,
    at: r.at,
    actor: { platform: r.actor_platform, userId: r.actor_user_id, name: r.actor_name },
    channel: r.channel,
    action: r.action,
    target: r.target,
    result: r.result,
    details: r.details,
    azureJobId: r.azure_job_id,
  };
}

export async function appendAudit(db: SqlExecutor, input: AuditRecordInput): Promise<AuditRecord> {
  const { rows } = await db.query<Row>(
    `INSERT INTO audit_records
       (at, actor_platform, actor_user_id, actor_name, channel, action, target, result, details, azure_job_id)
     VALUES (coalesce($1::timestamptz, now()), $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
     RETURNING ${COLUMNS}`,
    [
      input.at === undefined ? null : toTimestampParam(input.at, 'at'),
      requireText(input.actor.platform, 'actor.platform'),
      requireText(input.actor.userId, 'actor.userId'),
      input.actor.name ?? null,
      input.channel ?? null,
      requireText(input.action, 'action'),
      input.target ?? null,
      requireText(input.result, 'result'),
      toJsonParam(input.details ?? {}, 'details'),
      input.azureJobId ?? null,
    ],
  );
  return toAudit(rows[0]!);
}

export async function queryAudit(db: SqlExecutor, query: AuditQuery = {}): Promise<AuditRecord[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM audit_records
     WHERE ($1::timestamptz IS NULL OR at >= $1::timestamptz)
       AND ($2::text IS NULL OR (actor_platform = $2 AND actor_user_id = $3))
     ORDER BY at DESC, id DESC
     LIMIT $4`,
    [
      query.since === undefined ? null : toTimestampParam(query.since, 'since'),
      query.actor?.platform ?? null,
      query.actor?.userId ?? null,
      limit,
    ],
  );
  return rows.map(toAudit);
}
