// Backups that fail while the stand-in runs (POST /_sim/fail, SimAdmin.failBackup; the demo's timer calls the same):
// a failed backup job row as Azure writes one, for the next protected item in turn, ending at the estate clock's now,
// seen by the next Resource Graph query.
import { generateEstate } from '../../../src/sim/estate';
import type { Row } from '../../../src/sim/estate/types';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle } from '../../../src/sim/server/types';
import { argAll, simAdmin } from './sim-http';

const T0 = new Date('2026-03-02T10:00:00.000Z');
let sim: SimHandle;

beforeAll(async () => {
  sim = await startSim({ estate: generateEstate({ seed: 2, scale: 'small', now: T0 }), now: () => T0 });
});
afterAll(async () => {
  await sim.close();
});

const props = (r: Row | undefined) => (r?.properties ?? {}) as Record<string, unknown>;

test('each call fails the next protected item now, with an error from the catalog; the next query sees the jobs', async () => {
  const first = sim.admin.failBackup();
  const answer = await simAdmin<{ job: Row }>(sim.url, 'POST', 'fail');
  expect(answer.status).toBe(200);
  const second = answer.json.job;
  for (const job of [first, second]) {
    expect(props(job).status).toBe('Failed');
    expect(props(job).endTime).toBe(T0.toISOString());
    expect(String(job?.type)).toMatch(/\/backupjobs$/);
  }
  const item = (job: Row | undefined) => String(props(job).backupInstanceId ?? props(job).entityFriendlyName);
  expect(item(first)).not.toBe(item(second));
  const failedNow = await argAll(
    sim.url,
    `RecoveryServicesResources | where type endswith '/backupjobs' | where tostring(properties.status) == 'Failed' | where todatetime(properties.endTime) == datetime(${T0.toISOString()}) | project id`,
  );
  expect(failedNow.map((r) => String(r.id)).sort()).toEqual([String(first?.id), String(second.id)].sort());
  const withError = [first, second].map((job) => JSON.stringify(props(job)));
  expect(withError.every((text) => /UserError|Extension|Error/.test(text))).toBe(true);
});
