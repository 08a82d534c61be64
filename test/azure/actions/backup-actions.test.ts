// On-demand backups through the real SDK clients against the stand-in over HTTP: the right body per workload is
// accepted, the job is found and read back, and every refusal becomes a message that says what to do.
import { createBackupActions } from '../../../src/azure/actions';
import { DEMO_PRINCIPAL_ID } from '../../../src/azure/arm-connection';
import { BackupActionError } from '../../../src/core/retry/action-error';
import type { BackupActions } from '../../../src/core/retry/ports';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle, SimOptions } from '../../../src/sim/server/types';
import { demoEstate, ESTATE_NOW, itemInState, type PickedItem, retryableItem } from './support/estate-items';
import { recordingConnection, type SentRequest } from './support/recording-connection';

let sim: SimHandle;
let actions: BackupActions;
let sent: SentRequest[];
const estate = demoEstate();
const FAST = { minIntervalMs: 5, maxIntervalMs: 20, timeoutMs: 5_000 };

async function start(extra: Partial<SimOptions> = {}, retryOptions?: { maxRetries: number; retryDelayInMs: number }) {
  sim = await startSim({
    estate,
    now: () => ESTATE_NOW,
    lro: { retryAfterSeconds: 0 },
    jobCompletion: { delayMs: 60_000 },
    seed: 3,
    ...extra,
  });
  const rec = recordingConnection(sim.url);
  sent = rec.sent;
  actions = createBackupActions({
    connection: rec.connection,
    polling: FAST,
    now: () => ESTATE_NOW,
    ...(retryOptions ? { retryOptions } : {}),
  });
}

afterEach(async () => {
  sim.admin.reset();
  await sim.close();
});

async function failure(run: () => Promise<unknown>): Promise<BackupActionError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof BackupActionError) return e;
    throw e;
  }
  throw new Error('expected a BackupActionError');
}

const trigger = (item: PickedItem) => actions.triggerBackup(item.target, { workload: item.workload as never });
const posted = (): SentRequest[] => sent.filter((r) => r.method === 'POST' && r.path.endsWith('/backup'));
const EXPIRY = new Date(ESTATE_NOW.getTime() + 30 * 86_400_000).toISOString();
// A SQL/HANA on-demand Full is kept at least 45 days, at most 99 years (manage-monitor-sql-database-backup.md and
// sap-hana-database-manage.md, "Run an on-demand backup"): 30 configured days become 45 for a Full.
const FULL_EXPIRY = new Date(ESTATE_NOW.getTime() + 45 * 86_400_000).toISOString();

