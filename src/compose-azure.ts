// The composition root's Azure part: connects the backup data layer to Azure Resource Manager (ARM_ENDPOINT,
// credentials, BACKUP_SCOPE), or in demo mode to the stand-in started in this process over the demo estate: the only
// production code that wires src/sim in (main.ts, the CLI and the bench use it; a guard-rail test holds the rule).
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import {
  type ArgClient,
  type ArgClientOptions,
  type ArgIdentity,
  type ArgLogger,
  createArgClient,
  createArgIdentities,
} from './azure/arg-client';
import type { ArgQueryRunner, ArgScope } from './azure/arg-types';
import { type ArmConnection, createArmConnection, createStaticTokenCredential } from './azure/arm-connection';
import { type BackupData, createBackupData } from './azure/backup-data';
import { describeEstate, type EstateSummary, loadDemoEstate, summarizeEstate } from './compose-demo-estate';
import type { Config } from './config';
import type { Estate } from './sim/estate';
import { startSim } from './sim/server/start-sim';
import type { SimHandle, SimOptions } from './sim/server/types';

export type ConnectConfig = Pick<Config, 'mode' | 'azure' | 'demo'>;

export interface ConnectOptions {
  /** Demo mode: the estate clock (default: real time). Tests pin it to the time a fixture estate was made for. */
  now?: () => Date;
  /** Demo mode: serve this estate instead of loading or generating one. */
  estate?: Estate;
  /** Demo mode: extra stand-in options (quota, faults, latency). */
  sim?: Partial<Omit<SimOptions, 'estate'>>;
  /** Resource Graph client tuning (cache, retries, concurrency, page size). */
  arg?: Partial<Omit<ArgClientOptions, 'identities' | 'clientOptions'>>;
  /** Wraps the HTTP client that every ARM request goes through (the bench counts and times requests with it). */
  wrapHttpClient?: (inner: HttpClient) => HttpClient;
}

export interface AzureBackend {
  mode: Config['mode'];
  backupData: BackupData;
  argClient: ArgClient;
  /** How the other ARM clients (on-demand backups) reach the same endpoint, as the first identity. */
  connection: ArmConnection;
  /** ARM base URL requests go to (the stand-in's http URL in demo mode). */
  endpoint: string;
  /** Demo mode only: the in-process stand-in and what its estate holds. */
  sim?: SimHandle;
  estate?: EstateSummary;
  /** One line saying where answers come from, for logs and the CLI. */
  description: string;
  /** Backups land in a stand-in (demo mode, or a loopback ARM_ENDPOINT with its demo token), never a real tenant. */
  standIn: boolean;
  close(): Promise<void>;
}

/** How long a demo on-demand backup runs before it completes (sim clock). */
export const DEMO_JOB_DELAY_MS = 20_000;

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i;

export async function connectAzure(
  config: ConnectConfig,
  log: ArgLogger,
  options: ConnectOptions = {},
): Promise<AzureBackend> {
  const scope = defaultScope(config.azure.scope);
  if (config.mode === 'demo') return connectDemo(config, log, options, scope);

  const endpoint = config.azure.armEndpoint;
  // A stand-in on this machine accepts the static demo token; real credentials would try to reach Entra ID.
  const standIn = LOOPBACK.test(endpoint) && config.azure.clientSecret === undefined;
  const identities: ArgIdentity[] = standIn
    ? [{ credential: createStaticTokenCredential(), label: 'the stand-in demo identity' }]
    : createArgIdentities(config.azure);
  const first = identities[0] as ArgIdentity;
  const { argClient, backupData, connection } = wire(endpoint, first, identities, log, options, scope);
  const where = standIn ? `the Azure stand-in at ${endpoint} (demo token)` : `Azure Resource Manager at ${endpoint}`;
  return {
    mode: 'azure',
    backupData,
    argClient,
    connection,
    endpoint,
    description: `${where}, as ${identities.map((i) => i.label).join(' and ')}; scope: ${describeScope(scope)}`,
    standIn,
    close: async () => argClient.close(),
  };
}

