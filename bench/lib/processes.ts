// What the end-to-end bench sections start beside the bot and the stand-in (sim-process.ts): a throw-away PostgreSQL,
// the store of a deployment this size.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * The store of a deployment this size: PostgreSQL (several replicas share it), a throw-away cluster here. PGlite, the
 * embedded default, holds ~680 MB of WebAssembly memory on its own, which would hide the bot's own figure.
 */
export function startPostgres(): { url: string; stop(): void } | undefined {
  const script = join(ROOT, 'scripts/pg-throwaway.sh');
  // Its own folder: the cluster belongs to the postgres user, who cannot enter this process's private temp folder.
  const dir = mkdtempSync(join(tmpdir(), 'bench-pg-'));
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const started = spawnSync('bash', [script, 'start', dir, port], { encoding: 'utf8' });
  if (started.status !== 0) return undefined;
  return { url: started.stdout.trim(), stop: () => spawnSync('bash', [script, 'stop', dir]) };
}
