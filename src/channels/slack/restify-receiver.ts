// A Bolt Receiver on the bot's own restify server: POST /slack/events takes slash commands, interactions and events.
// It reads the raw body (signatures cover the exact bytes), verifies it, refuses replays, and lets Bolt dispatch.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Server } from 'restify';
import { readBody } from '../../http/read-body';
import type { Logger } from '../../log';
import { malformedSlackBody } from './payload-shape';
import { type ReplayGuard, verifySlackRequest } from './verify';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack payloads are small; block_actions carry the whole message (≤ 50 blocks), still far below this. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Slack retries an event it thinks failed; an event_id is handled once (the retry window is well under an hour). */
const EVENT_ID_TTL_MS = 60 * 60 * 1000;
/** Slack gives up after 3 s; a listener that neither acks nor returns by then gets an empty 200 from us. */
const ACK_DEADLINE_MS = 2_500;

export interface RestifyReceiverOptions {
  signingSecret: string;
  log: Logger;
  replayGuard: ReplayGuard;
  /** For tests of the clock window. */
  now?: () => number;
}

type Body = Record<string, unknown>;

export class RestifyReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly options: RestifyReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** The HTTP server is started and stopped by main; Bolt's start/stop have nothing to do here. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** Adds POST /slack/events to the server. No body parser may run before it (createHttpServer installs none). */
  mount(server: Server): void {
    // restify tells async handlers from callback ones by their constructor: this one must stay `async`.
    server.post(SLACK_EVENTS_PATH, async (req: IncomingMessage, res: ServerResponse) => {
      await this.handle(req, res);
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { log } = this.options;
    let rawBody: string;
    try {
      rawBody = await readBody(req, MAX_BODY_BYTES);
    } catch {
      // Close rather than drain what is left of the upload.
      res.setHeader('connection', 'close');
      return reply(res, 413, { error: 'request body too large' });
    }
    const failure = await verifySlackRequest(
      this.options.signingSecret,
      { rawBody, signature: header(req, 'x-slack-signature'), timestamp: header(req, 'x-slack-request-timestamp') },
      this.options.replayGuard,
      (this.options.now ?? Date.now)(),
    );
    if (failure !== undefined) {
      log.warn({ reason: failure }, `refused a Slack request (${failure}); nothing was run`);
      return reply(res, 401, { error: 'request signature refused' });
    }
    const body = parseBody(rawBody, header(req, 'content-type'));
    const problem = body === undefined ? 'the body is not JSON or a form' : malformedSlackBody(body);
    if (body === undefined || problem !== undefined) {
      // Signed by Slack (or with its secret), yet not a shape Slack sends: refuse before Bolt dereferences it.
      log.warn({ reason: problem }, `refused a malformed Slack request (${problem}); nothing was run`);
      return reply(res, 400, { error: body === undefined ? 'unreadable body' : 'malformed request' });
    }
    if (body.type === 'url_verification') return reply(res, 200, { challenge: body.challenge });
    if (body.ssl_check !== undefined) return reply(res, 200, undefined);
    if (typeof body.event_id === 'string') {
      const first = await this.options.replayGuard.firstSeen(`slack-event:${body.event_id}`, EVENT_ID_TTL_MS);
      if (!first) {
        log.info({ eventId: body.event_id }, 'Slack delivered an event again; it was handled already');
        return reply(res, 200, undefined);
      }
    }
    await this.dispatch(body, req, res);
  }

  private async dispatch(body: Body, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { log } = this.options;
    if (this.app === undefined) throw new Error('RestifyReceiver used before Bolt called init()');
    let acked = false;
    const respond = (status: number, payload: unknown) => {
      if (acked) return false;
      acked = true;
      reply(res, status, payload);
      return true;
    };
    const deadline = setTimeout(() => {
      if (respond(200, undefined)) log.warn('a Slack request was not acknowledged in time; answered 200 for it');
    }, ACK_DEADLINE_MS);
    const retryNum = Number(header(req, 'x-slack-retry-num'));
    const retryReason = header(req, 'x-slack-retry-reason');
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        if (!respond(200, response)) log.warn('a Slack request was acknowledged twice; the second ack was ignored');
      },
      ...(Number.isInteger(retryNum) ? { retryNum } : {}),
      ...(retryReason === undefined ? {} : { retryReason }),
    };
    try {
      await this.app.processEvent(event);
      respond(200, undefined);
    } catch (err) {
      log.error({ err }, 'a Slack listener failed');
      respond(500, undefined);
    } finally {
      clearTimeout(deadline);
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Slash commands are form fields; interactions are a form field `payload` holding JSON; events are JSON. */
export function parseBody(rawBody: string, contentType: string | undefined): Body | undefined {
  try {
    if (contentType?.includes('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(rawBody));
      if (typeof form.payload !== 'string') return form;
      const payload: unknown = JSON.parse(form.payload);
      return isBody(payload) ? payload : undefined;
    }
    const parsed: unknown = JSON.parse(rawBody);
    return isBody(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isBody(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  if (res.headersSent) return;
  if (payload === undefined || payload === '') {
    res.writeHead(status, { 'content-length': '0' });
    res.end();
  } else if (typeof payload === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(payload);
  } else {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
  }
}
