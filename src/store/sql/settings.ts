// Key-value settings: JSON values under a text key (a missing key reads as undefined, a stored null as null).
import type { SqlExecutor } from '../sql-client';
import { requireText, toJsonParam } from './params';

export async function getSetting(db: SqlExecutor, key: string): Promise<unknown> {
  const { rows } = await db.query<{ value: unknown }>('SELECT value FROM settings WHERE key = $1', [key]);
  return rows[0] ? rows[0].value : undefined;
}

export async function setSetting(db: SqlExecutor, key: string, value: unknown): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [requireText(key, 'key'), toJsonParam(value, `setting ${key}`)],
  );
}

export async function deleteSetting(db: SqlExecutor, key: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM settings WHERE key = $1', [key]);
  return rowCount > 0;
}
