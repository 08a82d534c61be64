// Every route that takes a body, on the real bot process (demo mode with Slack and the alert webhook on): a body over
// the route's limit is refused with 413 before it is read whole, however it arrives (declared length, chunked, gzip).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { signSlackRequest } from '../../src/channels/slack/verify';
import { type SlackStandIn, startSlackStandIn } from '../standins/slack-api';
import { freePort, type MainProcess, spawnMain } from '../support/main-process';

jest.setTimeout(60_000);

const SIGNING_SECRET = 'body-limits-signing-secret-0123456789';
const ALERT_SECRET = 'a'.repeat(40);
const KB = 1024;
const MB = 1024 * KB;

/** Each route with a body, and its limit: Slack and Teams 1 MB, the alert webhook 256 KB, the playground's API 64 KB. */
const ROUTES: Array<{
  name: string;
  method: 'POST' | 'PUT';
  path: string;
  limit: number;
  type: string;
  /** Routes that verify the raw bytes never inflate gzip: to them a gzip body is unreadable (400), nothing more. */
  gzip?: 400;
}> = [
  { name: 'Slack events', method: 'POST', path: '/slack/events', limit: MB, type: 'application/json', gzip: 400 },
  { name: 'Teams messages', method: 'POST', path: '/api/messages', limit: MB, type: 'application/json' },
  {
    name: 'alert webhook',
    method: 'POST',
    path: `/api/alerts/${ALERT_SECRET}`,
    limit: 256 * KB,
    type: 'application/json',
    gzip: 400,
  },
  {
    name: 'playground message',
    method: 'POST',
    path: '/playground/api/conversations/playground-x/messages',
    limit: 64 * KB,
    type: 'application/json',
  },
  {
    name: 'playground click',
    method: 'POST',
    path: '/playground/api/conversations/playground-x/actions',
    limit: 64 * KB,
    type: 'application/json',
  },
  {
    name: 'playground connector post',
    method: 'POST',
    path: '/playground/connector/v3/conversations/c1/activities',
    limit: MB,
    type: 'application/json',
  },
  {
    name: 'playground connector update',
    method: 'PUT',
    path: '/playground/connector/v3/conversations/c1/activities/a1',
    limit: MB,
    type: 'application/json',
  },
];

let run: MainProcess;
let slack: SlackStandIn;
let origin: string;
let folder: string;

beforeAll(async () => {
  slack = await startSlackStandIn();
  folder = mkdtempSync(join(tmpdir(), 'bot-limits-'));
  const port = await freePort();
  run = spawnMain(folder, {
    DATA_DIR: join(folder, 'data'),
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-limits',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    NOTIFY_WEBHOOK_SECRET: ALERT_SECRET,
  });
  origin = `http://127.0.0.1:${port}`;
  await untilHealthy();
});

afterAll(async () => {
  run?.child.kill('SIGKILL');
  await run?.exited;
  await slack?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function untilHealthy(): Promise<void> {
  for (let i = 0; i < 250; i++) {
    const ok = await fetch(`${origin}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (run.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the bot did not start:\n${run.output()}`);
}

/** Slack's route verifies a signature first only for bodies it read; signing keeps the request otherwise valid. */
function headersFor(route: (typeof ROUTES)[number], body: Buffer | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': route.type };
  if (route.path === '/slack/events' && body !== undefined) {
    const ts = Math.floor(Date.now() / 1000);
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] = signSlackRequest(SIGNING_SECRET, ts, body.toString('utf8'));
  }
  return headers;
}

/** A JSON body of exactly `size` bytes. */
function jsonOf(size: number): Buffer {
  const head = '{"type":"message","text":"';
  return Buffer.from(`${head}${'x'.repeat(size - head.length - 2)}"}`);
}

describe.each(ROUTES)('$name ($method $path)', (route) => {
  test('a body one byte over the limit, with its length declared, is refused with 413', async () => {
    const body = jsonOf(route.limit + 1);
    const response = await fetch(`${origin}${route.path}`, {
      method: route.method,
      headers: headersFor(route, body),
      body,
    });
    expect(response.status).toBe(413);
  });

  test('a chunked upload without a length is refused once it passes the limit, not after it ends', async () => {
    // The stream would send 64 MB; the bot must answer 413 having taken little more than the limit.
    let sent = 0;
    const chunk = Buffer.alloc(64 * KB, 'x');
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 64 * MB) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const outcome = await fetch(`${origin}${route.path}`, {
      method: route.method,
      headers: headersFor(route, undefined),
      body: stream,
      duplex: 'half',
    } as RequestInit).then(
      (response) => response.status,
      // The bot closes the connection on the rest of the upload; the client may see that before the 413.
      (err: { cause?: { code?: string } }) => `connection closed (${err.cause?.code})`,
    );
    expect([413, 'connection closed (EPIPE)', 'connection closed (ECONNRESET)']).toContain(outcome);
    // What proves the limit: the client could send only a little more than it (socket buffers), not the 64 MB.
    expect(sent).toBeLessThan(route.limit + 16 * MB);
  });

  test('a gzip body that inflates past the limit is never inflated whole: 413 (or 400 where gzip is not read)', async () => {
    const bomb = gzipSync(jsonOf(32 * MB));
    expect(bomb.length).toBeLessThan(route.limit);
    const response = await fetch(`${origin}${route.path}`, {
      method: route.method,
      headers: { ...headersFor(route, bomb), 'content-encoding': 'gzip' },
      body: bomb,
    });
    expect(response.status).toBe(route.gzip ?? 413);
  });
});

test('the bot still answers after every refusal', async () => {
  expect((await fetch(`${origin}/healthz`)).status).toBe(200);
});
