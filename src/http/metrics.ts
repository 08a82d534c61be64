// GET /metrics: the Prometheus text, on the bot's own server or on a port of its own (METRICS_PORT), behind a bearer
// token when METRICS_TOKEN is set (compared in constant time).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import type { Logger } from '../log';
import type { MetricsSource } from '../metrics/prometheus';

export const METRICS_PATH = '/metrics';

export interface MetricsRouteOptions {
  source: MetricsSource;
  /** Required as `Authorization: Bearer <token>`; unset: anyone who reaches the port may read. */
  token?: string;
  log: Logger;
}

/** Answers one scrape: 401 without the right token, else the metrics (500 if they cannot be gathered). */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, options: MetricsRouteOptions) {
  if (options.token !== undefined && !bearerMatches(req.headers.authorization, options.token)) {
    res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' });
    res.end('a bearer token is required (METRICS_TOKEN)\n');
    return;
  }
  try {
    const body = await options.source.render();
    res.writeHead(200, { 'content-type': options.source.contentType, 'cache-control': 'no-store' });
    res.end(body);
  } catch (err) {
    options.log.error({ err }, 'could not gather the metrics');
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('metrics unavailable\n');
  }
}

/** GET /metrics on the bot's own server. */
export function mountMetrics(server: Server, options: MetricsRouteOptions): void {
  server.get(METRICS_PATH, (req, res, next) => {
    serveMetrics(req, res, options).then(() => next(false), next);
  });
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/** GET /metrics alone on its own port (METRICS_PORT on METRICS_HOST); anything else is 404. */
export function startMetricsServer(port: number, host: string, options: MetricsRouteOptions): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== METRICS_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    void serveMetrics(req, res, options);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Hashing both sides first gives equal lengths, so the comparison takes the same time whatever was sent. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(sent), digest(token));
}
