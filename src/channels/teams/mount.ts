// Wires the Teams channel onto the bot's restify server: authentication from configuration, the adapter, the bot and
// POST /api/messages. All botbuilder code lives in this folder, so a move to its successor SDK is one folder.
import type { Server } from 'restify';
import type { Config } from '../../config';
import type { ConversationCore } from '../../core/conversation-port';
import { requestLog } from '../../http/server';
import type { Logger } from '../../log';
import { TeamsAdapter } from './adapter';
import type { TeamsTiming } from './answer';
import { createBotAuthentication, isAuthEnabled } from './auth';
import { createTeamsBot } from './bot';
import type { LifecycleStore } from './lifecycle';
import { MESSAGES_PATH, mountMessagesRoute } from './route';

export interface TeamsChannelOptions {
  config: Pick<Config, 'teams' | 'mode'>;
  core: ConversationCore;
  store?: LifecycleStore;
  log: Logger;
  timing?: Partial<TeamsTiming>;
}

export interface TeamsChannel {
  readonly path: string;
  readonly authenticated: boolean;
  /** Resolves when every slow answer started so far has been delivered. */
  idle(): Promise<void>;
}

export function mountTeams(server: Server, options: TeamsChannelOptions): TeamsChannel {
  const log = options.log.child({ channel: 'teams' });
  const { teams } = options.config;
  const adapter = new TeamsAdapter(createBotAuthentication(teams), log);
  const appId = teams.appId ?? '';
  const bot = createTeamsBot({
    core: options.core,
    log,
    ...(options.store ? { store: options.store } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    continueConversation: (reference, logic) => adapter.continueConversationAsync(appId, reference, logic),
  });
  const authenticated = isAuthEnabled(teams);
  mountMessagesRoute(server, {
    adapter,
    log,
    requestLog,
    handleTurn: (context, turnLog) => bot.handleTurn(context, turnLog.child({ channel: 'teams' })),
    ...(authenticated ? {} : { unauthenticated: { localClientsOnly: options.config.mode === 'azure' } }),
  });
  return { path: MESSAGES_PATH, authenticated, idle: () => bot.idle() };
}
