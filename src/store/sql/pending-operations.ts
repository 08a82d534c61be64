// Pending operations: generic records of work that must survive a restart (e.g. backup jobs being tracked).
import type { SqlExecutor } from '../sql-client';
import type { PendingOperation, PendingOperationInput } from '../store';
import { requireText, toJsonParam } from './params';

interface OperationRow {
  id: string;
  kind: string;
  state: unknown;
  created_at: Date;
  updated_at: Date;
}

const OPERATION_COLUMNS = 'id, kind, state, created_at, updated_at';

function toOperation(r: OperationRow): PendingOperation {
  return { id: r.id, kind: r.kind, state: r.state, createdAt: r.created_at, updatedAt: r.updated_at };
}

export async function upsertPendingOperation(db: SqlExecutor, input: PendingOperationInput): Promise<PendingOperation> {
  const { rows } = await db.query<OperationRow>(
    `INSERT INTO pending_operations (id, kind, state) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, state = EXCLUDED.state, updated_at = now()
     RETURNING ${OPERATION_COLUMNS}`,
    [requireText(input.id, 'id'), requireText(input.kind, 'kind'), toJsonParam(input.state, 'state')],
  );
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

export async function deletePendingOperation(db: SqlExecutor, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM pending_operations WHERE id = $1', [id]);
  return rowCount > 0;
}
