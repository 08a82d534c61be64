// The alert webhook over real HTTP on 127.0.0.1: only the right secret gets in, old alerts are replays, repeats are
// duplicates, big bodies are refused, and the secret never reaches a log line.
import { type AcceptedAlert, mountAlertWebhook } from '../../../src/channels/alerts/webhook';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { captureLog } from '../../support/capture-log';
import { fixture, type Json } from './fixtures';

const SECRET = 'k3Jx9-Qm2_vT8.wZ4~rN6yB1hF5cL0pD7sGaE';
const NOW = new Date('2025-06-02T10:00:00Z');
const MINUTE = 60_000;

let running: HttpServer | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

interface Started {
  base: string;
  accepted: AcceptedAlert[];
  captured: ReturnType<typeof captureLog>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: Json }>;
}

async function start(
  options: { outcome?: 'new' | 'duplicate' | 'throw'; rateLimitPerMinute?: number; secret?: string } = {},
): Promise<Started> {
  // The logger knows the secret as the composition root passes it (config), and the pattern scrubs the path too.
  const captured = captureLog();
  const http = createHttpServer({ log: captured.log, readiness: async () => {} });
  running = http;
  const accepted: AcceptedAlert[] = [];
  const seen = new Set<string>();
  mountAlertWebhook(http.server, {
    secret: 'secret' in options ? options.secret : SECRET,
    maxAgeMs: 60 * MINUTE,
    clock: () => NOW,
    log: captured.log,
    ...(options.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: options.rateLimitPerMinute }),
    accept: async (alert) => {
      if (options.outcome === 'throw') throw new Error('store is down');
      accepted.push(alert);
      if (options.outcome === 'duplicate' || seen.has(alert.alertId)) return 'duplicate';
      seen.add(alert.alertId);
      return 'new';
    },
  });
  const port = await http.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    accepted,
    captured,
    post: async (path, body, headers = {}) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text === '' ? {} : (JSON.parse(text) as Json) };
    },
  };
}

const vmAlert = () => fixture('rsv-vm-backup-failure');

test('the right secret: accept is called once with the events, and the answer is 202 {accepted: 1}', async () => {
  const { post, accepted } = await start();
  const result = await post(`/api/alerts/${SECRET}`, vmAlert());
  expect(result).toEqual({ status: 202, json: { accepted: 1 } });
  expect(accepted).toHaveLength(1);
  expect(accepted[0]).toMatchObject({
    alertId: vmAlert().data.essentials.alertId,
    firedAt: new Date('2025-06-02T09:58:12.123Z'),
    events: [{ source: 'alert', itemName: 'vm-web-01', workload: 'vm' }],
  });
});

test.each([
  ['wrong', `/api/alerts/${SECRET.slice(0, -1)}X`],
  ['shorter', `/api/alerts/${SECRET.slice(0, -1)}`],
  ['longer', `/api/alerts/${SECRET}0`],
  ['missing', '/api/alerts'],
  ['empty', '/api/alerts/'],
  ['lower-cased', `/api/alerts/${SECRET.toLowerCase()}`],
  ['in the query string instead', `/api/alerts?secret=${SECRET}`],
])('a %s secret gets 401 with a generic body, and accept is never called', async (_name, path) => {
  const { post, accepted } = await start();
  const result = await post(path, vmAlert());
  expect(result).toEqual({ status: 401, json: { error: 'unauthorized' } });
  expect(accepted).toHaveLength(0);
});

test('a path below the secret is not the webhook (404), and accept is never called', async () => {
  const { post, accepted } = await start();
  expect((await post(`/api/alerts/${SECRET}/more`, vmAlert())).status).toBe(404);
  expect(accepted).toHaveLength(0);
});

test('with no secret configured there is no route at all', async () => {
  const { post, accepted } = await start({ secret: undefined });
  expect((await post(`/api/alerts/${SECRET}`, vmAlert())).status).toBe(404);
  expect(accepted).toHaveLength(0);
});

test('a secret shorter than 32 characters is refused when mounting', () => {
  const http = createHttpServer({ log: captureLog().log, readiness: async () => {} });
  expect(() =>
    mountAlertWebhook(http.server, {
      secret: 'short',
      maxAgeMs: MINUTE,
      clock: () => NOW,
      log: captureLog().log,
      accept: async () => 'new',
    }),
  ).toThrow(/32/);
});

