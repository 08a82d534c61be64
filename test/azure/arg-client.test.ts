// The Resource Graph client against the local Azure stand-in over real HTTP: paging, batching, quota pacing, retries,
// partial answers, single-flight + cache, scopes. Requests are counted where Azure would count them: at the stand-in.

import { type ArgClientOptions, ArgQueryError } from '../../src/azure/arg-client';
import type { ArgResult } from '../../src/azure/arg-types';
import { createArmConnection, createStaticTokenCredential } from '../../src/azure/arm-connection';
import { UserFacingError } from '../../src/core/errors';
import type { SimHandle } from '../../src/sim/server/types';
import {
  createStandInArgClient,
  MG_PROD_SUBS,
  SUBS,
  startArgStandIn,
  TENANT_A,
  TENANT_B,
  useArgStandIn,
} from './arg-client-estate';

const ROWS = 'Resources | project id, name, subscriptionId, tenantId';
let sim: SimHandle;
useArgStandIn(
  (started) => {
    sim = started;
  },
  () => sim,
);

const client = (overrides: Partial<ArgClientOptions> = {}) =>
  createStandInArgClient(sim, { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 4, budgetMs: 3000 }, overrides);

const argRequests = (): number => sim.admin.requests({ endpoint: 'arg' }).length;
const kinds = (r: ArgResult): string[] => r.partial.map((p) => p.kind);

test('pages to the end over more than 1000 rows, one request per page', async () => {
  const result = await client().query({ kql: ROWS });
  expect(result.rows).toHaveLength(2500);
  expect(new Set(result.rows.map((r) => r.id)).size).toBe(2500);
  expect(result.partial).toEqual([]);
  expect(argRequests()).toBe(3);
  expect(result.stats).toMatchObject({ requests: 3, rows: 2500 });
  expect(result.stats.argMs).toBeGreaterThan(0);

  sim.admin.clearRequests();
  const small = await client({ pageSize: 400 }).query({ kql: ROWS });
  expect(small.rows).toHaveLength(2500);
  expect(argRequests()).toBe(7);
});

test('a list of subscriptions goes in batches, checked against what the identity can see', async () => {
  const wanted = SUBS.slice(0, 5);
  const result = await client({ batchSize: 2 }).query({ kql: ROWS, scope: { subscriptions: wanted } });
  // 1 look-up of visible subscriptions + 3 batches of at most 2.
  expect(argRequests()).toBe(4);
  expect(result.partial).toEqual([]);
  expect(new Set(result.rows.map((r) => String(r.subscriptionId)))).toEqual(new Set(wanted));

  sim.admin.clearRequests();
  await client({ batchSize: 2, verifySubscriptions: false }).query({ kql: ROWS, scope: { subscriptions: wanted } });
  expect(argRequests()).toBe(3);
});

test('a requested subscription the identity cannot see is reported, not silently missing', async () => {
  const ghost = '99999999-9999-9999-9999-999999999999';
  const result = await client().query({ kql: ROWS, scope: { subscriptions: [SUBS[0] as string, ghost] } });
  expect(result.rows.length).toBeGreaterThan(0);
  expect(result.partial).toHaveLength(1);
  expect(result.partial[0]).toMatchObject({ kind: 'inaccessible-subscriptions', subscriptions: [ghost] });
});

test('management-group scope covers only the subscriptions below the group', async () => {
  const result = await client().query({ kql: ROWS, scope: { managementGroups: ['mg-prod'] } });
  expect(result.partial).toEqual([]);
  expect(new Set(result.rows.map((r) => String(r.subscriptionId)))).toEqual(new Set(MG_PROD_SUBS));
});

test('every row carries its tenant, even when the query projected it away', async () => {
  const result = await client().query({ kql: 'Resources | project id, name' });
  expect(result.rows).toHaveLength(2500);
  expect(result.rows.every((r) => r.tenantId === TENANT_A || r.tenantId === TENANT_B)).toBe(true);
});

test('maxRows stops early and says so', async () => {
  const result = await client().query({ kql: ROWS, maxRows: 1200 });
  expect(result.rows).toHaveLength(1200);
  expect(kinds(result)).toEqual(['row-limit']);
  expect(result.partial[0]?.detail).toContain('2500');
  expect(argRequests()).toBe(2);
});

