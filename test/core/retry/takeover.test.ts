// Pending work outlives the replica that held it: two workflows share one PostgreSQL database and the Azure stand-in,
// on one clock the test moves. Replica A stops renewing its lease (its store connection is gone, or it is stuck
// between Azure's answer and recording the job); once the lease has run out, replica B takes the work over, finishes
// the card and writes the one outcome, and A, should it come back, writes nothing. An intent the database cannot take
// sends nothing.
import type { BackupActions } from '../../../src/core/retry';
import type { RetryWorkflowDeps } from '../../../src/core/retry/workflow';
import type { Store } from '../../../src/store';
import { retryableItem } from '../../azure/actions/support/estate-items';
import {
  ANA,
  BO,
  clickButton,
  clock,
  type Harness,
  modelOf,
  refFor,
  retryCommand,
  useHarness,
} from './support/harness';

let h: Harness;
/** The test's own connection: replica A's may be closed under it. */
let observer: Store;
useHarness((started) => {
  h = started;
});
beforeAll(async () => {
  observer = await h.openStore();
});

const LEASE_MS = 60_000;
const WINDOW_MS = 10 * 60_000;
/** The replicas' shared clock: the estate's, plus however far the test moved it. */
let offsetMs = 0;
const now = (): Date => new Date(clock().getTime() + offsetMs);
afterEach(() => {
  offsetMs = 0;
});

async function replica(name: string, overrides: Partial<RetryWorkflowDeps> = {}) {
  return h.workflow({
    now,
    replicaId: name,
    settings: { trackIntervalMs: 40, leaseMs: LEASE_MS, reconcileWindowMs: WINDOW_MS },
    ...overrides,
  });
}

/** The real actions, held at `gate` before (or after) the trigger: a replica stuck there, or one that died there. */
function gatedActions(when: 'before' | 'after'): { actions: BackupActions; open: () => void } {
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const actions: BackupActions = {
    ...h.actions,
    async triggerBackup(target, options) {
      if (when === 'before') await gate;
      const result = await h.actions.triggerBackup(target, options);
      if (when === 'after') await gate;
      return result;
    },
  };
  return { actions, open };
}

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !(await check()); ) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A few lease rounds pass (real time: the rounds run every 40 ms). */
const someRounds = () => new Promise((r) => setTimeout(r, 400));

async function outcomes(itemId: string): Promise<string[]> {
  const records = await observer.queryAudit({ limit: 100 });
  return records.filter((r) => r.target === itemId).map((r) => `${r.action}:${r.result}`);
}