async function connectDemo(
  config: ConnectConfig,
  log: ArgLogger,
  options: ConnectOptions,
  scope: ArgScope | undefined,
): Promise<AzureBackend> {
  const now = options.now ?? (() => new Date());
  const loaded = options.estate
    ? { estate: options.estate, source: 'estate given by the caller' }
    : loadDemoEstate(config.demo, now());
  // Demo backups end after 20 s (the stand-in's default is 30 s), so a newcomer who clicks Retry sees them finish.
  const sim = await startSim({
    seed: config.demo.seed,
    jobCompletion: { delayMs: DEMO_JOB_DELAY_MS },
    ...options.sim,
    estate: loaded.estate,
    now,
    port: 0,
  });
  try {
    const demo = createArmConnection({ endpoint: sim.url });
    const identity: ArgIdentity = { credential: demo.credential, label: 'the demo identity' };
    const { argClient, backupData, connection } = wire(sim.url, identity, [identity], log, options, scope);
    const estate = summarizeEstate(loaded.estate, loaded.source);
    return {
      mode: 'demo',
      standIn: true,
      backupData,
      argClient,
      connection,
      endpoint: sim.url,
      sim,
      estate,
      description: `the Azure stand-in at ${sim.url} serving the ${describeEstate(estate)}`,
      close: async () => {
        argClient.close();
        await sim.close();
      },
    };
  } catch (err) {
    await sim.close();
    throw err;
  }
}

function wire(
  endpoint: string,
  first: ArgIdentity,
  identities: ArgIdentity[],
  log: ArgLogger,
  options: ConnectOptions,
  scope: ArgScope | undefined,
): { argClient: ArgClient; backupData: BackupData; connection: ArmConnection } {
  const connection = createArmConnection({ endpoint, credential: first.credential });
  const clientOptions = { ...connection.clientOptions };
  if (options.wrapHttpClient) {
    clientOptions.httpClient = options.wrapHttpClient(connection.httpClient ?? createDefaultHttpClient());
  }
  const argClient = createArgClient({ logger: log, ...options.arg, identities, clientOptions });
  return { argClient, backupData: createBackupData(scoped(argClient, scope)), connection };
}

/**
 * BACKUP_SCOPE applies to every question; one that brings its own scope (READ_ALLOW's subscriptions) is narrowed to
 * what both allow, never widened. Under mg: entries Resource Graph cannot take subscriptions too, so the query keeps
 * the management groups and its bound guardrail clause (`readScopes`) does the narrowing.
 */
export function scoped(
  client: ArgQueryRunner & Required<Pick<ArgQueryRunner, 'stream'>>,
  scope: ArgScope | undefined,
): ArgQueryRunner {
  if (!scope) return client;
  return {
    query: (q) => client.query({ ...q, scope: narrowScope(scope, q.scope) }),
    stream: (q) => client.stream({ ...q, scope: narrowScope(scope, q.scope) }),
  };
}

/** The part of `base` (BACKUP_SCOPE) that `asked` covers. */
export function narrowScope(base: ArgScope, asked: ArgScope | undefined): ArgScope {
  if (!asked?.subscriptions?.length) return base;
  if (!base.subscriptions?.length) return base.managementGroups?.length ? base : { ...base, ...asked };
  const inBase = new Set(base.subscriptions.map((s) => s.toLowerCase()));
  const both = asked.subscriptions.filter((s) => inBase.has(s.toLowerCase()));
  // An empty list would mean "everything" to Resource Graph; startup refuses READ_ALLOW scopes outside BACKUP_SCOPE.
  if (both.length === 0) throw new Error('a guardrail scope lies outside BACKUP_SCOPE; nothing to read');
  return { ...base, subscriptions: both };
}

function defaultScope(scope: ConnectConfig['azure']['scope']): ArgScope | undefined {
  const subscriptions = [...scope.subscriptionIds];
  const managementGroups = [...scope.managementGroups];
  // Never both: src/config-values.ts refuses a mixed BACKUP_SCOPE at start, before the store opens.
  if (subscriptions.length > 0) return { subscriptions };
  if (managementGroups.length > 0) return { managementGroups };
  return undefined;
}

function describeScope(scope: ArgScope | undefined): string {
  if (scope?.subscriptions) return `${scope.subscriptions.length} subscription(s) from BACKUP_SCOPE`;
  if (scope?.managementGroups) return `management group(s) ${scope.managementGroups.join(', ')}`;
  return 'every subscription the identity can read';
}
