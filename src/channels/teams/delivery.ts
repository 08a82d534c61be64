// Proactive posts in Teams and the playground: a reply sent to a conversation by its stored reference, outside any
// turn, with the Bot Connector's refusals translated into what the scheduler can act on (DeliveryError).
import type { ConversationReference } from 'botbuilder';
import type { Platform } from '../../core/caller';
import type { ConversationAddress, MessageRef, Reply } from '../../core/conversation-port';
import { type Delivery, DeliveryError } from '../../core/delivery';
import type { Logger } from '../../log';
import type { AnswerDeps } from './answer';
import { replyMessage } from './cards';
import { messageRefAt } from './progress';

export interface TeamsDeliveryOptions {
  postNew: AnswerDeps['postNew'];
  /** Whether a stored serviceUrl may be posted to (the inbound route's rule: without authentication, loopback only). */
  allowsServiceUrl(serviceUrl: string): boolean;
  log: Logger;
}

const PLATFORMS: readonly Platform[] = ['teams', 'playground'];

/** address.data as rememberConversation and conversationAddressOf build it; anything else is refused unsent. */
function readReference(address: ConversationAddress): Partial<ConversationReference> & { serviceUrl: string } {
  const data = address.data as Partial<ConversationReference> | null;
  const ok =
    PLATFORMS.includes(address.platform) &&
    data !== null &&
    typeof data === 'object' &&
    typeof data.serviceUrl === 'string' &&
    typeof data.conversation?.id === 'string' &&
    data.conversation.id !== '';
  if (!ok) throw new DeliveryError('failed', 'bad-address', `not a ${address.platform} conversation reference`);
  return data as Partial<ConversationReference> & { serviceUrl: string };
}

interface ConnectorFailure {
  statusCode?: unknown;
  code?: unknown;
}

/**
 * What the Bot Connector's answer means for the scheduler. 403/404: the bot was removed or the conversation deleted
 * (BotNotInConversationRoster, ConversationNotFound, …): stop posting there. A 429 is waited out below this (see
 * outbound.ts), so one that arrives here outlasted the waits. No status at all (reset, timeout) may have been posted.
 */
export function classifyConnectorError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const failure = (err ?? {}) as ConnectorFailure;
  const status = typeof failure.statusCode === 'number' ? failure.statusCode : undefined;
  const code = typeof failure.code === 'string' && failure.code !== '' ? failure.code : undefined;
  if (status === 403 || status === 404) {
    return new DeliveryError('gone', code ?? String(status), `Teams refused the post (${status} ${code ?? ''})`, {
      cause: err,
    });
  }
  if (status === 429) {
    return new DeliveryError('failed', code ?? '429', 'Teams kept rate-limiting the post; not sent', { cause: err });
  }
  if (status !== undefined) {
    return new DeliveryError('failed', code ?? String(status), `Teams answered ${status}; not re-sent`, { cause: err });
  }
  return new DeliveryError('failed', code ?? 'no-answer', 'the Bot Connector did not answer clearly; not re-sent', {
    cause: err,
  });
}

export function createTeamsDelivery(options: TeamsDeliveryOptions): Delivery {
  const { log } = options;
  return {
    async post(address: ConversationAddress, reply: Reply): Promise<MessageRef | undefined> {
      const reference = readReference(address);
      if (!options.allowsServiceUrl(reference.serviceUrl)) {
        // A stored address is data: it must not make the bot send (with its token) where it was not set up to.
        throw new DeliveryError(
          'failed',
          'service-url-refused',
          'the conversation names a service URL this bot does not use',
        );
      }
      const message = replyMessage(reply, log);
      let activityId: string;
      try {
        activityId = await options.postNew(reference, message);
      } catch (err) {
        const failure = classifyConnectorError(err);
        log.warn({ kind: failure.kind, code: failure.code, view: reply.view }, 'a proactive Teams post was refused');
        throw failure;
      }
      // Web Chat's conversations get a ref without an id: their updates (notifications fixed later) post anew.
      return messageRefAt(address.platform, reference, activityId || undefined);
    },
    async tell(platform: Platform) {
      // Opening a 1:1 chat needs the person's own conversation reference, which only their own message gives.
      throw new DeliveryError('failed', 'unsupported', `${platform} cannot message a person the bot has no chat with`);
    },
  };
}
