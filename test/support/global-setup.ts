// Jest global setup: every test worker finds a PostgreSQL in TEST_DATABASE_URL (a throw-away cluster unless given one)
// and the cached PGlite seed on disk, so stores opened from src/ (spawned bots too) skip initdb. Workers start after.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cachedPgliteSeed } from '../../src/store/pglite-seed';

const SCRIPT = path.join(__dirname, '../../scripts/pg-throwaway.sh');

/** Read by global-teardown (same process). */
export const THROWAWAY_DIR_KEY = '__backupCenterBotThrowawayPg';

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function stopThrowawayPostgres(dir: string): void {
  spawnSync('bash', [SCRIPT, 'stop', dir], { stdio: 'ignore', timeout: 60_000 });
}

/** Once per PGlite version and set of migrations on a machine (an initdb, ~10 s of CPU); later runs find the file. */
async function ensurePgliteSeed(): Promise<void> {
  const started = performance.now();
  const seed = await cachedPgliteSeed();
  const ms = performance.now() - started;
  if (ms > 1000) process.stderr.write(`\nglobal setup: made the PGlite seed in ${(ms / 1000).toFixed(1)} s: ${seed}\n`);
}

export default async function globalSetup(): Promise<void> {
  await ensurePgliteSeed();
  if (process.env.TEST_DATABASE_URL) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bcb-pg-'));
  const port = await findFreePort();
  const started = spawnSync('bash', [SCRIPT, 'start', dir, String(port)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  if (started.status !== 0) {
    stopThrowawayPostgres(dir);
    throw new Error(
      'The store tests need PostgreSQL and none could be started.\n' +
        `${started.stderr || started.error?.message || ''}\n` +
        'Install it with `apt-get install -y postgresql`, or set TEST_DATABASE_URL=postgres://user:pass@host:port/db ' +
        'to use an existing server (the tests create and drop their own databases in it).',
    );
  }
  process.env.TEST_DATABASE_URL = started.stdout.trim();
  (globalThis as Record<string, unknown>)[THROWAWAY_DIR_KEY] = dir;
  // Safety net if Jest exits without running the teardown; stopping twice is harmless.
  process.once('exit', () => stopThrowawayPostgres(dir));
}
