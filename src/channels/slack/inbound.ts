// Slack payloads in platform-neutral terms: who asked (Caller), what they typed, and where a click came from.
// Field names follow Slack's payloads; only the fields this bot reads are typed.
import { randomBytes } from 'node:crypto';
import type { Caller } from '../../core/caller';
import { decodeActionInline, landsInPlace } from '../../core/commands/payload';
import type { ConversationAddress } from '../../core/conversation-port';
import { viewOfBlockId } from './message';

export interface SlashCommandPayload {
  user_id: string;
  user_name?: string;
  team_id?: string;
  channel_id?: string;
  text?: string;
  response_url: string;
}

export interface MessageEventPayload {
  user?: string;
  team?: string;
  channel: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  channel_type?: string;
  subtype?: string;
  bot_id?: string;
}

export interface BlockActionPayload {
  user: { id: string; username?: string; name?: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id?: string };
  container?: { type?: string; is_ephemeral?: boolean; channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { text?: string; blocks?: Array<Record<string, unknown>>; thread_ts?: string };
  response_url?: string;
}

export interface ButtonAction {
  action_id: string;
  block_id?: string;
  value?: string;
}

/**
 * A `cmd:` click as one shape: a button carries the payload in `value`, an overflow menu (the snooze picker's 1 / 7 /
 * 30 days) in the chosen option's `selected_option.value`.
 */
export function readAction(action: unknown): ButtonAction {
  const a = action as ButtonAction & { selected_option?: { value?: unknown } };
  const chosen = a.selected_option?.value;
  return typeof chosen === 'string' && a.value === undefined ? { ...a, value: chosen } : a;
}

export function callerOfCommand(command: SlashCommandPayload): Caller {
  return slackCaller(command.user_id, command.user_name, command.team_id, command.channel_id);
}

export function callerOfMessage(event: MessageEventPayload, teamId?: string): Caller {
  const caller = slackCaller(event.user ?? '', undefined, event.team ?? teamId, event.channel);
  return event.thread_ts ? { ...caller, conversationId: `${event.channel}:${event.thread_ts}` } : caller;
}

export function callerOfAction(body: BlockActionPayload): Caller {
  const user = body.user;
  const teamId = body.team?.id ?? user.team_id;
  return slackCaller(user.id, user.username ?? user.name, teamId, body.channel?.id ?? body.container?.channel_id);
}

function slackCaller(userId: string, userName?: string, teamId?: string, channelId?: string): Caller {
  return {
    platform: 'slack',
    userId,
    ...(userName ? { userName } : {}),
    ...(teamId ? { tenantId: teamId } : {}),
    ...(channelId ? { channelId, conversationId: channelId } : {}),
    // READ_ALLOW: a D… channel is the person's direct message with the bot; C… and G… are read by others too.
    conversationKind: channelId === undefined || channelId.startsWith('D') ? 'personal' : 'shared',
  };
}

/** A channel (C…, G…, D…) as core stores it, to post there later (digests); undefined when there is none. */
export function slackAddress(channel: string | undefined): ConversationAddress | undefined {
  return channel === undefined || channel === '' ? undefined : { platform: 'slack', key: channel, data: { channel } };
}

/** `<@U123> jobs failed` → `jobs failed`: Slack writes a mention of the bot as `<@U…>` at the start. */
export function textOfMention(text: string | undefined): string {
  return (text ?? '').replace(/^(\s*<@[A-Z0-9]+(\|[^>]*)?>[\s,:]*)+/i, '').trim();
}

/** Where the answer to a click goes: the same view is updated in place (paging, refresh), another view is new. */
export function clickLandsInPlace(action: ButtonAction): boolean {
  const source = viewOfBlockId(action.block_id);
  return source !== undefined && landsInPlace(source, action.value);
}

/** The verb a button runs, when it can be read without the stash. */
export function verbOfAction(action: ButtonAction): string | undefined {
  const decoded = decodeActionInline(action.value);
  return decoded.ok ? decoded.command.verb : undefined;
}

export function newCorrelationId(): string {
  return `slack-${randomBytes(6).toString('hex')}`;
}
