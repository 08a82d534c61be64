// The bot as a real child process: demo-mode start, probes, SIGTERM → exit 0, and bad settings → one line, exit 1.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedSeedPath } from '../src/store/pglite-seed';
import { freePort, type MainProcess, spawnMain } from './support/main-process';

// A demo start generates the estate and opens PGlite: half a minute on a busy two-core machine.
jest.setTimeout(90_000);

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Starts main.ts in a fresh folder (so no developer .env applies) with only the given settings. */
function runMain(settings: Record<string, string>, dotEnv?: string, options: { terminal?: boolean } = {}): MainProcess {
  const cwd = mkdtempSync(join(tmpdir(), 'bot-main-'));
  folders.push(cwd);
  if (dotEnv !== undefined) writeFileSync(join(cwd, '.env'), dotEnv);
  return spawnMain(cwd, { DATA_DIR: join(cwd, 'data'), ...settings }, options);
}

function logLines(run: MainProcess): Array<Record<string, unknown>> {
  return run
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function waitForPort(run: MainProcess, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const listening = logLines(run).find((line) => typeof line['port'] === 'number' && line['port'] !== 0);
    if (listening) return listening['port'] as number;
    if (run.child.exitCode !== null) break;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`bot did not start listening:\n${run.stdout()}\n${run.stderr()}`);
}

test('starts in demo mode, answers /healthz and /readyz, and exits 0 on SIGTERM', async () => {
  const run = runMain({ PORT: '0' });
  try {
    const port = await waitForPort(run);
    expect(logLines(run)[0]?.['msg']).toMatch(/^backup-center-bot starting in DEMO MODE \(no Azure settings/);
    // From src/ on an empty DATA_DIR: the store is loaded from the cached seed (the global setup makes it), no initdb.
    expect(logLines(run)).toContainEqual(
      expect.objectContaining({ msg: 'store ready', loadedSeed: cachedSeedPath(), migrationsApplied: [] }),
    );
    // No READ_ALLOW: said loudly at start-up.
    expect(logLines(run)).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'READ_ALLOW is not set: every conversation sees the whole BACKUP_SCOPE; set READ_ALLOW',
      }),
    );

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(logLines(run).map((line) => line['msg'])).toContain('stopped');
    expect(run.stderr()).not.toContain('DEP0111');
  } finally {
    run.child.kill('SIGKILL');
  }
});

test('a bad PORT exits 1 with one line naming PORT and no stack trace', async () => {
  const run = runMain({ PORT: 'abc' });
  expect(await run.exited).toBe(1);
  expect(run.stderr().trim()).toBe('PORT: "abc" is not a port number (0-65535; 0 = any free port); example: PORT=3978');
  expect(run.stdout()).toBe('');
});

test('a bad RETRY_ALLOW entry exits 1 with one line saying what to write instead', async () => {
  const run = runMain({ RETRY_ALLOW: 'ana@contoso.com' });
  expect(await run.exited).toBe(1);
  expect(run.stderr().trim()).toBe(
    'RETRY_ALLOW entry "ana@contoso.com": people are named by platform id, not e-mail: ' +
      'write teams:user:00000000-0000-0000-0000-000000000000 or slack:user:U0123ABCD',
  );
  expect(run.stdout()).toBe('');
});

test('a bad READ_ALLOW entry exits 1 with one line naming the entry', async () => {
  const run = runMain({ READ_ALLOW: 'slack:user:U0123ABCD#C0456EFGH' });
  expect(await run.exited).toBe(1);
  expect(run.stderr().trim()).toMatch(
    /^READ_ALLOW: READ_ALLOW entry "slack:user:U0123ABCD#C0456EFGH": everyone in a channel sees its answers, .*write slack:\*#C0456EFGH/,
  );
  expect(run.stdout()).toBe('');
});

test('settings are read from a .env file in the working directory', async () => {
  const run = runMain({}, 'LOG_LEVEL=chatty\n');
  expect(await run.exited).toBe(1);
  expect(run.stderr().trim()).toBe(
    'LOG_LEVEL: "chatty" is not one of trace|debug|info|warn|error|fatal; example: LOG_LEVEL=info',
  );
});

/** An address of this machine that is not loopback (or ::1, which a 127.0.0.1 listener does not serve either). */
function otherAddress(): string {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal);
  return external?.address ?? '::1';
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port }, () => {
      socket.destroy();
      done(true);
    });
    socket.on('error', () => done(false));
  });
}

