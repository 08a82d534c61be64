// Live progress in Slack: a card posted earlier (the retry confirmation) is replaced in place. chat.update by channel
// and ts first; where that cannot work (an ephemeral card, a message the bot cannot edit) the click's response_url,
// which Slack honours for 30 minutes (docs/platform-facts.md, Slack).
import type { MessageRef, Reply } from '../../core/conversation-port';
import type { Logger } from '../../log';
import type { BlockActionPayload } from './inbound';
import { renderReply } from './message';
import { RESPONSE_URL_LIFETIME_MS, ResponseUrl } from './response-url';
import type { RetryPolicy } from './retry';
import { type SlackApi, SlackPlatformError } from './slack-api';

/** MessageRef.data for Slack cards (stored as JSON while a backup runs). */
export interface SlackMessageData {
  /** Absent for ephemeral cards: only their response_url can change them. */
  channel?: string;
  ts?: string;
  responseUrl?: string;
  /** When the response_url was issued (ms since the epoch). */
  responseUrlAt?: number;
}

/** The clicked message, when the click's answer replaces it (see clickLandsInPlace). */
export function slackMessageRef(click: BlockActionPayload, now = Date.now()): MessageRef | undefined {
  const container = click.container;
  if (container?.type !== 'message') return undefined;
  const data: SlackMessageData = {};
  const channel = container.channel_id ?? click.channel?.id;
  if (container.is_ephemeral !== true && channel !== undefined && container.message_ts !== undefined) {
    data.channel = channel;
    data.ts = container.message_ts;
  }
  if (click.response_url !== undefined) {
    data.responseUrl = click.response_url;
    data.responseUrlAt = now;
  }
  return data.ts === undefined && data.responseUrl === undefined ? undefined : { platform: 'slack', data };
}

/** Slack's answers to chat.update that the response_url may still get around. */
const CANNOT_UPDATE = new Set([
  'cant_update_message',
  'message_not_found',
  'channel_not_found',
  'not_in_channel',
  'edit_window_closed',
]);

export interface SlackProgress {
  update(ref: MessageRef, reply: Reply): Promise<void>;
}

export function createSlackProgress(api: SlackApi, log: Logger, retry: RetryPolicy): SlackProgress {
  return {
    async update(ref, reply) {
      const data = (ref.data ?? {}) as SlackMessageData;
      const message = renderReply(reply, log);
      const content = { text: message.text, blocks: message.blocks };
      if (typeof data.channel === 'string' && typeof data.ts === 'string') {
        try {
          await api.update(data.channel, data.ts, content);
          return;
        } catch (err) {
          if (!(err instanceof SlackPlatformError) || !CANNOT_UPDATE.has(err.code) || !data.responseUrl) throw err;
          log.info({ code: err.code }, 'chat.update refused; updating the card through its response_url');
        }
      }
      const age = Date.now() - (data.responseUrlAt ?? 0);
      if (typeof data.responseUrl !== 'string' || age > RESPONSE_URL_LIFETIME_MS) {
        throw new Error('this Slack card can no longer be updated (no channel message, response_url expired)');
      }
      // A fresh counter: the click used its response_url once or twice; Slack allows five uses (unverified: Slack
      // may count the uses the click's own answer made against this one too).
      await new ResponseUrl(data.responseUrl, log, retry).post({ replace_original: true, ...content });
    },
  };
}
