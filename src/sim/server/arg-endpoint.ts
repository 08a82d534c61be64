// POST /providers/Microsoft.ResourceGraph/resources: scope, quota, KQL through the engine, paging, result formats,
// the 16 MiB payload cap and ARG-shaped errors.

import type { Estate, Row, TableName } from '../estate/types';
import { type Column, KqlError, type QueryResult, type RunOptions, type TableSource } from '../kql/api';
import { ArmError, errorResponse, parseJsonBody, type SimResponse } from './http-util';
import { decodeSkipToken, encodeSkipToken, planPage, type ResultCache } from './paging';
import type { QuotaTracker } from './throttle';

export type RunQuery = (query: string, source: TableSource, options: RunOptions) => QueryResult;

/** 2024-04-01 is what @azure/arm-resourcegraph 5.0.0 sends; older ones are still served by Azure. */
export const ARG_API_VERSIONS = [
  '2024-04-01',
  '2022-10-01',
  '2021-06-01-preview',
  '2021-03-01',
  '2020-04-01-preview',
  '2019-04-01',
];
export const ARG_PAYLOAD_LIMIT = 16 * 1024 * 1024;
/** Default page size when $top is absent (current work-with-data doc: 1000; older docs said 100). */
const DEFAULT_TOP = 1000;

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

interface QueryBody {
  query: string;
  subscriptions?: string[];
  managementGroups?: string[];
  top: number;
  skip: number;
  skipToken?: string;
  format: 'objectArray' | 'table';
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
    totalRecords: result.rows.length,
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

function runScoped(ctx: ArgContext, body: QueryBody): QueryResult {
  const subs = body.subscriptions ?? subscriptionsOfManagementGroups(ctx.estate, body.managementGroups);
  const allowed = subs ? new Set(subs.map((s) => s.toLowerCase())) : undefined;
  const options: RunOptions = { now: ctx.now() };
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

function checkApiVersion(apiVersion: string | null): void {
  if (!apiVersion) {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!ARG_API_VERSIONS.includes(apiVersion)) {
    // Wording modelled on ARM's answer for an unknown api-version (exact text unverified).
    throw new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'global' and API version '${apiVersion}' for type 'resources'. The supported api-versions are '${ARG_API_VERSIONS.join(', ')}'.`,
    );
  }
}

function readQueryBody(raw: unknown): QueryBody {
  if (!raw || typeof raw !== 'object')
    throw badRequest('InvalidRequestContent', 'The request body must be a JSON object.');
  const b = raw as Record<string, unknown>;
  if (typeof b.query !== 'string' || b.query.trim() === '')
    throw badRequest('MissingQuery', "The 'query' property is required.");
  const subscriptions = stringList(b.subscriptions, 'subscriptions');
  const managementGroups = stringList(b.managementGroups, 'managementGroups');
  if (subscriptions?.length && managementGroups?.length) {
    throw badRequest('InvalidScope', "Only one of 'subscriptions' and 'managementGroups' may be specified.");
  }
  const o = (b.options ?? {}) as Record<string, unknown>;
  const top = o.$top ?? DEFAULT_TOP;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > 1000) {
    throw badRequest('InvalidTopValue', "The '$top' option must be an integer between 1 and 1000.");
  }
  const skip = o.$skip ?? 0;
  if (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0) {
    throw badRequest('InvalidSkipValue', "The '$skip' option must be a non-negative integer.");
  }
  const format = o.resultFormat ?? 'objectArray';
  if (format !== 'objectArray' && format !== 'table') {
    throw badRequest('InvalidResultFormat', "The 'resultFormat' option must be 'table' or 'objectArray'.");
  }
  const skipToken = typeof o.$skipToken === 'string' && o.$skipToken !== '' ? o.$skipToken : undefined;
  const body: QueryBody = { query: b.query, top, skip, format };
  if (subscriptions?.length) body.subscriptions = subscriptions;
  if (managementGroups?.length) body.managementGroups = managementGroups;
  if (skipToken !== undefined) body.skipToken = skipToken;
  return body;
}

function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw badRequest('InvalidRequestContent', `'${name}' must be an array of strings.`);
  }
  return value as string[];
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

function badRequest(code: string, message: string): ArmError {
  return new ArmError(400, 'BadRequest', message, [{ code, message }]);
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
