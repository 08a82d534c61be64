// The metrics settings (METRICS, METRICS_TOKEN, METRICS_PORT, METRICS_HOST), read by loadConfig in src/config.ts:
// whether GET /metrics is served, and how it is kept from strangers when the bot's port is reachable from outside.
import {
  ConfigError,
  isLoopbackHost,
  type RawEnv,
  readChoice,
  readHostName,
  readPort,
  readString,
  readUrlSecret,
} from './config-values';

export interface MetricsConfig {
  /** GET /metrics is served (Prometheus text format). */
  readonly enabled: boolean;
  /** Scrapers must send `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** /metrics on a port of its own (not the bot's, so an ingress that publishes the bot's port never shows it). */
  readonly port?: number;
  /** The interface METRICS_PORT listens on (default 127.0.0.1: a sidecar or an agent on the same host). */
  readonly host: string;
}

/** Prometheus' registry of default ports lists 9464 for exporters of this kind. */
const EXAMPLE_PORT = 9464;
const TOKEN_EXAMPLE = '<at least 32 random characters, e.g. from: openssl rand -hex 32>';

/**
 * Off unless asked for, except in a demo on loopback. Served on the bot's own port only when that port is loopback
 * or a token guards it: metrics name no secrets, but they tell a stranger how busy and how broken the bot is.
 */
export function readMetrics(env: RawEnv, bot: { mode: 'demo' | 'azure'; host?: string; port: number }): MetricsConfig {
  const choice = readChoice(env, 'METRICS', ['on', 'off'] as const);
  const token = readUrlSecret(env, 'METRICS_TOKEN', 32, TOKEN_EXAMPLE);
  const port = readString(env, 'METRICS_PORT') === undefined ? undefined : readPort(env, 'METRICS_PORT', EXAMPLE_PORT);
  const host = readHostName(env, 'METRICS_HOST');
  if (host !== undefined && port === undefined) {
    throw new ConfigError('METRICS_HOST', 'is used only with METRICS_PORT; set METRICS_PORT too', '0.0.0.0');
  }
  if (port !== undefined && port !== 0 && port === bot.port) {
    throw new ConfigError('METRICS_PORT', `is the bot's PORT (${port}) too; pick another`, String(EXAMPLE_PORT));
  }
  if (choice === 'off' && (token !== undefined || port !== undefined)) {
    const given = token !== undefined ? 'METRICS_TOKEN' : 'METRICS_PORT';
    throw new ConfigError('METRICS', `is off while ${given} is set; remove ${given} or set METRICS=on`, 'on');
  }
  const enabled =
    choice === undefined
      ? token !== undefined || port !== undefined || (bot.mode === 'demo' && isLoopbackHost(bot.host))
      : choice === 'on';
  if (enabled && token === undefined && port === undefined && !isLoopbackHost(bot.host)) {
    const where = bot.host === undefined ? 'every interface' : bot.host;
    const problem = `is required to serve /metrics on the bot's port, which listens on ${where} (or set METRICS_PORT)`;
    throw new ConfigError('METRICS_TOKEN', problem, TOKEN_EXAMPLE);
  }
  return {
    enabled,
    ...(token === undefined ? {} : { token }),
    ...(port === undefined ? {} : { port }),
    host: host ?? '127.0.0.1',
  };
}
