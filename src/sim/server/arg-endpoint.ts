// POST /providers/Microsoft.ResourceGraph/resources: scope, quota, KQL through the engine, paging, result formats,
// the 16 MiB payload cap and ARG-shaped errors.

import type { Estate, Row, TableName } from '../estate/types';
import { type Column, type DeferredRunOptions, type EvaluatedQuery, KqlError, type TableSource } from '../kql/api';
import { badRequest, checkApiVersion, type QueryBody, readQueryBody } from './arg-request';
import { ArmError, errorResponse, parseJsonBody, type SimResponse } from './http-util';
import { decodeSkipToken, encodeSkipToken, planPage, type ResultCache } from './paging';
import type { QuotaTracker } from './throttle';

/** The engine's runQuery: asked for an unformatted result, of which each page formats only its own rows. */
export type RunQuery = (query: string, source: TableSource, options: DeferredRunOptions) => EvaluatedQuery;

export const ARG_PAYLOAD_LIMIT = 16 * 1024 * 1024;
export interface ArgContext {
  estate: Estate;
  runQuery: RunQuery;
  now: () => Date;
  quota: QuotaTracker;
  cache: ResultCache;
  payloadLimitBytes: number;
}

export interface ArgRequest {
  apiVersion: string | null;
  body: string;
  callerId: string;
  /** From a truncation fault. */
  truncateTo?: number;
}

export function handleArgQuery(ctx: ArgContext, req: ArgRequest): SimResponse {
  const verdict = ctx.quota.take(req.callerId);
  if (!verdict.allowed) {
    const err = new ArmError(
      429,
      'RateLimiting',
      'Please provide below info when asking for support: the request was throttled.',
      [
        {
          code: 'RateLimiting',
          message:
            'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.',
        },
      ],
    );
    return {
      ...errorResponse(err),
      headers: { ...verdict.headers, 'retry-after': String(verdict.retryAfterSeconds) },
      answeredBy: 'quota-429',
    };
  }
  try {
    const answer = answerQuery(ctx, req);
    return { ...answer, headers: { ...answer.headers, ...verdict.headers } };
  } catch (e) {
    const err = toArmError(e);
    return { ...errorResponse(err), headers: { ...err.headers, ...verdict.headers } };
  }
}

function answerQuery(ctx: ArgContext, req: ArgRequest): SimResponse {
  checkApiVersion(req.apiVersion);
  const body = readQueryBody(parseJsonBody(req.body));
  const token = body.skipToken === undefined ? undefined : decodeSkipToken(body.skipToken);
  if (body.skipToken !== undefined && !token) throw badRequest('InvalidSkipToken', 'The $skipToken is invalid.');
  let result = token ? ctx.cache.get(token.c) : undefined;
  let cacheId = result ? token?.c : undefined;
  // A token whose cached result expired: run again (the request carries the query and scope again).
  if (!result) result = runScoped(ctx, body);
  const start = token ? token.o : body.skip;
  const page = planPage(result, start, body.top, req.truncateTo);
  if (page.next !== undefined) cacheId ??= ctx.cache.put(result);
  const payload: Record<string, unknown> = {
    totalRecords: result.rowCount,
    count: page.rows.length,
    resultTruncated: page.truncated ? 'true' : 'false',
  };
  if (cacheId !== undefined && page.next !== undefined)
    payload.$skipToken = encodeSkipToken({ c: cacheId, o: page.next });
  payload.data = body.format === 'table' ? toTable(result.columns, page.rows) : page.rows;
  payload.facets = [];
  const text = JSON.stringify(payload);
  const size = Buffer.byteLength(text);
  if (size > ctx.payloadLimitBytes) {
    const message = `Response payload size is ${size}, and has exceeded the limit of ${ctx.payloadLimitBytes}. Please consider querying less data at a time and make paginated call if needed.`;
    throw new ArmError(400, 'BadRequest', message, [{ code: 'ResponsePayloadTooLarge', message }]);
  }
  return { status: 200, body: text };
}

function runScoped(ctx: ArgContext, body: QueryBody): EvaluatedQuery {
  const subs = body.subscriptions ?? subscriptionsOfManagementGroups(ctx.estate, body.managementGroups);
  const allowed = subs ? new Set(subs.map((s) => s.toLowerCase())) : undefined;
  const options: DeferredRunOptions = { now: ctx.now(), deferFormatting: true };
  if (allowed) {
    options.rowFilter = (row: Row) =>
      typeof row.subscriptionId === 'string' && allowed.has(row.subscriptionId.toLowerCase());
  }
  const source: TableSource = (table) => {
    const hit = Object.keys(ctx.estate.tables).find((t) => t.toLowerCase() === table.toLowerCase());
    return hit === undefined ? undefined : ctx.estate.tables[hit as TableName];
  };
  return ctx.runQuery(body.query, source, options);
}

/** mg → subscriptions from ResourceContainers' managementGroupAncestorsChain; no chains in the estate → every subscription. */
function subscriptionsOfManagementGroups(estate: Estate, groups: string[] | undefined): string[] | undefined {
  if (!groups || groups.length === 0) return undefined;
  const wanted = new Set(groups.map((g) => g.toLowerCase()));
  const subs = (estate.tables.ResourceContainers ?? []).filter(
    (r) => String(r.type).toLowerCase() === 'microsoft.resources/subscriptions',
  );
  const chains = subs.map(
    (r) =>
      (r.properties as { managementGroupAncestorsChain?: { name?: string }[] } | undefined)
        ?.managementGroupAncestorsChain,
  );
  if (!chains.some((c) => Array.isArray(c))) return undefined;
  return subs
    .filter((_, i) => (chains[i] ?? []).some((mg) => wanted.has(String(mg.name).toLowerCase())))
    .map((r) => String(r.subscriptionId));
}

/** ARG table format column types (REST ColumnDataType). */
const TABLE_TYPES: Record<Column['type'], string> = {
  string: 'string',
  guid: 'string',
  timespan: 'string',
  long: 'integer',
  int: 'integer',
  real: 'number',
  bool: 'boolean',
  datetime: 'datetime',
  dynamic: 'object',
};

function toTable(columns: Column[], rows: Row[]): object {
  return {
    columns: columns.map((c) => ({ name: c.name, type: TABLE_TYPES[c.type] ?? 'object' })),
    rows: rows.map((r) => columns.map((c) => r[c.name] ?? null)),
  };
}

function toArmError(e: unknown): ArmError {
  if (e instanceof ArmError) return e;
  if (e instanceof KqlError) {
    const where = e.position ? ` (line ${e.position.line}, column ${e.position.column})` : '';
    const reason = e.detail ?? e.message;
    const details: { code: string; message: string; [k: string]: unknown }[] = [
      { code: 'InvalidQuery', message: `Query is invalid${where}: ${reason}` },
    ];
    const inner: { code: string; message: string; [k: string]: unknown } = { code: e.code, message: reason };
    if (e.position) {
      inner.line = e.position.line;
      inner.characterPositionInLine = e.position.column;
    }
    details.push(inner);
    return new ArmError(
      400,
      'BadRequest',
      'Please provide below info when asking for support: the query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.',
      details,
    );
  }
  return new ArmError(
    500,
    'InternalServerError',
    `Encountered internal server error: ${(e as Error)?.message ?? String(e)}`,
  );
}
