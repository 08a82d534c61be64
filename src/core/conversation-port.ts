// The one entry into core that every channel (Teams, Slack, playground, CLI) uses: text or a button click in, a reply out.
// Channels translate platform events into these calls and render the reply with src/render; core never sees a platform SDK.
import type { Caller, Platform } from './caller';

/** The views of the product; each has cards/<view>.teams.json and cards/<view>.slack.json. Later views add names, none is renamed. */
export type ReplyView =
  | 'summary'
  | 'jobs'
  | 'unprotected'
  | 'vaults'
  | 'vault'
  | 'policies'
  | 'compliance'
  | 'items'
  | 'alerts'
  | 'item'
  | 'help'
  | 'error'
  | 'retry'
  | 'audit'
  | 'welcome'
  | 'working'
  | 'query'
  | 'digest'
  | 'digest-settings'
  | 'snooze'
  | 'notify';

export interface Reply {
  view: ReplyView;
  /** The view model the templates bind to (text preformatted, buttons encoded). */
  model: object;
  /** Shown only to the person who asked where the platform allows it (Slack ephemeral); e.g. refusals and typos. */
  ephemeral?: boolean;
  /** Plain-text fallback for notifications and screen readers. */
  summaryText: string;
}

export interface ConversationCore {
  /** A typed message (mentions, smart quotes, `/backup` prefixes are handled by the parser). Never rejects: errors become an `error` reply. */
  handleText(text: string, caller: Caller, options?: RequestOptions): Promise<Reply>;
  /** A button click: the data of Teams Action.Execute or a Slack button's value. Never rejects. */
  handleAction(data: unknown, caller: Caller, options?: RequestOptions): Promise<Reply>;
  /** The card a channel shows on install or when the bot is added to a conversation. */
  welcome(caller: Caller): Promise<Reply>;
  /** The placeholder a channel posts while slow work runs, updated in place when the answer is ready. */
  working(caller: Caller, what: string): Reply;
}

export interface RequestOptions {
  /** Correlation id for logs and the "ref" in error replies. */
  correlationId?: string;
  signal?: AbortSignal;
  /**
   * The message the answer replaces (a click answered in place): work that outlives the request, such as a started
   * backup, updates it later. Channels set it only when the reply really lands on that message.
   */
  messageRef?: MessageRef;
  /**
   * The conversation the request came from, as its channel can post to it later without being asked (digests,
   * notifications). Channels set it on every message and click they can post back to.
   */
  conversation?: ConversationAddress;
}

/**
 * Where a card lives, as the channel that posted it describes it: `platform` routes it, `data` is the channel's own
 * (Teams: conversation reference + activity id; Slack: channel + ts). Stored in the database, so it must be JSON-safe.
 */
export interface MessageRef {
  platform: Platform;
  data: unknown;
  /**
   * false when the client cannot change a message once shown (Bot Framework Web Chat over Direct Line, the Emulator):
   * an update then arrives as a new message, so work that reports progress sends only its milestones (the end).
   */
  updatesInPlace?: false;
}

/**
 * A conversation the bot can post to proactively, as its channel describes it: `key` names the conversation (Teams:
 * the conversation id without a thread's ";messageid=…"; Slack: the channel id), `data` is the channel's own (Teams:
 * a conversation reference; Slack: the channel). Stored with digests, so it must be JSON-safe.
 */
export interface ConversationAddress {
  platform: Platform;
  key: string;
  data: unknown;
}
