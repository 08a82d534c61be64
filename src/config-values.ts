// Readers for single configuration values: each returns a typed value or throws a ConfigError whose message is one
// line naming the variable, what is wrong and a right example. Secret values are never echoed in a message.
import { existsSync } from 'node:fs';
import { AccessPolicyError } from './core/authorize';
import { parseReadPolicy, type ReadPolicy } from './core/read-access';

/** A setting is missing or malformed; `message` is one line fit to print as-is (no stack needed). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
    example: string,
  ) {
    super(`${variable}: ${problem}; example: ${variable}=${example}`);
  }
}

/** The raw environment with blank values removed, so that `NAME=` in a .env file means "use the default". */
export type RawEnv = Readonly<Record<string, string | undefined>>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Management group ids: up to 90 letters, digits, '-', '_', '.', '(' and ')' (Azure naming rules).
const MANAGEMENT_GROUP = /^[A-Za-z0-9._()-]{1,90}$/;
const EXAMPLE_GUID = '00000000-0000-0000-0000-000000000000';

export function readString(env: RawEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Quotes a non-secret value for an error message, shortened so that the message stays one readable line. */
function show(value: string): string {
  const oneLine = value.replace(/[\r\n\t]+/g, ' ');
  return JSON.stringify(oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine);
}

export function readPort(env: RawEnv, name: string, fallback: number): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  // 0 is allowed: the OS picks a free port (tests and side-by-side demos use it).
  if (!(port >= 0 && port <= 65535)) {
    throw new ConfigError(name, `${show(raw)} is not a port number (0-65535; 0 = any free port)`, String(fallback));
  }
  return port;
}

/** A host name or IP address to listen on (IPv6 may come in brackets, which are removed). */
export function readHostName(env: RawEnv, name: string): string | undefined {
  const host = readString(env, name);
  if (host !== undefined && !/^(\[[0-9a-f:.]+\]|[0-9a-f:.]+|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)$/i.test(host)) {
    throw new ConfigError(name, `${JSON.stringify(host.slice(0, 60))} is not a host name or IP address`, '127.0.0.1');
  }
  return host?.replace(/^\[(.*)\]$/, '$1');
}

/** Only this machine can connect (an IPv4 loopback address, ::1 or localhost); undefined (every interface) cannot. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && (/^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === 'localhost');
}

export function readInteger(env: RawEnv, name: string, fallback: number): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new ConfigError(name, `${show(raw)} is not a whole number`, String(fallback));
  return value;
}

/** A whole number from `min` to `max` (inclusive); `unit` names what it counts in the error ("days"). */
export function readIntegerIn(
  env: RawEnv,
  name: string,
  range: { fallback: number; min: number; max: number; unit: string },
): number {
  const value = readInteger(env, name, range.fallback);
  if (value < range.min || value > range.max) {
    const problem = `${value} is outside ${range.min}-${range.max} ${range.unit}`;
    throw new ConfigError(name, problem, String(range.fallback));
  }
  return value;
}

export function readChoice<T extends string>(env: RawEnv, name: string, choices: readonly T[], fallback: T): T;
export function readChoice<T extends string>(env: RawEnv, name: string, choices: readonly T[]): T | undefined;
export function readChoice<T extends string>(
  env: RawEnv,
  name: string,
  choices: readonly T[],
  fallback?: T,
): T | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const match = choices.find((choice) => choice.toLowerCase() === raw.toLowerCase());
  if (match === undefined) {
    throw new ConfigError(name, `${show(raw)} is not one of ${choices.join('|')}`, fallback ?? choices[0] ?? '');
  }
  return match;
}

export function readGuid(env: RawEnv, name: string): string | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  if (!GUID.test(raw)) throw new ConfigError(name, `${show(raw)} is not a GUID`, EXAMPLE_GUID);
  return raw.toLowerCase();
}

export function readGuidList(env: RawEnv, name: string): string[] {
  return readList(env, name).map((item) => {
    if (!GUID.test(item)) {
      throw new ConfigError(name, `${show(item)} is not a GUID (comma-separated GUIDs expected)`, EXAMPLE_GUID);
    }
    return item.toLowerCase();
  });
}

/** Comma-separated list; blanks between commas are dropped. */
export function readList(env: RawEnv, name: string): string[] {
  const raw = readString(env, name);
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function readHttpUrl(env: RawEnv, name: string, example: string): string | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `${show(raw)} is not a URL`, example);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `${show(raw)} is not an http(s) URL`, example);
  }
  return raw;
}

