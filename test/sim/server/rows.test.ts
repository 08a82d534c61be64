// Changing the estate of a running stand-in (POST /_sim/rows, SimAdmin.putRows/deleteRows): what the next Resource
// Graph query, a paging run in flight and the backup triggers see, what is refused, and what reset undoes.
import { buildRsvJobRow } from '../../../src/sim/estate/job-rows';
import type { Row } from '../../../src/sim/estate/types';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle } from '../../../src/sim/server/types';
import { BV_VAULT_ID, bvInstance, bvInstanceId, createFixtureEstate, rsvItem, rsvItemId } from './fixture-estate';
import { argAll, argQuery, simAdmin, triggerRsvBackup } from './sim-http';

const T0 = new Date('2026-03-02T10:00:00.000Z');
const RSR = 'RecoveryServicesResources';
let sim: SimHandle;

beforeEach(async () => {
  sim = await startSim({ estate: createFixtureEstate(T0), now: () => T0, quota: { limit: 1000, windowMs: 5000 } });
});

afterEach(async () => {
  await sim.close();
});

type Counts = { added: number; replaced: number; deleted: number };
type Refusal = { error: { code: string; message: string } };

async function postRows(body: unknown): Promise<Counts> {
  const answer = await simAdmin<Counts>(sim.url, 'POST', 'rows', body);
  expect(answer.status).toBe(200);
  return answer.json;
}

const STATES = `${RSR} | project id, type, state = tostring(properties.currentProtectionState), status = tostring(properties.status) | order by id asc`;

function webJob(status: 'Failed' | 'Completed', id = 'dddddddd-0000-0000-0000-000000000001'): Row {
  const job = buildRsvJobRow(rsvItem({ vm: 'vm-web-01' }), {
    jobId: id,
    startTime: new Date(T0.getTime() - 3_600_000),
    endTime: new Date(T0.getTime() - 3_000_000),
    isUserTriggered: false,
    status,
  });
  return JSON.parse(JSON.stringify(job)) as Row;
}

test('added rows come back from the next query: type lower-cased as ARG stores it, id as given', async () => {
  const disk = { ...bvInstance('Disk-02'), type: 'Microsoft.DataProtection/backupVaults/backupInstances' };
  expect(await postRows({ table: 'recoveryservicesresources', rows: [disk] })).toEqual({
    added: 1,
    replaced: 0,
    deleted: 0,
  });
  const found = await argQuery(
    sim.url,
    `${RSR} | where type == 'microsoft.dataprotection/backupvaults/backupinstances' and name == 'Disk-02' | project id, type`,
  );
  expect(found.data).toEqual([
    { id: bvInstanceId('Disk-02'), type: 'microsoft.dataprotection/backupvaults/backupinstances' },
  ]);
});

test('a row posted under the same id in other casing replaces it: a failed job now shows Completed', async () => {
  const failed = webJob('Failed');
  await postRows({ table: RSR, rows: [failed] });
  const before = await argAll(sim.url, STATES);
  const completed = { ...webJob('Completed'), id: String(failed.id).toUpperCase() };
  expect(await postRows({ table: RSR, rows: [completed] })).toEqual({ added: 0, replaced: 1, deleted: 0 });
  const after = await argAll(sim.url, STATES);
  expect(after).toHaveLength(before.length);
  const mine = after.filter((r) => String(r.id).toLowerCase() === String(failed.id).toLowerCase());
  expect(mine).toEqual([expect.objectContaining({ id: completed.id, status: 'Completed' })]);
});

test('deleted rows disappear (ids in any casing); ids that match nothing are not counted', async () => {
  const stopped = rsvItemId({ vm: 'vm-stopped' });
  expect(await postRows({ table: RSR, delete: [stopped.toUpperCase(), '/subscriptions/nope'] })).toEqual({
    added: 0,
    replaced: 0,
    deleted: 1,
  });
  const ids = (await argAll(sim.url, STATES)).map((r) => r.id);
  expect(ids).not.toContain(stopped);
  expect(ids).toContain(rsvItemId({ vm: 'vm-web-01' }));
});

test('a paging run that continues after a change is served from the changed estate, never from its old cache', async () => {
  const first = await argQuery(sim.url, STATES, { $top: 3 });
  expect(first.$skipToken).toBeDefined();
  // The Backup vault rows sort last (second subscription), so all three changes land on later pages.
  const rows = [bvInstance('disk-01', 'ProtectionStopped'), bvInstance('disk-02'), bvInstance('disk-03')];
  await postRows({ table: RSR, rows });
  await postRows({ table: RSR, delete: [bvInstanceId('disk-stopped')] });
  const fresh = await argAll(sim.url, STATES);
  expect(fresh).toHaveLength(first.totalRecords + 1);

  const rest: Row[] = [];
  let skipToken = first.$skipToken;
  while (skipToken) {
    const page = await argQuery(sim.url, STATES, { $top: 3, $skipToken: skipToken });
    expect(page.totalRecords).toBe(fresh.length);
    rest.push(...page.data);
    skipToken = page.$skipToken;
  }
  expect(rest).toEqual(fresh.slice(3));
  expect(rest.map((r) => r.id)).not.toContain(bvInstanceId('disk-stopped'));
  expect(rest.find((r) => r.id === bvInstanceId('disk-01'))).toEqual(
    expect.objectContaining({ state: 'ProtectionStopped' }),
  );
});

