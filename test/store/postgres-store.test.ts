// The Store contract on a PostgreSQL server (TEST_DATABASE_URL), plus migrations racing from two pools.

import { openStore } from '../../src/store';
import { applyMigrations, loadMigrations } from '../../src/store/migrate';
import { openPostgresClient } from '../../src/store/postgres-store';
import { describeStoreContract } from './contract/store-contract';
import { createTestDatabase } from './support/test-database';

describeStoreContract('PostgreSQL store', async () => {
  const db = await createTestDatabase();
  return {
    open: (log) => openStore({ databaseUrl: db.url, dataDir: '/nonexistent', ...(log ? { log } : {}) }),
    dispose: () => db.drop(),
  };
});

describe('PostgreSQL migrations', () => {
  test('two processes starting together apply each migration exactly once', async () => {
    const db = await createTestDatabase();
    const clients = await Promise.all([1, 2, 3].map(() => openPostgresClient(db.url)));
    try {
      const applied = await Promise.all(clients.map((c) => applyMigrations(c)));
      const versions = loadMigrations().map((m) => m.version);
      expect(applied.flat().sort()).toEqual(versions);
      const { rows } = await clients[0]!.query<{ version: number }>('SELECT version FROM schema_migrations');
      expect(rows.map((r) => r.version).sort()).toEqual(versions);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await db.drop();
    }
  });

  test('says which server it could not reach, without the password', async () => {
    const attempt = openStore({ databaseUrl: 'postgres://bot:s3cret@127.0.0.1:1/backup', dataDir: '/nonexistent' });
    await expect(attempt).rejects.toThrow(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/backup/);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });
});
