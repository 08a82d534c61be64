// Which of the Entra groups that RETRY_ALLOW, READ_ALLOW and DIGEST_ALLOW name a Teams person belongs to: Microsoft
// Graph checkMemberGroups (transitive, at most 20 ids a request) with an app-only token from the bot's own app
// registration (client credentials). Cached per person for a few minutes; a failed lookup is unknown, never a
// membership, and the caller says so (groupCheckFailed).

import type { Caller } from '../../core/caller';
import type { Logger } from '../../log';

export interface GraphGroupOptions {
  /** The Entra group ids the rules name (lower case); empty: nobody is looked up. */
  groupIds: readonly string[];
  /** The bot's app registration; undefined (no password, e.g. a managed identity): every check fails, said once. */
  credentials?: { appId: string; appPassword: string; tenantId?: string };
  /** Graph's origin, e.g. https://graph.microsoft.com (a stand-in's http://127.0.0.1:PORT in tests). */
  graphUrl: string;
  /** The login authority's origin, e.g. https://login.microsoftonline.com; the tenant id is appended. */
  loginUrl: string;
  log: Logger;
  /** How long a person's groups are kept (default 5 minutes: a removal takes effect within that). */
  ttlMs?: number;
  /** Each HTTP request is abandoned after this long (default 5 s; the answer is waiting). */
  timeoutMs?: number;
  now?: () => number;
}

/** checkMemberGroups takes at most 20 group ids per request (Graph's documented limit). */
const MAX_IDS_PER_CHECK = 20;
/** People remembered at most; beyond it the oldest are looked up again. */
const MAX_PEOPLE = 5_000;

/** What the Teams turn needs: the caller with their named groups filled in. */
export interface GroupLookup {
  settle(caller: Caller): Promise<Caller>;
}

/** No rule names an Entra group: callers pass unchanged, nothing is asked of Graph. */
export const NO_TEAMS_GROUPS: GroupLookup = { settle: async (caller) => caller };

interface Token {
  value: string;
  until: number;
}

export class TeamsGroups implements GroupLookup {
  private readonly people = new Map<string, { groups: readonly string[]; until: number }>();
  private readonly pending = new Map<string, Promise<readonly string[] | undefined>>();
  private readonly tokens = new Map<string, Token>();
  private readonly reported = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: GraphGroupOptions) {
    this.now = options.now ?? Date.now;
    if (options.groupIds.length > 0 && options.credentials === undefined) {
      options.log.warn(
        'Teams group rules cannot apply: checking Entra group membership needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD',
      );
    }
  }

  /** The caller with the named groups they are in; unchanged when no rule names an Entra group. Never rejects. */
  async settle(caller: Caller): Promise<Caller> {
    if (this.options.groupIds.length === 0 || caller.platform !== 'teams' || !caller.aadObjectId) return caller;
    const tenant = this.options.credentials?.tenantId ?? caller.tenantId;
    const key = `${tenant ?? ''}/${caller.aadObjectId.toLowerCase()}`;
    const known = this.people.get(key);
    if (known !== undefined && known.until > this.now()) return { ...caller, groupIds: known.groups };
    let lookup = this.pending.get(key);
    if (lookup === undefined) {
      lookup = this.lookUp(key, caller.aadObjectId, tenant).finally(() => this.pending.delete(key));
      this.pending.set(key, lookup);
    }
    const groups = await lookup;
    return groups === undefined ? { ...caller, groupIds: [], groupCheckFailed: true } : { ...caller, groupIds: groups };
  }

  private async lookUp(
    key: string,
    person: string,
    tenant: string | undefined,
  ): Promise<readonly string[] | undefined> {
    try {
      const credentials = this.options.credentials;
      if (credentials === undefined) return undefined;
      if (tenant === undefined) throw new Error('no tenant id: set MICROSOFT_APP_TENANT_ID');
      const token = await this.token(tenant, credentials);
      const found: string[] = [];
      const ids = this.options.groupIds;
      for (let i = 0; i < ids.length; i += MAX_IDS_PER_CHECK) {
        const url = `${this.options.graphUrl}/v1.0/users/${encodeURIComponent(person)}/checkMemberGroups`;
        const body = await this.post(url, JSON.stringify({ groupIds: ids.slice(i, i + MAX_IDS_PER_CHECK) }), {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        });
        const value = (body as { value?: unknown }).value;
        if (!Array.isArray(value)) throw new Error('checkMemberGroups answered without a value list');
        for (const id of value) if (typeof id === 'string') found.push(id.toLowerCase());
      }
      const groups = [...new Set(found)].sort();
      this.people.delete(key);
      if (this.people.size >= MAX_PEOPLE) this.people.delete(this.people.keys().next().value as string);
      this.people.set(key, { groups, until: this.now() + (this.options.ttlMs ?? 5 * 60_000) });
      return groups;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Said once per cause: a missing permission would otherwise be logged on every question.
      if (!this.reported.has(message)) {
        this.reported.add(message);
        this.options.log.warn(
          { err },
          'could not check Entra group membership (Microsoft Graph checkMemberGroups; the app needs GroupMember.Read.All and User.Read.All); group rules do not apply until it can',
        );
      }
      return undefined;
    }
  }

  /** An app-only Graph token for `tenant`, kept until five minutes before it expires. */
  private async token(tenant: string, credentials: { appId: string; appPassword: string }): Promise<string> {
    const cached = this.tokens.get(tenant);
    if (cached !== undefined && cached.until > this.now()) return cached.value;
    const form = new URLSearchParams({
      client_id: credentials.appId,
      client_secret: credentials.appPassword,
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    const url = `${this.options.loginUrl}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
    const body = (await this.post(url, form.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    })) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') throw new Error('the token endpoint answered without an access_token');
    const lifetimeS = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600);
    this.tokens.set(tenant, { value: body.access_token, until: this.now() + Math.max(0, lifetimeS - 300) * 1000 });
    return body.access_token;
  }

  /** POSTs and parses JSON; a non-2xx answer throws with its status and Graph's error code (never the body's secrets). */
  private async post(url: string, body: string, headers: Record<string, string>): Promise<unknown> {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = {};
    }
    if (!response.ok) {
      const error = (parsed as { error?: unknown }).error;
      const code =
        typeof error === 'string'
          ? error
          : typeof (error as { code?: unknown })?.code === 'string'
            ? (error as { code: string }).code
            : '';
      throw new Error(
        `${new URL(url).pathname.split('/').slice(-1)[0]} answered HTTP ${response.status}${code ? ` (${code})` : ''}`,
      );
    }
    return parsed;
  }
}
