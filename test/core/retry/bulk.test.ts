// "Retry all N failed": one confirmation for many items, started a few at a time (the concurrency limit holds),
// ending in one summary card: started / already running / refused / failed, one line per item.
import type { RetryCommand } from '../../../src/core/commands/types';
import type { BackupActions } from '../../../src/core/retry';
import { busyItem, continuousBlobItem, itemInState, retryableItem } from '../../azure/actions/support/estate-items';
import { ANA, clickButton, type Harness, modelOf, refFor, useHarness } from './support/harness';

let h: Harness;
useHarness((started) => {
  h = started;
});

/** Delegates to the real actions, counting how many triggers are in flight at once. */
function counting(inner: BackupActions): BackupActions & { maxInFlight: number } {
  let inFlight = 0;
  const wrapper = {
    maxInFlight: 0,
    describeBackup: inner.describeBackup.bind(inner),
    getJobStatus: inner.getJobStatus.bind(inner),
    async triggerBackup(...args: Parameters<BackupActions['triggerBackup']>) {
      inFlight += 1;
      wrapper.maxInFlight = Math.max(wrapper.maxInFlight, inFlight);
      try {
        return await inner.triggerBackup(...args);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return wrapper;
}

test('one confirmation, at most N backups starting at once, one summary line per item', async () => {
  const actions = counting(h.actions);
  h.sim.admin.setFaults({
    rules: [
      { target: 'rsv-trigger', latencyMs: 60 },
      { target: 'bv-trigger', latencyMs: 60 },
    ],
  });
  const { workflow } = await h.workflow({ actions, settings: { bulkConcurrency: 2, trackIntervalMs: 60_000 } });
  const good = [
    retryableItem(h.estate, 'vm', 4),
    retryableItem(h.estate, 'vm', 5),
    retryableItem(h.estate, 'sql', 1),
    retryableItem(h.estate, 'files', 1),
    retryableItem(h.estate, 'disks', 1),
  ];
  const stopped = itemInState(h.estate, 'vm', 'ProtectionStopped');
  const blob = continuousBlobItem(h.estate);
  const busy = busyItem(h.estate);
  const ghost = `${good[0]?.target.kind === 'rsv' ? good[0].id.split('/backupFabrics/')[0] : ''}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-x;gone/protectedItems/VM;iaasvmcontainerv2;rg-x;gone`;
  const ids = [...good.map((g) => g.id), stopped.id, blob.id, busy.id, ghost];
  const command: RetryCommand = { verb: 'retry', items: ids, filters: {} };

  const confirm = modelOf(await workflow.handleRetry(command, { caller: ANA }));
  expect(confirm.state).toBe('bulk-confirm');
  expect(confirm.title).toBe('Back up 9 items now?');
  expect(confirm.lines).toHaveLength(9);
  expect(confirm.buttons.map((b) => b.label)).toEqual(['Start 9 backups', 'Cancel']);
  expect(h.sim.admin.countBackupCalls()).toBe(0);

  const summary = modelOf(
    await workflow.handleRetry(clickButton(confirm, 'Start'), { caller: ANA, messageRef: refFor(50) }),
  );
  expect(summary.state).toBe('bulk-summary');
  expect(summary.title).toBe('Backups started: 5 of 9 items');
  expect(summary.status).toBe('✅ 5 started · ⏳ 1 already running · 🚫 2 refused · ❌ 1 failed');
  expect(summary.lines).toHaveLength(9);
  expect(summary.lines[0]).toMatch(/^❔ .*gone · not found$/);
  expect(summary.lines.filter((l) => l.startsWith('✅'))).toHaveLength(5);
  expect(summary.lines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        new RegExp(`^⏳ ${escapeRegExp(busy.name)} · already running \\(by the backup schedule\\)`),
      ),
    ]),
  );
  expect(summary.lines).toEqual(expect.arrayContaining([expect.stringMatching(/continuous/)]));
  for (const g of good) expect(h.sim.admin.countBackupCalls(g.id)).toBe(1);
  expect(h.sim.admin.countBackupCalls()).toBe(5);
  // Never more than the limit at once (how many overlap depends on timing).
  expect(actions.maxInFlight).toBeLessThanOrEqual(2);
  expect(actions.maxInFlight).toBeGreaterThan(0);
  expect(workflow.trackedJobs).toBe(5);

  const audit = await h.stores.at(-1)!.queryAudit({ limit: 100 });
  // One outcome per item; each request sent to Azure was recorded as "starting" before it went.
  expect(audit.filter((r) => r.action === 'retry' && r.result !== 'starting')).toHaveLength(9);
  const starting = audit.filter((r) => r.result === 'starting').map((r) => r.target);
  for (const g of good) expect(starting.filter((t) => t === g.id)).toHaveLength(1);
  expect(starting.length).toBeLessThanOrEqual(6);
  expect(audit.every((r) => (r.details as { bulk?: boolean }).bulk === true)).toBe(true);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
