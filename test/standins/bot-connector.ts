// Stand-in for the Bot Connector service on 127.0.0.1 (what Teams runs): it records what the bot posts, replies to and
// updates, answers `{ id }` as the real service does, refuses posts on demand (403/404/429/5xx with the Bot Framework
// error body), and builds and sends Teams-shaped activities to the bot.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  kind: 'send' | 'reply' | 'update' | 'delete' | 'other';
  method: string;
  path: string;
  conversationId: string;
  /** The replied-to activity (reply) or the updated/deleted one (update, delete). */
  activityId?: string;
  /** The id this stand-in gave the posted activity (send, reply). */
  newId?: string;
  // biome-ignore lint/suspicious/noExplicitAny: activities are free-form JSON; tests read the fields they check.
  activity: any;
  authorization?: string;
  /** ms since the stand-in started. */
  at: number;
  /** What the stand-in answered. */
  status: number;
}

/** A refusal of the next POST to a conversation, as the Bot Connector sends it: `{ error: { code, message } }`. */
export interface ConnectorFault {
  status: number;
  /** Bot Framework error code, e.g. BotNotInConversationRoster, ConversationNotFound. */
  code?: string;
  message?: string;
  /** Retry-After header (seconds), for 429s. */
  retryAfter?: number;
  /** Which call is refused: a POST (send or reply, the default) or a PUT (update). */
  on?: 'post' | 'update';
}

