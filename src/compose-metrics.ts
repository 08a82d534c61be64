// The composition root's metrics part: with METRICS on, one Prometheus registry the whole bot counts into, served as
// GET /metrics on the bot's port or on METRICS_PORT; with it off, a port that counts nothing and no route.
import type { Server } from 'restify';
import type { Config } from './config';
import { type Metrics, NO_METRICS } from './core/metrics';
import { mountMetrics, startMetricsServer } from './http/metrics';
import type { Logger } from './log';
import { createPrometheusMetrics } from './metrics/prometheus';

export interface MetricsComposition {
  metrics: Metrics;
  /** Adds GET /metrics to the bot's server, unless METRICS_PORT gives it a port of its own. */
  mount(server: Server): void;
  /** Listens on METRICS_PORT when set; resolves with a line for the log (undefined when there is nothing to say). */
  start(): Promise<string | undefined>;
  close(): Promise<void>;
}

export function composeMetrics(config: Pick<Config, 'metrics'>, log: Logger): MetricsComposition {
  const settings = config.metrics;
  if (!settings.enabled) {
    return { metrics: NO_METRICS, mount() {}, start: async () => undefined, close: async () => {} };
  }
  const prometheus = createPrometheusMetrics();
  const route = { source: prometheus, log, ...(settings.token === undefined ? {} : { token: settings.token }) };
  const guard = settings.token === undefined ? 'no token' : 'bearer token required';
  let close = async () => {};
  return {
    metrics: prometheus.metrics,
    mount(server) {
      if (settings.port === undefined) mountMetrics(server, route);
    },
    async start() {
      if (settings.port === undefined) return `metrics: GET /metrics on the bot's port (${guard})`;
      const server = await startMetricsServer(settings.port, settings.host, route);
      close = () => server.close();
      return `metrics: GET /metrics on port ${server.port} of ${settings.host} (${guard})`;
    },
    close: () => close(),
  };
}
