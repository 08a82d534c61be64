// Proactive posts in Slack: chat.postMessage to a stored channel (digests) or to a person's id (the app's DM), with
// Slack's refusals translated into what the scheduler can act on (DeliveryError).
import type { Platform } from '../../core/caller';
import type { ConversationAddress, MessageRef, Reply } from '../../core/conversation-port';
import { type Delivery, DeliveryError } from '../../core/delivery';
import type { Logger } from '../../log';
import { renderReply } from './message';
import type { SlackMessageData } from './progress';
import { retryAfterSeconds } from './retry';
import { type SlackApi, SlackPlatformError } from './slack-api';

/**
 * chat.postMessage errors (documented for the method) meaning "this place is gone for the bot": the channel was
 * deleted or archived, the workspace or app was removed, or the org no longer grants the app this workspace.
 * invalid_auth and not_authed are deliberately not here: they follow from the bot's own token (a typo, a rotation),
 * and treating them as "gone" would make the bot drop every conversation over a configuration mistake.
 */
const GONE = new Set([
  'channel_not_found',
  'is_archived',
  'account_inactive',
  'token_revoked',
  'team_access_not_granted',
]);

export function classifySlackError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof SlackPlatformError) {
    if (GONE.has(err.code))
      return new DeliveryError('gone', err.code, `Slack refused the post: ${err.code}`, { cause: err });
    if (err.code === 'not_in_channel') {
      return new DeliveryError('not-in-channel', err.code, 'the bot must be invited to the channel first', {
        cause: err,
      });
    }
    return new DeliveryError('failed', err.code, `Slack refused the post: ${err.code}`, { cause: err });
  }
  // SlackApi waited out the Retry-Afters it could; a 429 here outlasted them. Nothing was posted.
  if (retryAfterSeconds(err) !== undefined) {
    return new DeliveryError('failed', 'ratelimited', 'Slack kept rate-limiting the post; not sent', { cause: err });
  }
  // A timeout or a dropped connection: Slack may have posted, so this is never repeated.
  const code = (err as { code?: unknown } | undefined)?.code;
  return new DeliveryError('failed', typeof code === 'string' ? code : 'no-answer', 'Slack did not answer clearly', {
    cause: err,
  });
}

function channelOf(address: ConversationAddress): string {
  const channel = (address.data as { channel?: unknown } | null)?.channel;
  if (address.platform !== 'slack' || typeof channel !== 'string' || channel === '') {
    throw new DeliveryError('failed', 'bad-address', `not a Slack channel address (${address.platform})`);
  }
  return channel;
}

export function createSlackDelivery(api: SlackApi, log: Logger): Delivery {
  const send = async (channel: string, reply: Reply): Promise<{ channel: string; ts: string }> => {
    // Nobody asked, so nobody could see an ephemeral answer: everything is posted for the whole conversation.
    const { text, blocks } = renderReply(reply, log);
    try {
      return await api.postMessage(channel, { text, blocks });
    } catch (err) {
      const failure = classifySlackError(err);
      log.warn({ kind: failure.kind, code: failure.code, view: reply.view }, 'a proactive Slack post was refused');
      throw failure;
    }
  };
  return {
    async post(address: ConversationAddress, reply: Reply): Promise<MessageRef | undefined> {
      const landed = await send(channelOf(address), reply);
      if (landed.ts === '') return undefined;
      const data: SlackMessageData = { channel: landed.channel, ts: landed.ts };
      return { platform: 'slack', data };
    },
    async tell(platform: Platform, userId: string, reply: Reply): Promise<void> {
      if (platform !== 'slack' || userId === '') {
        throw new DeliveryError('failed', 'bad-address', `not a Slack user (${platform})`);
      }
      // A user id as channel opens the app's DM with that person (chat:write is enough; no im:write).
      await send(userId, reply);
    },
  };
}
