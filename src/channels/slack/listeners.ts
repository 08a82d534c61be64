// Bolt listeners: /backup, @mentions, DMs, button clicks and App Home. Each acknowledges first (Slack's 3 s deadline),
// then, in the background, looks up the asker's time zone and named user groups, asks core (with the conversation to post digests to) and
// answers through the right surface.
import type { App } from '@slack/bolt';
import type { Caller } from '../../core/caller';
import type { ConversationCore, Reply, RequestOptions } from '../../core/conversation-port';
import type { Logger } from '../../log';
import { answer, type TaskTracker } from './answer';
import {
  type BlockActionPayload,
  type ButtonAction,
  callerOfAction,
  callerOfCommand,
  callerOfMessage,
  clickLandsInPlace,
  type MessageEventPayload,
  newCorrelationId,
  readAction,
  type SlashCommandPayload,
  slackAddress,
  textOfMention,
  verbOfAction,
} from './inbound';
import { slackMessageRef } from './progress';
import { ResponseUrl } from './response-url';
import type { RetryPolicy } from './retry';
import type { SlackApi } from './slack-api';
import { ChannelSurface, HomeSurface, ResponseUrlSurface, type Surface } from './surfaces';
import type { SlackGroups } from './user-groups';

export interface ListenerDeps {
  core: ConversationCore;
  api: SlackApi;
  log: Logger;
  tasks: TaskTracker;
  retry: RetryPolicy;
  /** The slash command as registered in the manifest. */
  command: string;
  placeholderAfterMs: number;
  /** The command App Home shows. */
  homeCommand: string;
  /** The user groups rules name, filled into each caller before core authorizes anything. */
  groups: SlackGroups;
}

/** The view App Home shows; a click in Home that opens it again refreshes Home instead of posting a message. */
const HOME_VIEW = 'summary';
/** The events these listeners need; manifest/slack-app*.yaml subscribe to exactly these. */
export const SLACK_BOT_EVENTS = ['app_home_opened', 'app_mention', 'message.im'] as const;

