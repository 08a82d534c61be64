// The bot as a real child process: demo-mode start, probes, SIGTERM → exit 0, and bad settings → one line, exit 1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MainProcess, spawnMain } from './support/main-process';

// A demo start generates the estate and opens PGlite: half a minute on a busy two-core machine.
jest.setTimeout(90_000);

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Starts main.ts in a fresh folder (so no developer .env applies) with only the given settings. */
function runMain(settings: Record<string, string>, dotEnv?: string): MainProcess {
  const cwd = mkdtempSync(join(tmpdir(), 'bot-main-'));
  folders.push(cwd);
  if (dotEnv !== undefined) writeFileSync(join(cwd, '.env'), dotEnv);
  return spawnMain(cwd, { DATA_DIR: join(cwd, 'data'), ...settings });
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
  expect(run.stderr().trim()).toBe('PORT: "abc" is not a port number (1-65535); example: PORT=3978');
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
