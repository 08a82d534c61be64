// Where the bot can post in a conversation later, without being asked: the channel-level conversation reference
// (no message, no thread) that install, removal, every request and proactive delivery share.
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { ConversationAddress } from '../../core/conversation-port';
import { callerOf, conversationKeyOf } from './caller';

/**
 * The reference a proactive post uses: about the conversation (a channel, not one of its threads or messages), so a
 * digest starts a new post in the channel. JSON-safe: it is stored with digests and conversations.
 */
export function channelReferenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  delete reference.activityId;
  if (reference.conversation) reference.conversation = { ...reference.conversation, id: conversationKeyOf(activity) };
  return JSON.parse(JSON.stringify(reference));
}

/** The conversation of `activity` as core sees it (RequestOptions.conversation); `platform` is teams or playground. */
export function conversationAddressOf(activity: Partial<Activity>): ConversationAddress {
  return {
    platform: callerOf(activity).platform,
    key: conversationKeyOf(activity),
    data: channelReferenceOf(activity),
  };
}

/** The reference for a new message in the same place as `activity` (its thread, if any), not a reply to it. */
export function newMessageReferenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  delete reference.activityId;
  return reference;
}
