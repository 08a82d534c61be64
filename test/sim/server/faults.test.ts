// Faults on demand over real HTTP: latency, 5xx share, 429 storms and windows, held requests, set via options,
// the admin API and the admin HTTP endpoint.
import { RecoveryServicesBackupClient } from '@azure/arm-recoveryservicesbackup';
import { createArmConnection } from '../../../src/azure/arm-connection';
import { parseCliArgs } from '../../../src/sim/server/cli-args';
import { startSim } from '../../../src/sim/server/start-sim';
import type { FaultConfig, SimHandle, SimOptions } from '../../../src/sim/server/types';
import { BV_VAULT_ID, createFixtureEstate, RSV_VAULT_ID, SUB_A } from './fixture-estate';

let sim: SimHandle;

async function start(extra: Partial<SimOptions> = {}): Promise<void> {
  sim = await startSim({ estate: createFixtureEstate(), ...extra });
}

afterEach(async () => {
  await sim.close();
});

const AUTH = { authorization: 'Bearer test-token' };
const rsvJobUrl = (): string =>
  `${sim.url}${RSV_VAULT_ID}/backupJobs/aaaaaaaa-0000-0000-0000-000000000001?api-version=2023-06-01`;
const bvJobUrl = (): string => `${sim.url}${BV_VAULT_ID}/backupJobs/nope?api-version=2025-09-01`;

test('latency delays answers of the targeted endpoint only', async () => {
  await start({ faults: { rules: [{ target: 'operations', latencyMs: 1_000 }] } });
  let t = Date.now();
  expect((await fetch(rsvJobUrl(), { headers: AUTH })).status).toBe(200);
  expect(Date.now() - t).toBeGreaterThanOrEqual(990);
  t = Date.now();
  await fetch(
    `${sim.url}${RSV_VAULT_ID}/backupFabrics/Azure/protectionContainers/c/protectedItems/i/backup?api-version=2023-06-01`,
    {
      method: 'POST',
      headers: AUTH,
      body: '{}',
    },
  );
  expect(Date.now() - t).toBeLessThan(700); // no latency on this endpoint; room for a loaded runner
});

test('a 5xx share is reproducible for a seed and answers in ARM shape', async () => {
  const config: FaultConfig = { seed: 42, rules: [{ target: '*', errorRate: 0.5, errorStatus: 500 }] };
  const statuses = async (): Promise<number[]> => {
    sim.admin.setFaults(config);
    const out: number[] = [];
    for (let i = 0; i < 12; i++) out.push((await fetch(rsvJobUrl(), { headers: AUTH })).status);
    return out;
  };
  await start();
  const first = await statuses();
  expect(first).toContain(500);
  expect(first).toContain(200);
  expect(await statuses()).toEqual(first);
  sim.admin.setFaults({ rules: [{ target: 'operations', errorRate: 1 }] });
  const res = await fetch(rsvJobUrl(), { headers: AUTH });
  expect(res.status).toBe(503);
  expect(await res.json()).toEqual({ error: { code: 'ServiceUnavailable', message: expect.any(String) } });
  expect(sim.admin.requests().at(-1)?.answeredBy).toBe('fault-5xx');
});

test('a 429 storm answers the next N requests with Retry-After, then recovers', async () => {
  await start();
  sim.admin.setFaults({ rules: [{ target: 'operations', throttleNext: 2, retryAfterSeconds: 3 }] });
  const a = await fetch(rsvJobUrl(), { headers: AUTH });
  expect([a.status, a.headers.get('retry-after')]).toEqual([429, '3']);
  expect(sim.admin.getFaults().rules[0]?.throttleNext).toBe(1);
  expect((await fetch(bvJobUrl(), { headers: AUTH })).status).toBe(429);
  expect((await fetch(rsvJobUrl(), { headers: AUTH })).status).toBe(200);
});

test('afterRequests lets the first N requests through untouched, then the rule applies', async () => {
  await start({
    faults: { rules: [{ target: 'operations', afterRequests: 2, throttleNext: 1, retryAfterSeconds: 120 }] },
  });
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await fetch(rsvJobUrl(), { headers: AUTH })).status);
  expect(statuses).toEqual([200, 200, 429, 200]);
  await expect(
    fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ target: 'arg', afterRequests: -1 }] }),
    }).then((r) => r.status),
  ).resolves.toBe(400);
});

