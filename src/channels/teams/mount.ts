// Wires the Teams channel onto the bot's restify server: authentication from configuration, the adapter, the bot and
// POST /api/messages. All botbuilder code lives in this folder, so a move to its successor SDK is one folder.
import type { Server } from 'restify';
import type { Config } from '../../config';
import type { ConversationAddress, ConversationCore } from '../../core/conversation-port';
import type { Delivery } from '../../core/delivery';
import { requestLog } from '../../http/server';
import type { Logger } from '../../log';
import { TeamsAdapter } from './adapter';
import type { AnswerDeps, TeamsTiming } from './answer';
import { createBotAuthentication, isAuthEnabled } from './auth';
import { createTeamsBot } from './bot';
import { adaptActivity, adaptCardsToClient, clientOfChannel } from './clients';
import { createTeamsDelivery } from './delivery';
import { type GroupLookup, TeamsGroups } from './graph-groups';
import type { LifecycleStore } from './lifecycle';
import { type LocalReplyTargets, mayPostTo } from './loopback';
import { DEFAULT_OUTBOUND_LIMITS, type OutboundLimits, withOutboundPolicy } from './outbound';
import { createTeamsProgress, type TeamsProgress } from './progress';
import { MESSAGES_PATH, mountMessagesRoute } from './route';

export interface TeamsChannelOptions {
  config: Pick<Config, 'teams' | 'mode'>;
  core: ConversationCore;
  store?: LifecycleStore;
  log: Logger;
  timing?: Partial<TeamsTiming>;
  /** Waits and timeouts of calls to the Bot Connector (tests make them short). */
  outbound?: Partial<OutboundLimits>;
  /** Told after the bot was removed from a Teams conversation; may come twice for one removal. */
  onConversationRemoved?(address: ConversationAddress): Promise<void> | void;
  /** Without an app id: the playground's connector, the one serviceUrl replies may go to besides the Emulator's. */
  ownConnector?(): string | undefined;
  /** False: no POST /api/messages at all (outside demo mode without authentication, not opted in). */
  route?: boolean;
  /** Entra group ids the access rules name (core's groupsNamed); each person's membership is asked of Graph. */
  groupIds?: readonly string[];
}

export interface TeamsChannel {
  readonly path: string;
  readonly authenticated: boolean;
  /** Updates cards posted earlier (retry progress) in Teams and in the playground, which share this adapter. */
  readonly progress: TeamsProgress;
  /** Posts on the bot's own initiative (digests) in Teams and the playground. */
  readonly delivery: Delivery;
  /** Each person's named Entra groups: also what digests and notifications ask (one cache for both). */
  readonly groups: GroupLookup;
  /** Resolves when every slow answer started so far has been delivered. */
  idle(): Promise<void>;
}

export function mountTeams(server: Server, options: TeamsChannelOptions): TeamsChannel {
  const log = options.log.child({ channel: 'teams' });
  const { teams } = options.config;
  const limits = { ...DEFAULT_OUTBOUND_LIMITS, ...options.outbound };
  const authentication = withOutboundPolicy(
    createBotAuthentication(teams),
    limits,
    log.child({ component: 'outbound' }),
  );
  const adapter = new TeamsAdapter(authentication, log);
  // Cards go out in the shape each client can use (Web Chat: Action.Submit, escaped placeholders); Teams' unchanged.
  adapter.use(adaptCardsToClient);
  const appId = teams.appId ?? '';
  const continueConversation: AnswerDeps['continueConversation'] = (reference, logic) =>
    adapter.continueWith(appId, reference, logic);
  // postNew sends through the connector client, past the turn's send handlers, so it adapts the card itself.
  const postNew: AnswerDeps['postNew'] = (reference, message) =>
    adapter.postNew(appId, reference, adaptActivity(message, clientOfChannel(reference.channelId)));
  const groups = new TeamsGroups({
    groupIds: options.groupIds ?? [],
    ...(teams.appId !== undefined && teams.appPassword !== undefined
      ? {
          credentials: {
            appId: teams.appId,
            appPassword: teams.appPassword,
            ...(teams.appTenantId === undefined ? {} : { tenantId: teams.appTenantId }),
          },
        }
      : {}),
    graphUrl: teams.graphUrl ?? 'https://graph.microsoft.com',
    loginUrl: teams.graphLoginUrl ?? 'https://login.microsoftonline.com',
    log: log.child({ component: 'graph-groups' }),
  });
  const bot = createTeamsBot({
    core: options.core,
    log,
    ...(options.store ? { store: options.store } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.onConversationRemoved ? { onConversationRemoved: options.onConversationRemoved } : {}),
    continueConversation,
    postNew,
    groups,
  });
  const authenticated = isAuthEnabled(teams);
  const local: LocalReplyTargets = {
    ownConnector: () => options.ownConnector?.(),
    emulator: teams.allowEmulator,
  };
  const allowsServiceUrl = (serviceUrl: string) => mayPostTo(serviceUrl, authenticated, local);
  if (options.route !== false) {
    mountMessagesRoute(server, {
      adapter,
      log,
      requestLog,
      handleTurn: (context, turnLog) => bot.handleTurn(context, turnLog.child({ channel: 'teams' })),
      ...(authenticated
        ? {}
        : { unauthenticated: { localClientsOnly: options.config.mode === 'azure', allowsServiceUrl } }),
    });
  }
  const progress = createTeamsProgress({ continueConversation, postNew }, log.child({ component: 'progress' }));
  const delivery = createTeamsDelivery({
    postNew,
    allowsServiceUrl,
    log: log.child({ component: 'delivery' }),
  });
  return { path: MESSAGES_PATH, authenticated, progress, delivery, groups, idle: () => bot.idle() };
}
