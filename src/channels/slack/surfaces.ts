// Where an answer goes: a response_url (slash commands, clicks), a channel or DM (mentions, DMs, new views from a
// click), or the user's App Home. Each shows a placeholder while slow work runs and then replaces it with the answer.
import type { RenderedReply } from './message';
import type { ResponseUrl } from './response-url';
import { type SlackApi, type SlackMessage, SlackPlatformError } from './slack-api';

export interface Surface {
  showPlaceholder(message: RenderedReply): Promise<void>;
  /** Replaces the placeholder when one is shown; an ephemeral answer goes to the asker only. */
  showAnswer(message: RenderedReply): Promise<void>;
}

const content = (m: SlackMessage) => ({ text: m.text, blocks: m.blocks });

export interface ResponseUrlSurfaceOptions {
  /** 'replace': the message holding the clicked button is rewritten; 'new': answers come as a new message. */
  mode: 'new' | 'replace';
  /** The message the click came from was ephemeral: everything stays ephemeral. */
  ephemeralOnly: boolean;
  /**
   * The clicked message as it was, to put back if the placeholder replaced it and the answer is only for one person.
   */
  original?: SlackMessage;
}

/**
 * Slash commands and clicks. For a slash command, replace_original rewrites the command's earlier in_channel
 * response (our placeholder); (unverified): Slack documents it only for interactive messages.
 */
export class ResponseUrlSurface implements Surface {
  private placeholderShown = false;

  constructor(
    private readonly url: ResponseUrl,
    private readonly options: ResponseUrlSurfaceOptions,
  ) {}

  async showPlaceholder(message: RenderedReply): Promise<void> {
    const { mode, ephemeralOnly } = this.options;
    const type = ephemeralOnly ? 'ephemeral' : 'in_channel';
    await this.url.post({ response_type: type, replace_original: mode === 'replace', ...content(message) });
    this.placeholderShown = true;
  }

  async showAnswer(message: RenderedReply): Promise<void> {
    const { mode, ephemeralOnly, original } = this.options;
    const replace = mode === 'replace' || this.placeholderShown;
    if (!message.ephemeral || ephemeralOnly) {
      const type = message.ephemeral || ephemeralOnly ? 'ephemeral' : 'in_channel';
      await this.url.post({ response_type: type, replace_original: replace, ...content(message) });
      return;
    }
    // An answer for one person must not replace a message everyone sees: undo the placeholder, then answer privately.
    if (this.placeholderShown) {
      if (mode === 'replace' && original !== undefined) {
        await this.url.post({ replace_original: true, ...content(original) });
      } else if (mode === 'new') {
        await this.url.post({ delete_original: true });
      }
    }
    await this.url.post({ response_type: 'ephemeral', replace_original: false, ...content(message) });
  }
}

export interface ChannelTarget {
  channel: string;
  /** The person who asked: ephemeral answers go to them. */
  userId: string;
  threadTs?: string;
  /** A direct message: private already, so "ephemeral" answers are posted normally (and can be updated). */
  isDirect: boolean;
}

/** Slack's answers when the bot may not post into a conversation. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** Mentions and DMs: chat.postMessage, then chat.update in place; chat.postEphemeral for one-person answers. */
export class ChannelSurface implements Surface {
  private posted: { channel: string; ts: string } | undefined;
  private fellBack: Surface | undefined;

  constructor(
    private readonly api: SlackApi,
    private readonly target: ChannelTarget,
    /** Where to answer instead when the bot cannot post here (e.g. a response_url after a click). */
    private readonly fallback?: () => Surface,
  ) {}

  async showPlaceholder(message: RenderedReply): Promise<void> {
    if (this.fellBack) return this.fellBack.showPlaceholder(message);
    await this.orFallBack(
      async () => {
        this.posted = await this.api.postMessage(this.target.channel, content(message), this.target.threadTs);
      },
      (surface) => surface.showPlaceholder(message),
    );
  }

  async showAnswer(message: RenderedReply): Promise<void> {
    if (this.fellBack) return this.fellBack.showAnswer(message);
    const { channel, userId, threadTs, isDirect } = this.target;
    if (message.ephemeral && !isDirect) {
      if (this.posted) await this.api.deleteMessage(this.posted.channel, this.posted.ts);
      await this.orFallBack(
        () => this.api.postEphemeral(channel, userId, content(message), threadTs),
        (surface) => surface.showAnswer(message),
      );
      return;
    }
    if (this.posted) {
      await this.api.update(this.posted.channel, this.posted.ts, content(message));
      return;
    }
    await this.orFallBack(
      async () => {
        this.posted = await this.api.postMessage(channel, content(message), threadTs);
      },
      (surface) => surface.showAnswer(message),
    );
  }

  private async orFallBack(attempt: () => Promise<void>, instead: (surface: Surface) => Promise<void>): Promise<void> {
    try {
      await attempt();
    } catch (err) {
      if (!(err instanceof SlackPlatformError) || !CANNOT_POST.has(err.code) || this.fallback === undefined) throw err;
      this.fellBack = this.fallback();
      await instead(this.fellBack);
    }
  }
}

/** The user's App Home tab: views.publish replaces the whole tab, placeholder and answer alike. */
export class HomeSurface implements Surface {
  constructor(
    private readonly api: SlackApi,
    private readonly userId: string,
  ) {}

  showPlaceholder(message: RenderedReply): Promise<void> {
    return this.api.publishHome(this.userId, message.blocks);
  }

  showAnswer(message: RenderedReply): Promise<void> {
    return this.api.publishHome(this.userId, message.blocks);
  }
}
