// Pending operations: records of work that must survive a restart (e.g. backup jobs being tracked), each held by one
// replica under a lease it renews; a row whose lease ran out is taken over by whichever replica claims it first.
import type { SqlExecutor } from '../sql-client';
import { type PendingOperation, type PendingOperationInput, StoreInputError } from '../store';
import { requirePositive, requireText, toJsonParam, toTimestampParam } from './params';

interface OperationRow {
  id: string;
  kind: string;
  state: unknown;
  owner: string | null;
  lease_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

const OPERATION_COLUMNS = 'id, kind, state, owner, lease_until, created_at, updated_at';
/** Rows one claim takes at most: a replica takes what it can follow, and the next round takes more. */
const DEFAULT_CLAIM_LIMIT = 100;

function toOperation(r: OperationRow): PendingOperation {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    owner: r.owner,
    leaseUntil: r.lease_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function leaseEnd(now: Date, leaseMs: number): string {
  toTimestampParam(now, 'now');
  return toTimestampParam(new Date(now.getTime() + requirePositive(leaseMs, 'leaseMs')), 'now + leaseMs');
}

/** $1 id, $2 kind, $3 state, $4 owner, $5 lease end (null with $4 null: an existing row keeps its own lease). */
function inputParams(input: PendingOperationInput): (string | null)[] {
  const lease = input.lease;
  return [
    requireText(input.id, 'id'),
    requireText(input.kind, 'kind'),
    toJsonParam(input.state, 'state'),
    lease ? requireText(lease.owner, 'lease.owner') : null,
    lease ? toTimestampParam(lease.until, 'lease.until') : null,
  ];
}

/** `from`: a FROM clause that decides whether the row is written at all (replacePendingOperation). */
const upsert = (from = '') => `INSERT INTO pending_operations (id, kind, state, owner, lease_until)
  SELECT $1, $2, $3::jsonb, $4::text, $5::timestamptz ${from}
  ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, state = EXCLUDED.state, updated_at = now(),
    owner = CASE WHEN $4::text IS NULL THEN pending_operations.owner ELSE EXCLUDED.owner END,
    lease_until = CASE WHEN $4::text IS NULL THEN pending_operations.lease_until ELSE EXCLUDED.lease_until END`;

export async function upsertPendingOperation(db: SqlExecutor, input: PendingOperationInput): Promise<PendingOperation> {
  const { rows } = await db.query<OperationRow>(`${upsert()} RETURNING ${OPERATION_COLUMNS}`, inputParams(input));
  return toOperation(rows[0]!);
}

export async function getPendingOperation(db: SqlExecutor, id: string): Promise<PendingOperation | undefined> {
  const { rows } = await db.query<OperationRow>(`SELECT ${OPERATION_COLUMNS} FROM pending_operations WHERE id = $1`, [
    id,
  ]);
  return rows[0] && toOperation(rows[0]);
}

export async function listPendingOperations(db: SqlExecutor, kind?: string): Promise<PendingOperation[]> {
  const { rows } = await db.query<OperationRow>(
    `SELECT ${OPERATION_COLUMNS} FROM pending_operations WHERE $1::text IS NULL OR kind = $1 ORDER BY updated_at, id`,
    [kind ?? null],
  );
  return rows.map(toOperation);
}

/** With `owner`: only while that owner holds the row (a replica that lost its lease deletes nothing). */
export async function deletePendingOperation(db: SqlExecutor, id: string, owner?: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'DELETE FROM pending_operations WHERE id = $1 AND ($2::text IS NULL OR owner = $2)',
    [id, owner ?? null],
  );
  return rowCount > 0;
}

/**
 * Takes the rows of these kinds that nobody holds (no owner, or a lease that ended at or before `now`), oldest first.
 * Rows another claim has locked are skipped, and the lease is checked again on the locked row, so of replicas
 * claiming at once each row goes to exactly one.
 */
export async function claimPendingOperations(
  db: SqlExecutor,
  kinds: readonly string[],
  owner: string,
  now: Date,
  leaseMs: number,
  limit = DEFAULT_CLAIM_LIMIT,
): Promise<PendingOperation[]> {
  const { rows } = await db.query<OperationRow>(
    `UPDATE pending_operations SET owner = $2, lease_until = $4::timestamptz
     WHERE id IN (
       SELECT id FROM pending_operations
       WHERE kind = ANY($1::text[]) AND (lease_until IS NULL OR lease_until <= $3::timestamptz)
       ORDER BY updated_at, id LIMIT $5 FOR UPDATE SKIP LOCKED)
       AND (lease_until IS NULL OR lease_until <= $3::timestamptz)
     RETURNING ${OPERATION_COLUMNS}`,
    [
      [...kinds],
      requireText(owner, 'owner'),
      toTimestampParam(now, 'now'),
      leaseEnd(now, leaseMs),
      requirePositive(limit, 'limit'),
    ],
  );
  return rows.map(toOperation).sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || (a.id < b.id ? -1 : 1));
}

/** Extends the owner's leases that have not run out by `now`; returns the ids it still holds. */
export async function renewPendingOperations(
  db: SqlExecutor,
  ids: readonly string[],
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `UPDATE pending_operations SET lease_until = $4::timestamptz
     WHERE id = ANY($1::text[]) AND owner = $2 AND lease_until > $3::timestamptz
     RETURNING id`,
    [[...ids], requireText(owner, 'owner'), toTimestampParam(now, 'now'), leaseEnd(now, leaseMs)],
  );
  return rows.map((r) => r.id);
}

export async function releasePendingOperations(
  db: SqlExecutor,
  ids: readonly string[],
  owner: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const { rowCount } = await db.query(
    'UPDATE pending_operations SET owner = NULL, lease_until = NULL WHERE id = ANY($1::text[]) AND owner = $2',
    [[...ids], requireText(owner, 'owner')],
  );
  return rowCount;
}

/**
 * Replaces the owner's row `id` with `next` in one statement (a backup request becoming the job it started): false,
 * and nothing written, when `owner` does not hold `id` any more.
 */
export async function replacePendingOperation(
  db: SqlExecutor,
  id: string,
  owner: string,
  next: PendingOperationInput,
): Promise<boolean> {
  const params = inputParams(next);
  // One statement cannot delete a row and then update it through ON CONFLICT.
  if (next.id === id) throw new StoreInputError('replacePendingOperation needs a new id');
  const { rows } = await db.query<{ id: string }>(
    `WITH gone AS (DELETE FROM pending_operations WHERE id = $6 AND owner = $7 RETURNING id)
     ${upsert('FROM gone')}
     RETURNING id`,
    [...params, requireText(id, 'id'), requireText(owner, 'owner')],
  );
  return rows.length > 0;
}