test('demo mode listens on 127.0.0.1 only: another address of this machine is refused', async () => {
  const address = otherAddress();
  // Control: a listener on every interface is reachable there, so a refusal below is the bot's binding.
  const control = createServer();
  await new Promise<void>((done) => control.listen(0, done));
  const controlPort = (control.address() as { port: number }).port;
  expect(await connects(address, controlPort)).toBe(true);
  await new Promise((done) => control.close(done));

  const run = runMain({ PORT: '0' });
  try {
    const port = await waitForPort(run);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await connects(address, port)).toBe(false);
    expect(logLines(run).find((line) => line['port'] === port)?.['host']).toBe('127.0.0.1');
  } finally {
    run.child.kill('SIGKILL');
  }
});

test('Azure mode without MICROSOFT_APP_ID and without Slack exits 1 with one line naming the setting', async () => {
  const run = runMain({ ARM_ENDPOINT: 'http://127.0.0.1:9' });
  expect(await run.exited).toBe(1);
  expect(run.stderr().trim()).toBe(
    'MICROSOFT_APP_ID: is required outside demo mode (or SLACK_BOT_TOKEN; LOCAL_CHAT_WITHOUT_AUTH=true for local use ' +
      'without auth); example: MICROSOFT_APP_ID=00000000-0000-0000-0000-000000000000',
  );
  expect(run.stdout()).toBe('');
});

/** Something of ours listening on 127.0.0.1 at a port the OS picked, as another program would. */
async function occupiedPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const other = createServer();
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  const port = (other.address() as { port: number }).port;
  return { port, release: () => new Promise((done) => other.close(() => done())) };
}

test('a port already in use ends with one line saying so and what to set, not a stack trace', async () => {
  const taken = await occupiedPort();
  try {
    const run = runMain({ PORT: String(taken.port) });
    expect(await run.exited).toBe(1);
    const last = logLines(run).at(-1);
    expect(last).toMatchObject({
      level: 60,
      msg: `port ${taken.port} is already in use; set PORT to a free port (e.g. PORT=3979)`,
    });
    expect(last).not.toHaveProperty('err');
    expect(run.stderr()).toBe('');
    expect(run.output()).not.toMatch(/\n\s+at |EADDRINUSE/);
  } finally {
    await taken.release();
  }
}, 150_000); // the whole demo start comes before the listen: a minute on a busy two-core machine

test('a BACKUP_SCOPE mixing subscriptions and management groups is refused in one line before the store opens', async () => {
  const run = runMain({ BACKUP_SCOPE: '11111111-1111-4111-8111-111111111111,mg:contoso-prod' });
  expect(await run.exited).toBe(1);
  expect(run.stderr().trim()).toBe(
    'BACKUP_SCOPE: lists both subscriptions and management groups; Resource Graph takes one or the other, so list ' +
      'only subscription ids or only mg:<group> entries; example: BACKUP_SCOPE=mg:contoso-prod',
  );
  expect(run.stdout()).toBe('');
  // The embedded store creates DATA_DIR when it opens: nothing was created.
  expect(existsSync(join(run.cwd, 'data'))).toBe(false);
});

describe('log format', () => {
  /** A DATABASE_URL nobody answers: the bot logs its start and a fatal line, then exits, within seconds. */
  const unreachableStore = async () => ({ DATABASE_URL: `postgres://bot:pw@127.0.0.1:${await freePort()}/bot` });

  test('at a terminal the lines are readable (level word, message, no JSON)', async () => {
    const run = runMain(await unreachableStore(), undefined, { terminal: true });
    expect(await run.exited).toBe(1);
    const text = run.output();
    expect(text).toMatch(/INFO.*backup-center-bot starting in DEMO MODE/);
    expect(text).toMatch(/FATAL.*could not open the store/);
    expect(text).not.toContain('{"level"');
  });

  test('piped (a container, a file) the lines are JSON, and LOG_FORMAT=pretty overrides', async () => {
    const piped = runMain(await unreachableStore());
    expect(await piped.exited).toBe(1);
    expect(logLines(piped).map((line) => line['msg'])).toContain(
      'could not open the store (check DATABASE_URL or DATA_DIR)',
    );
    const pretty = runMain({ ...(await unreachableStore()), LOG_FORMAT: 'pretty' });
    expect(await pretty.exited).toBe(1);
    expect(pretty.stdout()).toMatch(/FATAL.*could not open the store/);
    expect(pretty.stdout()).not.toContain('{"level"');
  });

  test('LOG_FORMAT=json at a terminal stays JSON', async () => {
    const run = runMain({ ...(await unreachableStore()), LOG_FORMAT: 'json' }, undefined, { terminal: true });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/^\{"level":30,.*"msg":"backup-center-bot starting in DEMO MODE/);
  });
});
