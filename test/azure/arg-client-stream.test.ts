// ArgClient.stream against the local Azure stand-in over real HTTP: pages handed on as they arrive, no read-ahead
// (the stand-in has seen N requests when the consumer holds page N), partial reasons at the end, abort and break.
import { type ArgClientOptions, ArgQueryError } from '../../src/azure/arg-client';
import type { ArgPage, ArgStreamEnd, ArgStreamItem } from '../../src/azure/arg-types';
import type { SimHandle } from '../../src/sim/server/types';
import { createStandInArgClient, SUBS, TENANT_A, TENANT_B, useArgStandIn } from './arg-client-estate';

const ROWS = 'Resources | project id, name, subscriptionId, tenantId';
let sim: SimHandle;
useArgStandIn(
  (started) => {
    sim = started;
  },
  () => sim,
);

const client = (overrides: Partial<ArgClientOptions> = {}) =>
  createStandInArgClient(sim, { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 3, budgetMs: 2000 }, overrides);

const argRequests = (): number => sim.admin.requests({ endpoint: 'arg' }).length;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads a stream to its end; `onPage` runs while the consumer holds page n (1-based). */
async function consume(
  stream: AsyncIterable<ArgStreamItem>,
  onPage: (page: ArgPage, n: number) => void | Promise<void> = () => {},
): Promise<{ pages: ArgPage[]; end: ArgStreamEnd; ids: string[] }> {
  const pages: ArgPage[] = [];
  let end: ArgStreamEnd | undefined;
  for await (const item of stream) {
    if (end) throw new Error('an item after the end');
    if (item.kind === 'end') {
      end = item;
      continue;
    }
    pages.push(item);
    await onPage(item, pages.length);
  }
  if (!end) throw new Error('the stream ended without its end item');
  return { pages, end, ids: pages.flatMap((p) => p.rows.map((r) => String(r.id))) };
}

test('pages over more than 1000 rows arrive one by one: page n is in hand after n requests, not before page n+1', async () => {
  const seen: number[] = [];
  const { pages, end, ids } = await consume(client().stream({ kql: ROWS }), async (_page, n) => {
    seen.push(argRequests());
    // A slow consumer: nothing is fetched ahead while it works on this page.
    if (n === 1) await delay(150);
    expect(argRequests()).toBe(n);
  });
  expect(pages.map((p) => p.rows.length)).toEqual([1000, 1000, 500]);
  expect(seen).toEqual([1, 2, 3]);
  expect(new Set(ids).size).toBe(2500);
  expect(end.partial).toEqual([]);
  expect(end.stats).toMatchObject({ requests: 3, rows: 2500 });

  sim.admin.clearRequests();
  const small = await consume(client({ pageSize: 400 }).stream({ kql: ROWS }));
  expect(small.pages).toHaveLength(7);
  expect(small.ids).toHaveLength(2500);
  expect(argRequests()).toBe(7);
});

test('subscription batches stream side by side, each in order, and together give what query() gives', async () => {
  const arg = client({ batchSize: 2, verifySubscriptions: false, pageSize: 100 });
  const scope = { subscriptions: SUBS.slice(0, 5) };
  const kql = `${ROWS} | order by name asc`;
  let inHand = 0;
  const { pages, end, ids } = await consume(arg.stream({ kql, scope }), () => {
    inHand += 1;
    // At most one page per batch (3 batches) is asked for ahead of what the consumer took.
    expect(argRequests()).toBeLessThanOrEqual(inHand + 3);
  });
  expect(new Set(pages.map((p) => p.batch))).toEqual(new Set([0, 1, 2]));
  for (const batch of [0, 1, 2]) {
    const names = pages.filter((p) => p.batch === batch).flatMap((p) => p.rows.map((r) => String(r.name)));
    expect(names).toEqual([...names].sort());
  }
  expect(end.partial).toEqual([]);
  const collected = await arg.query({ kql, scope, fresh: true });
  expect([...ids].sort()).toEqual(collected.rows.map((r) => String(r.id)).sort());
  expect(ids).toHaveLength(1250);
});

test('every streamed row carries its tenant, even when the query projected it away', async () => {
  const { ids, pages } = await consume(client().stream({ kql: 'Resources | project id, name' }));
  expect(ids).toHaveLength(2500);
  expect(pages.every((p) => p.rows.every((r) => r.tenantId === TENANT_A || r.tenantId === TENANT_B))).toBe(true);
});

test('maxRows: the stream stops at the limit and its end says so', async () => {
  const { ids, end } = await consume(client().stream({ kql: ROWS, maxRows: 1200 }));
  expect(ids).toHaveLength(1200);
  expect(end.partial.map((p) => p.kind)).toEqual(['row-limit']);
  expect(argRequests()).toBe(2);
});

test('throttled after the first page: the rows read are handed on, the end says what is missing', async () => {
  const { ids, end } = await consume(client().stream({ kql: ROWS }), (_page, n) => {
    if (n === 1) sim.admin.setFaults({ rules: [{ target: 'arg', throttleForMs: 60_000, retryAfterSeconds: 0 }] });
  });
  expect(ids).toHaveLength(1000);
  expect(end.partial.map((p) => p.kind)).toEqual(['throttled']);
  expect(end.partial[0]?.detail).toMatch(/throttled.*only its first 1000 rows were read/);
  expect(end.stats.rows).toBe(1000);
});

test('a result Resource Graph cuts short (resultTruncated, no $skipToken) ends with a truncated reason', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', truncateTo: 10 }] });
  const { ids, end } = await consume(client().stream({ kql: ROWS }));
  expect(ids).toHaveLength(10);
  expect(end.partial.map((p) => p.kind)).toEqual(['truncated']);
});

test('aborting mid-stream ends the request in flight and sends no more', async () => {
  const stop = new AbortController();
  const reason = new Error('the user went away');
  const reading = consume(client().stream({ kql: ROWS, signal: stop.signal }), (_page, n) => {
    if (n !== 1) return;
    // The next page is slow to come; the caller gives up while it is on its way.
    sim.admin.setFaults({ rules: [{ target: 'arg', latencyMs: 300 }] });
    setTimeout(() => stop.abort(reason), 100);
  });
  await expect(reading).rejects.toBe(reason);
  await delay(500);
  // Page 2's request (logged when the stand-in finishes it) at most; never page 3.
  expect(argRequests()).toBeLessThanOrEqual(2);
});

test('leaving the loop early (break) sends no more requests', async () => {
  let pages = 0;
  for await (const item of client({ pageSize: 500 }).stream({ kql: ROWS })) {
    if (item.kind === 'page') pages += 1;
    if (pages === 2) break;
  }
  await delay(100);
  expect(argRequests()).toBe(2);
});

test('a query that cannot be paged is refused at once; one Azure refuses is thrown from the stream', async () => {
  expect(() => client().stream({ kql: 'Resources | project properties' })).toThrow(ArgQueryError);
  expect(argRequests()).toBe(0);
  await expect(consume(client().stream({ kql: 'Resources | where nosuchcolumn == 1 | project id' }))).rejects.toThrow(
    /nosuchcolumn/i,
  );
  expect(argRequests()).toBe(1);
});

test('streams are never cached: the same stream twice asks Resource Graph twice', async () => {
  const arg = client({ cacheTtlMs: 60_000 });
  await consume(arg.stream({ kql: `${ROWS} | where name startswith 'vm-2'` }));
  await consume(arg.stream({ kql: `${ROWS} | where name startswith 'vm-2'` }));
  expect(argRequests()).toBe(2);
});
