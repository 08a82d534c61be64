// What main.ts calls: the Teams channel on POST /api/messages and, when no Teams app is configured (local use), the
// playground web chat at / that sends what a person types through the same botbuilder pipeline.
import type { Server } from 'restify';
import type { Config } from '../../config';
import type { ConversationAddress, ConversationCore } from '../../core/conversation-port';
import type { Logger } from '../../log';
import type { PlaygroundPage } from '../../playground/assets';
import { mountPlayground, type Playground } from '../../playground/mount';
import type { TeamsTiming } from './answer';
import { isAuthEnabled } from './auth';
import type { LifecycleStore } from './lifecycle';
import { mountTeams, type TeamsChannel } from './mount';
import type { OutboundLimits } from './outbound';

/** What a demo estate holds, for the playground's header (the composition root counts it). */
export interface EstateSummary {
  source: string;
  tenants: number;
  subscriptions: number;
  rsvVaults: number;
  backupVaults: number;
  protectedItems: number;
  backupInstances: number;
  jobs: number;
  failedJobs: number;
}

export interface TeamsWiringOptions {
  config: Pick<Config, 'teams' | 'mode'>;
  core: ConversationCore;
  store?: LifecycleStore;
  log: Logger;
  /** Demo mode: what the stand-in serves, for the playground's header. */
  estate?: EstateSummary;
  /** Where Azure answers come from (ARM_ENDPOINT): a stand-in on this machine is named as such on the page. */
  armEndpoint?: string;
  timing?: Partial<TeamsTiming>;
  outbound?: Partial<OutboundLimits>;
  /** Told after the bot was removed from a Teams conversation; may come twice for one removal. */
  onConversationRemoved?(address: ConversationAddress): Promise<void> | void;
  /** Entra group ids the access rules name; each Teams person's membership is asked of Microsoft Graph. */
  groupIds?: readonly string[];
}

export interface TeamsWiring {
  teams: TeamsChannel;
  /** Retry progress for cards in Teams and the playground (register it for both platforms). */
  progress: TeamsChannel['progress'];
  /** Posts on the bot's own initiative in Teams and the playground (register it for both platforms). */
  delivery: TeamsChannel['delivery'];
  playground?: Playground;
  /** One line for the startup log: where to chat with the bot. */
  describe(port: number): string;
  /** Ends the playground's event streams and waits (bounded) for slow answers still being delivered. */
  close(maxWaitMs?: number): Promise<void>;
}

export const PLAYGROUND_EXAMPLES = [
  'summary',
  'jobs failed',
  'jobs running',
  'unprotected vm',
  'vaults',
  'policies unused',
  'compliance',
  'alerts',
  'help',
];

/** ARM_ENDPOINT on this machine: the Azure stand-in (`npm run sim`), never a real tenant. */
function isLoopback(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export function describePlaygroundData(
  mode: Config['mode'],
  estate: EstateSummary | undefined,
  armEndpoint?: string,
): PlaygroundPage {
  if (mode === 'azure' && isLoopback(armEndpoint)) {
    return {
      dataLabel: 'Azure stand-in',
      dataLine: `Answers come from the Azure stand-in at ${armEndpoint} (ARM_ENDPOINT), not from a real tenant. This page serves this machine only.`,
      examples: PLAYGROUND_EXAMPLES,
    };
  }
  if (mode === 'azure') {
    return {
      dataLabel: 'Live Azure data',
      dataLine:
        'Answers come from your Azure tenant, as the bot’s identity sees it. This page serves this machine only.',
      examples: PLAYGROUND_EXAMPLES,
    };
  }
  const counts = estate
    ? ` (${estate.subscriptions} subscriptions, ${estate.rsvVaults + estate.backupVaults} vaults, ` +
      `${(estate.protectedItems + estate.backupInstances).toLocaleString('en-US')} backup items, ` +
      `${estate.jobs.toLocaleString('en-US')} jobs over 14 days)`
    : '';
  return {
    dataLabel: 'Demo data',
    dataLine: `Answers come from a generated demo estate${counts} served by the local Azure stand-in. Nothing here touches a real tenant.`,
    examples: PLAYGROUND_EXAMPLES,
  };
}

export function mountTeamsAndPlayground(server: Server, options: TeamsWiringOptions): TeamsWiring {
  const unauthenticated = !isAuthEnabled(options.config.teams);
  // Outside demo mode nothing unauthenticated is served unless LOCAL_CHAT_WITHOUT_AUTH opts in (README: Teams).
  const serve = !unauthenticated || options.config.mode === 'demo' || options.config.teams.localWithoutAuth;
  let playground: Playground | undefined;
  const teams = mountTeams(server, {
    ...options,
    route: serve,
    ownConnector: () => playground?.serviceUrl(),
  });
  playground =
    unauthenticated && serve
      ? mountPlayground(server, {
          log: options.log,
          page: describePlaygroundData(options.config.mode, options.estate, options.armEndpoint),
          localClientsOnly: options.config.mode === 'azure',
        })
      : undefined;
  return {
    teams,
    progress: teams.progress,
    delivery: teams.delivery,
    ...(playground ? { playground } : {}),
    describe: (port) => {
      if (!serve) return 'Teams is off: set MICROSOFT_APP_ID (or LOCAL_CHAT_WITHOUT_AUTH=true for this machine)';
      if (!playground)
        return `Teams at POST /api/messages (app ${options.config.teams.appId}, tokens checked); no playground`;
      const emulator = options.config.teams.allowEmulator
        ? `Bot Framework Emulator: http://localhost:${port}/api/messages, no app id`
        : 'Bot Framework Emulator: set ALLOW_EMULATOR=true';
      return `playground at http://localhost:${port}/ (${emulator})`;
    },
    async close(maxWaitMs = 5_000) {
      playground?.close();
      let timer: NodeJS.Timeout | undefined;
      const cap = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxWaitMs);
      });
      await Promise.race([teams.idle(), cap]).finally(() => clearTimeout(timer));
    },
  };
}
