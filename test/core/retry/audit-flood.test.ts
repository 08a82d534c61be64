// A flood of refused retries (1,100 in 9 s, as in issue #17's hostile run) and a busy log elsewhere must not push an
// auditor's own records out of `audit`: refusals are written ten a minute per person and counted beyond that, and
// the store filters by the auditor's scopes before it reads the newest rows.
import { parseAccessPolicy } from '../../../src/core/authorize';
import type { AuditViewModel } from '../../../src/core/view-models/retry';
import { ALLOW, ANA, BO, EVE, type Harness, modelOf, retryCommand, startHarness } from './support/harness';

const SUB_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const SUB_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const SUB_C = 'cccccccc-0000-4000-8000-00000000000c';
const itemId = (sub: string, n: number) =>
  `/subscriptions/${sub}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-1/backupFabrics/Azure/protectionContainers/c/protectedItems/VM;iaasvmcontainerv2;rg-app;vm-${n}`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

test('1,100 refused retries in 9 s leave ten records and one count; the auditor still sees their own record', async () => {
  const store = await h.openStore();
  let t = Date.now();
  const now = () => new Date(t);
  const own = { actor: { platform: 'slack', userId: ANA.userId, name: 'Ana' }, action: 'retry', result: 'started' };
  await store.appendAudit({ ...own, at: now(), target: itemId(SUB_A, 1), details: { item: 'vm-1' } });
  const { workflow } = await h.workflow({ store, now });
  // Twenty at a time, as a script would send them: the per-person count holds under concurrent writes too.
  for (let i = 0; i < 1_100; i += 20) {
    const batch = Array.from({ length: 20 }, (_, j) => {
      t += 8;
      return workflow.handleRetry(retryCommand(`retry vm-${i + j}`), { caller: EVE });
    });
    for (const reply of await Promise.all(batch)) expect(modelOf(reply).state).toBe('denied');
  }
  const model = (await workflow.handleAudit({ verb: 'audit' }, { caller: ANA })).model as AuditViewModel;
  expect(model.totals).toBe('showing 10 of 12 records');
  const page2 = (await workflow.handleAudit({ verb: 'audit', page: 2 }, { caller: ANA })).model as AuditViewModel;
  const rows = [...model.rows, ...page2.rows];
  expect(rows.at(-1)?.title).toBe('✅ Started · vm-1');
  expect(rows.filter((r) => r.title.startsWith('🚫 Refused: not allowed · vm-'))).toHaveLength(10);
  const counted = rows.filter((r) => r.title.startsWith('🚫 Refused again and again: counted, not listed'));
  expect(counted).toHaveLength(1);
  expect(counted[0]?.detail).toMatch(/Eve \(slack\) · .*1090 more refusals until .*, beyond 10 per 60 s/);

  // A minute later Eve's refusals are written one by one again.
  t += 60_000;
  await workflow.handleRetry(retryCommand('retry vm-late'), { caller: EVE });
  const after = (await workflow.handleAudit({ verb: 'audit' }, { caller: ANA })).model as AuditViewModel;
  expect(after.rows[0]?.title).toBe('🚫 Refused: not allowed · vm-late');
  // 1,100 round trips through the stand-in: seconds alone, longer beside the other suites.
}, 120_000);

test("a scoped auditor sees their scope's records however many newer ones lie elsewhere", async () => {
  const store = await h.openStore();
  const t0 = Date.now() - 3_600_000;
  const bo = { platform: 'teams', userId: BO.userId, name: 'Bo' };
  await store.appendAudit({
    at: new Date(t0),
    actor: bo,
    action: 'retry',
    target: itemId(SUB_C, 7),
    result: 'started',
    details: { item: 'vm-7', subscriptionId: SUB_C, resourceGroup: 'rg-backup' },
  });
  for (let i = 0; i < 1_100; i++) {
    await store.appendAudit({
      at: new Date(t0 + 1_000 + i),
      actor: bo,
      action: 'retry',
      target: itemId(SUB_B, i),
      result: 'started',
      details: { item: `vm-b${i}`, subscriptionId: SUB_B, resourceGroup: 'rg-backup' },
    });
  }
  const policy = parseAccessPolicy([ALLOW[0] as string, `teams:user:${BO.aadObjectId}@sub:${SUB_C}`]);
  const { workflow } = await h.workflow({ store, policy, now: () => new Date() });
  const model = (await workflow.handleAudit({ verb: 'audit' }, { caller: BO })).model as AuditViewModel;
  expect(model.rows.map((r) => r.title)).toEqual(['✅ Started · vm-7']);
  expect(model.notes).toEqual([]);
});
