// The Store contract on the embedded PGlite, plus what only an embedded database needs: one process per DATA_DIR.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store';
import { describeStoreContract } from './contract/store-contract';

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

describeStoreContract('PGlite store', async () => {
  return {
    open: (log) => openStore({ dataDir, ...(log ? { log } : {}) }),
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
