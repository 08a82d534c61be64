// Proactive posting: how core puts a reply into a conversation where nobody asked just now (digests, notifications).
// The channels implement it; a failure says what the platform answered, in terms the scheduler can act on.
import type { Platform } from './caller';
import type { ConversationAddress, MessageRef, Reply } from './conversation-port';

/**
 * `gone`: the bot was removed, the channel archived or deleted, the account deactivated (Teams 403/404, Slack
 * channel_not_found, is_archived, account_inactive): stop posting there. `not-in-channel`: Slack only, the bot must be
 * invited. `failed`: anything else, including a 429 that outlasted the waits and a timeout after which the platform
 * may have acted: never repeated blindly, so a message is never posted twice.
 */
export type DeliveryFailureKind = 'gone' | 'not-in-channel' | 'failed';

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly kind: DeliveryFailureKind,
    /** What the platform said (Slack error code, HTTP status, Bot Framework error code). */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Delivery {
  /** Posts `reply` as a new message; resolves with where it landed (to update it later). Throws DeliveryError. */
  post(address: ConversationAddress, reply: Reply): Promise<MessageRef | undefined>;
  /** A direct message to one person (Slack: the app's DM with them); throws DeliveryError. */
  tell(platform: Platform, userId: string, reply: Reply): Promise<void>;
}
