// The bot as a real child process (src/main.ts through tsx, or a compiled dist/main.js as deployed), with its output
// recorded, and a free port on 127.0.0.1 to give it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '../..');

export interface MainProcess {
  child: ChildProcess;
  /** The working directory it runs in. */
  cwd: string;
  /** stdout and stderr as they arrived, interleaved. */
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** performance.now() when it was spawned. */
  spawnedAt: number;
}

export interface SpawnOptions {
  /** A compiled entry (some build's dist/main.js): run by plain `node`, no TypeScript loader. */
  compiled?: string;
  /** Under a pseudo-terminal, as a person's shell runs it. */
  terminal?: boolean;
}

/**
 * Starts main.ts in `cwd` with PATH, HOME = `cwd` and `env` as its only settings (`env` wins). One process: Node with
 * tsx's loader (`--import`), not tsx's CLI, which runs the bot in a second process that a kill of the first would miss.
 */
export function spawnMain(cwd: string, env: Record<string, string>, options: SpawnOptions = {}): MainProcess {
  const argv =
    options.compiled !== undefined
      ? [process.execPath, options.compiled]
      : [process.execPath, '--import', pathToFileURL(require.resolve('tsx')).href, join(ROOT, 'src', 'main.ts')];
  // terminal: under util-linux `script`, which gives the bot a pseudo-terminal as stdout (as a person's shell does).
  const [command, ...args] = options.terminal
    ? ['script', '--quiet', '--return', '--command', argv.map(shellQuote).join(' '), '/dev/null']
    : argv;
  const spawnedAt = performance.now();
  const child = spawn(command as string, args, {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    all += String(chunk);
    out += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    all += String(chunk);
    err += String(chunk);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, cwd, output: () => all, stdout: () => out, stderr: () => err, exited, spawnedAt };
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A port nothing listens on right now (the OS picks it), for a child process that cannot report port 0 back. */
export function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Polls `GET url` until it answers 200 and resolves with the ms since `run` was spawned; throws if it exits first. */
export async function waitFor200(run: MainProcess, url: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (run.child.exitCode !== null) break;
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) return performance.now() - run.spawnedAt;
    await new Promise((wait) => setTimeout(wait, 50));
  }
  throw new Error(`${url} did not answer 200 (exit code ${run.child.exitCode}):\n${run.output()}`);
}
