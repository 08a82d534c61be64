// Test harness for the Slack channel: the real Bolt app on a real restify server on 127.0.0.1, the Slack API stand-in,
// signed requests shaped like Slack's, and a small ConversationCore that answers with the help view.

import {
  createSlackChannel,
  type SlackChannel,
  type SlackChannelOptions,
} from '../../../src/channels/slack/slack-channel';
import { signSlackRequest } from '../../../src/channels/slack/verify';
import type { Caller } from '../../../src/core/caller';
import type { ConversationCore, Reply, RequestOptions } from '../../../src/core/conversation-port';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { sampleHelpModel } from '../../render/fixtures/help-model';
import { type SlackStandIn, startSlackStandIn, TEAM_ID } from '../../standins/slack-api';
import { type CapturedLog, captureLog } from '../../support/capture-log';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface CoreCall {
  kind: 'text' | 'action';
  input: unknown;
  caller: Caller;
}

/** A stand-in for the conversation port: help view for everything, with a delay and an ephemeral switch. */
export interface HelpCore extends ConversationCore {
  calls: CoreCall[];
  delayMs: number;
  /** Replies to text starting with this word are ephemeral errors (as a typo would be). */
  ephemeralWord: string;
}

export function createHelpCore(delayMs = 0): HelpCore {
  const core: HelpCore = {
    calls: [],
    delayMs,
    ephemeralWord: 'oops',
    async handleText(text: string, caller: Caller, _options?: RequestOptions): Promise<Reply> {
      core.calls.push({ kind: 'text', input: text, caller });
      await wait(core.delayMs);
      if (text.startsWith(core.ephemeralWord)) return errorReply(text);
      return helpReply(`Help for ${text}`);
    },
    async handleAction(data: unknown, caller: Caller): Promise<Reply> {
      core.calls.push({ kind: 'action', input: data, caller });
      await wait(core.delayMs);
      const command = typeof data === 'string' ? (JSON.parse(data) as { c?: string }).c : undefined;
      return helpReply(`Clicked ${command ?? '?'}`);
    },
    async welcome(): Promise<Reply> {
      return helpReply('Welcome');
    },
    working(_caller: Caller, what: string): Reply {
      return { ...helpReply(`Working on ${what}`), summaryText: `Working on ${what}…` };
    },
  };
  return core;
}

function helpReply(title: string): Reply {
  return { view: 'help', model: sampleHelpModel({ title }), summaryText: title };
}

function errorReply(text: string): Reply {
  return {
    view: 'help',
    model: sampleHelpModel({ title: `Unknown command: ${text}` }),
    ephemeral: true,
    summaryText: text,
  };
}

export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface SlackBot {
  base: string;
  slack: SlackStandIn;
  channel: SlackChannel;
  http: HttpServer;
  logs: CapturedLog;
  close(): Promise<void>;
}

export async function startSlackBot(
  core: ConversationCore,
  extra: Partial<SlackChannelOptions> = {},
  slack?: SlackStandIn,
): Promise<SlackBot> {
  const standIn = slack ?? (await startSlackStandIn());
  const logs = captureLog({ level: 'debug' });
  const http = createHttpServer({ log: logs.log, readiness: async () => {} });
  const channel = createSlackChannel({
    slack: { botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: standIn.apiUrl, socketMode: false },
    core,
    log: logs.log,
    server: http.server,
    placeholderAfterMs: 400, // well above a loaded CI runner's stalls; slow-work tests wait 1.2 s
    minPostIntervalMs: 0,
    ...extra,
  });
  await channel.start();
  const port = await http.listen(0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${port}`,
    slack: standIn,
    channel,
    http,
    logs,
    close: async () => {
      await channel.stop();
      await http.close();
      if (slack === undefined) await standIn.close();
    },
  };
}

/** One bot over a help core for a test file: started before its tests, core and stand-in cleared before each test. */
export function useHelpBot(onStart: (started: { bot: SlackBot; core: HelpCore }) => void): void {
  let bot: SlackBot | undefined;
  let core: HelpCore | undefined;
  beforeAll(async () => {
    core = createHelpCore();
    bot = await startSlackBot(core);
    onStart({ bot, core });
  });
  afterAll(async () => {
    await bot?.close();
  });
  beforeEach(() => {
    if (core) {
      core.calls.length = 0;
      core.delayMs = 0;
    }
    bot?.slack.reset();
  });
}

export interface SignOptions {
  timestamp?: number;
  signature?: string;
}

/** POSTs to /slack/events signed the way Slack signs (or as told, for the refusal tests). */
export async function postToSlackEvents(
  base: string,
  body: string,
  contentType: string,
  sign: SignOptions = {},
): Promise<Response> {
  const timestamp = sign.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = sign.signature ?? signSlackRequest(SIGNING_SECRET, timestamp, body);
  return fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

export function slashCommandBody(text: string, responseUrl: string, user = 'U0000AAA'): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    team_domain: 'contoso',
    channel_id: 'C0000CHN',
    channel_name: 'backups',
    user_id: user,
    user_name: 'alice',
    command: '/backup',
    text,
    api_app_id: 'A0000APP',
    response_url: responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

export function eventBody(
  event: Record<string, unknown>,
  eventId = `Ev${Math.random().toString(36).slice(2)}`,
): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0000APP',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
}

export function actionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A block_actions payload for a click on a button of a message that the bot rendered for `view`. */
export function buttonClick(options: {
  value: string;
  view: string;
  responseUrl?: string;
  channel?: string;
  ephemeral?: boolean;
  home?: boolean;
  user?: string;
}): Record<string, unknown> {
  const channel = options.channel ?? 'C0000CHN';
  const action = { type: 'button', action_id: 'cmd:help:0', block_id: `v:${options.view}:5`, value: options.value };
  const base = {
    type: 'block_actions',
    user: { id: options.user ?? 'U0000AAA', username: 'alice', team_id: TEAM_ID },
    api_app_id: 'A0000APP',
    team: { id: TEAM_ID, domain: 'contoso' },
    trigger_id: '1.2.3',
    actions: [{ ...action, action_ts: '1700000000.1' }],
  };
  if (options.home) {
    return { ...base, container: { type: 'view', view_id: 'V0000HOME' }, view: { id: 'V0000HOME', type: 'home' } };
  }
  return {
    ...base,
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: channel,
      is_ephemeral: options.ephemeral === true,
    },
    channel: { id: channel, name: 'backups' },
    message: {
      type: 'message',
      text: 'Original message',
      ts: '1700000000.000100',
      blocks: [{ type: 'section', block_id: 'v:help:1', text: { type: 'mrkdwn', text: 'Original message' } }],
    },
    ...(options.responseUrl ? { response_url: options.responseUrl } : {}),
  };
}
