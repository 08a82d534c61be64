// Who is asking, in platform-neutral terms: channels fill it from the inbound event; authorization and audit read it.

export const PLATFORMS = ['teams', 'slack', 'playground', 'cli'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Caller {
  platform: Platform;
  /** The platform's own user id: Teams `from.id` (29:…), Slack `U…`/`W…`, the playground's or CLI's user name. */
  userId: string;
  userName?: string;
  /** Teams: Entra object id (`from.aadObjectId`); what RETRY_ALLOW names Teams people by. */
  aadObjectId?: string;
  tenantId?: string;
  /** Teams channel id (19:…@thread.tacv2) or Slack channel id (C…/G…/D…); absent in a CLI. */
  channelId?: string;
  /** Teams conversation id or Slack thread/channel key, for replies and conversation references. */
  conversationId?: string;
  /** IANA name ("Europe/Berlin") when the platform tells us. */
  timeZone?: string;
  /**
   * Groups the caller belongs to, when the channel looked them up (Teams: Entra group ids; Slack: user group ids S…).
   * Undefined means unknown, so group rules cannot match. Holds only groups the platform confirmed.
   */
  groupIds?: readonly string[];
  /**
   * The channel had to look up the caller's groups and could not (Slack or Graph refused or did not answer): group
   * rules match only the groups in `groupIds`, and a refusal says the membership could not be checked.
   */
  groupCheckFailed?: boolean;
  /**
   * A 1:1 chat with the bot ('personal': Teams conversationType personal, a Slack D… channel, the playground, the CLI)
   * or a conversation others read too ('shared': a Teams channel or group chat, a Slack channel or group DM).
   * READ_ALLOW binds shared conversations by their channel and 1:1 chats by the person. Unset: shared when there is a
   * channel id, else personal.
   */
  conversationKind?: 'personal' | 'shared';
}

/** The RETRY_ALLOW entry that would name this caller, for "ask your admin to add …" hints. */
export function callerRule(caller: Caller): string | undefined {
  if (caller.platform === 'teams')
    return caller.aadObjectId ? `teams:user:${caller.aadObjectId.toLowerCase()}` : undefined;
  if (caller.platform === 'slack') return `slack:user:${caller.userId}`;
  return /^[\w.-]{1,128}$/.test(caller.userId) ? `${caller.platform}:user:${caller.userId}` : undefined;
}

/** A short name for logs and audit records: the display name when known, else the platform id. */
export function describeCaller(caller: Caller): string {
  return `${caller.userName ?? caller.userId} (${caller.platform})`;
}