test('paces itself before the quota runs out: no 429 from a burst of queries', async () => {
  await sim.close();
  sim = await startArgStandIn({ quota: { limit: 5, windowMs: 1000 } });
  const arg = client();
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: 9 }, (_, i) => arg.query({ kql: `${ROWS} | where name != 'q${i}'`, maxRows: 10 })),
  );
  expect(results.every((r) => kinds(r).join() === 'row-limit')).toBe(true);
  expect(sim.admin.requests({ endpoint: 'arg' }).filter((r) => r.status === 429)).toEqual([]);
  // 9 requests at 5 per 1 s window need at least one window change.
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  expect(results.some((r) => (r.stats.waitMs ?? 0) > 0)).toBe(true);
  await sim.close();
  sim = await startArgStandIn();
});

test('a 429 storm is waited out and the answer is complete', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', throttleNext: 3, retryAfterSeconds: 0 }] });
  const result = await client({ retry: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 5, budgetMs: 5000 } }).query({
    kql: `${ROWS} | where name startswith 'vm-3'`,
  });
  expect(result.partial).toEqual([]);
  expect(result.rows.length).toBeGreaterThan(0);
  expect(sim.admin.requests({ endpoint: 'arg' }).map((r) => r.status)).toEqual([429, 429, 429, 200]);
});

test('throttled beyond the retry budget: a labelled partial answer, not an exception', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', throttleForMs: 60_000, retryAfterSeconds: 0 }] });
  const result = await client({ retry: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 3, budgetMs: 2000 } }).query({
    kql: ROWS,
  });
  expect(result.rows).toEqual([]);
  expect(kinds(result)).toEqual(['throttled']);
  expect(result.partial[0]?.detail).toMatch(/throttled/);
  expect(argRequests()).toBe(3);
});

test('a share of 5xx answers is retried until every page is read', async () => {
  sim.admin.setFaults({ seed: 7, rules: [{ target: 'arg', errorRate: 0.4, errorStatus: 503 }] });
  const result = await client({ retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 8, budgetMs: 5000 } }).query({
    kql: ROWS,
  });
  expect(result.partial).toEqual([]);
  expect(result.rows).toHaveLength(2500);
  const statuses = sim.admin.requests({ endpoint: 'arg' }).map((r) => r.status);
  expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s === 200)).toHaveLength(3);
});

test('5xx or dropped connections beyond the retry budget: a failed-batch partial naming what is missing', async () => {
  const arg = client({
    batchSize: 3,
    verifySubscriptions: false,
    retry: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 },
  });
  sim.admin.setFaults({ rules: [{ target: 'arg', errorRate: 1, errorStatus: 500 }] });
  const failed = await arg.query({ kql: ROWS, scope: { subscriptions: SUBS.slice(0, 3) } });
  expect(kinds(failed)).toEqual(['failed-batch']);
  expect(failed.partial[0]?.subscriptions).toEqual(SUBS.slice(0, 3));
  expect(failed.partial[0]?.detail).toMatch(/InternalServerError|500/);

  sim.admin.setFaults({ rules: [{ target: 'arg', timeoutMs: 20 }] });
  const dropped = await arg.query({ kql: ROWS, scope: { subscriptions: SUBS.slice(0, 3) }, fresh: true });
  expect(kinds(dropped)).toEqual(['failed-batch']);
  expect(dropped.partial[0]?.detail).toMatch(/could not be reached/);
});

test('never more requests in flight than the concurrency limit', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', latencyMs: 100 }] });
  const arg = client({ concurrency: 2 });
  const started = Date.now();
  await Promise.all(Array.from({ length: 6 }, (_, i) => arg.query({ kql: `${ROWS} | where name == 'vm-${i}'` })));
  // 6 requests of 100 ms, 2 at a time: at least 3 rounds.
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  expect(argRequests()).toBe(6);
});

test('tokens never reach the log, even when requests fail and are retried', async () => {
  const lines: string[] = [];
  const record = (details: object, message: string): void => {
    lines.push(`${message} ${JSON.stringify(details)}`);
  };
  const logger = { debug: record, info: record, warn: record, error: record };
  const connection = createArmConnection({ endpoint: sim.url });
  const token = (await connection.credential.getToken('https://management.azure.com/.default'))?.token ?? '';
  sim.admin.setFaults({
    rules: [
      { target: 'arg', throttleNext: 1, retryAfterSeconds: 0 },
      { target: 'arg', truncateTo: 5 },
    ],
  });
  await client({ logger }).query({ kql: ROWS });
  expect(lines.some((l) => l.includes('retrying'))).toBe(true);
  expect(lines.some((l) => l.includes('partial'))).toBe(true);
  expect(token.length).toBeGreaterThan(20);
  expect(lines.join('\n')).not.toContain(token);
  expect(lines.join('\n')).not.toMatch(/bearer/i);
});

