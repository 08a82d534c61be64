// The /_sim admin endpoint as people and tests use it: refusals, the request log, job outcomes, settle and reset.
import { createStaticTokenCredential } from '../../../src/azure/arm-connection';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle } from '../../../src/sim/server/types';
import { createFixtureEstate, RSV_VAULT_ID, rsvItemId } from './fixture-estate';

let sim: SimHandle;

beforeEach(async () => {
  sim = await startSim({ estate: createFixtureEstate() });
});

afterEach(async () => {
  await sim.close();
});

const encodeId = (id: string): string => id.split('/').map(encodeURIComponent).join('/');

async function bearer(principal: string): Promise<string> {
  return `Bearer ${(await createStaticTokenCredential(principal).getToken('x'))?.token}`;
}

async function triggerVm(principal = 'operator'): Promise<Response> {
  return fetch(`${sim.url}${encodeId(rsvItemId({ vm: 'vm-web-01' }))}/backup?api-version=2023-06-01`, {
    method: 'POST',
    headers: { authorization: await bearer(principal), 'content-type': 'application/json' },
    body: JSON.stringify({ properties: { objectType: 'IaasVMBackupRequest' } }),
  });
}

const admin = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
  const res = await fetch(`${sim.url}/_sim/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
};

async function jobStatus(jobId: string): Promise<number | string> {
  const res = await fetch(`${sim.url}${RSV_VAULT_ID}/backupJobs/${jobId}?api-version=2023-06-01`, {
    headers: { authorization: await bearer('reader') },
  });
  return res.status === 200 ? ((await res.json()) as { properties: { status: string } }).properties.status : res.status;
}

async function jobIdOf(res: Response): Promise<string> {
  const status = res.headers.get('azure-asyncoperation') ?? '';
  const auth = { authorization: await bearer('reader') };
  await fetch(status, { headers: auth });
  const done = (await (await fetch(status, { headers: auth })).json()) as { properties: { jobId: string } };
  return done.properties.jobId;
}

test('GET /_sim lists the admin routes; unknown routes answer 404', async () => {
  const index = await admin('GET', '');
  expect(Object.keys((index.json as { endpoints: object }).endpoints)).toContain('POST /_sim/reset');
  expect((await admin('GET', 'nothing-here')).status).toBe(404);
});

test('forbidden identities set over HTTP are refused with 403; others are not', async () => {
  expect((await admin('POST', 'forbidden', { rules: [{ principal: 'intern' }] })).status).toBe(200);
  expect((await triggerVm('intern')).status).toBe(403);
  expect((await triggerVm('operator')).status).toBe(202);
  expect((await admin('GET', 'forbidden')).json).toEqual({ rules: [{ principal: 'intern' }] });
  expect((await admin('POST', 'forbidden', { rules: [{ vault: 'x' }] })).status).toBe(400);
});

test('the request log counts backup calls per item and filters by caller', async () => {
  await triggerVm('operator');
  expect((await admin('GET', 'requests/backup-count?item=vm-web-01')).json).toEqual({ count: 1 });
  expect((await admin('GET', 'requests/backup-count?item=vm-sql-01')).json).toEqual({ count: 0 });
  const log = (await admin('GET', 'requests?endpoint=rsv-trigger&caller=operator')).json as {
    requests: { itemId: string; status: number }[];
  };
  expect(log.requests).toEqual([
    expect.objectContaining({ itemId: rsvItemId({ vm: 'vm-web-01' }).toLowerCase(), status: 202 }),
  ]);
  await admin('DELETE', 'requests');
  expect(sim.admin.countBackupCalls()).toBe(0);
});

test('job outcomes set over HTTP apply on settle; reset removes triggered jobs', async () => {
  await admin('POST', 'job-completion', { delayMs: 3_600_000, rules: [{ match: 'vm-web-01', outcome: 'Failed' }] });
  const jobId = await jobIdOf(await triggerVm());
  expect(await jobStatus(jobId)).toBe('InProgress');
  await admin('POST', 'jobs/settle');
  expect(await jobStatus(jobId)).toBe('Failed');
  await admin('POST', 'reset');
  expect(await jobStatus(jobId)).toBe(404);
  expect(sim.admin.requests().map((r) => r.endpoint)).toEqual(['admin', 'operations']);
});