describe('each workload: the body is accepted, Azure names the job, the job reads back as running', () => {
  test.each([
    ['vm', { objectType: 'IaasVMBackupRequest', recoveryPointExpiryTimeInUTC: EXPIRY }],
    [
      'sql',
      { objectType: 'AzureWorkloadBackupRequest', backupType: 'Full', recoveryPointExpiryTimeInUTC: FULL_EXPIRY },
    ],
    [
      'hana',
      { objectType: 'AzureWorkloadBackupRequest', backupType: 'Full', recoveryPointExpiryTimeInUTC: FULL_EXPIRY },
    ],
    ['files', { objectType: 'AzureFileShareBackupRequest', recoveryPointExpiryTimeInUTC: EXPIRY }],
  ])('Recovery Services %s', async (workload, body) => {
    await start();
    const item = retryableItem(estate, workload);
    const result = await trigger(item);
    expect(posted()).toEqual([expect.objectContaining({ body: { properties: body } })]);
    expect(result.request).toMatchObject({ objectType: body.objectType, expiresAt: body.recoveryPointExpiryTimeInUTC });
    expect(result.job).toMatchObject({ kind: 'rsv', jobId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(result.job.id.toLowerCase()).toContain('/microsoft.recoveryservices/vaults/');
    const state = await actions.getJobStatus(result.job);
    expect(state).toMatchObject({ status: 'InProgress', rawStatus: 'InProgress', errors: [] });
    expect(sim.admin.countBackupCalls(item.id)).toBe(1);
  });

  test.each(['disks', 'blobs', 'postgres', 'aks'])('Backup vault %s', async (workload) => {
    await start();
    const item = retryableItem(estate, workload);
    const target = item.target as Extract<PickedItem['target'], { kind: 'bv' }>;
    const result = await trigger(item);
    expect(posted()).toEqual([
      expect.objectContaining({
        body: { backupRuleOptions: { ruleName: target.ruleName, triggerOption: { retentionTagOverride: 'Default' } } },
      }),
    ]);
    expect(result.request).toEqual({
      objectType: 'TriggerBackupRequest',
      ruleName: target.ruleName,
      retentionTag: 'Default',
    });
    // The stand-in answers the final result with the job's ARM id; the ref keeps the bare name.
    expect(result.job).toMatchObject({ kind: 'bv', jobId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await actions.getJobStatus(result.job)).toMatchObject({ status: 'InProgress' });
    sim.admin.settleJobs();
    expect(await actions.getJobStatus(result.job)).toMatchObject({ status: 'Completed', errors: [] });
    expect(sim.admin.countBackupCalls(item.id)).toBe(1);
  });
});

test('a failed job reports the readable error code, Azure message and recommendations', async () => {
  const item = retryableItem(estate, 'vm', 1);
  await start({
    jobCompletion: {
      delayMs: 60_000,
      rules: [{ match: item.id, outcome: 'Failed', errorCode: 'UserErrorVmNotInDesirableState' }],
    },
  });
  const { job } = await trigger(item);
  sim.admin.settleJobs();
  const state = await actions.getJobStatus(job);
  expect(state.status).toBe('Failed');
  expect(state.endTime).toBeDefined();
  expect(state.errors[0]).toMatchObject({ code: 'UserErrorVmNotInDesirableState', message: expect.any(String) });
  expect(state.errors[0]?.recommendations.length).toBeGreaterThan(0);
});

test('403 from Azure names the Backup Operator role and the vault', async () => {
  const item = retryableItem(estate, 'disks');
  await start({ forbidden: [{ principal: DEMO_PRINCIPAL_ID }] });
  const err = await failure(() => trigger(item));
  expect(err).toMatchObject({ kind: 'forbidden', azureCode: 'AuthorizationFailed', httpStatus: 403, accepted: false });
  expect(err.message).toContain(`vault ${item.target.vaultName} (subscription ${item.target.subscriptionId})`);
  expect(err.hint).toContain(`Backup Operator role on vault ${item.target.vaultName}`);
});

test('a second backup while the first runs: "already running"', async () => {
  await start();
  const item = retryableItem(estate, 'files');
  await trigger(item);
  const err = await failure(() => trigger(item));
  expect(err).toMatchObject({ kind: 'already-running', httpStatus: 409, accepted: false });
  expect(err.message).toContain('already running');
});

test('stopped, soft-deleted and vanished items say why', async () => {
  await start();
  const stopped = await failure(() => trigger(itemInState(estate, 'vm', 'ProtectionStopped')));
  expect(stopped).toMatchObject({ kind: 'not-protected', accepted: false });
  expect(stopped.hint).toMatch(/Resume protection/);
  const deleted = await failure(() => trigger(itemInState(estate, 'vm', 'SoftDeleted')));
  expect(deleted.message).toContain('soft-deleted');
  expect(deleted.hint).toMatch(/Undelete/);
  const bvStopped = await failure(() => trigger(itemInState(estate, 'postgres', 'ProtectionStopped')));
  expect(bvStopped.kind).toBe('not-protected');
  const vm = retryableItem(estate, 'vm');
  const gone = {
    ...vm.target,
    protectedItemName: 'VM;iaasvmcontainerv2;rg-x;vm-deleted-long-ago',
  } as PickedItem['target'];
  const missing = await failure(() => actions.triggerBackup(gone, { workload: 'vm' }));
  expect(missing).toMatchObject({ kind: 'not-found', httpStatus: 404 });
  expect(missing.message).toContain('no longer exists');
});

test('429s are retried by the SDK pipeline and the backup still starts once', async () => {
  await start({ faults: { rules: [{ target: 'rsv-trigger', throttleNext: 2, retryAfterSeconds: 0 }] } });
  const item = retryableItem(estate, 'sql');
  const { job } = await trigger(item);
  expect(job.jobId).toMatch(/^[0-9a-f-]{36}$/);
  const answers = sim.admin.requests({ endpoint: 'rsv-trigger' }).map((r) => r.status);
  expect(answers).toEqual([429, 429, 202]);
});

test('a 503 to a trigger is sent once even with retries configured, and says what is known', async () => {
  await start(
    { faults: { rules: [{ target: 'bv-trigger', errorRate: 1, errorStatus: 503 }] } },
    {
      maxRetries: 1,
      retryDelayInMs: 5,
    },
  );
  const item = retryableItem(estate, 'aks');
  const err = await failure(() => trigger(item));
  expect(err).toMatchObject({ kind: 'unavailable', httpStatus: 503, accepted: false });
  expect(sim.admin.countBackupCalls(item.id)).toBe(1);
  expect(err.hint).toMatch(/try again/);
});

describe('a trigger is never retried blindly: one POST on a 5xx, whatever the retry settings', () => {
  test.each([
    ['rsv-trigger', 'vm'],
    ['bv-trigger', 'disks'],
  ] as const)('%s answering 500', async (endpoint, workload) => {
    await start({ faults: { rules: [{ target: endpoint, errorRate: 1, errorStatus: 500 }] } });
    const item = retryableItem(estate, workload);
    const err = await failure(() => trigger(item));
    expect(sim.admin.countBackupCalls(item.id)).toBe(1);
    expect(sim.admin.requests({ endpoint }).map((r) => r.status)).toEqual([500]);
    expect(err).toMatchObject({ kind: 'unavailable', httpStatus: 500, accepted: false });
    expect(err.message).toMatch(/answered the backup request .* with an error \(HTTP 500/);
    expect(err.message).toContain('did not send it again');
    expect(err.hint).toMatch(/Check the item .* then try again/);
  });

  test('while reads keep their retries: a 429 on the operation status is retried and the job is still named', async () => {
    await start({}, { maxRetries: 3, retryDelayInMs: 5 });
    const item = retryableItem(estate, 'sql');
    sim.admin.setFaults({ rules: [{ target: 'operations', throttleNext: 2, retryAfterSeconds: 0 }] });
    const { job } = await trigger(item);
    expect(job.jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      sim.admin
        .requests({ endpoint: 'operations' })
        .map((r) => r.status)
        .slice(0, 2),
    ).toEqual([429, 429]);
    expect(sim.admin.countBackupCalls(item.id)).toBe(1);
  });
});

test("a held request fails after the request time limit, told apart from the caller's own abort", async () => {
  await start({ faults: { rules: [{ target: 'rsv-trigger', timeoutMs: 'forever' }] } });
  const limited = createBackupActions({ connection: recordingConnection(sim.url).connection, requestTimeoutMs: 200 });
  const item = retryableItem(estate, 'vm');
  const err = await failure(() => limited.triggerBackup(item.target, { workload: 'vm' }));
  expect(err).toMatchObject({ kind: 'timeout', accepted: true });
  expect(err.message).toContain('Azure did not confirm the backup request');
  const controller = new AbortController();
  const asked = limited.triggerBackup(item.target, { workload: 'vm', signal: controller.signal });
  controller.abort();
  await expect(asked).rejects.toMatchObject({ name: 'AbortError' });
});

test('an SAP HANA instance snapshot item is refused before anything is sent, saying where to start it', async () => {
  // Microsoft documents Backup now for "DB instance via snapshot" items only in the portal
  // (includes/backup-azure-configure-sap-hana-database-instance-backup.md); the REST how-tos send streaming types only.
  await start();
  const hana = retryableItem(estate, 'hana');
  // Named as Azure names these items (docs/azure-facts.md §1.2): SAPHanaDBInstance;{sid};{instance}.
  const target = { ...hana.target, protectedItemName: 'SAPHanaDBInstance;HXE;HXE' } as PickedItem['target'];
  const err = await failure(() => actions.triggerBackup(target, { workload: 'hana' }));
  expect(err).toMatchObject({ kind: 'rejected', accepted: false });
  expect(err.message).toMatch(/instance snapshot item.*only in the Azure portal/);
  expect(posted()).toEqual([]);
});