test('a stand-in that never answers: per-request timeout, then a labelled partial answer', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', timeoutMs: 'forever' }] });
  const started = Date.now();
  const result = await client({
    requestTimeoutMs: 150,
    retry: { maxAttempts: 2, baseDelayMs: 10, budgetMs: 2000 },
  }).query({
    kql: ROWS,
  });
  expect(kinds(result)).toEqual(['timeout']);
  expect(result.partial[0]?.detail).toMatch(/2 attempts/);
  expect(Date.now() - started).toBeLessThan(2000);
});

test('resultTruncated "true" without a $skipToken becomes a truncated partial answer', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', truncateTo: 10 }] });
  const result = await client().query({ kql: ROWS });
  expect(result.rows).toHaveLength(10);
  expect(kinds(result)).toEqual(['truncated']);
});

test('ten identical questions at once cost one query; after the TTL, a new one', async () => {
  const arg = client({ cacheTtlMs: 300 });
  const kql = `${ROWS} | where name startswith 'vm-2'`;
  const results = await Promise.all(Array.from({ length: 10 }, () => arg.query({ kql })));
  expect(argRequests()).toBe(1);
  expect(results.filter((r) => !r.fromCache)).toHaveLength(1);
  expect(new Set(results.map((r) => r.rows.length)).size).toBe(1);
  await arg.query({ kql });
  expect(argRequests()).toBe(1);
  await new Promise((r) => setTimeout(r, 350));
  const again = await arg.query({ kql });
  expect(again.fromCache).toBe(false);
  expect(argRequests()).toBe(2);
});

test('an answer too large for one response is fetched in smaller pages', async () => {
  await sim.close();
  sim = await startArgStandIn({ payloadLimitBytes: 100_000 });
  const result = await client().query({ kql: 'Resources | project id, name, subscriptionId, properties' });
  expect(result.partial).toEqual([]);
  expect(result.rows).toHaveLength(2500);
  // The 1000-row page is refused (ResponsePayloadTooLarge) and read again in halves until it fits.
  const statuses = sim.admin.requests({ endpoint: 'arg' }).map((r) => r.status);
  expect(statuses).toContain(400);
  expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(3);
  await sim.close();
  sim = await startArgStandIn();
});

test('a query Resource Graph refuses is a programming error carrying its message', async () => {
  const error = await client()
    .query({ kql: 'Resources | where nosuchcolumn == 1 | project id' })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ArgQueryError);
  expect((error as Error).message).toMatch(/nosuchcolumn/i);
  expect(argRequests()).toBe(1);
});

test('a query that could not be paged is refused before any request', async () => {
  await expect(client().query({ kql: 'Resources | project properties' })).rejects.toThrow(ArgQueryError);
  expect(argRequests()).toBe(0);
});

test('an identity that cannot authenticate gets an operator-facing error that says what to grant or fix', async () => {
  const broken = {
    async getToken(): Promise<never> {
      const err = new Error('AADSTS7000215: Invalid client secret provided.');
      err.name = 'AuthenticationError';
      throw err;
    },
  };
  const error = await client({ identities: [{ credential: broken, label: 'broken app' }] })
    .query({ kql: ROWS })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserFacingError);
  expect((error as UserFacingError).hint).toMatch(/credential/i);
});

test('one credential per tenant: a tenant filter asks only that tenant’s identity', async () => {
  const identities = [
    { tenantId: TENANT_A, credential: createStaticTokenCredential('principal-a'), label: 'tenant A app' },
    { tenantId: TENANT_B, credential: createStaticTokenCredential('principal-b'), label: 'tenant B app' },
  ];
  const result = await client({ identities }).query({ kql: ROWS, scope: { tenants: [TENANT_B] } });
  expect(result.rows.length).toBeGreaterThan(0);
  expect(new Set(sim.admin.requests({ endpoint: 'arg' }).map((r) => r.caller))).toEqual(new Set(['principal-b']));
});
