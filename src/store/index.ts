// openStore: PGlite in DATA_DIR/pglite by default, PostgreSQL when a URL is given; migrated before it is returned.
import path from 'node:path';
import type { Metrics } from '../core/metrics';
import { countStoreErrors } from './counted';
import { applyMigrations } from './migrate';
import { findPgliteSeed } from './pglite-seed';
import { openPgliteClient } from './pglite-store';
import { describeDatabaseUrl, openPostgresClient } from './postgres-store';
import type { SqlClient, StoreLog } from './sql-client';
import { createSqlStore } from './sql-store';
import type { Store } from './store';

export type { StoreLog } from './sql-client';
export * from './store';

export interface OpenStoreOptions {
  /** postgres://… ; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** The embedded database lives in `<dataDir>/pglite`. */
  dataDir: string;
  log?: StoreLog;
  /** Counts calls that fail, by operation (METRICS). */
  metrics?: Pick<Metrics, 'storeError'>;
  /**
   * false: PGlite runs initdb on an empty `dataDir` even when a seed is found (the PGlite store tests, so that the
   * migrations keep running on PGlite itself). Default true: a seed is loaded when one is found (pglite-seed.ts).
   */
  seed?: boolean;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { databaseUrl, dataDir, log } = options;
  let client: SqlClient;
  let where: string;
  let loadedSeed: string | undefined;
  if (databaseUrl) {
    where = describeDatabaseUrl(databaseUrl);
    client = await openPostgresClient(databaseUrl, log);
  } else {
    where = path.resolve(dataDir, 'pglite');
    ({ client, loadedSeed } = await openPgliteClient(where, options.seed === false ? undefined : findPgliteSeed()));
  }
  const store = createSqlStore(client);
  try {
    const applied = await applyMigrations(client);
    const purged = await store.purgeExpiredIdempotencyKeys();
    const stashPurged = await store.purgeExpiredStash();
    log?.info(
      {
        store: client.kind,
        where,
        ...(loadedSeed === undefined ? {} : { loadedSeed }),
        migrationsApplied: applied,
        expiredKeysPurged: purged,
        stashPurged,
      },
      'store ready',
    );
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return options.metrics === undefined ? store : countStoreErrors(store, options.metrics);
}
