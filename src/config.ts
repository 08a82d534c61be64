// The only reader of process.env: validates every setting once at startup and returns a deeply frozen Config.
// Names of settings are stable (tools and .env.sample rely on them); see .env.sample for each one.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { type MetricsConfig, readMetrics } from './config-metrics';
import { type RetryConfig, readRetry } from './config-retry';
import {
  type BackupScope,
  ConfigError,
  type RawEnv,
  readChoice,
  readExistingFile,
  readGuid,
  readGuidList,
  readHostName,
  readHttpUrl,
  readInteger,
  readIntegerIn,
  readList,
  readPort,
  readPostgresUrl,
  readPrefixedSecret,
  readReadAllow,
  readScope,
  readString,
  readUrlSecret,
} from './config-values';
import type { ReadPolicy } from './core/read-access';

export { describeConfig, describeStartup } from './config-describe';
export { type BackupScope, ConfigError } from './config-values';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** `auto`: pretty when stdout is a terminal, JSON otherwise (decided in src/log.ts, where the stream is known). */
export type LogFormat = 'json' | 'pretty' | 'auto';
export type TeamsAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface Config {
  readonly port: number;
  /**
   * The interface to listen on. Demo mode: 127.0.0.1 unless HOST says otherwise (nothing is authenticated there);
   * otherwise every interface unless HOST is set.
   */
  readonly host?: string;
  /** Absolute path of the folder for embedded data (PGlite). */
  readonly dataDir: string;
  /** postgres:// URL of a shared PostgreSQL server; absent means embedded PGlite in dataDir. */
  readonly databaseUrl?: string;
  readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  /** Every answer within this many seconds: the answer, a partial one, or "Azure did not answer in time". */
  readonly answerDeadlineSeconds: number;
  /** 'demo': the local Azure stand-in with a generated estate; 'azure': the real Resource Manager. */
  readonly mode: 'demo' | 'azure';
  /** Why the mode was chosen, for the startup line. */
  readonly modeReason: string;
  readonly azure: {
    readonly tenantId?: string;
    readonly clientId?: string;
    readonly clientSecret?: string;
    /** No trailing slash. The ARM token scope is `${armEndpoint}/.default`. */
    readonly armEndpoint: string;
    readonly scope: BackupScope;
    /**
     * Extra tenants (lower-case GUIDs) to query with one credential each (multi-tenant hook: the credential
     * factory creates a credential per entry; empty = the home tenant only).
     */
    readonly tenants: readonly string[];
  };
  readonly demo: {
    /** Absolute path of an estate JSON file; absent = generate one from scale and seed. */
    readonly estatePath?: string;
    readonly scale: 'small' | 'large';
    readonly seed: number;
  };
  readonly teams: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly appTenantId?: string;
    /** Undefined when no app id is set (Bot Framework auth is then skipped: local/demo use only). */
    readonly appType?: TeamsAppType;
    /** Bot Framework endpoint overrides, so that local stand-ins can replace the cloud. */
    readonly openIdMetadataUrl?: string;
    readonly tokenIssuer?: string;
    readonly loginUrl?: string;
    readonly oauthScope?: string;
    /** GRAPH_URL: Microsoft Graph's origin, no trailing '/' (group rules: checkMemberGroups). Public cloud by default. */
    readonly graphUrl?: string;
    /** GRAPH_LOGIN_URL: the Entra login authority's origin, no trailing '/', for Graph's app-only token. */
    readonly graphLoginUrl?: string;
    /**
     * ALLOW_EMULATOR: without an app id, replies may also go to a loopback origin other than the playground's own
     * connector (the Bot Framework Emulator on this machine). Off by default: the serviceUrl is the caller's choice.
     */
    readonly allowEmulator: boolean;
    /**
     * LOCAL_CHAT_WITHOUT_AUTH: outside demo mode without an app id, serve /api/messages and the playground to this
     * machine anyway (local development against real Azure); retry is then refused to Teams and playground callers.
     */
    readonly localWithoutAuth: boolean;
  };
  readonly slack: {
    readonly botToken?: string;
    readonly signingSecret?: string;
    /** xapp- token; when set the bot connects over Socket Mode instead of receiving HTTP events. */
    readonly appToken?: string;
    /** Always ends with '/' (the Slack Web API client appends method names). */
    readonly apiUrl: string;
    readonly socketMode: boolean;
  };
  /** READ_ALLOW: what each conversation may read (not set: everything in BACKUP_SCOPE, as before). */
  readonly readAllow: ReadPolicy;
  /** Who may trigger backups (free-form entries; empty = nobody: deny by default). */
  readonly retryAllow: readonly string[];
  readonly retry: RetryConfig;
  /** Who may change a conversation's digest and snoozes (free-form rule entries; empty = anyone there). */
  readonly digestAllow: readonly string[];
  readonly digest: {
    /** A run missed by more than this many hours is skipped, not posted late. */
    readonly maxLateHours: number;
    /** How often each replica looks for due digests (seconds). */
    readonly checkSeconds: number;
    /** How long a replica's claim on a run lasts before another may take it over (seconds; renewed while it works). */
    readonly leaseSeconds: number;
  };
  readonly notify: {
    /** How often each scope is read for new failed backups (seconds). */
    readonly pollSeconds: number;
    /** More items than this in one message become one line per error code. */
    readonly maxItems: number;
  };
  /** GET /metrics for Prometheus (README: Metrics). */
  readonly metrics: MetricsConfig;
  /** Azure Monitor alerts for failed backups, pushed to POST /api/alerts/<secret> (README: Azure Monitor alerts). */
  readonly notifyAlerts: {
    /** The secret path segment of the webhook URL; unset = no webhook route at all. */
    readonly webhookSecret?: string;
    /** An alert fired longer ago than this is refused as a replay. */
    readonly maxAgeMinutes: number;
  };
}

