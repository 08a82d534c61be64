// The Slack channel's wiring for main.ts: off without SLACK_BOT_TOKEN; otherwise POST /slack/events on the bot's
// server (replays refused through the store, so replicas share what they saw) or Socket Mode with SLACK_APP_TOKEN.
import type { Server } from 'restify';
import type { Config } from '../../config';
import type { ConversationCore } from '../../core/conversation-port';
import type { Logger } from '../../log';
import { createSlackChannel, type SlackChannel } from './slack-channel';
import { createStoreReplayGuard, type IdempotencyClaimer } from './verify';

export interface MountSlackDeps {
  config: Pick<Config, 'slack'>;
  log: Logger;
  server: Server;
  core: ConversationCore;
  /** The store; its idempotency keys hold the replay window. */
  store?: IdempotencyClaimer & { purgeExpiredIdempotencyKeys?: () => Promise<number> };
  /** Slack user group ids the access rules name (core's groupsNamed); each asker's membership is looked up. */
  groupIds?: readonly string[];
  /** The user group cache's clock (tests drive it with the digests' clock). */
  groupsNow?: () => number;
}

export interface MountedSlack {
  channel: SlackChannel | undefined;
  stop(): Promise<void>;
}

/** Expired replay keys would pile up between restarts; one purge an hour keeps the table small. */
const PURGE_EVERY_MS = 60 * 60 * 1000;

export async function mountSlack(deps: MountSlackDeps): Promise<MountedSlack> {
  const { config, log, store } = deps;
  if (config.slack.botToken === undefined) {
    log.info('Slack is off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for Socket Mode)');
    return { channel: undefined, stop: async () => {} };
  }
  const slackLog = log.child({ component: 'slack' });
  const channel = createSlackChannel({
    slack: config.slack,
    core: deps.core,
    log: slackLog,
    server: deps.server,
    ...(deps.groupIds === undefined ? {} : { groupIds: deps.groupIds }),
    ...(deps.groupsNow === undefined ? {} : { groupsNow: deps.groupsNow }),
    ...(store === undefined ? {} : { replayGuard: createStoreReplayGuard(store) }),
  });
  let purge: NodeJS.Timeout | undefined;
  if (store?.purgeExpiredIdempotencyKeys !== undefined && channel.mode === 'http') {
    const purgeKeys = store.purgeExpiredIdempotencyKeys.bind(store);
    purge = setInterval(() => {
      purgeKeys().catch((err: unknown) => slackLog.warn({ err }, 'could not purge expired replay keys'));
    }, PURGE_EVERY_MS);
    purge.unref();
  }
  try {
    await channel.start();
  } catch (err) {
    // Teams and the rest of the bot keep working; Socket Mode is retried by restarting the bot.
    slackLog.error({ err }, 'Slack could not connect (check SLACK_BOT_TOKEN and SLACK_APP_TOKEN); running without it');
  }
  return {
    channel,
    stop: async () => {
      clearInterval(purge);
      await channel.stop();
    },
  };
}
