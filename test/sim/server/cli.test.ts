// `npm run sim`: the CLI starts the stand-in, prints its URL and ARM_ENDPOINT, and applies fault and clock flags.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixtureEstate, RSV_VAULT_ID } from './fixture-estate';

const children: ChildProcess[] = [];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-cli-test-'));
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the CLI and resolves with its stdout once the ARM_ENDPOINT line is out. */
function startCli(args: string[]): Promise<{ out: string; endpoint: string }> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/sim/cli.ts', ...args], {
    cwd: process.cwd(),
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`CLI printed no ARM_ENDPOINT in time:\n${out}\n${err}`)), 25_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^ARM_ENDPOINT=(\S+)$/m.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ out, endpoint: match[1] });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}:\n${out}\n${err}`));
    });
  });
}

test('serves an estate file and prints its URL; fault flags are active', async () => {
  const file = join(dir, 'estate.json');
  writeFileSync(file, JSON.stringify(createFixtureEstate()));
  const { out, endpoint } = await startCli(['--port', '0', '--estate', file, '--throttle-next', 'operations=1']);
  expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(out).toContain(`serving ${endpoint}`);
  const job = `${endpoint}${RSV_VAULT_ID}/backupJobs/aaaaaaaa-0000-0000-0000-000000000001?api-version=2023-06-01`;
  const headers = { authorization: 'Bearer cli-test' };
  expect((await fetch(job, { headers })).status).toBe(429);
  expect((await fetch(job, { headers })).status).toBe(200);
});

test('--tls on a generated estate prints NODE_EXTRA_CA_CERTS with the certificate file', async () => {
  const { out, endpoint } = await startCli([
    '--seed',
    '3',
    '--scale',
    'small',
    '--tls',
    '--now',
    '2026-03-02T10:00:00Z',
  ]);
  expect(endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const certFile = /^NODE_EXTRA_CA_CERTS=(\S+)$/m.exec(out)?.[1] ?? '';
  expect(readFileSync(certFile, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
  expect(out).toContain('generated, seed 3, scale small');
});

test('--frozen-clock holds the estate clock at --now until POST /_sim/clock moves it', async () => {
  const { out, endpoint } = await startCli(['--seed', '3', '--now', '2026-03-02T10:00:00Z', '--frozen-clock']);
  expect(out).toContain('estate clock: 2026-03-02T10:00:00.000Z (frozen');
  const read = async (): Promise<unknown> => (await fetch(`${endpoint}/_sim/clock`)).json();
  expect(await read()).toEqual({ now: '2026-03-02T10:00:00.000Z', frozen: true });
  const moved = await fetch(`${endpoint}/_sim/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 90_000 }) });
  expect(await moved.json()).toEqual({ now: '2026-03-02T10:01:30.000Z', frozen: true });
  expect(await read()).toEqual({ now: '2026-03-02T10:01:30.000Z', frozen: true });
});

test('a bad flag prints the usage and exits with 2', async () => {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/sim/cli.ts', '--latency', 'nowhere=5'], {
    cwd: process.cwd(),
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(code).toBe(2);
  expect(err).toContain('target');
  expect(err).toContain('npm run sim --');
});
