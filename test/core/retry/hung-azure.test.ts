// Azure holding a request without answering: every ARM call of the backup actions has a time limit (small here), and
// a Start whose trigger POST or operation-status GET hangs ends in a card saying Azure did not confirm, an audit
// record of an unknown outcome, and a claim that keeps the item from a second, blind backup. Should the job show up in
// Resource Graph afterwards, the card becomes the job's and follows it.
import { createBackupActions } from '../../../src/azure/actions';
import { createArmConnection, createStaticTokenCredential } from '../../../src/azure/arm-connection';
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
useHarness((started) => {
  h = started;
});

/** The real actions over the stand-in, with a 300 ms limit on each ARM request. */
function hastyActions() {
  const connection = createArmConnection({ endpoint: h.sim.url, credential: createStaticTokenCredential() });
  return createBackupActions({
    connection,
    now: clock,
    requestTimeoutMs: 300,
    polling: { minIntervalMs: 5, maxIntervalMs: 20, timeoutMs: 5_000 },
  });
}

test.each([
  ['the trigger POST', 'rsv-trigger', 'vm'],
  ['the operation-status GET', 'operations', 'sql'],
  ['the Backup vault trigger POST', 'bv-trigger', 'disks'],
] as const)(
  '%s hangs: "Azure did not confirm", audited as unknown, the item stays claimed',
  async (_what, target, workload) => {
    const item = retryableItem(h.estate, workload);
    const { workflow } = await h.workflow({ actions: hastyActions() });
    const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
    h.sim.admin.setFaults({ rules: [{ target, timeoutMs: 'forever' }] });
    const hung = modelOf(
      await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(2) }),
    );
    h.sim.admin.clearFaults();
    expect(hung.state).toBe('failed');
    expect(hung.title).toBe(`Backup of ${item.name}: outcome unknown`);
    expect(hung.status).toContain('Azure may have started it');
    expect(hung.notes[0]).toMatch(/Azure did not (confirm|answer)/);
    expect(hung.notes.join(' ')).toContain('Check the item (item <name>) before trying again.');
    // The stand-in logs a held request only once it answers: the POST of a held trigger is not counted.
    expect(h.sim.admin.countBackupCalls(item.id)).toBe(target === 'operations' ? 1 : 0);
    const [record] = await h.stores.at(-1)!.queryAudit({});
    expect(record).toMatchObject({ action: 'retry', result: 'unknown', target: item.id });
    // Someone else asking now is told about the unconfirmed request, not offered a second backup.
    const other = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: BO }));
    expect(other.state).toBe('already-running');
    expect(other.status).toMatch(/by Ana \(slack\), not confirmed by Azure$/);
    expect(other.buttons).toEqual([]);
  },
);

test('a job-status read that hangs while the backup runs is given up and tried again; the card still ends', async () => {
  const warnings: string[] = [];
  const log = { info() {}, error() {}, warn: (_: object, message: string) => warnings.push(message) };
  const item = retryableItem(h.estate, 'files');
  const { workflow, sink } = await h.workflow({ actions: hastyActions(), log });
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  // The Start reads the operation status too: it goes through; then the tracker's reads are held.
  const started = modelOf(
    await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(3) }),
  );
  expect(started.state).toBe('started');
  h.sim.admin.setFaults({ rules: [{ target: 'operations', timeoutMs: 'forever' }] });
  for (const end = Date.now() + 5_000; !warnings.includes('could not read the backup job; trying again next round'); ) {
    if (Date.now() > end) throw new Error(`the tracker never gave up a hung read; warnings: ${warnings.join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  h.sim.admin.clearFaults();
  h.sim.admin.settleJobs();
  expect((await sink.waitFor('completed')).title).toContain(item.name);
});

test('"outcome unknown", then the job shows up in Resource Graph: the card is updated and the job followed', async () => {
  const item = retryableItem(h.estate, 'vm', 11);
  const { workflow, sink } = await h.workflow({ actions: hastyActions() });
  await workflow.resume(); // this replica also takes over requests nobody holds: its own unconfirmed one, here
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  h.sim.admin.setFaults({ rules: [{ target: 'operations', timeoutMs: 'forever' }] });
  const hung = modelOf(await workflow.handleRetry(clickButton(card, 'Start'), { caller: ANA, messageRef: refFor(5) }));
  h.sim.admin.clearFaults();
  expect(hung.title).toBe(`Backup of ${item.name}: outcome unknown`);

  // Azure did start it: the request is looked up by item and time, and its card becomes the job's.
  const found = await sink.waitFor('started');
  expect(found.title).toBe(`Backup of ${item.name} started`);
  expect(sink.updates[0]?.ref).toEqual(refFor(5));
  h.sim.admin.settleJobs();
  expect((await sink.waitFor('completed')).title).toBe(`Backup of ${item.name} completed`);
  const store = h.stores.at(-1)!;
  for (const end = Date.now() + 5_000; (await store.listPendingOperations()).length > 0; ) {
    if (Date.now() > end) throw new Error('the job stayed pending');
    await new Promise((r) => setTimeout(r, 20));
  }
  const audit = (await store.queryAudit({})).filter((r) => r.target === item.id).map((r) => `${r.action}:${r.result}`);
  expect(audit).toEqual(['retry-job:completed', 'retry:started', 'retry:unknown', 'retry:starting']);
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
  // The claim now names the job, no longer "not confirmed".
  const again = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: BO }));
  expect(again.status ?? '').not.toMatch(/not confirmed/);
});
