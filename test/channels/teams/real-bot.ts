// The whole bot for end-to-end tests: the real conversation core over the real backup data layer and the Azure
// stand-in (demo mode, in process, pinned clock), behind the real HTTP server with Teams and the playground mounted.

import type { TeamsTiming } from '../../../src/channels/teams/answer';
import type { OutboundLimits } from '../../../src/channels/teams/outbound';
import { mountTeamsAndPlayground, type TeamsWiring } from '../../../src/channels/teams/wire';
import { type AzureBackend, type ConnectOptions, connectAzure } from '../../../src/compose-azure';
import { loadConfig } from '../../../src/config';
import { parseAccessPolicy } from '../../../src/core/authorize';
import { type ConversationDeps, createConversationCore } from '../../../src/core/conversation';
import { createHttpServer } from '../../../src/http/server';
import type { Logger } from '../../../src/log';
import { ARG_TYPES, type Estate, generateEstate } from '../../../src/sim/estate';
import type { Store } from '../../../src/store';
import { captureLog } from '../../support/capture-log';

/** The estate clock of these tests: answers are computed against it, so counts do not drift with real time. */
export const E2E_NOW = new Date('2025-11-24T10:00:00Z');
export const E2E_SEED = 11;

export interface RealBot {
  origin: string;
  messagesUrl: string;
  estate: Estate;
  azure: AzureBackend;
  wiring: TeamsWiring;
  log: Logger;
  logText(): string;
  close(): Promise<void>;
}

export interface RealBotOptions {
  store?: Store;
  timing?: Partial<TeamsTiming>;
  /** Added to every stand-in answer (ms), to play a slow Azure. */
  argLatencyMs?: number;
  /** Port to listen on (default: any free one). */
  port?: number;
  logLevel?: 'debug' | 'info' | 'warn';
  /** Handlers plugged into the real core (ConversationDeps.handlers), as the retry feature plugs in its own. */
  handlers?: ConversationDeps['handlers'];
  outbound?: Partial<OutboundLimits>;
  /** ALLOW_EMULATOR (default true: most tests play a local Bot Framework client through the Bot Connector stand-in). */
  allowEmulator?: boolean;
  /** Core's answer deadline (ConversationDeps.answerDeadlineMs; default 15 s). */
  answerDeadlineMs?: number;
  /** Resource Graph client tuning (page size, cache). */
  arg?: ConnectOptions['arg'];
}

export async function startRealBot(options: RealBotOptions = {}): Promise<RealBot> {
  const captured = captureLog({ level: options.logLevel ?? 'warn' });
  const config = loadConfig({
    DATA_DIR: '/tmp/unused',
    DEMO_SEED: String(E2E_SEED),
    // The Bot Connector stand-in is a loopback origin, as the Bot Framework Emulator's is.
    ALLOW_EMULATOR: String(options.allowEmulator ?? true),
  });
  const estate = generateEstate({ seed: E2E_SEED, scale: 'small', now: E2E_NOW });
  const latency = options.argLatencyMs ? [{ target: 'arg' as const, latencyMs: options.argLatencyMs }] : [];
  // ARG's per-caller quota (15 queries / 5 s) is the client's business, tested elsewhere; here it would only add waits.
  const sim = { sim: { quota: { limit: 10_000, windowMs: 5_000 }, faults: { rules: latency } } };
  const arg = options.arg ? { arg: options.arg } : {};
  const azure = await connectAzure(config, captured.log, { now: () => E2E_NOW, estate, ...sim, ...arg });
  const core = createConversationCore({
    data: azure.backupData,
    policy: parseAccessPolicy([], { demo: true }),
    clock: () => E2E_NOW,
    log: captured.log,
    ...(options.handlers ? { handlers: options.handlers } : {}),
    ...(options.answerDeadlineMs ? { answerDeadlineMs: options.answerDeadlineMs } : {}),
  });
  const http = createHttpServer({ log: captured.log, readiness: async () => {} });
  const wiring = mountTeamsAndPlayground(http.server, {
    config,
    core,
    log: captured.log,
    ...(options.store ? { store: options.store } : {}),
    ...(azure.estate ? { estate: azure.estate } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
  });
  const port = await http.listen(options.port ?? 0, '127.0.0.1');
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    messagesUrl: `${origin}/api/messages`,
    estate,
    azure,
    wiring,
    log: captured.log,
    logText: captured.text,
    async close() {
      await wiring.close();
      await http.close();
      await azure.close();
    },
  };
}

/** Failed backup jobs of both vault kinds that started in the last `hours`, counted straight from the estate rows. */
export function countFailedJobs(estate: Estate, hours = 24): number {
  const since = E2E_NOW.getTime() - hours * 3_600_000;
  return estate.tables.RecoveryServicesResources.filter((row) => {
    const type = String(row.type).toLowerCase();
    if (type !== ARG_TYPES.rsvJob && type !== ARG_TYPES.bvJob) return false;
    const props = row.properties as { status?: string; startTime?: string };
    return props.status?.toLowerCase() === 'failed' && Date.parse(props.startTime ?? '') > since;
  }).length;
}
