// Following a trigger's operation as Azure documents it: Retry-After (60 s) is honoured between looks, each wait is
// reported before it starts (the card says so), the job id is taken from the operation status as soon as it is
// there, and the time limit counts Azure's waits. A fake PollClock is advanced by the waits: nothing sleeps.
import { createBackupActions } from '../../../src/azure/actions';
import { pollingDelay } from '../../../src/azure/actions/polling';
import { BackupActionError } from '../../../src/core/retry/action-error';
import type { BackupActions, TriggerWait } from '../../../src/core/retry/ports';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle, SimOptions } from '../../../src/sim/server/types';
import { demoEstate, ESTATE_NOW, type PickedItem, retryableItem } from './support/estate-items';
import { recordingConnection, type SentRequest } from './support/recording-connection';

let sim: SimHandle;
let actions: BackupActions;
let sent: SentRequest[];
let waits: number[];
const estate = demoEstate();

/**
 * Azure's answers as the docs print them: a 202 with Retry-After: 60 (backup-azure-sql-vm-rest-api.md, "Trigger an
 * on-demand backup"), then the operation status (InProgress, then Succeeded with properties.jobId).
 */
async function start(extra: Partial<SimOptions> = {}, timeoutMs = 300_000) {
  sim = await startSim({
    estate,
    now: () => ESTATE_NOW,
    lro: { retryAfterSeconds: 60 },
    jobCompletion: { delayMs: 60_000 },
    seed: 3,
    ...extra,
  });
  const rec = recordingConnection(sim.url);
  sent = rec.sent;
  waits = [];
  let t = ESTATE_NOW.getTime();
  actions = createBackupActions({
    connection: rec.connection,
    now: () => ESTATE_NOW,
    polling: { timeoutMs },
    pollClock: {
      now: () => t,
      sleep: async (ms) => {
        waits.push(ms);
        t += ms;
      },
    },
  });
}

afterEach(async () => {
  sim.admin.reset();
  await sim.close();
});

const trigger = (item: PickedItem, onWait?: (w: TriggerWait) => void) =>
  actions.triggerBackup(item.target, { workload: item.workload as never, ...(onWait ? { onWait } : {}) });
const gets = () => sent.filter((r) => r.method === 'GET').map((r) => r.path);

test.each(['vm', 'disks'])(
  '%s: each wait is the 60 s Azure asked for, announced before it starts',
  async (workload) => {
    await start();
    const told: TriggerWait[] = [];
    const result = await trigger(retryableItem(estate, workload), (w) => told.push(w));
    expect(result.job.jobId).toMatch(/^[0-9a-f-]{36}$/);
    // 202 → wait 60 s → InProgress (Retry-After: 60) → wait 60 s → Succeeded, naming the job.
    expect(waits).toEqual([60_000, 60_000]);
    expect(told).toEqual([
      { delayMs: 60_000, retryAfterSeconds: 60 },
      { delayMs: 60_000, retryAfterSeconds: 60 },
    ]);
  },
);

test('Backup vault: the job id comes from the operation status; the Location result is never needed', async () => {
  // backup-azure-dataprotection-use-rest-api-*.md read properties.jobId from the Azure-AsyncOperation status.
  await start();
  const item = retryableItem(estate, 'disks');
  const result = await trigger(item);
  expect(gets().filter((p) => /\/operationStatus\//.test(p))).toHaveLength(2);
  expect(gets().filter((p) => /\/operationResults\//.test(p))).toEqual([]);
  const state = await actions.getJobStatus(result.job);
  expect(state.status).toBe('InProgress');
});

test('Backup vault: a status that names no job (the spec’s minimal shape) sends the bot to the Location result', async () => {
  // BackupInstances_AdhocBackup: final-state-via location, whose body is OperationJobExtendedInfo {jobId}.
  await start({ lro: { retryAfterSeconds: 60, statusNamesJob: false } });
  const result = await trigger(retryableItem(estate, 'disks'));
  expect(result.job.jobId).toMatch(/^[0-9a-f-]{36}$/);
  expect(gets().filter((p) => /\/operationStatus\//.test(p))).toHaveLength(2);
  expect(gets().filter((p) => /\/operationResults\//.test(p))).toHaveLength(1);
  // Succeeded status → the Location result at once, no third wait.
  expect(waits).toEqual([60_000, 60_000]);
  expect(await actions.getJobStatus(result.job)).toMatchObject({ status: 'InProgress' });
});

test('the time limit counts Azure’s waits: the last wait is cut to it, one more look, then "did not name its job"', async () => {
  await start({ lro: { retryAfterSeconds: 60, pollsBeforeDone: 10 } }, 150_000);
  const item = retryableItem(estate, 'disks');
  const err = await trigger(item).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BackupActionError);
  expect(err).toMatchObject({ kind: 'timeout', accepted: true });
  expect((err as BackupActionError).message).toContain('did not name its job within 150 s');
  expect(waits).toEqual([60_000, 60_000, 30_000]);
  expect(sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('without Retry-After the bot looks again after the minimum; an absurd one is capped', () => {
  const bounds = { minIntervalMs: 1_000, maxIntervalMs: 120_000, timeoutMs: 300_000 };
  expect(pollingDelay(bounds, undefined)).toBe(1_000);
  expect(pollingDelay(bounds, '60')).toBe(60_000);
  expect(pollingDelay(bounds, '0')).toBe(1_000);
  expect(pollingDelay(bounds, '86400')).toBe(120_000);
  const now = Date.parse('2026-03-02T10:00:00Z');
  expect(pollingDelay(bounds, 'Mon, 02 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
});
