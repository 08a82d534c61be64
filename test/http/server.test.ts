// The HTTP server over real sockets on 127.0.0.1: probes, correlation ids, request logs and graceful shutdown.
import { connect } from 'node:net';
import { createHttpServer, type HttpServer, requestLog } from '../../src/http/server';
import { captureLog } from '../support/capture-log';

let running: HttpServer | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(readiness: () => Promise<void> = async () => {}, extra: { shutdownTimeoutMs?: number } = {}) {
  const captured = captureLog();
  const http = createHttpServer({ log: captured.log, readiness, readinessTimeoutMs: 200, ...extra });
  running = http;
  return { http, captured, addHandlers: http.server };
}

async function listen(http: HttpServer): Promise<string> {
  const port = await http.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

test('GET /healthz answers 200 {"status":"ok"} with a correlation id header', async () => {
  const { http } = await start();
  const base = await listen(http);
  const response = await fetch(`${base}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok' });
  expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('an inbound x-correlation-id is echoed and used in the request log line', async () => {
  const { http, captured } = await start();
  const base = await listen(http);
  const response = await fetch(`${base}/readyz`, { headers: { 'x-correlation-id': 'abc-123' } });
  expect(response.headers.get('x-correlation-id')).toBe('abc-123');
  const line = captured.lines().find((entry) => entry['path'] === '/readyz');
  expect(line).toMatchObject({ correlationId: 'abc-123', method: 'GET', status: 200 });
});

test('GET /readyz is 200 when the readiness check resolves and 503 with the reason when it rejects', async () => {
  let healthy = true;
  const { http } = await start(async () => {
    if (!healthy) throw new Error('store is not reachable');
  });
  const base = await listen(http);
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  healthy = false;
  const failing = await fetch(`${base}/readyz`);
  expect(failing.status).toBe(503);
  expect(await failing.json()).toEqual({ status: 'unavailable', reason: 'store is not reachable' });
});

test('a readiness check that hangs counts as not ready', async () => {
  const { http } = await start(() => new Promise<void>(() => {}));
  const base = await listen(http);
  const response = await fetch(`${base}/readyz`);
  expect(response.status).toBe(503);
  expect(((await response.json()) as { reason: string }).reason).toMatch(/longer than 200 ms/);
});

test('request logs carry neither the Authorization header nor query-string secrets', async () => {
  const { http, captured } = await start();
  const base = await listen(http);
  await fetch(`${base}/healthz?code=one-time-code-123`, { headers: { authorization: 'Bearer very-secret-token' } });
  const line = captured.lines().find((entry) => entry['path'] === '/healthz');
  expect(line).toMatchObject({ status: 200 });
  expect(captured.text()).not.toContain('very-secret-token');
  expect(captured.text()).not.toContain('one-time-code-123');
});

test('a route that fails answers 500 with a ref only; the log has the error under that ref', async () => {
  const { http, captured } = await start();
  http.server.get('/boom', async () => {
    throw new Error('connect to db-internal-host failed');
  });
  const base = await listen(http);
  const response = await fetch(`${base}/boom`);
  expect(response.status).toBe(500);
  const body = (await response.json()) as { message: string };
  const ref = /^something went wrong \(ref ([0-9a-f]{8})\)$/.exec(body.message)?.[1];
  expect(ref).toBeDefined();
  expect(JSON.stringify(body)).not.toContain('db-internal-host');
  const logged = captured.lines().find((line) => line['ref'] === ref);
  expect(logged).toMatchObject({ level: 50, err: { message: 'connect to db-internal-host failed' } });
});

test('close() lets an in-flight request finish while new connections are refused', async () => {
  const { http } = await start();
  let release: () => void = () => {};
  let entered: () => void = () => {};
  const handlerEntered = new Promise<void>((resolve) => {
    entered = resolve;
  });
  http.server.get('/slow', (req, res, next) => {
    requestLog(req)?.info('slow request started');
    entered();
    release = () => {
      res.send(200, { done: true });
      next();
    };
  });
  const base = await listen(http);
  const port = Number(new URL(base).port);

  const slow = fetch(`${base}/slow`);
  await handlerEntered;
  let closed = false;
  const closing = http.close().then(() => {
    closed = true;
  });

  expect(await connectionRefused(port)).toBe(true);
  expect(closed).toBe(false);
  release();
  const response = await slow;
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ done: true });
  const answeredAt = Date.now();
  await closing;
  // The client's keep-alive connection must not hold shutdown open until its idle timeout.
  expect(Date.now() - answeredAt).toBeLessThan(1000);
});

test('close() gives up on a request that never ends after the shutdown timeout', async () => {
  const { http, captured } = await start(undefined, { shutdownTimeoutMs: 300 });
  let entered: () => void = () => {};
  const handlerEntered = new Promise<void>((resolve) => {
    entered = resolve;
  });
  http.server.get('/stuck', (_req, _res, _next) => entered());
  const base = await listen(http);
  const stuck = fetch(`${base}/stuck`).then(
    () => 'answered',
    () => 'cut',
  );
  await handlerEntered;
  const started = Date.now();
  await http.close();
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  expect(await stuck).toBe('cut');
  expect(captured.text()).toContain('shutdown: cutting requests still open');
});
