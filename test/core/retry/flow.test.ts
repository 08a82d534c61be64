// The single-item flow end to end against the stand-in: confirmation card → Start → started → in progress →
// completed (or failed with the error and its fix), items that cannot be backed up, and Cancel.

import { parseAccessPolicy } from '../../../src/core/authorize';
import type { Caller } from '../../../src/core/caller';
import type { MessageRef } from '../../../src/core/retry';
import {
  continuousBlobItem,
  itemInState,
  retryableItem,
  subscriptionFact,
} from '../../azure/actions/support/estate-items';
import { ANA, BO, clickButton, type Harness, modelOf, refFor, retryCommand, useHarness } from './support/harness';

let h: Harness;
useHarness((started) => {
  h = started;
});

test('confirm → Start → started → in progress → completed, audited, nothing left pending', async () => {
  const { workflow, sink } = await h.workflow();
  const item = retryableItem(h.estate, 'vm');
  const confirm = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.name}`), { caller: ANA }));
  expect(confirm.state).toBe('confirm');
  expect(confirm.title).toBe(`Back up ${item.name} now?`);
  expect(confirm.facts).toEqual(
    expect.arrayContaining([
      { label: 'Item', value: item.name },
      { label: 'Recovery Services vault', value: item.target.vaultName },
      // The subscription by its name, its id beside it: where the backup is about to be written.
      { label: 'Subscription', value: subscriptionFact(h.estate, item.target.subscriptionId) },
      { label: 'Kept until', value: expect.stringMatching(/\(30 days\)$/) },
    ]),
  );
  expect(confirm.buttons.map((b) => b.label)).toEqual(['Start backup', 'Cancel']);
  expect(h.sim.admin.countBackupCalls()).toBe(0);

  const start = clickButton(confirm, 'Start');
  expect(start.confirm).toMatch(/^[0-9a-f]{32}$/);
  const started = modelOf(await workflow.handleRetry(start, { caller: ANA, messageRef: refFor(1) }));
  expect(started.state).toBe('started');
  expect(started.status).toMatch(/^⏳ Started .* by Ana \(slack\)$/);
  expect(started.facts).toEqual(
    expect.arrayContaining([{ label: 'Azure job', value: expect.stringMatching(/^[0-9a-f-]{36}$/) }]),
  );
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);

  const running = await sink.waitFor('in-progress');
  expect(running.status).toMatch(/^⏳ In progress/);
  h.sim.admin.settleJobs();
  const done = await sink.waitFor('completed');
  expect(done.status).toMatch(/^✅ Completed/);
  expect(sink.updates.every((u) => u.ref.data && (u.ref.data as { ts: string }).ts === '17000.1')).toBe(true);
  expect(sink.states()).toEqual(['in-progress', 'completed']);

  const store = h.stores[0]!;
  await waitUntil(async () => (await store.listPendingOperations()).length === 0);
  const audit = await store.queryAudit({});
  // The intent ("starting") is recorded before Azure is asked, then the outcome, then the job's end.
  expect(audit.map((r) => `${r.action}:${r.result}`)).toEqual([
    'retry-job:completed',
    'retry:started',
    'retry:starting',
  ]);
  for (const record of audit.slice(1)) {
    expect(record).toMatchObject({
      actor: { platform: 'slack', userId: ANA.userId, name: 'Ana' },
      channel: 'C0OPS0001',
      target: item.id,
    });
  }
  expect(audit[1]?.azureJobId).toMatch(/\/backupJobs\/[0-9a-f-]{36}$/i);
  expect(workflow.trackedJobs).toBe(0);
});

test('after a backup from chat completed: Retry says when and by whom and may start another; the old card starts nothing', async () => {
  const { workflow, sink } = await h.workflow();
  const item = retryableItem(h.estate, 'vm', 4);
  const first = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  const oldStart = clickButton(first, 'Start');
  await workflow.handleRetry(oldStart, { caller: ANA, messageRef: refFor(3) });
  await sink.waitFor('in-progress');
  h.sim.admin.settleJobs();
  await sink.waitFor('completed');
  await waitUntil(async () => (await h.stores.at(-1)!.listPendingOperations()).length === 0);

  // Not "already running": the confirmation names the backup that completed, and Start runs another.
  const again = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: BO }));
  expect(again.state).toBe('confirm');
  expect(again.notes[0]).toMatch(
    /^✅ Backed up from chat .* \(completed\), started by Ana \(slack\)\. Start runs another\.$/,
  );
  // The first card's Start, clicked again (or redelivered), starts nothing and says what happened.
  const stale = modelOf(await workflow.handleRetry(oldStart, { caller: ANA, messageRef: refFor(3) }));
  expect(stale.state).toBe('backed-up');
  expect(stale.status).toMatch(/^✅ Completed .*, started by Ana \(slack\)$/);
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
  const second = modelOf(
    await workflow.handleRetry(clickButton(again, 'Start'), { caller: BO, messageRef: refFor(4) }),
  );
  expect(second.state).toBe('started');
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(2);
  // And while that one runs, the claim stops a double click again.
  const double = modelOf(
    await workflow.handleRetry(clickButton(again, 'Start'), { caller: BO, messageRef: refFor(4) }),
  );
  expect(double.state).toBe('already-running');
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(2);
});

test('a failed job shows the error, its fix and a Learn link, and the item may be retried at once', async () => {
  const item = retryableItem(h.estate, 'vm', 2);
  h.sim.admin.setJobCompletion({
    delayMs: 3_600_000,
    rules: [{ match: item.id, outcome: 'Failed', errorCode: 'UserErrorVmNotInDesirableState' }],
  });
  const { workflow, sink } = await h.workflow();
  const confirm = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  await workflow.handleRetry(clickButton(confirm, 'Start'), { caller: ANA, messageRef: refFor(2) });
  await sink.waitFor('in-progress');
  h.sim.admin.settleJobs();
  const failed = await sink.waitFor('failed');
  expect(failed.status).toMatch(/^❌ Failed/);
  expect(failed.notes[0]).toMatch(/^VM state blocks backup \(UserErrorVmNotInDesirableState\): /);
  expect(failed.notes[1]).toMatch(/^Fix: Wait until the VM settles/);
  expect(failed.links[0]).toEqual({ label: 'How to fix it', url: expect.stringContaining('learn.microsoft.com') });
  expect(clickButton(failed, 'Try again')).toEqual({ verb: 'retry', items: [item.id], filters: {} });
  // The failed job freed the item: a new retry asks for confirmation instead of "already running".
  await waitUntil(async () => (await h.stores.at(-1)!.listPendingOperations()).length === 0);
  const again = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  expect(again.state).toBe('confirm');
});

test('continuous blob backup, stopped and soft-deleted items say why instead of offering Start', async () => {
  const { workflow } = await h.workflow();
  const blob = modelOf(
    await workflow.handleRetry(retryCommand(`retry ${continuousBlobItem(h.estate).id}`), { caller: ANA }),
  );
  expect(blob.state).toBe('blocked');
  expect(blob.notes[0]).toMatch(/continuous/);
  expect(blob.buttons).toEqual([]);
  const stopped = modelOf(
    await workflow.handleRetry(retryCommand(`retry ${itemInState(h.estate, 'vm', 'ProtectionStopped').id}`), {
      caller: ANA,
    }),
  );
  expect(stopped.state).toBe('blocked');
  expect(stopped.notes[0]).toMatch(/Protection is stopped/);
  const deleted = modelOf(
    await workflow.handleRetry(retryCommand(`retry ${itemInState(h.estate, 'disks', 'SoftDeleted').id}`), {
      caller: ANA,
    }),
  );
  expect(deleted.notes[0]).toMatch(/soft-deleted/);
  expect(h.sim.admin.countBackupCalls()).toBe(0);
});

test('an unknown name is not found; Cancel ends the confirmation and its Start button stops working', async () => {
  const { workflow } = await h.workflow();
  const missing = await workflow.handleRetry(retryCommand('retry no-such-vm-anywhere'), { caller: ANA });
  expect(modelOf(missing).state).toBe('not-found');
  expect(missing.ephemeral).toBe(true);
  const item = retryableItem(h.estate, 'files');
  const confirm = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: ANA }));
  const cancelled = modelOf(await workflow.handleRetry(clickButton(confirm, 'Cancel'), { caller: ANA }));
  expect(cancelled).toMatchObject({
    state: 'cancelled',
    title: 'Nothing started',
    status: '🚫 Cancelled by Ana (slack): nothing was started',
  });
  const late = modelOf(await workflow.handleRetry(clickButton(confirm, 'Start'), { caller: ANA }));
  expect(late.state).toBe('expired');
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(0);
});

test("demo mode: the playground's user may run the whole flow", async () => {
  const { workflow } = await h.workflow({ policy: parseAccessPolicy([], { demo: true }) });
  const newcomer: Caller = { platform: 'playground', userId: 'newcomer', userName: 'Newcomer' };
  const item = retryableItem(h.estate, 'aks');
  const card = modelOf(await workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: newcomer }));
  expect(card.state).toBe('confirm');
  const ref: MessageRef = { platform: 'playground', data: { messageId: 'm1' } };
  const started = modelOf(
    await workflow.handleRetry(clickButton(card, 'Start'), { caller: newcomer, messageRef: ref }),
  );
  expect(started.status).toMatch(/by Newcomer \(playground\)$/);
  expect(h.sim.admin.countBackupCalls(item.id)).toBe(1);
  // Without demo mode, nobody is allowed by default.
  const strict = await h.workflow({ policy: parseAccessPolicy([]) });
  const denied = modelOf(await strict.workflow.handleRetry(retryCommand(`retry ${item.id}`), { caller: newcomer }));
  expect(denied.state).toBe('denied');
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