test('bad bodies answer 400 in ARM’s error shape naming the problem, and change nothing', async () => {
  const before = await argAll(sim.url, STATES);
  const refused = async (body: unknown, mention: string): Promise<void> => {
    const answer = await simAdmin<Refusal>(sim.url, 'POST', 'rows', body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toEqual({ code: 'BadRequest', message: expect.stringContaining(mention) });
  };
  const ok = rsvItem({ vm: 'vm-new-01' });
  await refused({ table: 'Jobs', rows: [ok] }, 'Unknown table "Jobs"');
  await refused({ table: 'Jobs', rows: [ok] }, 'RecoveryServicesResources');
  await refused({ rows: [ok] }, '"table"');
  await refused({ table: RSR, rows: [ok, { type: 'x' }] }, 'rows[1] has no "id"');
  await refused({ table: RSR, rows: [{ ...ok, type: '' }] }, 'rows[0] has no "type"');
  await refused({ table: RSR, rows: [ok, 'row'] }, 'rows[1] must be an object');
  await refused({ table: RSR, rows: ok }, '"rows" must be an array');
  await refused({ table: RSR, delete: 'x' }, '"delete" must be an array');
  await refused({ table: RSR, delete: [42] }, 'delete[0]');
  await refused({ table: RSR }, 'either "rows" or "delete"');
  await refused({ table: RSR, rows: [ok], delete: [] }, 'either "rows" or "delete"');
  await refused({ table: RSR, row: [ok] }, "Unknown field 'row'");
  await refused([ok], 'Expected');
  expect(await argAll(sim.url, STATES)).toEqual(before);
});

test('reset restores the original rows, undoing row changes and triggered jobs alike', async () => {
  const original = await argAll(sim.url, STATES);
  const vaults = await argAll(sim.url, 'Resources | project id | order by id asc');
  await postRows({ table: RSR, rows: [rsvItem({ vm: 'vm-new-01' }), bvInstance('disk-01', 'ProtectionStopped')] });
  await postRows({ table: RSR, delete: [rsvItemId({ vm: 'vm-sql-01' })] });
  await postRows({ table: 'Resources', delete: [BV_VAULT_ID] });
  expect((await triggerRsvBackup(sim.url, rsvItemId({ vm: 'vm-web-01' }))).status).toBe(202);
  await simAdmin(sim.url, 'POST', 'jobs/settle');
  expect(await argAll(sim.url, STATES)).not.toEqual(original);

  expect((await simAdmin(sim.url, 'POST', 'reset')).status).toBe(200);
  expect(await argAll(sim.url, STATES)).toEqual(original);
  expect(await argAll(sim.url, 'Resources | project id | order by id asc')).toEqual(vaults);
  const web = await argQuery(
    sim.url,
    `${RSR} | where name =~ 'VM;iaasvmcontainerv2;rg-app;vm-web-01' | project p = properties`,
  );
  expect(web.data[0]?.p).toEqual(rsvItem({ vm: 'vm-web-01' }).properties);
});

test('backup triggers see rows added, replaced and deleted through /_sim/rows, and their reset', async () => {
  const fresh = rsvItemId({ vm: 'vm-new-01' });
  const stopped = rsvItemId({ vm: 'vm-stopped' });
  const web = rsvItemId({ vm: 'vm-web-01' });
  expect((await triggerRsvBackup(sim.url, fresh)).status).toBe(404);
  expect((await triggerRsvBackup(sim.url, stopped)).status).toBe(400);

  await postRows({ table: RSR, rows: [rsvItem({ vm: 'vm-new-01' }), rsvItem({ vm: 'vm-stopped' })] });
  await postRows({ table: RSR, delete: [web] });
  // Replaced and deleted rows first: the trigger APIs' index already holds them, so only a miss would not refresh it.
  expect((await triggerRsvBackup(sim.url, stopped)).status).toBe(202);
  expect((await triggerRsvBackup(sim.url, web)).status).toBe(404);
  expect((await triggerRsvBackup(sim.url, fresh)).status).toBe(202);

  await simAdmin(sim.url, 'POST', 'reset');
  expect((await triggerRsvBackup(sim.url, stopped)).status).toBe(400);
  expect((await triggerRsvBackup(sim.url, fresh)).status).toBe(404);
  expect((await triggerRsvBackup(sim.url, web)).status).toBe(202);
});

test('in-process putRows/deleteRows change the same estate and keep their own copy of the rows', async () => {
  const row = rsvItem({ vm: 'vm-new-01' });
  expect(sim.admin.putRows(RSR, [row])).toEqual({ added: 1, replaced: 0, deleted: 0 });
  (row.properties as Record<string, unknown>).friendlyName = 'changed behind the stand-in’s back';
  const named = `${RSR} | where name =~ 'VM;iaasvmcontainerv2;rg-app;vm-new-01' | project n = tostring(properties.friendlyName)`;
  expect((await argQuery(sim.url, named)).data).toEqual([{ n: 'vm-new-01' }]);
  expect(sim.admin.deleteRows(RSR, [String(row.id)])).toEqual({ added: 0, replaced: 0, deleted: 1 });
  expect((await argQuery(sim.url, named)).data).toEqual([]);
  expect(() => sim.admin.putRows(RSR, [{ id: '/x' }])).toThrow(/"type"/);
});