/** postgres:// or postgresql://. The value usually holds a password, so messages never repeat it. */
export function readPostgresUrl(env: RawEnv, name: string): string | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  const example = 'postgres://bot:password@localhost:5432/backupbot';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a URL (value not shown: it may hold a password)', example);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `must start with postgres:// or postgresql://, not ${url.protocol}//`, example);
  }
  if (url.hostname === '') throw new ConfigError(name, 'names no host', example);
  return raw;
}

/** An existing file; relative paths resolve against the working directory. */
export function readExistingFile(env: RawEnv, name: string, example: string): string | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  if (!existsSync(raw)) throw new ConfigError(name, `file ${show(raw)} does not exist`, example);
  return raw;
}

/** A secret that must start with a known prefix (Slack tokens); the value itself is not echoed. */
export function readPrefixedSecret(env: RawEnv, name: string, prefix: string, what: string): string | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  if (!raw.startsWith(prefix)) {
    throw new ConfigError(name, `does not start with "${prefix}" (expected ${what}; value not shown)`, `${prefix}...`);
  }
  return raw;
}

/**
 * A shared secret that goes into a URL path (e.g. a webhook URL): at least `minLength` characters, all of them
 * unreserved URL characters so that nothing has to be escaped. Neither the value nor its length is ever echoed.
 */
export function readUrlSecret(env: RawEnv, name: string, minLength: number, example: string): string | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  if (raw.length < minLength) {
    throw new ConfigError(name, `is shorter than ${minLength} characters (value not shown)`, example);
  }
  if (!/^[A-Za-z0-9._~-]+$/.test(raw)) {
    const problem = 'may only hold letters, digits and . _ ~ - (it goes into a URL; value not shown)';
    throw new ConfigError(name, problem, example);
  }
  return raw;
}

export interface BackupScope {
  /** Subscription ids (lower-case GUIDs). */
  readonly subscriptionIds: readonly string[];
  /** Management group ids (the part after `mg:`). */
  readonly managementGroups: readonly string[];
}

/** BACKUP_SCOPE: subscription GUIDs and `mg:<name>` entries; both lists empty means "every readable subscription". */
export function readScope(env: RawEnv, name: string): BackupScope {
  const subscriptionIds: string[] = [];
  const managementGroups: string[] = [];
  for (const item of readList(env, name)) {
    if (GUID.test(item)) {
      subscriptionIds.push(item.toLowerCase());
    } else if (item.toLowerCase().startsWith('mg:') && MANAGEMENT_GROUP.test(item.slice(3))) {
      managementGroups.push(item.slice(3));
    } else {
      const example = `${EXAMPLE_GUID},mg:contoso-prod`;
      throw new ConfigError(name, `${show(item)} is neither a subscription GUID nor mg:<management group>`, example);
    }
  }
  if (subscriptionIds.length > 0 && managementGroups.length > 0) {
    // Resource Graph takes one or the other per request; guessing which was meant would widen or narrow answers.
    throw new ConfigError(
      name,
      'lists both subscriptions and management groups; Resource Graph takes one or the other, so list only ' +
        'subscription ids or only mg:<group> entries',
      'mg:contoso-prod',
    );
  }
  return { subscriptionIds, managementGroups };
}

/**
 * READ_ALLOW: parsed here so that a bad entry stops the start with one line (the grammar is RETRY_ALLOW's, in
 * src/core/authorize.ts). When BACKUP_SCOPE lists subscriptions, every READ_ALLOW scope must lie in one of them: a
 * scope outside would read nothing, and Resource Graph takes an empty subscription list as "everything".
 */
export function readReadAllow(env: RawEnv, name: string, scope: BackupScope): ReadPolicy {
  const example = `*@sub:${EXAMPLE_GUID}#C0123ABCD,slack:user:U0123ABCD@rg:${EXAMPLE_GUID}/rg-app`;
  let policy: ReadPolicy;
  try {
    policy = parseReadPolicy(readList(env, name));
  } catch (err) {
    if (err instanceof AccessPolicyError) throw new ConfigError(name, err.problems.join('; '), example);
    throw err;
  }
  if (scope.subscriptionIds.length > 0) {
    const outside = policy.rules.filter(
      (r) => r.scope !== undefined && !scope.subscriptionIds.includes(r.scope.subscriptionId.toLowerCase()),
    );
    if (outside.length > 0) {
      const entries = outside.map((r) => `"${r.text}"`).join(', ');
      throw new ConfigError(name, `${entries} names a subscription outside BACKUP_SCOPE`, example);
    }
  }
  return policy;
}
