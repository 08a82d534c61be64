// The playground: a web chat at / over the bot's own botbuilder pipeline. The page talks to this server; this server
// plays the channel (activities to /api/messages, the bot's replies collected at its connector, events to the page).
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Request, Response, Server } from 'restify';
import { jsonBody } from '../http/json-body';
import type { Logger } from '../log';
import { type PlaygroundPage, readPlaygroundAssets, renderPlaygroundPage } from './assets';
import { PlaygroundChannel } from './channel';
import { CONNECTOR_BASE, mountConnector } from './connector';
import { isLocalRequest } from './local';
import { followEvents } from './sse';
import { Transcripts } from './transcripts';

export interface PlaygroundOptions {
  log: Logger;
  page: PlaygroundPage;
  /** Live Azure data and no authentication: serve this machine only. */
  localClientsOnly: boolean;
}

export interface Playground {
  /** The serviceUrl of the playground's activities: its connector on this bot (known once the server listens). */
  serviceUrl(): string | undefined;
  /** Ends the browsers' event streams, so that the HTTP server can close. */
  close(): void;
}

const CONVERSATION_ID = /^playground-[0-9a-f-]{36}$/;
const MAX_TEXT_CHARS = 2_000;
type Next = (err?: unknown) => void;

export function mountPlayground(server: Server, options: PlaygroundOptions): Playground {
  const log = options.log.child({ channel: 'playground' });
  const transcripts = new Transcripts();
  const assets = readPlaygroundAssets();
  const guard = (req: Request) => !options.localClientsOnly || isLocalRequest(req);
  const origin = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const channel = new PlaygroundChannel({ origin, serviceUrlPath: CONNECTOR_BASE, transcripts });
  const streams = new Set<() => void>();
  // Bounded as read and as inflated (restify's parser reads a whole upload first); see src/http/json-body.ts.
  const parser = [jsonBody(64 * 1024)];

  mountConnector(server, transcripts, guard);

  const page = renderPlaygroundPage(options.page);
  server.get('/', (req: Request, res: Response, next: Next) => {
    if (!guard(req)) return void res.send(403, 'The playground answers only this machine.');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy':
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; frame-ancestors 'none'",
    });
    res.end(page);
    next();
  });

  server.get('/playground/assets/:name', (req: Request, res: Response, next: Next) => {
    const asset = assets.get(String(req.params.name ?? ''));
    if (asset === undefined) return void res.send(404);
    res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300' });
    res.end(asset.body);
    next();
  });

  /** Runs a channel call and answers the page: 202 when the bot took it, 502 with a ref-free message when not. */
  const relay = (res: Response, next: Next, what: string, call: () => Promise<{ status: number; body: unknown }>) => {
    call().then(
      (answer) => {
        if (answer.status >= 400) log.warn({ status: answer.status, what }, 'the bot refused a playground activity');
        res.send(
          answer.status < 400 ? 202 : 502,
          answer.status < 400 ? { ok: true } : { message: 'the bot refused it' },
        );
        next();
      },
      (err: unknown) => {
        log.error({ err, what }, 'the playground could not reach the bot');
        res.send(502, { message: 'the bot did not answer; see the server log' });
        next();
      },
    );
  };

  const conversationOf = (req: Request, res: Response): string | undefined => {
    const id = String(req.params.conversationId ?? '');
    if (!guard(req)) res.send(403, { message: 'the playground answers only this machine' });
    else if (!CONVERSATION_ID.test(id) || !transcripts.has(id))
      res.send(404, { message: 'unknown conversation; reload the page' });
    else return id;
    return undefined;
  };

  server.post('/playground/api/conversations', (req: Request, res: Response, next: Next) => {
    if (!guard(req)) return void res.send(403, { message: 'the playground answers only this machine' });
    const conversationId = `playground-${randomUUID()}`;
    transcripts.open(conversationId);
    // The welcome arrives on the event stream; the page opens it before the bot can answer.
    res.send(201, { conversationId });
    next();
    channel.start(conversationId).catch((err: unknown) => log.error({ err }, 'could not start a playground chat'));
  });

  server.post(
    '/playground/api/conversations/:conversationId/messages',
    ...parser,
    (req: Request, res: Response, next: Next) => {
      const conversationId = conversationOf(req, res);
      if (conversationId === undefined) return next();
      const body = (req.body ?? {}) as { text?: unknown; timeZone?: unknown };
      const text = typeof body.text === 'string' ? body.text.slice(0, MAX_TEXT_CHARS) : '';
      const timeZone = typeof body.timeZone === 'string' && body.timeZone.length < 64 ? body.timeZone : undefined;
      relay(res, next, 'message', () => channel.say(conversationId, text, timeZone));
    },
  );

  server.post(
    '/playground/api/conversations/:conversationId/actions',
    ...parser,
    (req: Request, res: Response, next: Next) => {
      const conversationId = conversationOf(req, res);
      if (conversationId === undefined) return next();
      const body = (req.body ?? {}) as { activityId?: unknown; verb?: unknown; data?: unknown };
      const activityId = typeof body.activityId === 'string' ? body.activityId : '';
      const verb = typeof body.verb === 'string' ? body.verb : '';
      relay(res, next, 'card action', () => channel.click(conversationId, activityId, verb, body.data));
    },
  );

  server.get('/playground/api/conversations/:conversationId/events', (req: Request, res: Response, next: Next) => {
    const conversationId = conversationOf(req, res);
    if (conversationId === undefined) return next();
    const stop = followEvents(req, res, transcripts, conversationId, () => {
      streams.delete(stop);
      next();
    });
    streams.add(stop);
  });

  return {
    serviceUrl: () => (server.address() === null ? undefined : `${origin()}${CONNECTOR_BASE}`),
    close() {
      for (const stop of [...streams]) stop();
    },
  };
}
