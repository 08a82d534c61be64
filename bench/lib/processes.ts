// What the end-to-end bench sections start beside the bot: the Azure stand-in with the large estate in its own process
// (so this process's RSS is the bot's) and a throw-away PostgreSQL (the store of a deployment this size).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_NOW, BENCH_SEED } from './large-estate';

const ROOT = resolve(__dirname, '../..');

/** `npm run sim` for the large estate in a child process; resolves with its URL once it serves. */
export function startSimProcess(): Promise<{ url: string; child: ChildProcess }> {
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--import',
      tsx,
      join(ROOT, 'src/sim/cli.ts'),
      '--scale',
      'large',
      '--seed',
      String(BENCH_SEED),
      '--now',
      BENCH_NOW.toISOString(),
      '--frozen-clock',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((done, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const m = /ARM_ENDPOINT=(\S+)/.exec(out);
      if (m?.[1]) done({ url: m[1], child });
    });
    child.once('exit', (code) => fail(new Error(`the stand-in exited (${code}) before serving:\n${out}`)));
  });
}

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