test('a replica that stops renewing: another takes its job over after the lease, finishes the card, audits once', async () => {
  const item = retryableItem(h.estate, 'vm', 8);
  const storeA = await h.openStore();
  const a = await replica('replica-a', { store: storeA });
  const b = await replica('replica-b');
  expect(await b.workflow.resume()).toBe(0);
  const card = modelOf(await a.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  const started = modelOf(
    await a.workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(61) }),
  );
  expect(started.state).toBe('started');
  await a.sink.waitFor('in-progress');

  // A loses its database and stops: its lease stays on the job until it runs out.
  await storeA.close();
  await a.workflow.close();
  await someRounds();
  expect(b.workflow.trackedJobs).toBe(0);
  const [row] = await observer.listPendingOperations('retry-job');
  expect(row?.owner).toBe('replica-a');

  offsetMs += LEASE_MS + 1_000;
  await waitUntil('B follows the job', () => b.workflow.trackedJobs === 1);
  h.sim.admin.settleJobs();
  const done = await b.sink.waitFor('completed');
  expect(done.title).toBe(`Backup of ${item.name} completed`);
  expect(b.sink.updates.at(-1)?.ref).toEqual(refFor(61));
  await waitUntil('the job is no longer pending', async () => (await observer.listPendingOperations()).length === 0);
  expect(await outcomes(item.id)).toEqual(['retry-job:completed', 'retry:started', 'retry:starting']);
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('Azure accepted, the sender never recorded the job: another replica finds it, finishes the card, audits once', async () => {
  const item = retryableItem(h.estate, 'sql', 2);
  const stuck = gatedActions('after');
  const a = await replica('replica-a', { actions: stuck.actions });
  const b = await replica('replica-b');
  await b.workflow.resume();
  const card = modelOf(await a.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: BO }));
  const pressed = a.workflow.handleRetry(clickButton(card, 'Start'), { caller: BO, messageRef: refFor(62) });

  // Azure has the request; A has recorded only its intent, under its lease.
  await waitUntil('Azure accepted the backup', () => h.sim.admin.countBackupCalls(item.id) === 1);
  const [intent] = await observer.listPendingOperations('retry-start');
  expect(intent).toMatchObject({ owner: 'replica-a', state: { item: { id: item.id }, messageRef: refFor(62) } });
  expect(await outcomes(item.id)).toEqual(['retry:starting']);
  await a.workflow.close(); // A stops renewing (it never comes back in time)
  await someRounds();
  expect(b.sink.updates).toEqual([]);

  offsetMs += LEASE_MS + 1_000;
  const found = await b.sink.waitFor('started');
  expect(found.title).toBe(`Backup of ${item.name} started`);
  expect(b.sink.updates[0]?.ref).toEqual(refFor(62));
  h.sim.admin.settleJobs();
  expect((await b.sink.waitFor('completed')).title).toBe(`Backup of ${item.name} completed`);

  // A comes back after all: it lost the request, so it neither follows the job nor writes a second outcome.
  stuck.open();
  expect(modelOf(await pressed).state).toBe('started');
  expect(a.workflow.trackedJobs).toBe(0);
  await waitUntil('the job is no longer pending', async () => (await observer.listPendingOperations()).length === 0);
  expect(await outcomes(item.id)).toEqual(['retry-job:completed', 'retry:started', 'retry:starting']);
  const [, reconciled] = await observer.queryAudit({ limit: 2 });
  expect(reconciled).toMatchObject({ details: { reconciled: true }, actor: { userId: BO.userId } });
  expect(reconciled?.azureJobId).toMatch(/\/backupJobs\/[0-9a-f-]{36}$/i);
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('no job shows up within the window: the card says Azure did not confirm, audited once, the item stays claimed', async () => {
  const item = retryableItem(h.estate, 'files', 2);
  const dead = gatedActions('before'); // A dies before its request leaves (Azure never hears of it)
  const a = await replica('replica-a', { actions: dead.actions });
  const b = await replica('replica-b');
  await b.workflow.resume();
  const card = modelOf(await a.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  void a.workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(63) });
  await waitUntil('the intent is recorded', async () => (await outcomes(item.id)).includes('retry:starting'));
  await a.workflow.close();

  // B takes the request over and looks for its job, and keeps looking while the window lasts.
  offsetMs += LEASE_MS + 1_000;
  await waitUntil('B holds the request', () => b.workflow.trackedJobs === 1);
  await someRounds();
  expect(b.sink.updates).toEqual([]);
  expect(await outcomes(item.id)).toEqual(['retry:starting']);

  offsetMs += WINDOW_MS;
  const unknown = await b.sink.waitFor('failed');
  expect(unknown.title).toBe(`Backup of ${item.name}: outcome unknown`);
  expect(unknown.notes).toContain('Azure did not confirm; check the item before trying again.');
  expect(b.sink.updates[0]?.ref).toEqual(refFor(63));
  expect(await outcomes(item.id)).toEqual(['retry:unknown', 'retry:starting']);
  expect(await observer.listPendingOperations()).toEqual([]);
  // Nobody is offered a blind second backup while the claim lasts.
  const again = modelOf(await b.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: BO }));
  expect(again.state).toBe('already-running');
  expect(again.status).toMatch(/by Ana \(slack\), not confirmed by Azure$/);
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(0);
  // A's request stays held for good: it never reaches Azure.
});

test('the database cannot take the intent: nothing is sent to Azure, the item is free, the person is told', async () => {
  const item = retryableItem(h.estate, 'vm', 12);
  const real = await h.openStore();
  // The database refuses just the intent row (a full disk, a lost connection at that moment).
  const store: Store = {
    ...real,
    async upsertPendingOperation(input) {
      if (input.kind === 'retry-start') throw new Error('could not write to the database');
      return real.upsertPendingOperation(input);
    },
  };
  const a = await replica('replica-a', { store });
  const card = modelOf(await a.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  const failed = modelOf(await a.workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA }));
  expect(failed.title).toBe(`Backup of ${item.name} did not start`);
  expect(failed.notes[0]).toBe('The bot could not record the request, so it did not send it; nothing was started.');
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(0);
  expect(await observer.listPendingOperations()).toEqual([]);
  expect(await outcomes(item.id)).toEqual(['retry:failed']);
  const again = modelOf(await a.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  expect(again.buttons.map((b) => b.label)).toContain('Start backup');
});

test('Resource Graph fails while the request is reconciled: nothing is concluded until the window ends it', async () => {
  const item = retryableItem(h.estate, 'vm', 13);
  const stuck = gatedActions('after');
  const a = await replica('replica-a', { actions: stuck.actions });
  const b = await replica('replica-b');
  await b.workflow.resume();
  const card = modelOf(await a.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  void a.workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(64) });
  await waitUntil('Azure accepted the backup', () => h.sim.admin.countBackupCalls(item.id) === 1);
  await a.workflow.close();

  h.sim.admin.setFaults({ rules: [{ target: 'arg', errorRate: 1, errorStatus: 500 }] });
  offsetMs += LEASE_MS + 1_000;
  await waitUntil('B holds the request', () => b.workflow.trackedJobs === 1);
  await someRounds();
  // Nothing is concluded from a failed lookup while the window lasts.
  expect(b.sink.updates).toEqual([]);
  expect(await outcomes(item.id)).toEqual(['retry:starting']);
  offsetMs += WINDOW_MS;
  expect((await b.sink.waitFor('failed')).notes).toContain(
    'Azure did not confirm; check the item before trying again.',
  );
  h.sim.admin.clearFaults();
  expect(await outcomes(item.id)).toEqual(['retry:unknown', 'retry:starting']);
  expect(b.workflow.trackedJobs).toBe(0);
});
