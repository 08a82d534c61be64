// Wires the Teams channel onto the bot's restify server: authentication from configuration, the adapter, the bot and
// POST /api/messages. All botbuilder code lives in this folder, so a move to its successor SDK is one folder.
import type { Server } from 'restify';
import type { Config } from '../../config';
import type { ConversationCore } from '../../core/conversation-port';
import { requestLog } from '../../http/server';
import type { Logger } from '../../log';
import { TeamsAdapter } from './adapter';
import type { AnswerDeps, TeamsTiming } from './answer';
import { createBotAuthentication, isAuthEnabled } from './auth';
import { createTeamsBot } from './bot';
import type { LifecycleStore } from './lifecycle';
import { createTeamsProgress, type TeamsProgress } from './progress';
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
  /** Updates cards posted earlier (retry progress) in Teams and in the playground, which share this adapter. */
  readonly progress: TeamsProgress;
  /** Resolves when every slow answer started so far has been delivered. */
  idle(): Promise<void>;
}

type TeamsProgressContinue = AnswerDeps['continueConversation'];

export function mountTeams(server: Server, options: TeamsChannelOptions): TeamsChannel {
  const log = options.log.child({ channel: 'teams' });
  const { teams } = options.config;
  const adapter = new TeamsAdapter(createBotAuthentication(teams), log);
  const appId = teams.appId ?? '';
  const continueConversation: TeamsProgressContinue = (reference, logic) =>
    adapter.continueConversationAsync(appId, reference, logic);
  const bot = createTeamsBot({
    core: options.core,
    log,
    ...(options.store ? { store: options.store } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    continueConversation,
  });
  const authenticated = isAuthEnabled(teams);
  mountMessagesRoute(server, {
    adapter,
    log,
    requestLog,
    handleTurn: (context, turnLog) => bot.handleTurn(context, turnLog.child({ channel: 'teams' })),
    ...(authenticated ? {} : { unauthenticated: { localClientsOnly: options.config.mode === 'azure' } }),
  });
  const progress = createTeamsProgress(continueConversation, log.child({ component: 'progress' }));
  return { path: MESSAGES_PATH, authenticated, progress, idle: () => bot.idle() };
}
