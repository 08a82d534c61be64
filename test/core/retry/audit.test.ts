// `audit [since:…]`: people allowed to retry see who started which backup and how it ended, newest first, paged,
// limited to the scopes RETRY_ALLOW gives them (the item's vault or its datasource); everyone else is refused.
import { parseAccessPolicy } from '../../../src/core/authorize';
import { decodeActionInline } from '../../../src/core/commands/payload';
import type { AuditCommand } from '../../../src/core/commands/types';
import { NotAuthorizedError } from '../../../src/core/errors';
import type { AuditViewModel } from '../../../src/core/view-models/retry';
import { ALLOW, ANA, EVE, type Harness, startHarness } from './support/harness';

const SUB_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const SUB_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const itemId = (sub: string, n: number) =>
  `/subscriptions/${sub}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-${n}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-app;vm-${n}/protectedItems/VM;iaasvmcontainerv2;rg-app;vm-${n}`;

// The audit log is stamped by the database clock (real time), not the demo estate's.
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  const store = await h.openStore();
  const now = Date.now();
  // 12 retries in subscription A, 1 in B (its datasource lives in A's rg-app), 1 too old for since:7d.
  for (let n = 0; n < 12; n++) {
    await store.appendAudit({
      at: new Date(now - (n + 1) * 60_000),
      actor: { platform: 'teams', userId: '29:bo', name: 'Bo' },
      channel: '19:ops@thread.tacv2',
      action: 'retry',
      target: itemId(SUB_A, n),
      result: 'started',
      details: { item: `vm-${n}`, vault: `rsv-${n}`, subscriptionId: SUB_A, resourceGroup: 'rg-backup' },
      azureJobId: `${itemId(SUB_A, n).split('/backupFabrics/')[0]}/backupJobs/0000000${n}-aaaa-4000-8000-000000000000`,
    });
  }
  await store.appendAudit({
    at: new Date(now - 30 * 60_000),
    actor: { platform: 'slack', userId: 'U0ANA0001', name: 'Ana' },
    action: 'retry',
    target: itemId(SUB_B, 99),
    result: 'refused:forbidden',
    details: {
      item: 'vm-99',
      vault: 'rsv-99',
      subscriptionId: SUB_B,
      resourceGroup: 'rg-backup',
      datasourceScope: { subscriptionId: SUB_A, resourceGroup: 'rg-app' },
      reason: 'The bot is not allowed to start backups in vault rsv-99.',
    },
  });
  await store.appendAudit({
    at: new Date(now - 10 * 86_400_000),
    actor: { platform: 'slack', userId: 'U0ANA0001', name: 'Ana' },
    action: 'retry',
    target: itemId(SUB_A, 100),
    result: 'started',
    details: { item: 'vm-old', subscriptionId: SUB_A, resourceGroup: 'rg-backup' },
  });
});

afterAll(async () => {
  await h.close();
});

const audit = (since?: string, page?: number): AuditCommand => ({
  verb: 'audit',
  ...(since ? { since } : {}),
  ...(page ? { page } : {}),
});

test('someone allowed everywhere sees every record of the window, newest first, ten a page', async () => {
  const { workflow } = await h.workflow({ now: () => new Date() });
  const reply = await workflow.handleAudit(audit('7d'), { caller: ANA });
  expect(reply.view).toBe('audit');
  const model = reply.model as AuditViewModel;
  expect(model.subtitle).toBe('last 7 days · every item');
  expect(model.totals).toBe('showing 10 of 13 records');
  expect(model.rows[0]).toEqual({
    title: '✅ Started · vm-0',
    detail: expect.stringMatching(/^.+ · Bo \(teams\) · in 19:ops@thread\.tacv2 · vault rsv-0 · job 00000000-aaaa-/),
  });
  const next = model.buttons.find((b) => b.label.startsWith('Next'));
  const decoded = decodeActionInline(next?.payload);
  expect(decoded.ok && decoded.command).toEqual({ verb: 'audit', since: '7d', page: 2 });
  const page2 = (await workflow.handleAudit(audit('7d', 2), { caller: ANA })).model as AuditViewModel;
  expect(page2.totals).toBe('showing 11–13 of 13 records');
  expect(page2.rows.at(-1)).toEqual({
    title: '🚫 Refused by Azure · vm-99',
    detail: expect.stringContaining('The bot is not allowed to start backups in vault rsv-99.'),
  });
  const month = (await workflow.handleAudit(audit('30d'), { caller: ANA })).model as AuditViewModel;
  expect(month.totals).toBe('showing 10 of 14 records');
});

test('a scoped rule shows only the records of items in that scope (vault or datasource)', async () => {
  const policy = parseAccessPolicy([...ALLOW, `slack:user:${EVE.userId}@rg:${SUB_A}/rg-app`]);
  const { workflow } = await h.workflow({ policy, now: () => new Date() });
  const model = (await workflow.handleAudit(audit('7d'), { caller: EVE })).model as AuditViewModel;
  expect(model.subtitle).toBe('last 7 days · items in the scopes you may act in');
  expect(model.rows.map((r) => r.title)).toEqual(['🚫 Refused by Azure · vm-99']);
});

test('people RETRY_ALLOW does not name are refused', async () => {
  const { workflow } = await h.workflow({ now: () => new Date() });
  await expect(workflow.handleAudit(audit(), { caller: EVE })).rejects.toThrow(NotAuthorizedError);
  await expect(workflow.handleAudit(audit(), { caller: EVE })).rejects.toThrow(/RETRY_ALLOW/);
});