export function registerListeners(app: App, deps: ListenerDeps): void {
  const { core, log, tasks } = deps;
  /** Runs one question after the ack: the asker's zone first (bounded), then core, then the surface. */
  const run = (
    caller: Caller,
    surface: Surface,
    what: string,
    request: Omit<RequestOptions, 'correlationId'>,
    ask: (asker: Caller, options: RequestOptions) => Promise<Reply>,
  ) => {
    const correlationId = newCorrelationId();
    const child = log.child({ correlationId, slackUser: caller.userId });
    tasks.run(child, () => {
      // Both lookups at once: neither makes the answer wait longer than the slower of them.
      const work = Promise.all([deps.api.userTimeZone(caller.userId), deps.groups.settle(caller)]).then(
        ([timeZone, grouped]) =>
          ask(timeZone === undefined ? grouped : { ...grouped, timeZone }, { correlationId, ...request }),
      );
      return answer(surface, work, () => core.working(caller, what), {
        log: child,
        placeholderAfterMs: deps.placeholderAfterMs,
      });
    });
  };
  /** The conversation a question came from, so core can post there later (digests). */
  const from = (channel: string | undefined) => {
    const conversation = slackAddress(channel);
    return conversation === undefined ? {} : { conversation };
  };
  const responseUrl = (url: string) => new ResponseUrl(url, log, deps.retry);

  app.command(deps.command, async ({ command, ack }) => {
    await ack();
    const payload = command as unknown as SlashCommandPayload;
    const caller = callerOfCommand(payload);
    const text = (payload.text ?? '').trim() || 'help';
    const surface = new ResponseUrlSurface(responseUrl(payload.response_url), { mode: 'new', ephemeralOnly: false });
    run(caller, surface, text, from(payload.channel_id), (asker, options) => core.handleText(text, asker, options));
  });

  app.event('app_mention', async ({ event, body }) => {
    const message = event as unknown as MessageEventPayload;
    if (message.bot_id !== undefined || message.user === undefined) return;
    const caller = callerOfMessage(message, teamOf(body));
    const text = textOfMention(message.text) || 'help';
    // A mention inside a thread is answered in that thread; a top-level mention in the channel.
    const target = { channel: message.channel, userId: message.user, isDirect: false };
    const surface = new ChannelSurface(
      deps.api,
      message.thread_ts ? { ...target, threadTs: message.thread_ts } : target,
    );
    run(caller, surface, text, from(message.channel), (asker, options) => core.handleText(text, asker, options));
  });

  app.event('message', async ({ event, body }) => {
    const message = event as unknown as MessageEventPayload;
    // Only people's own new messages in a DM with the bot: no edits, joins, bot posts (our own answers included).
    if (message.channel_type !== 'im' || message.subtype !== undefined || message.bot_id !== undefined) return;
    if (message.user === undefined) return;
    const caller = callerOfMessage(message, teamOf(body));
    const text = textOfMention(message.text) || 'help';
    const target = { channel: message.channel, userId: message.user, isDirect: true };
    const surface = new ChannelSurface(
      deps.api,
      message.thread_ts ? { ...target, threadTs: message.thread_ts } : target,
    );
    run(caller, surface, text, from(message.channel), (asker, options) => core.handleText(text, asker, options));
  });

  app.action(/^cmd:/, async ({ body, action, ack }) => {
    await ack();
    const click = body as unknown as BlockActionPayload;
    const button = readAction(action);
    const caller = callerOfAction(click);
    const surface = surfaceForClick(deps, click, button, responseUrl);
    const what = verbOfAction(button) ?? 'your request';
    // Only an answer that replaces the clicked message may be updated later (retry progress) through its ref.
    const messageRef = clickLandsInPlace(button) ? slackMessageRef(click) : undefined;
    // A click in App Home has no channel the bot knows (the person's DM is not where they asked): no address.
    const channel = click.container?.type === 'message' ? (click.channel?.id ?? click.container.channel_id) : undefined;
    const request = { ...from(channel), ...(messageRef ? { messageRef } : {}) };
    run(caller, surface, what, request, (asker, options) => core.handleAction(button.value, asker, options));
  });

  // Link buttons (action_id link:…) open a URL in the browser; Slack still reports the click and wants an ack.
  app.action(/^link:/, async ({ ack }) => {
    await ack();
  });

  const homeInFlight = new Set<string>();
  app.event('app_home_opened', async ({ event, body }) => {
    const opened = event as unknown as { user: string; tab?: string; channel?: string };
    // Opening the tab twice quickly would query twice; one refresh at a time per person is enough.
    if (opened.tab !== 'home' || homeInFlight.has(opened.user)) return;
    homeInFlight.add(opened.user);
    const caller = callerOfMessage({ user: opened.user, channel: opened.channel ?? '' }, teamOf(body));
    const surface = new HomeSurface(deps.api, opened.user);
    run(caller, surface, deps.homeCommand, {}, async (asker, options) => {
      try {
        return await core.handleText(deps.homeCommand, asker, options);
      } finally {
        homeInFlight.delete(opened.user);
      }
    });
  });
}

function surfaceForClick(
  deps: ListenerDeps,
  click: BlockActionPayload,
  button: ButtonAction,
  responseUrl: (url: string) => ResponseUrl,
): Surface {
  const userId = click.user.id;
  if (click.container?.type === 'view') {
    // App Home: its own view refreshes the tab; anything else is answered in the person's DM with the app.
    if (verbOfAction(button) === HOME_VIEW) return new HomeSurface(deps.api, userId);
    // Posting to a user id lands in the app's DM (unverified for every workspace setup): else the answer goes Home.
    const home = () => new HomeSurface(deps.api, userId);
    return new ChannelSurface(deps.api, { channel: userId, userId, isDirect: true }, home);
  }
  const original = click.message?.blocks ? { text: click.message.text ?? '', blocks: click.message.blocks } : undefined;
  const inPlace = clickLandsInPlace(button);
  const ephemeralOnly = click.container?.is_ephemeral === true;
  const viaUrl = () => {
    if (click.response_url === undefined) throw new Error('a click without a response_url');
    const mode = inPlace ? 'replace' : 'new';
    return new ResponseUrlSurface(responseUrl(click.response_url), {
      mode,
      ephemeralOnly,
      ...(original ? { original } : {}),
    });
  };
  const channel = click.channel?.id ?? click.container?.channel_id;
  if (inPlace || ephemeralOnly || channel === undefined) return viaUrl();
  // Another view: a new message in the conversation, posted by the bot so that a slow answer can replace its
  // placeholder; where the bot may not post (a channel it is not in), the click's response_url instead.
  const threadTs = click.message?.thread_ts;
  const target = { channel, userId, isDirect: channel.startsWith('D'), ...(threadTs ? { threadTs } : {}) };
  return new ChannelSurface(deps.api, target, click.response_url ? viaUrl : undefined);
}

function teamOf(body: unknown): string | undefined {
  const teamId = (body as { team_id?: unknown }).team_id;
  return typeof teamId === 'string' ? teamId : undefined;
}
