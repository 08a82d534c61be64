// A backup already running on an item blocks a new trigger with 409, whether the job says InProgress or (Backup
// vault jobs) Started; a finished job does not.

import type { BvJobStatus } from '../../../src/sim/estate/job-rows';
import { buildBvJobRow } from '../../../src/sim/estate/job-rows';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle } from '../../../src/sim/server/types';
import { bvInstanceId, createFixtureEstate } from './fixture-estate';

let sim: SimHandle | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function triggerWithRunningJob(status: BvJobStatus): Promise<{ status: number; code?: string }> {
  const now = new Date('2026-03-02T10:00:00Z');
  const estate = createFixtureEstate(now);
  const instance = estate.tables.RecoveryServicesResources.find((r) => r.id === bvInstanceId('disk-01'));
  if (!instance) throw new Error('fixture lost disk-01');
  estate.tables.RecoveryServicesResources.push(
    buildBvJobRow(instance, {
      jobId: 'bbbbbbbb-0000-0000-0000-000000000001',
      startTime: new Date(now.getTime() - 5 * 60_000),
      now,
      isUserTriggered: false,
      status,
    }),
  );
  sim = await startSim({ estate, now: () => now });
  const res = await fetch(`${sim.url}${bvInstanceId('disk-01')}/backup?api-version=2025-09-01`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
    body: JSON.stringify({
      backupRuleOptions: { ruleName: 'BackupHourly', triggerOption: { retentionTagOverride: 'Default' } },
    }),
  });
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
  return { status: res.status, ...(body.error?.code ? { code: body.error.code } : {}) };
}

test.each(['InProgress', 'Started'] as const)('a Backup vault job that is %s blocks a new backup', async (status) => {
  expect(await triggerWithRunningJob(status)).toEqual({ status: 409, code: 'UserErrorBackupOperationInProgress' });
});

test('a finished job does not block a new backup', async () => {
  expect((await triggerWithRunningJob('Completed')).status).toBe(202);
});
