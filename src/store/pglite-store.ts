// The embedded driver: PGlite (PostgreSQL compiled to WASM) in this process, its files in one directory; and the
// seed that spares a compiled build's first start PGlite's initdb.
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
 * A cluster as PGlite's initdb leaves it, with the migrations applied, gzipped (~4.5 MB): `npm run build` writes it
 * beside the compiled module, made by the PGlite version it ships with. Loading it takes about a quarter of the CPU of
 * an initdb (the largest share of a first start); migrations newer than it still run at start, as on any database.
 * From src/ (tsx, Jest) there is none and PGlite runs initdb as before.
 */
export const PGLITE_SEED = path.join(__dirname, 'pglite-seed.tar.gz');

/** Runs initdb in memory, applies `migrate` and returns the cluster as a gzipped tarball (for `npm run build`). */
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

/** The seed for a folder that holds no cluster yet, when this build has one. */
function seedFor(dir: string): { loadDataDir?: Blob } {
  if (existsSync(path.join(dir, 'PG_VERSION')) || !existsSync(PGLITE_SEED)) return {};
  return { loadDataDir: new Blob([readFileSync(PGLITE_SEED)]) };
}

/** Opens (creating on first use, ~4 s) the database in `dir`; a second process on the same `dir` is refused. */
export async function openPgliteClient(dir: string): Promise<SqlClient> {
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(dir);
  let db: PGlite;
  try {
    db = await PGlite.create(dir, seedFor(dir));
  } catch (err) {
    unlock();
    throw err;
  }
  return clientOf(db, async () => {
    try {
      await db.close();
    } finally {
      unlock();
    }
  });
}

function clientOf(db: PGlite, close: () => Promise<void>): SqlClient {
  return { kind: 'pglite', ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))), close };
}
