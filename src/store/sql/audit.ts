// Audit records: who did what from which chat, and what came of it; read newest first.
import type { SqlClient, SqlExecutor } from '../sql-client';
import { type AuditQuery, type AuditRecord, type AuditRecordInput, StoreInputError } from '../store';
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

// Where a record's item lives: the details the retry workflow writes, else the parts of an ARM id in target.
const SUB = `lower(coalesce(details->>'subscriptionId',
  CASE WHEN lower(split_part(target, '/', 2)) = 'subscriptions' THEN split_part(target, '/', 3) END))`;
const RG = `lower(coalesce(details->>'resourceGroup',
  CASE WHEN lower(split_part(target, '/', 4)) = 'resourcegroups' THEN split_part(target, '/', 5) END))`;
const IN_SCOPES = `EXISTS (SELECT 1 FROM jsonb_array_elements($5::jsonb) AS sc(v) WHERE
  (${SUB} = sc.v->>'s' AND (sc.v->>'r' IS NULL OR ${RG} = sc.v->>'r'))
  OR (lower(details->'datasourceScope'->>'subscriptionId') = sc.v->>'s'
      AND (sc.v->>'r' IS NULL OR lower(details->'datasourceScope'->>'resourceGroup') = sc.v->>'r')))`;

export async function queryAudit(db: SqlExecutor, query: AuditQuery = {}): Promise<AuditRecord[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const scopes = query.scopes?.map((sc) => ({
    s: requireText(sc.subscriptionId, 'scopes.subscriptionId').toLowerCase(),
    r: sc.resourceGroup === undefined ? null : requireText(sc.resourceGroup, 'scopes.resourceGroup').toLowerCase(),
  }));
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM audit_records
     WHERE ($1::timestamptz IS NULL OR at >= $1::timestamptz)
       AND ($2::text IS NULL OR (actor_platform = $2 AND actor_user_id = $3))
       AND ($5::jsonb IS NULL OR ${IN_SCOPES})
     ORDER BY at DESC, id DESC
     LIMIT $4`,
    [
      query.since === undefined ? null : toTimestampParam(query.since, 'since'),
      query.actor?.platform ?? null,
      query.actor?.userId ?? null,
      limit,
      scopes === undefined ? null : toJsonParam(scopes, 'scopes'),
    ],
  );
  return rows.map(toAudit);
}

/**
 * At most `max` records of one actor, action and result per window; the rest are counted in one summary record.
 * Under a per-actor advisory lock, so replicas sharing PostgreSQL agree on the count.
 */
export async function appendAuditLimited(
  db: SqlClient,
  input: AuditRecordInput & { at: Date },
  limit: { max: number; windowMs: number },
): Promise<'recorded' | 'counted'> {
  if (!Number.isInteger(limit.max) || limit.max < 0 || !(limit.windowMs > 0)) {
    throw new StoreInputError('limit needs a whole max >= 0 and a positive windowMs');
  }
  const at = toTimestampParam(input.at, 'at');
  const from = new Date(input.at.getTime() - limit.windowMs).toISOString();
  const actor = [requireText(input.actor.platform, 'actor.platform'), requireText(input.actor.userId, 'actor.userId')];
  const action = requireText(input.action, 'action');
  const result = requireText(input.result, 'result');
  // No upper bound: a refusal stamped a little earlier than one another replica wrote still counts it.
  const same = 'actor_platform = $1 AND actor_user_id = $2 AND action = $3 AND result = $4 AND at > $5::timestamptz';
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`audit:${actor[0]}:${actor[1]}`]);
    const recent = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_records WHERE ${same}`, [
      ...actor,
      action,
      result,
      from,
    ]);
    if ((recent.rows[0]?.n ?? 0) < limit.max) {
      await appendAudit(tx, input);
      return 'recorded';
    }
    const bumped = await tx.query(
      `UPDATE audit_records SET details = details
         || jsonb_build_object('count', coalesce((details->>'count')::int, 0) + 1,
              'last', greatest(details->>'last', $6::text))
       WHERE id = (SELECT id FROM audit_records WHERE ${same} ORDER BY at DESC, id DESC LIMIT 1)`,
      [...actor, action, `${result}-repeated`, from, at],
    );
    if (bumped.rowCount === 0) {
      const details = { ...((input.details ?? {}) as object), count: 1, first: at, last: at, ...limit };
      await appendAudit(tx, { ...input, result: `${result}-repeated`, details });
    }
    return 'counted';
  });
}