const AZURE_SETTINGS = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'ARM_ENDPOINT', 'BACKUP_SCOPE'] as const;
const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';
const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
const EXAMPLE_GUID = '00000000-0000-0000-0000-000000000000';
const ANSWER_DEADLINE_RANGE = { fallback: 15, min: 3, max: 300, unit: 'seconds' };

/** Parses and validates the environment. Throws ConfigError (one-line message) on the first bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: RawEnv = env;
  const azure = readAzure(raw);
  const teams = readTeams(raw);
  const slack = readSlack(raw);
  const { mode, modeReason } = chooseMode(raw);
  const estatePath = readExistingFile(raw, 'DEMO_ESTATE', './estates/contoso.json');
  const databaseUrl = readPostgresUrl(raw, 'DATABASE_URL');
  const host = readHost(raw, mode);
  const port = readPort(raw, 'PORT', 3978);
  const config: Config = {
    port,
    ...(host === undefined ? {} : { host }),
    dataDir: resolve(readString(raw, 'DATA_DIR') ?? './.data'),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    log: {
      level: readChoice(raw, 'LOG_LEVEL', LOG_LEVELS, 'info'),
      format: readChoice(raw, 'LOG_FORMAT', ['auto', 'json', 'pretty'] as const, 'auto'),
    },
    answerDeadlineSeconds: readIntegerIn(raw, 'ANSWER_DEADLINE_SECONDS', ANSWER_DEADLINE_RANGE),
    mode,
    modeReason,
    azure,
    demo: {
      ...(estatePath === undefined ? {} : { estatePath: resolve(estatePath) }),
      scale: readChoice(raw, 'DEMO_SCALE', ['small', 'large'] as const, 'small'),
      seed: readInteger(raw, 'DEMO_SEED', 1),
    },
    teams,
    slack,
    readAllow: readReadAllow(raw, 'READ_ALLOW', azure.scope),
    retryAllow: readList(raw, 'RETRY_ALLOW'),
    retry: readRetry(raw, mode),
    digestAllow: readList(raw, 'DIGEST_ALLOW'),
    digest: readDigest(raw),
    notify: readNotify(raw, mode),
    notifyAlerts: readNotifyAlerts(raw),
    metrics: readMetrics(raw, { mode, port, ...(host === undefined ? {} : { host }) }),
  };
  return deepFreeze(config);
}

/**
 * The process environment with a dotenv file (default `.env` in the working directory) underneath it:
 * a variable set in the real environment wins over the file, as with the usual dotenv tools.
 */
export function readEnvironment(dotEnvPath = '.env'): { env: NodeJS.ProcessEnv; dotEnvFile?: string } {
  const file = resolve(dotEnvPath);
  if (!existsSync(file)) return { env: process.env };
  const fromFile = parseEnv(readFileSync(file, 'utf8'));
  return { env: { ...fromFile, ...process.env }, dotEnvFile: file };
}

function chooseMode(env: RawEnv): { mode: Config['mode']; modeReason: string } {
  const demoMode = readChoice(env, 'DEMO_MODE', ['auto', 'true', 'false'] as const, 'auto');
  if (demoMode === 'true') return { mode: 'demo', modeReason: 'DEMO_MODE=true' };
  if (demoMode === 'false') return { mode: 'azure', modeReason: 'DEMO_MODE=false' };
  const given = AZURE_SETTINGS.filter((name) => readString(env, name) !== undefined);
  if (given.length === 0) return { mode: 'demo', modeReason: `no Azure settings (${AZURE_SETTINGS.join(', ')})` };
  return { mode: 'azure', modeReason: `${given.join(', ')} set` };
}

