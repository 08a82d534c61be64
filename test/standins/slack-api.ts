// A Slack Web API stand-in on 127.0.0.1: records chat.postMessage, chat.update, chat.postEphemeral, chat.delete,
// views.publish, users.info and response_url posts, answers like Slack, and refuses on demand (429 + Retry-After,
// ok:false). users.info tells each person's time zone (Europe/Berlin unless a test sets another);
// usergroups.users.list the members of the user groups a test set (no_such_subteam for any other).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  /** A Web API method (`chat.postMessage`) or `response_url`. */
  method: string;
  /** Arguments as Slack received them; JSON-encoded fields (blocks, view) are parsed back. */
  args: Record<string, unknown>;
  /** For response_url posts: the id in the URL (see responseUrl()). */
  urlId?: string;
  /** What the stand-in answered (e.g. the ts of a posted message). */
  answer?: Record<string, unknown>;
  at: number;
}

export type Fault = { status: 429; retryAfter: number } | { error: string } | { status: number };

export interface SlackStandIn {
  /** http://127.0.0.1:PORT/api/ — the bot's SLACK_API_URL. */
  apiUrl: string;
  /** A response_url on this stand-in; posts to it are recorded with `urlId: id`. */
  responseUrl(id: string): string;
  calls(method?: string): RecordedCall[];
  /** Every attempt, refused ones included (a refused call is not in calls()). */
  attempts(method?: string): RecordedCall[];
  /** The next call of `method` (or `response_url`) gets this answer instead; queue several for several calls. */
  failNext(method: string, fault: Fault): void;
  /** Resolves when `count` calls of `method` (and `where`, if given) were recorded; rejects after `timeoutMs`. */
  waitFor(
    method: string,
    count?: number,
    timeoutMs?: number,
    where?: (call: RecordedCall) => boolean,
  ): Promise<RecordedCall[]>;
  /** users.info answers `tz` for this person (undefined: a user without a zone); reset() restores the default. */
  setTimeZone(userId: string, tz: string | undefined): void;
  /** usergroups.users.list answers these members for user group `groupId`; reset() forgets every group. */
  setUserGroup(groupId: string, members: string[]): void;
  /** apps.connections.open answers this WebSocket URL (Socket Mode tests). */
  setSocketUrl(url: string): void;
  reset(): void;
  close(): Promise<void>;
}

export const BOT_USER_ID = 'UBOT0001';
export const BOT_ID = 'BBOT0001';
export const TEAM_ID = 'T0000001';
/** The zone users.info gives everyone a test has not set another for. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const recorded: RecordedCall[] = [];
  const attempted: RecordedCall[] = [];
  const faults = new Map<string, Fault[]>();
  const waiters: Array<() => void> = [];
  let socketUrl: string | undefined;
  const zones = new Map<string, string | undefined>();
  const userGroups = new Map<string, string[]>();
  let nextTs = 1_700_000_000;

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: BOT_USER_ID, bot_id: BOT_ID, team_id: TEAM_ID, user: 'backup' };
      case 'chat.postMessage': {
        const channel = String(args.channel);
        // Posting to a user id opens the app's DM with that person; Slack answers with the D… channel.
        const landed = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
        return { ok: true, channel: landed, ts: `${nextTs++}.000100`, message: { text: args.text } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${nextTs++}.000200` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'users.info': {
        const id = String(args.user);
        const tz = zones.has(id) ? zones.get(id) : DEFAULT_TIME_ZONE;
        return { ok: true, user: { id, team_id: TEAM_ID, ...(tz === undefined ? {} : { tz }) } };
      }
      case 'usergroups.users.list': {
        // Slack's documented answer: the members' ids, or ok:false with no_such_subteam for an unknown group.
        const members = userGroups.get(String(args.usergroup));
        return members === undefined ? { ok: false, error: 'no_such_subteam' } : { ok: true, users: members };
      }
      case 'apps.connections.open':
        return socketUrl ? { ok: true, url: socketUrl } : { ok: false, error: 'invalid_auth' };
      default:
        return { ok: true };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readAll(req);
    const args = parseArgs(body, req.headers['content-type']);
    const apiMatch = /^\/api\/(.+)$/.exec(url.pathname);
    const responseMatch = /^\/response\/(.+)$/.exec(url.pathname);
    const method = apiMatch?.[1] ?? (responseMatch ? 'response_url' : undefined);
    if (req.method !== 'POST' || method === undefined) return send(res, 404, { ok: false, error: 'unknown_path' });
    const call: RecordedCall = {
      method,
      args,
      at: Date.now(),
      ...(responseMatch ? { urlId: decodeURIComponent(responseMatch[1] ?? '') } : {}),
    };
    attempted.push(call);
    const fault = faults.get(method)?.shift();
    if (fault !== undefined) {
      if ('retryAfter' in fault) return send(res, 429, { ok: false, error: 'ratelimited' }, fault.retryAfter);
      if ('error' in fault) return send(res, 200, { ok: false, error: fault.error });
      return send(res, fault.status, { ok: false, error: 'fault' });
    }
    call.answer = method === 'response_url' ? { ok: true } : answer(method, args);
    recorded.push(call);
    for (const wake of waiters.splice(0)) wake();
    send(res, 200, call.answer);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { ok: false, error: 'stand-in failure' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const byMethod = (list: RecordedCall[], method?: string) =>
    method === undefined ? [...list] : list.filter((c) => c.method === method);

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    calls: (method) => byMethod(recorded, method),
    attempts: (method) => byMethod(attempted, method),
    failNext: (method, fault) => {
      faults.set(method, [...(faults.get(method) ?? []), fault]);
    },
    waitFor: (method, count = 1, timeoutMs = 5_000, where = () => true) =>
      new Promise<RecordedCall[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          const saw = byMethod(recorded, method).filter(where).length;
          reject(new Error(`timed out waiting for ${count} × ${method}; saw ${saw}`));
        }, timeoutMs);
        const check = () => {
          const found = byMethod(recorded, method).filter(where);
          if (found.length >= count) {
            clearTimeout(timer);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      }),
    setTimeZone: (userId, tz) => {
      zones.set(userId, tz);
    },
    setUserGroup: (groupId, members) => {
      userGroups.set(groupId, [...members]);
    },
    setSocketUrl: (value) => {
      socketUrl = value;
    },
    reset: () => {
      recorded.length = 0;
      attempted.length = 0;
      faults.clear();
      zones.clear();
      userGroups.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** The Web API client sends forms with JSON in nested fields; response_url posts are JSON. */
function parseArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (body === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(res: ServerResponse, status: number, body: unknown, retryAfter?: number): void {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}
