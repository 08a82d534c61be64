// Applies migrations/NNNN_name.sql in order, once per database, even when several replicas start at the same moment.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SqlClient } from './sql-client';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
// Any constant works as long as every replica uses the same one; it only serialises migration runs.
const MIGRATION_LOCK_ID = 7240315001;
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`migration file name must look like 0001_name.sql: ${file}`);
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new Error(`two migrations share version ${version}`);
    migrations.push({ version, name: match[2]!, sql: readFileSync(path.join(dir, file), 'utf8') });
  }
  return migrations;
}

/** Returns the versions applied by this call (empty when the database was already up to date). */
export async function applyMigrations(
  client: SqlClient,
  migrations: Migration[] = loadMigrations(),
): Promise<number[]> {
  return client.transaction(async (tx) => {
    // Taken before anything else, so a second replica waits here and then finds the work done.
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      done.push(m.version);
    }
    return done;
  });
}