export interface BotConnectorStandIn {
  /** The serviceUrl to put in activities (ends with '/'). */
  serviceUrl: string;
  /** Calls the stand-in accepted (refused ones are only in `attempts`). */
  readonly calls: ConnectorCall[];
  /** Every call, refused ones included. */
  readonly attempts: ConnectorCall[];
  /** The next `count` POSTs (send or reply; PUTs with `on: 'update'`) to `conversationId` are refused with `fault`. */
  failNext(conversationId: string, fault: ConnectorFault, count?: number): void;
  /** Calls other than typing indicators. */
  messages(): ConnectorCall[];
  /** The first call (already made or coming) that satisfies `match`. */
  waitFor(match: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  /** The first message (not typing) posted as `kind`, e.g. the bot's reply or its update of a placeholder. */
  waitForMessage(kind: ConnectorCall['kind'], timeoutMs?: number): Promise<ConnectorCall>;
  /** Extra delay before each answer, to play a slow network. */
  latencyMs: number;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

function kindOf(method: string, activityId: string | undefined): ConnectorCall['kind'] {
  if (method === 'POST') return activityId === undefined ? 'send' : 'reply';
  if (method === 'PUT' && activityId !== undefined) return 'update';
  if (method === 'DELETE' && activityId !== undefined) return 'delete';
  return 'other';
}

export async function startBotConnector(): Promise<BotConnectorStandIn> {
  const calls: ConnectorCall[] = [];
  const attempts: ConnectorCall[] = [];
  const faults = new Map<string, ConnectorFault[]>();
  const waiters = new Set<() => void>();
  const started = Date.now();
  let counter = 0;
  const standIn = { latencyMs: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const match = ACTIVITIES.exec(path);
      const activityId = match?.[2] === undefined ? undefined : decodeURIComponent(match[2]);
      const kind = match ? kindOf(req.method ?? '', activityId) : 'other';
      const call: ConnectorCall = {
        kind,
        method: req.method ?? '',
        path,
        conversationId: match?.[1] === undefined ? '' : decodeURIComponent(match[1]),
        activity: body === '' ? undefined : JSON.parse(body),
        at: Date.now() - started,
        status: kind === 'other' ? 404 : 200,
      };
      if (activityId !== undefined) call.activityId = activityId;
      if (req.headers.authorization) call.authorization = req.headers.authorization;
      attempts.push(call);
      const target = kind === 'update' ? 'update' : kind === 'send' || kind === 'reply' ? 'post' : undefined;
      const queue = faults.get(call.conversationId) ?? [];
      const index = queue.findIndex((f) => (f.on ?? 'post') === target);
      const fault = index < 0 ? undefined : queue.splice(index, 1)[0];
      if (fault !== undefined) {
        call.status = fault.status;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        res.writeHead(fault.status, headers);
        res.end(JSON.stringify({ error: { code: fault.code ?? 'Fault', message: fault.message ?? 'refused' } }));
        for (const wake of waiters) wake();
        return;
      }
      if (kind === 'send' || kind === 'reply') call.newId = `standin-${++counter}`;
      calls.push(call);
      for (const wake of waiters) wake();
      const answer = () => {
        res.writeHead(call.status, { 'content-type': 'application/json' });
        res.end(kind === 'other' ? '{}' : JSON.stringify({ id: call.newId ?? activityId }));
      };
      if (standIn.latencyMs > 0) setTimeout(answer, standIn.latencyMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return Object.assign(standIn, {
    serviceUrl,
    calls,
    attempts,
    failNext(conversationId: string, fault: ConnectorFault, count = 1): void {
      const queue = faults.get(conversationId) ?? [];
      for (let i = 0; i < count; i++) queue.push(fault);
      faults.set(conversationId, queue);
    },
    messages: () => calls.filter((call) => call.activity?.type !== 'typing'),
    waitFor(match: (call: ConnectorCall) => boolean, timeoutMs = 10_000): Promise<ConnectorCall> {
      return new Promise<ConnectorCall>((resolve, reject) => {
        const check = () => {
          const found = calls.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching Bot Connector call within ${timeoutMs} ms; calls: ${JSON.stringify(calls)}`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    waitForMessage(kind: ConnectorCall['kind'], timeoutMs?: number): Promise<ConnectorCall> {
      return this.waitFor((call) => call.kind === kind && call.activity?.type === 'message', timeoutMs);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

// ---- Teams-shaped activities ------------------------------------------------------------------------------------

export const BOT = { id: '28:bot-app-id', name: 'Backup' };
export const USER = { id: '29:user-1', name: 'Ada Admin', aadObjectId: '6a1e0c3b-1111-4c1d-9d2e-000000000001' };
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CHANNEL_ID = '19:backup-ops@thread.tacv2';

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

// biome-ignore lint/suspicious/noExplicitAny: test activities are plain JSON.
export type TestActivity = Record<string, any>;

/** `threadId`: a channel message's thread (Teams appends ";messageid=…"); install events are about the channel. */
function conversationOf(kind: ConversationKind, threadId: string | undefined): TestActivity {
  if (kind === 'personal') return { id: `a:personal-${USER.id}`, conversationType: 'personal', tenantId: TENANT_ID };
  if (kind === 'groupChat')
    return { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID };
  const id = threadId === undefined ? CHANNEL_ID : `${CHANNEL_ID};messageid=${threadId}`;
  return { id, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID };
}

export function teamsActivity(serviceUrl: string, kind: ConversationKind, fields: TestActivity): TestActivity {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    localTimezone: 'Europe/Berlin',
    from: USER,
    recipient: BOT,
    conversation: conversationOf(
      kind,
      fields.type === 'message' || fields.type === 'invoke' ? '1700000000000' : undefined,
    ),
    channelData: {
      tenant: { id: TENANT_ID },
      ...(kind === 'channel' ? { channel: { id: CHANNEL_ID }, team: { id: '19:team@thread.tacv2' } } : {}),
    },
    ...fields,
  };
}

/** A typed message; in a channel or group chat it starts with the bot's @mention, as Teams delivers it. */
export function teamsMessage(serviceUrl: string, text: string, kind: ConversationKind = 'personal'): TestActivity {
  if (kind === 'personal') return teamsActivity(serviceUrl, kind, { type: 'message', text, textFormat: 'plain' });
  const mention = `<at>${BOT.name}</at>`;
  return teamsActivity(serviceUrl, kind, {
    type: 'message',
    text: `${mention} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: mention, mentioned: BOT }],
  });
}

/**
 * An Action.Execute click on the card in message `replyToId`, with the action's `verb` as Teams sends it (our cards
 * write `cmd:<view>`; plain `cmd` is what cards posted before views were named carry).
 */
export function teamsCardAction(serviceUrl: string, data: unknown, replyToId: string, verb = 'cmd'): TestActivity {
  return teamsActivity(serviceUrl, 'personal', {
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
}

export function teamsInstall(serviceUrl: string, kind: ConversationKind = 'channel'): TestActivity[] {
  return [
    teamsActivity(serviceUrl, kind, { type: 'installationUpdate', action: 'add' }),
    teamsActivity(serviceUrl, kind, { type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] }),
  ];
}

export function teamsRemoval(serviceUrl: string, kind: ConversationKind = 'channel'): TestActivity[] {
  return [
    teamsActivity(serviceUrl, kind, { type: 'installationUpdate', action: 'remove' }),
    teamsActivity(serviceUrl, kind, { type: 'conversationUpdate', membersRemoved: [{ id: BOT.id }] }),
  ];
}

/** POSTs an activity to the bot as the channel would; `token` goes into `Authorization: Bearer`. */
export async function sendToBot(
  botUrl: string,
  activity: TestActivity,
  token?: string,
): Promise<{ status: number; body: unknown; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(botUrl, { method: 'POST', headers, body: JSON.stringify(activity) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {}
  return { status: response.status, body, text };
}
