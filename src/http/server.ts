// The HTTP server (restify 12): liveness and readiness probes, a per-request logger with a correlation id, request
// logging without secrets, and a graceful close. Channels add their own routes (POST /api/messages, /slack/events).
import type { AddressInfo } from 'node:net';
import { createServer, type Request, type Response, type Server } from 'restify';
import { newErrorRef } from '../core/errors';
import { childForRequest, correlationIdOf, type Logger } from '../log';
import { scrubSecrets } from '../log-scrub';

export interface HttpServerOptions {
  log: Logger;
  /** Resolves when the bot can serve (e.g. the store answers); rejects with the reason otherwise. */
  readiness: () => Promise<void>;
  /** How long close() waits for in-flight requests before cutting connections. */
  shutdownTimeoutMs?: number;
  /** A readiness check slower than this counts as not ready. */
  readinessTimeoutMs?: number;
}

export interface HttpServer {
  /** The restify server, for adding routes. No body parser is installed: Slack needs the raw body to verify. */
  readonly server: Server;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, lets in-flight requests finish (bounded by shutdownTimeoutMs), then resolves. Idempotent. */
  close(): Promise<void>;
}

const requestLogs = new WeakMap<Request, Logger>();
const startTimes = new WeakMap<Request, bigint>();

/** The per-request child logger (carries `correlationId`); undefined only for a request this server never saw. */
export function requestLog(req: Request): Logger | undefined {
  return requestLogs.get(req);
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { log } = options;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  const readinessTimeoutMs = options.readinessTimeoutMs ?? 5_000;
  // restify 12 logs through pino (its typings still say bunyan); it only writes trace-level lines itself.
  const server = createServer({ name: 'backup-center-bot', log: log as unknown as Server['log'] });
  let closing: Promise<void> | undefined;

  server.pre((req, res, next) => {
    const child = childForRequest(log, { headers: req.headers });
    requestLogs.set(req, child);
    startTimes.set(req, process.hrtime.bigint());
    (req as { log: unknown }).log = child;
    res.setHeader('x-correlation-id', correlationIdOf(child) ?? '');
    // Keep-alive connections would otherwise hold close() open until they time out.
    if (closing !== undefined) res.setHeader('connection', 'close');
    next();
  });

  server.on('after', (req: Request, res: Response) => logRequest(req, res, log));

  // A route that fails unexpectedly answers a generic 500 with a ref; the details go to the log, not the caller.
  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number }, done: () => void) => {
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 500 && !res.headersSent) {
      const ref = newErrorRef();
      (requestLog(req) ?? log).error({ err, ref }, `request failed (ref ${ref})`);
      res.send(status, { code: 'Internal', message: `something went wrong (ref ${ref})` });
    }
    done();
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', (req, res, next) => {
    const check =
      closing !== undefined
        ? Promise.reject(new Error('shutting down'))
        : withTimeout(options.readiness(), readinessTimeoutMs);
    check.then(
      () => {
        res.send(200, { status: 'ready' });
        next();
      },
      (err: unknown) => {
        const reason = scrubSecrets(err instanceof Error ? err.message : String(err)).slice(0, 300);
        (requestLog(req) ?? log).warn({ err }, `not ready: ${reason}`);
        res.send(503, { status: 'unavailable', reason });
        next();
      },
    );
  });

  const http = server.server;
  // A response that ends while closing frees its keep-alive connection at once instead of at its idle timeout.
  http.on('request', (_req, res) => {
    res.once('finish', () => {
      if (closing !== undefined) setImmediate(() => http.closeIdleConnections());
    });
  });
  return {
    server,
    listen: (port, host) =>
      new Promise<number>((resolve, reject) => {
        // restify re-emits the HTTP server's errors on itself, where an unheard 'error' crashes the process with a
        // stack trace (EADDRINUSE at start); heard there, the caller explains it in one line.
        const onError = (err: Error) => reject(err);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          resolve((http.address() as AddressInfo).port);
        });
      }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        if (!http.listening) return resolve();
        const timer = setTimeout(() => {
          log.warn(
            { inflight: server.inflightRequests() },
            `shutdown: cutting requests still open after ${shutdownTimeoutMs} ms`,
          );
          http.closeAllConnections();
        }, shutdownTimeoutMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        http.closeIdleConnections();
      });
      return closing;
    },
  };
}

function logRequest(req: Request, res: Response, fallback: Logger): void {
  const started = startTimes.get(req);
  const durationMs =
    started === undefined ? undefined : Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
  // Only the path: query strings can carry codes and tokens. Headers are never logged here.
  const path = (req.url ?? '').split('?')[0] ?? '';
  const line = { method: req.method, path, status: res.statusCode, durationMs };
  // Probes and scrapes arrive every few seconds; they would drown the useful lines at info.
  const probe = (path === '/healthz' || path === '/readyz' || path === '/metrics') && res.statusCode < 400;
  const level = res.statusCode >= 500 ? 'error' : probe ? 'debug' : 'info';
  (requestLog(req) ?? fallback)[level](line, `${req.method} ${path} ${res.statusCode}`);
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`readiness check took longer than ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
