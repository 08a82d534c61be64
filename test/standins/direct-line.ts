// Stand-in for Azure's Direct Line channel on 127.0.0.1: the Direct Line 3.0 REST API a client such as Web Chat
// uses (tokens, start conversation, send activity, receive activities by polling GET with a watermark) and the Bot
// Connector API the bot answers through (its serviceUrl), shaped after Microsoft's Direct Line 3.0 reference.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The bot as Direct Line names it in `recipient` (the Direct Line "site" is the bot's handle). */
export const DIRECT_LINE_BOT = { id: 'backup-center-bot', name: 'Backup' };
/** What Azure's Direct Line channel puts into `channelId` (Web Chat's own iframe channel would say "webchat"). */
export const DIRECT_LINE_CHANNEL_ID = 'directline';
/** The Direct Line secret of this stand-in (the "site key" of the portal's Direct Line page). */
export const DIRECT_LINE_SECRET = 'standin-direct-line-secret';

// biome-ignore lint/suspicious/noExplicitAny: activities are free-form JSON; tests read the fields they check.
type Activity = Record<string, any>;

export interface DirectLineCall {
  /** client: the Direct Line 3.0 API (Web Chat); bot: the Bot Connector API (the bot's replies and updates). */
  side: 'client' | 'bot';
  method: string;
  path: string;
  status: number;
  activity?: Activity;
}

export interface DirectLineStandIn {
  /** Web Chat's `domain`: http://127.0.0.1:<port>/v3/directline */
  domain: string;
  /** The serviceUrl in activities forwarded to the bot (ends with '/'). */
  serviceUrl: string;
  readonly calls: DirectLineCall[];
  /** POST /v3/directline/tokens/generate with the secret, as a page's token server does; a token for one conversation. */
  generateToken(): Promise<string>;
  /** Every activity of a conversation, in order (what a client polling from watermark 0 would get, typing aside). */
  transcript(conversationId: string): Activity[];
  close(): Promise<void>;
}

interface Conversation {
  id: string;
  token: string;
  started: boolean;
  activities: Activity[];
  /** Users the bot was told of (conversationUpdate). */
  members: Set<string>;
}

const TOKEN_LIFETIME_S = 1800;
const CLIENT = /^\/v3\/directline\/conversations\/([^/]+)\/activities$/;
const CONNECTOR = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

