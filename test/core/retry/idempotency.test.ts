// One backup per item, whoever clicks and however often: a double click, a redelivered click, and two bot replicas
// sharing one PostgreSQL database clicking at once each reach the stand-in exactly once. A restarted bot resumes
// tracking the jobs a previous process started.
import { createBackupActions } from '../../../src/azure/actions';
import { createArmConnection } from '../../../src/azure/arm-connection';
import type { RetryViewModel } from '../../../src/core/view-models/retry';
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
  startHarness,
  useHarness,
} from './support/harness';

let h: Harness;
useHarness((started) => {
  h = started;
});

test('a double click and a later redelivery start exactly one backup', async () => {
  const { workflow } = await h.workflow();
  const item = retryableItem(h.estate, 'hana');
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  const start = clickButton(card, 'Start');
  const [a, b] = await Promise.all([
    workflow.handleRetry(start, { caller: ANA, messageRef: refFor(10) }),
    workflow.handleRetry(start, { caller: ANA, messageRef: refFor(10) }),
  ]);
  const states = [modelOf(a).state, modelOf(b).state].sort();
  expect(states).toEqual(['already-running', 'started']);
  const loser = [modelOf(a), modelOf(b)].find((m) => m.state === 'already-running') as RetryViewModel;
  expect(loser.status).toMatch(/^⏳ Already running, started .* by Ana \(slack\)$/);
  const redelivered = modelOf(await workflow.handleRetry(start, { caller: ANA, messageRef: refFor(10) }));
  expect(redelivered.state).toBe('already-running');
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('two replicas sharing one PostgreSQL database, two people clicking the same item at once: one backup', async () => {
  // Each replica has its own database pool and its own Azure clients, as two bot processes would.
  const own = () =>
    createBackupActions({
      connection: createArmConnection({ endpoint: h.sim.url }),
      now: clock,
      polling: { minIntervalMs: 5, maxIntervalMs: 20, timeoutMs: 5_000 },
    });
  const a = await h.workflow({ actions: own(), replicaId: 'replica-a' });
  const b = await h.workflow({ actions: own(), replicaId: 'replica-b' });
  for (const [n, item] of ['files', 'aks', 'blobs'].map((w, i) => [i, retryableItem(h.estate, w)] as const)) {
    const cardA = modelOf(await a.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
    const cardB = modelOf(await b.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: BO }));
    const [ra, rb] = await Promise.all([
      a.workflow.handleRetry(clickButton(cardA, 'Start'), { caller: ANA, messageRef: refFor(20 + n) }),
      b.workflow.handleRetry(clickButton(cardB, 'Start'), { caller: BO, messageRef: refFor(30 + n) }),
    ]);
    const models = [modelOf(ra), modelOf(rb)];
    expect(models.map((m) => m.state).sort()).toEqual(['already-running', 'started']);
    const winner = models[0]?.state === 'started' ? 'Ana (slack)' : 'Bo (teams)';
    expect(models.find((m) => m.state === 'already-running')?.status).toContain(`by ${winner}`);
    expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
  }
});

test('a restarted bot resumes tracking a started job and reports its end on the original card', async () => {
  const store = await h.openStore();
  const first = await h.workflow({ store, settings: { trackIntervalMs: 60_000 } });
  const item = retryableItem(h.estate, 'vm', 3);
  const card = modelOf(await first.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: BO }));
  const started = modelOf(
    await first.workflow.handleRetry(clickButton(card, 'Start'), { caller: BO, messageRef: refFor(40) }),
  );
  expect(started.state).toBe('started');
  await first.workflow.close(); // the process stops before the job ends
  expect(await store.listPendingOperations('retry-job')).toHaveLength(1);

  h.sim.admin.settleJobs();
  const second = await h.workflow({ replicaId: 'after-restart' });
  expect(await second.workflow.resume()).toBe(1);
  const done = await second.sink.waitFor('completed');
  expect(done.title).toBe(`Backup of ${item.name} completed`);
  expect(second.sink.updates[0]?.ref).toEqual(refFor(40));
  expect(first.sink.updates).toEqual([]);
  await waitUntil(async () => (await store.listPendingOperations('retry-job')).length === 0);
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('Azure accepted but never named the job: the outcome is unknown and the item stays claimed', async () => {
  const slow = await startHarness({ lro: { pollsBeforeDone: 1_000_000, retryAfterSeconds: 0 } });
  try {
    const actions = createBackupActions({
      connection: createArmConnection({ endpoint: slow.sim.url }),
      now: clock,
      polling: { minIntervalMs: 5, maxIntervalMs: 10, timeoutMs: 150 },
    });
    const { workflow } = await slow.workflow({ actions });
    const item = retryableItem(slow.estate, 'vm');
    const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
    const unknown = modelOf(
      await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(60) }),
    );
    expect(unknown).toMatchObject({ state: 'failed', title: `Backup of ${item.name}: outcome unknown` });
    expect(unknown.notes[0]).toMatch(/did not name its job within 1 s/);
    const [record] = await slow.stores.at(-1)!.queryAudit({});
    expect(record?.result).toBe('unknown');
    // A backup may be running: nobody may start another until the window ends.
    const again = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: BO }));
    expect(again.state).toBe('already-running');
    expect(again.status).toContain('by Ana (slack)');
    expect(slow.sim.admin.countBackupCalls(item.id)).toBe(1);
  } finally {
    await slow.close();
  }
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
