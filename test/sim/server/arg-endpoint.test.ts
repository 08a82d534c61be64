// Resource Graph through the stand-in with the real @azure/arm-resourcegraph 5 client: paging, formats, scope, quota,
// throttling, limits and errors.
import { type QueryRequest, ResourceGraphClient } from '@azure/arm-resourcegraph';
import { createArmConnection } from '../../../src/azure/arm-connection';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle, SimOptions } from '../../../src/sim/server/types';
import { createFixtureEstate, rsvItemId, SUB_A, SUB_B } from './fixture-estate';
import { refusal } from './support';

let sim: SimHandle;

async function start(extra: Partial<SimOptions> = {}): Promise<void> {
  sim = await startSim({ estate: createFixtureEstate(), ...extra });
}

afterEach(async () => {
  await sim.close();
});

function graph(retries = 0): ResourceGraphClient {
  const conn = createArmConnection({ endpoint: sim.url });
  return new ResourceGraphClient(conn.credential, { ...conn.clientOptions, retryOptions: { maxRetries: retries } });
}

const ALL_RSR = 'RecoveryServicesResources | project id, name, subscriptionId | order by id asc';

async function rawQuery(body: object, apiVersion = '2024-04-01'): Promise<Response> {
  return fetch(`${sim.url}/providers/Microsoft.ResourceGraph/resources?api-version=${apiVersion}`, {
    method: 'POST',
    headers: { authorization: 'Bearer raw-caller', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

test('pages through $skipToken to the end over a snapshot taken by the first page', async () => {
  await start();
  const client = graph();
  const total = sim.estate.tables.RecoveryServicesResources.length;
  const rows: { id: string }[] = [];
  let skipToken: string | undefined;
  let pages = 0;
  do {
    const request: QueryRequest = { query: ALL_RSR, options: { top: 3, ...(skipToken ? { skipToken } : {}) } };
    const page = await client.resources(request);
    pages += 1;
    expect(page.totalRecords).toBe(total);
    expect(page.resultTruncated).toBe('false');
    rows.push(...(page.data as { id: string }[]));
    skipToken = page.skipToken;
    // Rows added while paging do not show up in this paging run (the result is cached per token).
    if (pages === 1)
      sim.estate.tables.RecoveryServicesResources.push({ id: '/zzz', name: 'late', subscriptionId: SUB_A });
  } while (skipToken);
  expect(pages).toBe(Math.ceil(total / 3));
  expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort());
  expect(new Set(rows.map((r) => r.id)).size).toBe(total);
  const fresh = await client.resources({ query: ALL_RSR, options: { top: 1000 } });
  expect(fresh.totalRecords).toBe(total + 1);
});

test('table format returns typed columns and row arrays; objectArray is the default', async () => {
  await start();
  const query = 'Resources | project id, name, n = 1, at = now() | order by id asc';
  const table = await graph().resources({ query, options: { resultFormat: 'table' } });
  expect(table.data).toEqual({
    columns: [
      { name: 'id', type: 'string' },
      { name: 'name', type: 'string' },
      { name: 'n', type: 'integer' },
      { name: 'at', type: 'datetime' },
    ],
    rows: expect.arrayContaining([[expect.stringContaining('/vaults/rsv-prod'), 'rsv-prod', 1, expect.any(String)]]),
  });
  const objects = await graph().resources({ query });
  expect((objects.data as object[])[0]).toEqual(expect.objectContaining({ id: expect.any(String), n: 1 }));
  expect(objects.facets).toEqual([]);
});

test('subscriptions (any casing) and management groups limit the rows', async () => {
  await start();
  const bySub = await graph().resources({ query: ALL_RSR, subscriptions: [SUB_B.toUpperCase()] });
  const subs = new Set((bySub.data as { subscriptionId: string }[]).map((r) => r.subscriptionId));
  expect([...subs]).toEqual([SUB_B]);
  const byMg = await graph().resources({ query: ALL_RSR, managementGroups: ['mg-prod'] });
  expect(new Set((byMg.data as { subscriptionId: string }[]).map((r) => r.subscriptionId))).toEqual(new Set([SUB_A]));
  const both = await refusal(() =>
    graph().resources({ query: ALL_RSR, subscriptions: [SUB_A], managementGroups: ['mg-prod'] }),
  );
  expect(both.statusCode).toBe(400);
});

test('every answer carries the quota headers; past the quota a 429 with Retry-After', async () => {
  await start({ quota: { limit: 3, windowMs: 2000 } });
  const seen: (string | undefined)[][] = [];
  for (let i = 0; i < 2; i++) {
    await graph().resources(
      { query: ALL_RSR },
      {
        onResponse: (raw) =>
          seen.push([raw.headers.get('x-ms-user-quota-remaining'), raw.headers.get('x-ms-user-quota-resets-after')]),
      },
    );
  }
  expect(seen).toEqual([
    ['2', expect.stringMatching(/^00:00:0[12]$/)],
    ['1', expect.stringMatching(/^00:00:0[12]$/)],
  ]);
  // Another caller has its own quota.
  expect((await rawQuery({ query: ALL_RSR })).headers.get('x-ms-user-quota-remaining')).toBe('2');
  await graph().resources({ query: ALL_RSR });
  const throttled = await refusal(() => graph().resources({ query: ALL_RSR }));
  expect(throttled.statusCode).toBe(429);
  expect(throttled.response?.headers.get('retry-after')).toMatch(/^[12]$/);
  expect(throttled.response?.headers.get('x-ms-user-quota-remaining')).toBe('0');
  expect(sim.admin.requests({ endpoint: 'arg' }).at(-1)?.answeredBy).toBe('quota-429');
});

test('a 429 storm on ARG says the quota is spent; the client rides it out', async () => {
  await start({ faults: { rules: [{ target: 'arg', throttleNext: 2, retryAfterSeconds: 1 }] } });
  const raw = await rawQuery({ query: ALL_RSR });
  expect(raw.status).toBe(429);
  expect([raw.headers.get('retry-after'), raw.headers.get('x-ms-user-quota-remaining')]).toEqual(['1', '0']);
  expect(raw.headers.get('x-ms-user-quota-resets-after')).toBe('00:00:01');
  const page = await graph(3).resources({ query: ALL_RSR });
  expect(page.count).toBeGreaterThan(0);
  expect(sim.admin.requests({ endpoint: 'arg' }).map((r) => r.answeredBy)).toEqual([
    'fault-429',
    'fault-429',
    'handler',
  ]);
});

test('the client retries a quota 429 after Retry-After and gets the page', async () => {
  await start({ quota: { limit: 1, windowMs: 1000 } });
  await graph(3).resources({ query: ALL_RSR });
  const t = Date.now();
  const page = await graph(3).resources({ query: ALL_RSR });
  expect(page.count).toBeGreaterThan(0);
  expect(Date.now() - t).toBeGreaterThanOrEqual(500);
  expect(sim.admin.requests({ endpoint: 'arg' }).map((r) => r.status)).toEqual([200, 429, 200]);
});

test('take/limit and all-dynamic projections give no $skipToken; cut results say resultTruncated "true"', async () => {
  await start();
  const take = await graph().resources({ query: `${ALL_RSR} | take 5`, options: { top: 2 } });
  expect([take.count, take.totalRecords, take.resultTruncated, take.skipToken]).toEqual([2, 5, 'true', undefined]);
  const dynamic = await graph().resources({
    query: 'RecoveryServicesResources | project properties',
    options: { top: 2 },
  });
  expect([dynamic.count, dynamic.resultTruncated, dynamic.skipToken]).toEqual([2, 'true', undefined]);
  const small = await graph().resources({ query: `${ALL_RSR} | take 2`, options: { top: 5 } });
  expect([small.count, small.resultTruncated]).toEqual([2, 'false']);
});

test('a truncation fault answers fewer rows, resultTruncated "true" and no $skipToken', async () => {
  await start({ faults: { rules: [{ target: 'arg', truncateTo: 2 }] } });
  const page = await graph().resources({ query: ALL_RSR, options: { top: 5 } });
  expect([page.count, page.resultTruncated, page.skipToken]).toEqual([2, 'true', undefined]);
  expect(page.totalRecords).toBe(sim.estate.tables.RecoveryServicesResources.length);
});

test('query errors answer 400 BadRequest with InvalidQuery details naming line and column', async () => {
  await start();
  const err = await refusal(() => graph().resources({ query: 'Resources\n| where name ==' }));
  expect([err.statusCode, err.code]).toEqual([400, 'BadRequest']);
  const details = (err.details as { error: { details: { code: string; message: string }[] } }).error.details;
  expect(details[0]?.code).toBe('InvalidQuery');
  expect(details[0]?.message).toMatch(/line 2, column \d+/);
  const unknown = await refusal(() => graph().resources({ query: 'NoSuchTable | take 1' }));
  expect(unknown.statusCode).toBe(400);
});

test('a construct the stand-in does not support is a 400 whose details name it', async () => {
  await start();
  const refused: [string, string][] = [
    ['Resources | make-series n = count() on todatetime(properties.t) step 1d', "the operator 'make-series'"],
    ['Resources | extend h = hash_sha256(name)', "the function 'hash_sha256'"],
    ['Resources | parse kind=relaxed id with "/" x', 'parse kind=relaxed'],
  ];
  for (const [query, named] of refused) {
    const err = await refusal(() => graph().resources({ query }));
    expect(err.statusCode).toBe(400);
    const details = (err.details as { error: { details: { code: string; message: string }[] } }).error.details;
    expect(details[1]).toMatchObject({ code: 'UnsupportedConstruct' });
    expect(details[1]?.message).toContain(`${named} is not supported`);
  }
});

test("runs a query in the shape of Microsoft's Backup Explorer paging (hash, makelist, row_number, mvexpand)", async () => {
  await start();
  const query = `RecoveryServicesResources
    | extend vaultId = tolower(replace(@'\\/backupFabrics.*', '', id))
    | summarize hashes = tostring(makelist(tostring(hash(vaultId)), 100)), c = count()
    | project pages = range(1, (c - 1) / 2 + 1, 1), hashes
    | mvexpand pages
    | sort by toint(pages) asc
    | extend n = row_number()
    | project page = tostring(pages), n`;
  const page = await graph().resources({ query });
  const total = sim.estate.tables.RecoveryServicesResources.length;
  const pages = Math.floor((total - 1) / 2) + 1;
  expect(page.data).toEqual(Array.from({ length: pages }, (_, i) => ({ page: String(i + 1), n: i + 1 })));
});

test('api-versions, $top bounds and the 16 MiB payload cap are enforced like ARG', async () => {
  await start({ payloadLimitBytes: 600 });
  expect((await rawQuery({ query: ALL_RSR, options: { $top: 1 } }, '2021-03-01')).status).toBe(200);
  expect((await rawQuery({ query: ALL_RSR, options: { $top: 1 } }, '2022-10-01')).status).toBe(200);
  const bad = await rawQuery({ query: ALL_RSR }, '2030-01-01');
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('NoRegisteredProviderFound');
  for (const $top of [0, 1001]) expect((await rawQuery({ query: ALL_RSR, options: { $top } })).status).toBe(400);
  const big = await rawQuery({ query: 'RecoveryServicesResources | project id, properties' });
  expect(big.status).toBe(400);
  const body = (await big.json()) as { error: { code: string; details: { code: string }[] } };
  expect([body.error.code, body.error.details[0]?.code]).toEqual(['BadRequest', 'ResponsePayloadTooLarge']);
  expect(
    (
      await fetch(`${sim.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
        method: 'POST',
        body: '{}',
      })
    ).status,
  ).toBe(401);
});

test('a triggered backup job is visible to Resource Graph right away', async () => {
  await start();
  const encoded = rsvItemId({ vm: 'vm-web-01' }).split('/').map(encodeURIComponent).join('/');
  const res = await fetch(`${sim.url}${encoded}/backup?api-version=2023-06-01`, {
    method: 'POST',
    headers: { authorization: 'Bearer t' },
    body: JSON.stringify({ properties: { objectType: 'IaasVMBackupRequest' } }),
  });
  expect(res.status).toBe(202);
  const page = await graph().resources({
    query:
      "RecoveryServicesResources | where type =~ 'microsoft.recoveryservices/vaults/backupjobs' and properties.isUserTriggered == true | project id, status = tostring(properties.status), item = tostring(properties.entityFriendlyName)",
  });
  expect(page.data).toEqual([expect.objectContaining({ status: 'InProgress', item: 'vm-web-01' })]);
});
