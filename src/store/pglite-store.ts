// The embedded driver: PGlite (PostgreSQL compiled to WASM) in this process, its files in one directory.
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock';
import type { SqlClient, SqlExecutor, SqlResult } from './sql-client';

function wrap(db: PGlite | Transaction): SqlExecutor {
  return {
    async query<T>(text: string, params: unknown[] = []): Promise<SqlResult<T>> {
      const result = await db.query<T>(text, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    },
    async exec(text: string): Promise<void> {
      await db.exec(text);
    },
  };
}

/** Opens (creating on first use, ~4 s) the database in `dir`; a second process on the same `dir` is refused. */
export async function openPgliteClient(dir: string): Promise<SqlClient> {
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  let db: PGlite;
  try {
    db = await PGlite.create(dir);
  } catch (err) {
    unlock();
    throw err;
  }
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async close() {
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}