function readAzure(env: RawEnv): Config['azure'] {
  const tenantId = readGuid(env, 'AZURE_TENANT_ID');
  const clientId = readGuid(env, 'AZURE_CLIENT_ID');
  const clientSecret = readString(env, 'AZURE_CLIENT_SECRET');
  if (clientSecret !== undefined && clientId === undefined) {
    throw new ConfigError('AZURE_CLIENT_ID', 'is required when AZURE_CLIENT_SECRET is set', EXAMPLE_GUID);
  }
  if (clientSecret !== undefined && tenantId === undefined) {
    throw new ConfigError('AZURE_TENANT_ID', 'is required when AZURE_CLIENT_SECRET is set', EXAMPLE_GUID);
  }
  const armEndpoint = readHttpUrl(env, 'ARM_ENDPOINT', DEFAULT_ARM_ENDPOINT) ?? DEFAULT_ARM_ENDPOINT;
  return {
    ...optional({ tenantId, clientId, clientSecret }),
    armEndpoint: armEndpoint.replace(/\/+$/, ''),
    scope: readScope(env, 'BACKUP_SCOPE'),
    tenants: readGuidList(env, 'AZURE_TENANTS'),
  };
}

function readDigest(env: RawEnv): Config['digest'] {
  return {
    maxLateHours: readIntegerIn(env, 'DIGEST_MAX_LATE_HOURS', { fallback: 6, min: 1, max: 23, unit: 'hours' }),
    checkSeconds: readIntegerIn(env, 'DIGEST_CHECK_SECONDS', { fallback: 30, min: 1, max: 300, unit: 'seconds' }),
    // A run reads Resource Graph for every due scope before it posts; the lease is renewed every third of it.
    leaseSeconds: readIntegerIn(env, 'DIGEST_LEASE_SECONDS', { fallback: 300, min: 3, max: 3600, unit: 'seconds' }),
  };
}

function readNotify(env: RawEnv, mode: Config['mode']): Config['notify'] {
  return {
    // One Resource Graph query per scope and poll: 5 min keeps a large tenant far inside ARG's quota; the demo's
    // failures should show up while someone watches.
    pollSeconds: readIntegerIn(env, 'NOTIFY_POLL_SECONDS', {
      fallback: mode === 'demo' ? 30 : 300,
      min: 10,
      max: 3600,
      unit: 'seconds',
    }),
    // Ten items with a Retry each stay inside Slack's 50 blocks and a Teams card's 28 KB beside the advice.
    maxItems: readIntegerIn(env, 'NOTIFY_MAX_ITEMS', { fallback: 10, min: 1, max: 20, unit: 'items' }),
  };
}

/** Long enough that guessing is hopeless; `openssl rand -hex 32` gives 64 characters. */
export const MIN_WEBHOOK_SECRET_CHARS = 32;

function readNotifyAlerts(env: RawEnv): Config['notifyAlerts'] {
  const example = '<at least 32 random characters, e.g. from: openssl rand -hex 32>';
  const webhookSecret = readUrlSecret(env, 'NOTIFY_WEBHOOK_SECRET', MIN_WEBHOOK_SECRET_CHARS, example);
  return {
    ...optional({ webhookSecret }),
    // Azure retries a webhook for about a minute (action groups: 3 attempts); an hour leaves room for clock skew
    // and a slow alert pipeline without letting an old captured request be replayed for long.
    maxAgeMinutes: readIntegerIn(env, 'NOTIFY_ALERT_MAX_AGE_MINUTES', {
      fallback: 60,
      min: 5,
      max: 24 * 60,
      unit: 'minutes',
    }),
  };
}

