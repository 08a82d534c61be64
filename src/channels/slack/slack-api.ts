// The Slack Web API calls this bot makes, over @slack/web-api with a deliberate retry policy: a 429 is waited out
// (Retry-After) and retried, because Slack did not act on it; an ambiguous failure (timeout, reset) is retried only for
// calls that are safe to repeat (chat.update, views.publish), so a message is never posted twice.
import { webApi } from '@slack/bolt';
import type { Logger } from '../../log';
import { toSlackLogger } from './bolt-logger';
import { type RetryPolicy, sleep, withSlackRetries } from './retry';
import { SlackTimeZones } from './time-zones';

export interface SlackApiOptions {
  token: string;
  /** Ends with '/', e.g. https://slack.com/api/ or a stand-in's http://127.0.0.1:PORT/api/. */
  apiUrl: string;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  /**
   * chat.postMessage is limited to about one message a second per channel (docs/platform-facts.md, Slack): space posts
   * this far.
   */
  minPostIntervalMs?: number;
  /** A call that takes longer is abandoned (and, if it may have been acted on, not repeated). */
  timeoutMs?: number;
  /** An answer waits this long at most for the asker's time zone (users.info); default 1,500 ms. */
  timeZoneWaitMs?: number;
}

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** A Slack answer with `ok: false`, e.g. not_in_channel, channel_not_found, message_not_found, msg_blocks_too_long. */
export class SlackPlatformError extends Error {
  override name = 'SlackPlatformError';
  constructor(
    readonly method: string,
    readonly code: string,
  ) {
    super(`Slack ${method} failed: ${code}`);
  }
}

/** Methods whose repetition changes nothing: safe to retry after an ambiguous failure. */
const IDEMPOTENT = new Set(['chat.update', 'views.publish', 'chat.delete', 'auth.test']);

export class SlackApi {
  private readonly client: webApi.WebClient;
  private readonly policy: RetryPolicy;
  private readonly nextPostAt = new Map<string, number>();
  private readonly zones: SlackTimeZones;

  constructor(private readonly options: SlackApiOptions) {
    this.policy = { maxRateLimitWaits: 3, maxRetryAfterS: 300, ambiguousRetries: 1, ...options.retry };
    // Retries are ours (see the file comment): web-api's default would retry a timed-out chat.postMessage, and while
    // it waits out one 429 it pauses every other call of this client.
    this.client = new webApi.WebClient(options.token, {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs ?? 10_000,
      logger: toSlackLogger(options.log),
    });
    this.zones = new SlackTimeZones({
      // Straight to the client, past withSlackRetries: a rate-limited lookup is skipped, never waited for.
      usersInfo: async (user) =>
        (await this.client.apiCall('users.info', { user })) as unknown as Record<string, unknown>,
      log: options.log,
      ...(options.timeZoneWaitMs === undefined ? {} : { waitMs: options.timeZoneWaitMs }),
    });
  }

  async call(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const idempotent = IDEMPOTENT.has(method);
    return withSlackRetries(this.policy, this.options.log, method, idempotent, async () => {
      try {
        return (await this.client.apiCall(method, args)) as unknown as Record<string, unknown>;
      } catch (err) {
        const data = (err as { data?: { error?: unknown } }).data;
        if (typeof data?.error === 'string') throw new SlackPlatformError(method, data.error);
        throw err;
      }
    });
  }

  async authTest(): Promise<{ userId: string; botId: string; teamId?: string }> {
    const result = await this.call('auth.test', {});
    return {
      userId: String(result.user_id ?? ''),
      botId: String(result.bot_id ?? ''),
      ...(typeof result.team_id === 'string' ? { teamId: result.team_id } : {}),
    };
  }

  /** Resolves with where the message landed (a user id as channel opens the app's DM; Slack answers its D… id). */
  async postMessage(
    channel: string,
    message: SlackMessage,
    threadTs?: string,
  ): Promise<{ channel: string; ts: string }> {
    await this.pace(channel);
    const args = { channel, text: message.text, blocks: message.blocks, ...(threadTs ? { thread_ts: threadTs } : {}) };
    const result = await this.call('chat.postMessage', args);
    return { channel: String(result.channel ?? channel), ts: String(result.ts ?? '') };
  }

  async update(channel: string, ts: string, message: SlackMessage): Promise<void> {
    await this.call('chat.update', { channel, ts, text: message.text, blocks: message.blocks });
  }

  async postEphemeral(channel: string, user: string, message: SlackMessage, threadTs?: string): Promise<void> {
    await this.pace(channel);
    const args = { channel, user, text: message.text, blocks: message.blocks };
    await this.call('chat.postEphemeral', threadTs ? { ...args, thread_ts: threadTs } : args);
  }

  async deleteMessage(channel: string, ts: string): Promise<void> {
    await this.call('chat.delete', { channel, ts });
  }

  /** The person's IANA time zone (users.info, needs users:read), cached for an hour; undefined when unknown. */
  userTimeZone(userId: string): Promise<string | undefined> {
    return this.zones.zoneOf(userId);
  }

  /**
   * The members of a user group (usergroups.users.list, needs usergroups:read): one try, no retries, since an answer
   * is waiting; a refusal (no_such_subteam, missing_scope) rejects with SlackPlatformError.
   */
  async userGroupMembers(usergroup: string): Promise<string[]> {
    let result: Record<string, unknown>;
    try {
      result = (await this.client.apiCall('usergroups.users.list', { usergroup })) as unknown as Record<
        string,
        unknown
      >;
    } catch (err) {
      const data = (err as { data?: { error?: unknown } }).data;
      if (typeof data?.error === 'string') throw new SlackPlatformError('usergroups.users.list', data.error);
      throw err;
    }
    if (!Array.isArray(result.users)) throw new SlackPlatformError('usergroups.users.list', 'no_users_in_answer');
    return result.users.filter((u): u is string => typeof u === 'string');
  }

  async publishHome(userId: string, blocks: Array<Record<string, unknown>>): Promise<void> {
    await this.call('views.publish', { user_id: userId, view: { type: 'home', blocks } });
  }

  private async pace(channel: string): Promise<void> {
    const interval = this.options.minPostIntervalMs ?? 1_000;
    if (interval <= 0) return;
    const now = Date.now();
    if (this.nextPostAt.size > 1_000) {
      for (const [key, at] of this.nextPostAt) if (at <= now) this.nextPostAt.delete(key);
    }
    const at = Math.max(now, this.nextPostAt.get(channel) ?? 0);
    this.nextPostAt.set(channel, at + interval);
    if (at > now) await sleep(at - now);
  }
}