test('the SDK retries a 429 storm honouring Retry-After and then succeeds', async () => {
  await start({ faults: { rules: [{ target: 'operations', throttleNext: 2, retryAfterSeconds: 1 }] } });
  const conn = createArmConnection({ endpoint: sim.url });
  const rsb = new RecoveryServicesBackupClient(conn.credential, SUB_A, conn.clientOptions);
  const t = Date.now();
  const job = await rsb.jobDetails.get('rsv-prod', 'rg-backup', 'aaaaaaaa-0000-0000-0000-000000000001');
  expect(job.properties?.status).toBe('InProgress');
  expect(Date.now() - t).toBeGreaterThanOrEqual(1900);
  expect(sim.admin.requests({ endpoint: 'operations' }).map((r) => r.status)).toEqual([429, 429, 200]);
});

test('a 429 window throttles every request until it ends', async () => {
  await start({ faults: { rules: [{ target: '*', throttleForMs: 400 }] } });
  expect((await fetch(rsvJobUrl(), { headers: AUTH })).status).toBe(429);
  await new Promise((r) => setTimeout(r, 450));
  expect((await fetch(rsvJobUrl(), { headers: AUTH })).status).toBe(200);
});

test('a timeout holds the request, then drops the connection without an answer', async () => {
  await start({ faults: { rules: [{ target: 'operations', timeoutMs: 300 }] } });
  const t = Date.now();
  await expect(fetch(rsvJobUrl(), { headers: AUTH })).rejects.toThrow();
  expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  expect(sim.admin.requests().at(-1)).toMatchObject({ status: 0, answeredBy: 'fault-timeout' });
});

test('a caller timeout fires on a request held forever, and close() does not wait for it', async () => {
  await start({ faults: { rules: [{ target: 'operations', timeoutMs: 'forever' }] } });
  await expect(fetch(rsvJobUrl(), { headers: AUTH, signal: AbortSignal.timeout(200) })).rejects.toThrow();
  const pending = fetch(bvJobUrl(), { headers: AUTH }).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 50));
  const t = Date.now();
  await sim.close();
  expect(Date.now() - t).toBeLessThan(1000);
  expect(String(await pending)).toContain('fetch failed');
  sim = await startSim({ estate: createFixtureEstate() }); // afterEach closes this one
});

test('faults are set, read and cleared through the admin HTTP endpoint, which faults never touch', async () => {
  await start();
  const set = await fetch(`${sim.url}/_sim/faults`, {
    method: 'POST',
    body: JSON.stringify({ rules: [{ target: '*', errorRate: 1, errorStatus: 503 }] }),
  });
  expect(set.status).toBe(200);
  expect((await fetch(rsvJobUrl(), { headers: AUTH })).status).toBe(503);
  expect(((await (await fetch(`${sim.url}/_sim/faults`)).json()) as FaultConfig).rules).toHaveLength(1);
  const bad = await fetch(`${sim.url}/_sim/faults`, {
    method: 'POST',
    body: JSON.stringify({ rules: [{ target: 'nope' }] }),
  });
  expect(bad.status).toBe(400);
  expect((await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' })).status).toBe(200);
  expect((await fetch(rsvJobUrl(), { headers: AUTH })).status).toBe(200);
  const log = (await (await fetch(`${sim.url}/_sim/requests?endpoint=operations`)).json()) as { count: number };
  expect(log.count).toBe(2);
});

test('npm run sim -- --after-requests arg=1 --timeout arg=forever: the first page comes, then Resource Graph hangs', () => {
  const settings = parseCliArgs([
    '--after-requests',
    'arg=1',
    '--timeout',
    'arg=forever',
    '--trickle',
    'operations=500',
  ]);
  expect(settings.sim.faults).toEqual({
    rules: [
      { target: 'arg', afterRequests: 1, timeoutMs: 'forever' },
      { target: 'operations', trickleMs: 500 },
    ],
  });
});

test('trickle: the headers come at once, the whole body only over the time given', async () => {
  await start({ faults: { rules: [{ target: 'operations', trickleMs: 2_000 }] } });
  const started = Date.now();
  const response = await fetch(rsvJobUrl(), { headers: AUTH });
  const headersAfter = Date.now() - started;
  expect(response.status).toBe(200);
  const body = (await response.json()) as { name?: string };
  expect(body.name).toBe('aaaaaaaa-0000-0000-0000-000000000001');
  expect(headersAfter).toBeLessThan(1_500);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_800);
});
