// Jest global setup: every test worker finds a PostgreSQL in TEST_DATABASE_URL (a throw-away cluster unless given one).
// Jest workers are started after this runs, so they inherit the variable.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

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

export default async function globalSetup(): Promise<void> {
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