function readTeams(env: RawEnv): Config['teams'] {
  const appId = readGuid(env, 'MICROSOFT_APP_ID');
  const appPassword = readString(env, 'MICROSOFT_APP_PASSWORD');
  const appTenantId = readGuid(env, 'MICROSOFT_APP_TENANT_ID');
  const explicitType = readChoice(env, 'MICROSOFT_APP_TYPE', [
    'MultiTenant',
    'SingleTenant',
    'UserAssignedMSI',
  ] as const);
  if (appId === undefined) {
    for (const [name, value] of [
      ['MICROSOFT_APP_PASSWORD', appPassword],
      ['MICROSOFT_APP_TENANT_ID', appTenantId],
      ['MICROSOFT_APP_TYPE', explicitType],
    ] as const) {
      if (value !== undefined)
        throw new ConfigError('MICROSOFT_APP_ID', `is required when ${name} is set`, EXAMPLE_GUID);
    }
  }
  const appType = appId === undefined ? undefined : (explicitType ?? 'SingleTenant');
  if (appType !== undefined && appType !== 'UserAssignedMSI' && appPassword === undefined) {
    throw new ConfigError(
      'MICROSOFT_APP_PASSWORD',
      `is required when MICROSOFT_APP_TYPE is ${appType}`,
      '<client secret>',
    );
  }
  if ((appType === 'SingleTenant' || appType === 'UserAssignedMSI') && appTenantId === undefined) {
    throw new ConfigError('MICROSOFT_APP_TENANT_ID', `is required when MICROSOFT_APP_TYPE is ${appType}`, EXAMPLE_GUID);
  }
  const botUrl = (name: string, example: string) => readHttpUrl(env, name, example);
  const flag = (name: string) => readChoice(env, name, ['true', 'false'] as const, 'false') === 'true';
  const origin = (name: string, fallback: string) => (botUrl(name, fallback) ?? fallback).replace(/\/+$/, '');
  return {
    allowEmulator: flag('ALLOW_EMULATOR'),
    graphUrl: origin('GRAPH_URL', 'https://graph.microsoft.com'),
    graphLoginUrl: origin('GRAPH_LOGIN_URL', 'https://login.microsoftonline.com'),
    localWithoutAuth: flag('LOCAL_CHAT_WITHOUT_AUTH'),
    ...optional({
      appId,
      appPassword,
      appTenantId,
      appType,
      openIdMetadataUrl: botUrl('BOT_OPENID_METADATA_URL', 'http://127.0.0.1:4000/.well-known/openid-configuration'),
      tokenIssuer: botUrl('BOT_TOKEN_ISSUER', 'https://api.botframework.com'),
      loginUrl: botUrl('BOT_LOGIN_URL', 'https://login.microsoftonline.com/botframework.com'),
      oauthScope: botUrl('BOT_OAUTH_SCOPE', 'https://api.botframework.com'),
    }),
  };
}

/** Demo mode answers unauthenticated activities, so it listens on loopback unless HOST widens it on purpose. */
function readHost(env: RawEnv, mode: Config['mode']): string | undefined {
  return readHostName(env, 'HOST') ?? (mode === 'demo' ? '127.0.0.1' : undefined);
}

/**
 * Outside demo mode, a chat channel must authenticate its callers: without MICROSOFT_APP_ID anyone on this machine
 * could claim to be any Teams user. Teams is then off unless LOCAL_CHAT_WITHOUT_AUTH opts in; with neither Teams nor
 * Slack, the bot would serve nobody, which is a setup mistake worth stopping for.
 */
export function checkChannels(config: Config): void {
  if (config.mode === 'demo' || config.teams.appId !== undefined || config.teams.localWithoutAuth) return;
  if (config.slack.botToken !== undefined) return;
  throw new ConfigError(
    'MICROSOFT_APP_ID',
    'is required outside demo mode (or SLACK_BOT_TOKEN; LOCAL_CHAT_WITHOUT_AUTH=true for local use without auth)',
    EXAMPLE_GUID,
  );
}

/** Teams and the playground serve unauthenticated callers outside demo mode (opted in): no writes for them. */
export function isLocalChatWithoutAuth(config: Pick<Config, 'mode' | 'teams'>): boolean {
  return config.mode === 'azure' && config.teams.appId === undefined && config.teams.localWithoutAuth;
}

function readSlack(env: RawEnv): Config['slack'] {
  const botToken = readPrefixedSecret(env, 'SLACK_BOT_TOKEN', 'xoxb-', 'a bot token');
  const signingSecret = readString(env, 'SLACK_SIGNING_SECRET');
  const appToken = readPrefixedSecret(env, 'SLACK_APP_TOKEN', 'xapp-', 'an app-level token');
  if (botToken !== undefined && signingSecret === undefined && appToken === undefined) {
    const problem = 'is required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)';
    throw new ConfigError('SLACK_SIGNING_SECRET', problem, '<signing secret from the Slack app page>');
  }
  if (botToken === undefined && (signingSecret !== undefined || appToken !== undefined)) {
    const other = appToken !== undefined ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET';
    throw new ConfigError('SLACK_BOT_TOKEN', `is required when ${other} is set`, 'xoxb-...');
  }
  const apiUrl = readHttpUrl(env, 'SLACK_API_URL', DEFAULT_SLACK_API_URL) ?? DEFAULT_SLACK_API_URL;
  return {
    ...optional({ botToken, signingSecret, appToken }),
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    socketMode: appToken !== undefined,
  };
}

/** Drops undefined entries so that optional fields are absent rather than present-but-undefined. */
function optional<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
