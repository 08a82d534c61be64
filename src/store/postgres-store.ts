// The server driver: a `pg` Pool on a PostgreSQL that several bot replicas share.
import { Pool, type PoolClient } from 'pg';
import type { SqlClient, SqlExecutor, SqlResult, StoreLog } from './sql-client';

function wrap(db: Pool | PoolClient): SqlExecutor {
  return {
    async query<T>(text: string, params: unknown[] = []): Promise<SqlResult<T>> {
      const result = await db.query(text, params);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
    async exec(text: string): Promise<void> {
      // Without parameters pg uses the simple-query protocol, which accepts several statements.
      await db.query(text);
    },
  };
}

/** Where a URL points, without its password: safe to log. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export async function openPostgresClient(url: string, log?: StoreLog): Promise<SqlClient> {
  const pool = new Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', (err) => log?.warn({ err: err.message }, 'idle PostgreSQL connection failed'));
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    throw new Error(`cannot reach PostgreSQL at ${describeDatabaseUrl(url)}: ${(err as Error).message}`);
  }
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
