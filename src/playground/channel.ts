// The playground's local channel, user side: what a person does in the page becomes the activity Teams would send
// (message, Action.Execute invoke, the bot joining the chat), POSTed to the bot's own /api/messages.
import { randomUUID } from 'node:crypto';
import type { ActivityJson, Transcripts } from './transcripts';

export const PLAYGROUND_BOT = { id: 'backup-center-bot', name: 'Backup' };
export const PLAYGROUND_USER = { id: 'demo-user', name: 'Demo user' };
/** The channelId of the playground's activities; the bot tells its own page from other Bot Framework clients by it. */
export const PLAYGROUND_CHANNEL_ID = 'playground';
const CARD = 'application/vnd.microsoft.card.adaptive';

export interface PlaygroundChannelOptions {
  /** The bot's origin as seen from this process, e.g. http://127.0.0.1:3978 (known once the server listens). */
  origin(): string;
  serviceUrlPath: string;
  transcripts: Transcripts;
  /** Bound on one turn of the bot (it answers within seconds, or posts a placeholder). */
  timeoutMs?: number;
}

export interface BotAnswer {
  status: number;
  body: unknown;
}

export class PlaygroundChannel {
  constructor(private readonly options: PlaygroundChannelOptions) {}

  private base(conversationId: string): ActivityJson {
    return {
      id: randomUUID(),
      channelId: PLAYGROUND_CHANNEL_ID,
      serviceUrl: `${this.options.origin()}${this.options.serviceUrlPath}`,
      timestamp: new Date().toISOString(),
      from: PLAYGROUND_USER,
      recipient: PLAYGROUND_BOT,
      conversation: { id: conversationId, conversationType: 'personal' },
      locale: 'en-US',
    };
  }

  private async post(activity: ActivityJson): Promise<BotAnswer> {
    const response = await fetch(`${this.options.origin()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body };
  }

  /** A new chat: the bot is added to it, as on install, and answers with its welcome card. */
  async start(conversationId: string): Promise<BotAnswer> {
    this.options.transcripts.open(conversationId);
    return this.post({
      ...this.base(conversationId),
      type: 'conversationUpdate',
      membersAdded: [PLAYGROUND_BOT, PLAYGROUND_USER],
    });
  }

  async say(conversationId: string, text: string, timeZone?: string): Promise<BotAnswer> {
    return this.post({
      ...this.base(conversationId),
      type: 'message',
      text,
      textFormat: 'plain',
      ...(timeZone ? { localTimezone: timeZone } : {}),
    });
  }

  /**
   * An Action.Execute click on the card of `activityId`. As in Teams, the card in the invoke response replaces the
   * clicked one (for this person); it is recorded as an update, which the page shows. A message response (a button
   * that opens a new message) leaves the clicked card alone: the answer arrives as a new activity at the connector.
   */
  async click(conversationId: string, activityId: string, verb: string, data: unknown): Promise<BotAnswer> {
    const answer = await this.post({
      ...this.base(conversationId),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: activityId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    const body = answer.body as { statusCode?: number; type?: string; value?: unknown } | undefined;
    const clicked = this.options.transcripts.find(conversationId, activityId);
    if (answer.status === 200 && body?.type === CARD && clicked !== undefined) {
      this.options.transcripts.append(conversationId, 'update', {
        ...clicked,
        attachments: [{ contentType: CARD, content: body.value }],
      });
    }
    return answer;
  }
}