function send(res: http.ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** The Bot Framework error body (`{ error: { code, message } }`) the service answers refusals with. */
function refuse(res: http.ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}

export async function startDirectLine(options: { botUrl: string }): Promise<DirectLineStandIn> {
  const conversations = new Map<string, Conversation>();
  const calls: DirectLineCall[] = [];
  let origin = '';

  const bearer = (req: http.IncomingMessage): string => {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  };
  const newConversation = (): Conversation => {
    const id = randomBytes(9).toString('base64url');
    const conversation = {
      id,
      token: randomBytes(24).toString('base64url'),
      started: false,
      activities: [],
      members: new Set<string>(),
    };
    conversations.set(id, conversation);
    return conversation;
  };
  /** The conversation a client token opens; the secret opens any (Direct Line: a secret is a master key). */
  const byToken = (token: string, id?: string): Conversation | undefined => {
    if (id !== undefined) {
      const conversation = conversations.get(id);
      return conversation && (conversation.token === token || token === DIRECT_LINE_SECRET) ? conversation : undefined;
    }
    return [...conversations.values()].find((c) => c.token === token);
  };
  /** Stores an activity; Direct Line ids are "<conversation id>|<7-digit sequence>", the watermark is the sequence. */
  const append = (conversation: Conversation, activity: Activity): Activity => {
    const sequence = conversation.activities.length;
    const stored = {
      ...activity,
      id: `${conversation.id}|${String(sequence).padStart(7, '0')}`,
      conversation: { id: conversation.id },
      channelId: DIRECT_LINE_CHANNEL_ID,
      timestamp: new Date().toISOString(),
    };
    conversation.activities.push(stored);
    return stored;
  };
  /** What the channel POSTs to the bot: the user's activity with the channel's own fields. */
  const toBot = async (conversation: Conversation, activity: Activity): Promise<number> => {
    const response = await fetch(options.botUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...activity,
        channelId: DIRECT_LINE_CHANNEL_ID,
        serviceUrl: `${origin}/`,
        conversation: { id: conversation.id },
        recipient: DIRECT_LINE_BOT,
      }),
    });
    await response.arrayBuffer();
    return response.status;
  };
  /** The bot and the user join (sent before the user's first activity, as when the token does not name the user). */
  const joined = (conversation: Conversation, user: { id: string; name?: string }): Activity => ({
    type: 'conversationUpdate',
    id: `${conversation.id}|join`,
    timestamp: new Date().toISOString(),
    from: user,
    membersAdded: [DIRECT_LINE_BOT, user],
  });

  const clientApi = async (req: http.IncomingMessage, res: http.ServerResponse, path: string, body: Activity) => {
    const token = bearer(req);
    if (req.method === 'POST' && path === '/v3/directline/tokens/generate') {
      if (token !== DIRECT_LINE_SECRET) return refuse(res, 403, 'BadArgument', 'the secret is not valid');
      const conversation = newConversation();
      return send(res, 200, {
        conversationId: conversation.id,
        token: conversation.token,
        expires_in: TOKEN_LIFETIME_S,
      });
    }
    if (req.method === 'POST' && path === '/v3/directline/tokens/refresh') {
      const conversation = byToken(token);
      if (!conversation) return refuse(res, 403, 'TokenExpired', 'the token is not valid');
      return send(res, 200, {
        conversationId: conversation.id,
        token: conversation.token,
        expires_in: TOKEN_LIFETIME_S,
      });
    }
    if (req.method === 'POST' && path === '/v3/directline/conversations') {
      const conversation = token === DIRECT_LINE_SECRET ? newConversation() : byToken(token);
      if (!conversation) return refuse(res, 403, 'BadArgument', 'the token is not valid');
      // A token that already started its conversation gets 200 and the same conversation (the reference says so).
      const status = conversation.started ? 200 : 201;
      conversation.started = true;
      return send(res, status, {
        conversationId: conversation.id,
        token: conversation.token,
        expires_in: TOKEN_LIFETIME_S,
        streamUrl: `${origin.replace(/^http/, 'ws')}/v3/directline/conversations/${conversation.id}/stream?t=${conversation.token}`,
      });
    }
    const match = CLIENT.exec(path);
    const conversation = match ? byToken(token, decodeURIComponent(match[1] ?? '')) : undefined;
    if (match && !conversation) return refuse(res, 403, 'BadArgument', 'the token is not valid for this conversation');
    if (!match || !conversation) return refuse(res, 404, 'NotFound', 'no such endpoint');
    if (req.method === 'GET') {
      const watermark = Number(new URL(req.url ?? '', origin).searchParams.get('watermark') ?? '-1');
      const after = Number.isFinite(watermark) ? watermark : -1;
      // Typing indicators reach only WebSocket clients; a polling client never sees them.
      const activities = conversation.activities.filter((a, i) => i > after && a.type !== 'typing');
      return send(res, 200, { activities, watermark: String(conversation.activities.length - 1) });
    }
    if (req.method !== 'POST' || typeof body.type !== 'string')
      return refuse(res, 400, 'BadArgument', 'expected an activity');
    const from = { id: String(body.from?.id ?? ''), ...(body.from?.name ? { name: body.from.name } : {}) };
    if (from.id === '') return refuse(res, 400, 'BadArgument', 'the activity needs from.id');
    // Without a user id in the token, the bot hears of the conversation with the user's first activity.
    if (conversation.members.size === 0) {
      conversation.members.add(from.id);
      await toBot(conversation, joined(conversation, from)).catch(() => undefined);
    }
    const stored = append(conversation, { ...body, from: { ...body.from, role: 'user' } });
    // The answer reflects the bot's: an error there is a 502 to the client (Direct Line 3.0, "Send an activity").
    const botStatus = await toBot(conversation, stored).catch(() => 502);
    if (botStatus >= 400) return refuse(res, 502, 'BotError', `the bot answered ${botStatus}`);
    return send(res, 200, { id: stored.id });
  };

  const connectorApi = (req: http.IncomingMessage, res: http.ServerResponse, path: string, body: Activity) => {
    const match = CONNECTOR.exec(path);
    const conversation = match ? conversations.get(decodeURIComponent(match[1] ?? '')) : undefined;
    if (!match || !conversation) return refuse(res, 404, 'ConversationNotFound', 'no such conversation');
    if (req.method === 'POST') {
      const stored = append(conversation, { ...body, from: { ...DIRECT_LINE_BOT, ...body.from, role: 'bot' } });
      return send(res, 200, { id: stored.id });
    }
    // Direct Line keeps what was posted: updating or deleting an activity is refused (botframework-sdk #4734: 405,
    // BadArgument, "This channel does not support this operation").
    return refuse(res, 405, 'BadArgument', 'This channel does not support this operation');
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      // Web Chat runs in a page of another origin: the service answers CORS preflights for any origin.
      res.setHeader('access-control-allow-origin', '*');
      if (req.method === 'OPTIONS') {
        res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
        res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '*');
        return send(res, 204);
      }
      let body: Activity = {};
      try {
        body = chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return refuse(res, 400, 'BadArgument', 'the body is not JSON');
      }
      const side: DirectLineCall['side'] = path.startsWith('/v3/directline/') ? 'client' : 'bot';
      const record = () => {
        const call: DirectLineCall = { side, method: req.method ?? '', path, status: res.statusCode };
        if (req.method !== 'GET' && Object.keys(body).length > 0) call.activity = body;
        calls.push(call);
      };
      res.on('finish', record);
      const handled = side === 'client' ? clientApi(req, res, path, body) : connectorApi(req, res, path, body);
      Promise.resolve(handled).catch(() => {
        if (!res.headersSent) refuse(res, 500, 'ServiceError', 'the stand-in failed');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    domain: `${origin}/v3/directline`,
    serviceUrl: `${origin}/`,
    calls,
    async generateToken() {
      const response = await fetch(`${origin}/v3/directline/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DIRECT_LINE_SECRET}` },
      });
      return ((await response.json()) as { token: string }).token;
    },
    transcript: (conversationId) => [...(conversations.get(conversationId)?.activities ?? [])],
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
