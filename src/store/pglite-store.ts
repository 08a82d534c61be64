// The embedded driver: PGlite (PostgreSQL compiled to WASM) in this process, its files in one directory; and the
// seed that spares a first start PGlite's initdb (found by pglite-seed.ts).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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

/**
 * Runs initdb in memory, applies `migrate` and returns the cluster as a gzipped tarball (~4.5 MB): a seed. Loading one
 * takes about a quarter of the CPU of an initdb (the largest share of a first start); migrations newer than it still
 * run at start, as on any database.
 */
export async function createPgliteSeed(migrate: (client: SqlClient) => Promise<unknown>): Promise<Uint8Array> {
  const db = await PGlite.create();
  try {
    await migrate(clientOf(db, async () => {}));
    const dump = await db.dumpDataDir('gzip');
    return new Uint8Array(await dump.arrayBuffer());
  } finally {
    await db.close();
  }
}

export interface OpenedPglite {
  client: SqlClient;
  /** The seed the cluster was loaded from; undefined when it already existed or PGlite ran initdb. */
  loadedSeed: string | undefined;
}

/**
 * Opens (creating on first use, ~4 s; loading `seed` instead when given and `dir` holds no cluster yet) the database
 * in `dir`; a second process on the same `dir` is refused.
 */
export async function openPgliteClient(dir: string, seed?: string): Promise<OpenedPglite> {
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  let db: PGlite;
  // Decided under the lock, so no other process can have made the cluster in between.
  const loadedSeed = seed !== undefined && !existsSync(path.join(dir, 'PG_VERSION')) ? seed : undefined;
  try {
    db = await PGlite.create(dir, loadedSeed ? { loadDataDir: new Blob([readFileSync(loadedSeed)]) } : {});
  } catch (err) {
    unlock();
    throw err;
  }
  const client = clientOf(db, async () => {
    try {
      await db.close();
    } finally {
      unlock();
    }
  });
  return { client, loadedSeed };
}

function clientOf(db: PGlite, close: () => Promise<void>): SqlClient {
  return { kind: 'pglite', ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))), close };
}
