// A Microsoft Graph and Entra login stand-in on 127.0.0.1, for Teams group rules: the client-credentials token
// endpoint (POST /{tenant}/oauth2/v2.0/token) and POST /v1.0/users/{id}/checkMemberGroups, answering as the
// documented API does (at most 20 ids, `{ value: [...] }`, OData errors), and refusing on demand.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphRequest {
  kind: 'token' | 'checkMemberGroups';
  /** The tenant (token) or the user id (checkMemberGroups) in the path. */
  subject: string;
  body: Record<string, unknown>;
}

export interface GraphStandIn {
  /** GRAPH_URL and GRAPH_LOGIN_URL: one origin serves both. */
  origin: string;
  requests(kind?: GraphRequest['kind']): GraphRequest[];
  /** The groups (ids, any case) a user's checks find; members of none by default. */
  setMemberships(userId: string, groupIds: string[]): void;
  /** The next request of `kind` answers this HTTP status and OData error code instead. */
  failNext(kind: GraphRequest['kind'], status: number, code: string): void;
  close(): Promise<void>;
}

export async function startGraphStandIn(app: { appId: string; appPassword: string }): Promise<GraphStandIn> {
  const recorded: GraphRequest[] = [];
  const memberships = new Map<string, string[]>();
  const faults = new Map<string, Array<{ status: number; code: string }>>();
  const issued = new Set<string>();
  let next = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readAll(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    const check = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(url.pathname);
    if (req.method !== 'POST' || (!token && !check)) return send(res, 404, odata('Request_ResourceNotFound'));
    const kind = token ? 'token' : 'checkMemberGroups';
    const subject = decodeURIComponent((token ?? check)?.[1] ?? '');
    const body: Record<string, unknown> = token
      ? Object.fromEntries(new URLSearchParams(raw))
      : (JSON.parse(raw || '{}') as Record<string, unknown>);
    recorded.push({ kind, subject, body });
    const fault = faults.get(kind)?.shift();
    if (fault) return send(res, fault.status, kind === 'token' ? { error: fault.code } : odata(fault.code));
    if (token) {
      if (body.client_id !== app.appId || body.client_secret !== app.appPassword) {
        return send(res, 401, { error: 'invalid_client' });
      }
      if (body.grant_type !== 'client_credentials' || body.scope !== 'https://graph.microsoft.com/.default') {
        return send(res, 400, { error: 'invalid_request' });
      }
      const value = `graph-token-${++next}`;
      issued.add(value);
      return send(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: value });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined || !issued.has(bearer)) return send(res, 401, odata('InvalidAuthenticationToken'));
    const ids = body.groupIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20) return send(res, 400, odata('Request_BadRequest'));
    const mine = new Set((memberships.get(subject.toLowerCase()) ?? []).map((g) => g.toLowerCase()));
    return send(res, 200, {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)',
      value: ids.filter((id) => typeof id === 'string' && mine.has(id.toLowerCase())),
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, odata('InternalServerError')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: (kind) => recorded.filter((r) => kind === undefined || r.kind === kind),
    setMemberships: (userId, groupIds) => {
      memberships.set(userId.toLowerCase(), [...groupIds]);
    },
    failNext: (kind, status, code) => {
      faults.set(kind, [...(faults.get(kind) ?? []), { status, code }]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function odata(code: string) {
  return { error: { code, message: `${code} (stand-in)` } };
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

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
