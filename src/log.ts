// The application logger (pino): readable at a terminal or with LOG_FORMAT=pretty, JSON lines otherwise; no secrets.
// Redaction has three layers: pino redact paths, a deep key-name walk, and a final scrub of every written line.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Config, LogFormat } from './config';
import { censor, createTextScrubber, redactDeep } from './log-scrub';

export type Logger = pino.Logger;

/** What the logger needs from Config: the log settings, and the secrets to scrub verbatim when known. */
export type LoggerConfig = Pick<Config, 'log'> &
  Partial<Pick<Config, 'azure' | 'teams' | 'slack' | 'databaseUrl' | 'notifyAlerts' | 'metrics'>>;

const SECRET_FIELDS = [
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'appPassword',
  'signingSecret',
  'botToken',
  'appToken',
  'authorization',
  'cookie',
  'databaseUrl',
];
const HEADER_FIELDS = [
  'authorization',
  'cookie',
  '["set-cookie"]',
  '["proxy-authorization"]',
  '["x-slack-signature"]',
  '["x-ms-client-secret"]',
];
// Fixed-depth paths (pino `redact`); the deep walk in log-scrub covers any other depth.
const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  ...['req', 'request', 'res', 'response', 'err.request', 'err.response'].flatMap((holder) =>
    HEADER_FIELDS.map((header) => headerPath(`${holder}.headers`, header)),
  ),
  ...HEADER_FIELDS.map((header) => headerPath('headers', header)),
];

function headerPath(holder: string, header: string): string {
  return header.startsWith('[') ? `${holder}${header}` : `${holder}.${header}`;
}

function secretsOf(config: LoggerConfig): string[] {
  const values = [
    config.azure?.clientSecret,
    config.teams?.appPassword,
    config.slack?.botToken,
    config.slack?.signingSecret,
    config.slack?.appToken,
    config.notifyAlerts?.webhookSecret,
    config.metrics?.token,
    config.databaseUrl === undefined ? undefined : new URL(config.databaseUrl).password,
  ];
  return values.filter((value): value is string => value !== undefined && value !== '');
}

/**
 * LOG_FORMAT=auto: readable lines for a person at a terminal, JSON for anything else (a container's log driver, a
 * file, a pipe), so that log collectors keep getting one object per line without being configured.
 */
export function chooseLogFormat(setting: LogFormat, stdoutIsTerminal: boolean): 'json' | 'pretty' {
  if (setting !== 'auto') return setting;
  return stdoutIsTerminal ? 'pretty' : 'json';
}

/**
 * Creates the root logger. `destination` defaults to stdout (synchronous writes, so that nothing is lost when
 * the process exits on a signal); tests pass a stream to read what was written.
 */
export function createLogger(config: LoggerConfig, destination?: pino.DestinationStream): Logger {
  const scrub = createTextScrubber(secretsOf(config));
  // Errors are already plain objects when they reach pino's serializers (the log formatter runs first).
  const serializeError = (err: unknown): unknown =>
    err instanceof Error ? redactDeep({ ...pino.stdSerializers.err(err) }, scrub, serializeError) : err;
  const options: pino.LoggerOptions = {
    level: config.log.level,
    name: 'backup-center-bot',
    redact: { paths: REDACT_PATHS, censor },
    serializers: { err: serializeError, error: serializeError },
    formatters: { log: (object) => redactDeep(object, scrub, serializeError) as Record<string, unknown> },
    hooks: { streamWrite: scrub },
  };
  const toTerminal = destination === undefined && process.stdout.isTTY === true;
  if (chooseLogFormat(config.log.format, toTerminal) === 'pretty') {
    const prettyStream = pretty({
      destination: destination ?? 1,
      sync: destination === undefined,
      colorize: toTerminal,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,name',
    });
    return pino(options, prettyStream);
  }
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

const HEADER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id from x-correlation-id or x-ms-request-id, if it is a sane token (no log injection). */
export function pickCorrelationId(headers: IncomingHttpHeaders): string | undefined {
  for (const name of ['x-correlation-id', 'x-ms-request-id']) {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && HEADER_ID.test(first)) return first;
  }
  return undefined;
}

/**
 * A child logger whose lines carry `correlationId`: the given one, else one taken from inbound headers, else a new
 * UUID. Read it back with `log.bindings().correlationId` or `correlationIdOf(log)`.
 */
export function childForRequest(
  log: Logger,
  options: { correlationId?: string; headers?: IncomingHttpHeaders } = {},
): Logger {
  const correlationId =
    options.correlationId ?? (options.headers ? pickCorrelationId(options.headers) : undefined) ?? randomUUID();
  return log.child({ correlationId });
}

export function correlationIdOf(log: Logger): string | undefined {
  const id = log.bindings()['correlationId'];
  return typeof id === 'string' ? id : undefined;
}
