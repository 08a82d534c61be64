// The bot as a real child process (src/main.ts through tsx, as deployed), with its output recorded, and a free port
// on 127.0.0.1 to give it.
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
}

/**
 * Starts main.ts in `cwd` with PATH, HOME = `cwd` and `env` as its only settings (`env` wins). One process: Node with
 * tsx's loader (`--import`), not tsx's CLI, which runs the bot in a second process that a kill of the first would miss.
 */
export function spawnMain(cwd: string, env: Record<string, string>, options: { terminal?: boolean } = {}): MainProcess {
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const argv = [process.execPath, '--import', tsx, join(ROOT, 'src', 'main.ts')];
  // terminal: under util-linux `script`, which gives the bot a pseudo-terminal as stdout (as a person's shell does).
  const [command, ...args] = options.terminal
    ? ['script', '--quiet', '--return', '--command', argv.map(shellQuote).join(' '), '/dev/null']
    : argv;
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
  return { child, cwd, output: () => all, stdout: () => out, stderr: () => err, exited };
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
