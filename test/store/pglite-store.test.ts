// The Store contract on the embedded PGlite, plus what only an embedded database needs: one process per DATA_DIR, and
// the seed an empty DATA_DIR is loaded from.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store';
import { loadMigrations } from '../../src/store/migrate';
import { cachedSeedPath, findPgliteSeed } from '../../src/store/pglite-seed';
import { describeStoreContract, type LogEntry, recordingLog } from './contract/store-contract';

const dataDirs: string[] = [];
function makeDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bcb-pglite-'));
  dataDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

// One directory for the whole file: creating a PGlite database costs ~4 s, reopening it well under 1 s.
const dataDir = makeDataDir();

// Without the seed: initdb, then every migration runs on PGlite itself (as when the seed is stale or missing).
describeStoreContract('PGlite store', async () => {
  return {
    open: (log) => openStore({ dataDir, seed: false, ...(log ? { log } : {}) }),
    dispose: async () => {},
  };
});

describe('PGlite data directory', () => {
  test('keeps the database in DATA_DIR/pglite and refuses a second opener while the first is open', async () => {
    const store = await openStore({ dataDir });
    try {
      expect(store.kind).toBe('pglite');
      expect(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
      await expect(openStore({ dataDir })).rejects.toThrow(/already open in this process/);
    } finally {
      await store.close();
    }
    const reopened = await openStore({ dataDir });
    await reopened.close();
  });
});

describe('PGlite seed', () => {
  test('an empty DATA_DIR is loaded from the cached seed (made by the global setup): already migrated, and usable', async () => {
    const seeded = makeDataDir();
    const log: LogEntry[] = [];
    const store = await openStore({ dataDir: seeded, log: recordingLog(log) });
    try {
      const ready = log.find((entry) => entry.msg === 'store ready')?.obj;
      expect(ready).toMatchObject({ loadedSeed: cachedSeedPath(), migrationsApplied: [] });
      await store.setSetting('seeded', { ok: true });
      expect(await store.getSetting('seeded')).toEqual({ ok: true });
    } finally {
      await store.close();
    }
    // A folder that holds a cluster is never overwritten by the seed.
    const again: LogEntry[] = [];
    const reopened = await openStore({ dataDir: seeded, log: recordingLog(again) });
    try {
      expect(again.find((entry) => entry.msg === 'store ready')?.obj).not.toHaveProperty('loadedSeed');
      expect(await reopened.getSetting('seeded')).toEqual({ ok: true });
    } finally {
      await reopened.close();
    }
  });

  test('a cached seed is found only under the name of this PGlite version and these very migrations', () => {
    const cache = makeDataDir();
    const current = cachedSeedPath(loadMigrations(), cache);
    // Made before the last migration was added: another name, so never loaded (PGlite runs initdb instead).
    const stale = cachedSeedPath(loadMigrations().slice(0, -1), cache);
    expect(stale).not.toBe(current);
    writeFileSync(stale!, 'a seed of older migrations');
    expect(findPgliteSeed(cache)).toBeUndefined();
    writeFileSync(current!, 'a seed of these migrations');
    expect(findPgliteSeed(cache)).toBe(current);
  });
});
