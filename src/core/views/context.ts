// What every view handler gets (the request's caller, clock, data port, stash, time format, paging) and returns.

import type { CommandContext } from '../commands/handler';
import type { ExampleNames } from '../commands/help';
import type { PayloadStash } from '../commands/payload';
import type { Command, CommandOf, Verb } from '../commands/types';
import type { ConversationAddress, MessageRef, Reply } from '../conversation-port';
import type { NotAuthorizedError } from '../errors';
import type { SubscriptionNames } from '../names';
import type { PortalOptions } from '../portal-links';
import type { BackupDataPort, DataCallOptions } from '../ports';
import type { TimeFormat } from './shared/time';

export interface ViewContext extends CommandContext {
  data: BackupDataPort;
  /** Where long button payloads and "Show query" KQL go (always present: core falls back to memory). */
  stash: PayloadStash;
  /** The caller's zone, or UTC. */
  time: TimeFormat;
  /** At most this many rows per list page (tests ask for small pages); each list's own size is pageSizeOf(). */
  pageSize: number;
  /** Portal origin and the like, for "Open in Azure portal" links. */
  portal: PortalOptions;
  /** Passed to every data call (cancellation). */
  call: DataCallOptions;
  /** The message this answer replaces, when a click is answered in place (RequestOptions.messageRef). */
  messageRef?: MessageRef;
  /** The conversation asked from, as its channel can post to it later (RequestOptions.conversation). */
  conversation?: ConversationAddress;
  /**
   * Views offer Retry buttons (job rows, item, "Retry all"): the retry feature is wired in and RETRY_ALLOW names the
   * caller here. Unset: no Retry buttons (never a button that can only be refused).
   */
  offerRetry?: boolean;
  /**
   * Subscription display names (lower-case id → name), read once per request when a view asks: cards name
   * subscriptions, not GUIDs. Empty when the data port cannot tell (names are a convenience, never a failure).
   */
  subscriptionNames(): Promise<SubscriptionNames>;
  /** READ_ALLOW gives this conversation no scope: handlers that authorize themselves (retry) refuse with it. */
  readRefused?: NotAuthorizedError;
  /** Help's note on READ_ALLOW: not set (everyone sees everything), or what this conversation may read. */
  readNote?: string;
  /** Names help examples use (demo mode: names that exist in its estate). */
  examples?: ExampleNames;
  /** The command being answered: a list's buttons name it as the list they sit on (EncodeOptions.back). */
  answering?: Command;
  /** The list the clicked button sat on, when its payload says (`b`): where a cancelled retry returns. */
  back?: Command;
  /** Answers another command for the same caller (authorized as if typed): a cancelled retry shows its list again. */
  answer?(command: Command): Promise<Reply>;
}

/** A handler for one verb: its command in, a reply (view + model + fallback text) out. */
export type ViewHandler<C extends Command = Command> = (command: C, ctx: ViewContext) => Promise<Reply>;

export type ViewHandlers = { [V in Verb]: ViewHandler<CommandOf<V>> };
