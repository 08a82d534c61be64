// The Slack channel: a Bolt app over HTTP on the bot's restify server (POST /slack/events) or over Socket Mode when
// an app-level token is configured. The one place that builds the Bolt App; main.ts calls mountSlack (./mount).
import { App, SocketModeReceiver } from '@slack/bolt';
import type { Server } from 'restify';
import type { Config } from '../../config';
import type { ConversationCore } from '../../core/conversation-port';
import type { Delivery } from '../../core/delivery';
import type { Logger } from '../../log';
import { TaskTracker } from './answer';
import { toSlackLogger } from './bolt-logger';
import { createSlackDelivery } from './delivery';
import { registerListeners } from './listeners';
import { createSlackProgress, type SlackProgress } from './progress';
import { RestifyReceiver } from './restify-receiver';
import type { RetryPolicy } from './retry';
import { SlackApi } from './slack-api';
import { SlackGroups } from './user-groups';
import { createMemoryReplayGuard, type ReplayGuard } from './verify';

export interface SlackChannelOptions {
  slack: Config['slack'];
  core: ConversationCore;
  log: Logger;
  /** The restify server that serves POST /slack/events (HTTP mode; unused in Socket Mode). */
  server?: Server;
  /** Refuses replayed requests; share one through the store when several replicas serve the same app. */
  replayGuard?: ReplayGuard;
  /** Show core.working after this long without an answer (default 1,200 ms: well before people wonder). */
  placeholderAfterMs?: number;
  /** Spacing of chat.postMessage per channel (default 1,000 ms: Slack's ~1 message/s/channel). */
  minPostIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The slash command (default /backup, as in manifest/slack-app.yaml). */
  command?: string;
  /** Clock for the signature window and the user group cache (tests). */
  now?: () => number;
  /** Clock for the user group cache alone (default `now`): tests drive it with digests' clock, signatures keep theirs. */
  groupsNow?: () => number;
  /** Slack user group ids (S…) named by RETRY_ALLOW, READ_ALLOW or DIGEST_ALLOW; empty or absent: no lookups. */
  groupIds?: readonly string[];
}

export interface SlackChannel {
  readonly mode: 'http' | 'socket';
  readonly api: SlackApi;
  /** Updates cards posted earlier (retry progress). */
  readonly progress: SlackProgress;
  /** Posts on the bot's own initiative (digests) to channels and people's DMs. */
  readonly delivery: Delivery;
  /** The user groups rules name, per person: also what digests and notifications ask (one cache for both). */
  readonly groups: SlackGroups;
  /** Connects Socket Mode, or checks the token in HTTP mode (the route is live from creation). */
  start(): Promise<void>;
  /** Disconnects and waits (bounded) for answers still being written. */
  stop(): Promise<void>;
}

const DEFAULT_RETRY: RetryPolicy = { maxRateLimitWaits: 3, maxRetryAfterS: 300, ambiguousRetries: 1 };

export function createSlackChannel(options: SlackChannelOptions): SlackChannel {
  const { slack, log } = options;
  if (slack.botToken === undefined) throw new Error('Slack needs SLACK_BOT_TOKEN');
  const botToken = slack.botToken;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const api = new SlackApi({
    token: botToken,
    apiUrl: slack.apiUrl,
    log,
    retry,
    ...(options.minPostIntervalMs === undefined ? {} : { minPostIntervalMs: options.minPostIntervalMs }),
  });
  const slackLogger = toSlackLogger(log, 'slack-bolt');
  const receiver = createReceiver(options, slackLogger);
  const authorize = cachedAuthorize(api, botToken);
  const app = new App({
    receiver,
    authorize,
    logger: slackLogger,
    // Bolt's per-conversation state store is unused here; without it no middleware runs for it on every request.
    convoStore: false,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
  });
  app.error(async (err) => {
    log.error({ err }, 'Slack listener error');
  });
  const tasks = new TaskTracker();
  const groupsNow = options.groupsNow ?? options.now;
  const groups = new SlackGroups({
    groupIds: options.groupIds ?? [],
    members: (groupId) => api.userGroupMembers(groupId),
    log,
    ...(groupsNow === undefined ? {} : { now: groupsNow }),
  });
  registerListeners(app, {
    core: options.core,
    api,
    log,
    tasks,
    retry,
    command: options.command ?? '/backup',
    placeholderAfterMs: options.placeholderAfterMs ?? 1_200,
    homeCommand: 'summary',
    groups,
  });
  const mode = receiver instanceof RestifyReceiver ? 'http' : 'socket';
  return {
    mode,
    api,
    progress: createSlackProgress(api, log.child({ component: 'progress' }), retry),
    delivery: createSlackDelivery(api, log.child({ component: 'delivery' })),
    groups,
    start: async () => {
      if (mode === 'socket') {
        await app.start();
        log.info('Slack connected over Socket Mode');
      } else {
        // The first request would otherwise wait for auth.test before it could be acknowledged.
        await authorize({ isEnterpriseInstall: false }).catch((err: unknown) => {
          log.warn({ err }, 'Slack auth.test failed; it is tried again with the first request');
        });
        log.info('Slack events, commands and clicks are served at POST /slack/events');
      }
    },
    stop: async () => {
      if (mode === 'socket') await app.stop();
      await tasks.drain(10_000);
    },
  };
}

function createReceiver(options: SlackChannelOptions, slackLogger: ReturnType<typeof toSlackLogger>) {
  const { slack, log } = options;
  if (slack.socketMode && slack.appToken !== undefined) {
    // clientOptions reach the socket client's apps.connections.open call, so a stand-in can replace Slack here too.
    return new SocketModeReceiver({
      appToken: slack.appToken,
      logger: slackLogger,
      installerOptions: { clientOptions: { slackApiUrl: slack.apiUrl } },
    });
  }
  if (slack.signingSecret === undefined) throw new Error('Slack over HTTP needs SLACK_SIGNING_SECRET');
  if (options.server === undefined) throw new Error('Slack over HTTP needs the restify server');
  const receiver = new RestifyReceiver({
    signingSecret: slack.signingSecret,
    log,
    replayGuard: options.replayGuard ?? createMemoryReplayGuard(),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  receiver.mount(options.server);
  return receiver;
}

/**
 * Bolt's own single-token mode calls auth.test once and keeps a failure forever; this one asks again after a
 * failure, so a Slack hiccup at startup does not disable the bot until a restart.
 */
function cachedAuthorize(api: SlackApi, botToken: string) {
  let identity: Promise<{ userId: string; botId: string }> | undefined;
  return async (_source?: unknown) => {
    identity ??= api.authTest().catch((err: unknown) => {
      identity = undefined;
      throw err;
    });
    const { userId, botId } = await identity;
    return { botToken, botId, botUserId: userId };
  };
}