test('an alert fired longer ago than maxAge, or over 5 minutes ahead, is refused as a replay (401)', async () => {
  const { post, accepted } = await start();
  for (const firedDateTime of ['2025-06-02T08:59:59Z', '2025-05-01T10:00:00Z', '2025-06-02T10:05:01Z']) {
    const alert = vmAlert();
    alert.data.essentials.firedDateTime = firedDateTime;
    expect(await post(`/api/alerts/${SECRET}`, alert)).toEqual({ status: 401, json: { error: 'unauthorized' } });
  }
  expect(accepted).toHaveLength(0);
  // Just inside both edges.
  for (const firedDateTime of ['2025-06-02T09:00:01Z', '2025-06-02T10:04:59Z']) {
    const alert = vmAlert();
    alert.data.essentials.firedDateTime = firedDateTime;
    alert.data.essentials.alertId += firedDateTime;
    expect((await post(`/api/alerts/${SECRET}`, alert)).status).toBe(202);
  }
});

test('a repeated delivery: accept says duplicate, the answer is 200 {duplicate: true}', async () => {
  const { post, accepted } = await start();
  expect((await post(`/api/alerts/${SECRET}`, vmAlert())).status).toBe(202);
  expect(await post(`/api/alerts/${SECRET}`, vmAlert())).toEqual({ status: 200, json: { duplicate: true } });
  expect(accepted).toHaveLength(2);
});

test('ignored alerts answer 202 with the reason and never reach accept', async () => {
  const { post, accepted } = await start();
  expect(await post(`/api/alerts/${SECRET}`, fixture('metric-not-backup'))).toEqual({
    status: 202,
    json: { accepted: 0, ignored: 'not an Azure Backup alert' },
  });
  expect((await post(`/api/alerts/${SECRET}`, fixture('rsv-vm-resolved'))).json).toMatchObject({ accepted: 0 });
  expect((await post(`/api/alerts/${SECRET}`, { schemaId: 'Microsoft.Insights/activityLogs' })).status).toBe(202);
  // An old ignored alert (e.g. the portal's test sample) is not a replay worth refusing: it does nothing.
  const oldSample = fixture('metric-not-backup');
  oldSample.data.essentials.firedDateTime = '2019-03-22T13:58:24.3713213Z';
  expect((await post(`/api/alerts/${SECRET}`, oldSample)).status).toBe(202);
  expect(accepted).toHaveLength(0);
});

test('invalid JSON and an invalid alert are 400', async () => {
  const { post, accepted } = await start();
  expect(await post(`/api/alerts/${SECRET}`, '{"schemaId": ')).toEqual({
    status: 400,
    json: { error: 'the body is not JSON' },
  });
  const noTime = vmAlert();
  delete noTime.data.essentials.firedDateTime;
  expect((await post(`/api/alerts/${SECRET}`, noTime)).status).toBe(400);
  expect(accepted).toHaveLength(0);
});

test('a body over 256 kB is refused with 413', async () => {
  const { post, accepted } = await start();
  const big = vmAlert();
  big.data.customProperties = { padding: 'x'.repeat(300 * 1024) };
  expect((await post(`/api/alerts/${SECRET}`, big)).status).toBe(413);
  expect(accepted).toHaveLength(0);
});

test('when accept fails the answer is 503 (an action group retries it) with a ref, not the error', async () => {
  const { post } = await start({ outcome: 'throw' });
  const result = await post(`/api/alerts/${SECRET}`, vmAlert());
  expect(result.status).toBe(503);
  expect(String(result.json['error'])).toMatch(/^something went wrong \(ref .+\)$/);
  expect(JSON.stringify(result.json)).not.toContain('store is down');
});

test('requests over the per-address limit get 429', async () => {
  const { post } = await start({ rateLimitPerMinute: 2 });
  expect((await post('/api/alerts/nope', {})).status).toBe(401);
  expect((await post('/api/alerts/nope', {})).status).toBe(401);
  expect((await post(`/api/alerts/${SECRET}`, vmAlert())).status).toBe(429);
});

test('the secret never appears in the logs: request lines show the path redacted', async () => {
  const { post, captured } = await start();
  await post(`/api/alerts/${SECRET}`, vmAlert());
  await post(`/api/alerts/${SECRET}`, vmAlert());
  await post(`/api/alerts/${SECRET}x`, vmAlert());
  await post(`/api/alerts/${SECRET}`, '{oops');
  const text = captured.text();
  expect(text).not.toContain(SECRET);
  const requestLines = captured.lines().filter((line) => line['method'] === 'POST');
  expect(requestLines).toHaveLength(4);
  for (const line of requestLines) expect(line['path']).toBe('/api/alerts/[Redacted]');
  expect(requestLines.map((line) => line['status'])).toEqual([202, 200, 401, 400]);
});
