// Reads who is asking and what they typed from an inbound activity: the Caller core needs, the text without the
// bot's @mention, and the key under which a conversation's reference is stored.
import { type Activity, TurnContext } from 'botbuilder';
import type { Caller } from '../../core/caller';

interface TeamsChannelData {
  tenant?: { id?: string };
  channel?: { id?: string };
  team?: { id?: string };
}

function channelDataOf(activity: Partial<Activity>): TeamsChannelData {
  const data = activity.channelData as unknown;
  return data !== null && typeof data === 'object' ? (data as TeamsChannelData) : {};
}

/**
 * Teams is "teams"; the playground and every other Bot Framework client (Web Chat over Direct Line, the Emulator) are
 * "playground" to core: one non-Teams identity, which RETRY_ALLOW names as playground:user:<id> and demo mode alone
 * lets retry. What differs between those clients (buttons, updates) is the channel's business: see clients.ts.
 */
export function callerOf(activity: Partial<Activity>): Caller {
  const from = activity.from;
  const data = channelDataOf(activity);
  const tenantId = activity.conversation?.tenantId ?? data.tenant?.id;
  const timeZone = (activity as { localTimezone?: string }).localTimezone;
  const caller: Caller = {
    platform: activity.channelId === 'msteams' ? 'teams' : 'playground',
    userId: from?.id ?? 'unknown',
  };
  if (from?.name) caller.userName = from.name;
  if (from?.aadObjectId) caller.aadObjectId = from.aadObjectId;
  if (tenantId) caller.tenantId = tenantId;
  if (data.channel?.id) caller.channelId = data.channel.id;
  if (activity.conversation?.id) caller.conversationId = activity.conversation.id;
  if (timeZone) caller.timeZone = timeZone;
  // READ_ALLOW: Teams says 'personal' for a 1:1 chat with the bot, 'channel' or 'groupChat' for conversations others
  // read too. Other Bot Framework clients (the playground, Web Chat, the Emulator) say nothing: a 1:1 chat unless a
  // Teams channel id says otherwise.
  const type = activity.conversation?.conversationType;
  const shared = type === 'channel' || type === 'groupChat' || (type === undefined && caller.channelId !== undefined);
  caller.conversationKind = shared ? 'shared' : 'personal';
  return caller;
}

/**
 * The text a person typed, without the bot's own @mention (channels and group chats deliver "<at>Backup</at> jobs").
 * Other mentions stay; the parser ignores leftover <at> tags.
 */
export function messageText(activity: Partial<Activity>): string {
  const stripped =
    activity.entities?.length && activity.recipient?.id ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (stripped ?? '').replace(/\u00a0/g, ' ').trim();
}

/** A channel thread's conversation id carries ";messageid=…"; references are kept per channel, not per thread. */
export function conversationKeyOf(activity: Partial<Activity>): string {
  return (activity.conversation?.id ?? '').split(';messageid=')[0] ?? '';
}

export function tenantOf(activity: Partial<Activity>): string | undefined {
  return activity.conversation?.tenantId ?? channelDataOf(activity).tenant?.id;
}

/** Teams channel id (19:…@thread.tacv2) when the activity comes from a team channel. */
export function teamsChannelOf(activity: Partial<Activity>): string | undefined {
  return channelDataOf(activity).channel?.id;
}
