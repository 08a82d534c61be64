import type { Caller } from '../../../src/core/caller';
import type { ConversationCore } from '../../../src/core/conversation-port';
import type { ItemViewModel } from '../../../src/core/view-models/detail';
import type { JobRow, JobsViewModel } from '../../../src/core/view-models/jobs';
import type { RetryViewModel } from '../../../src/core/view-models/retry';
import { ESTATE_NOW, failedRecently, retryableItems } from '../../azure/actions/support/estate-items';

import { ANA, EVE, type Harness, replicaCore, useHarness } from './support/harness';

let h: Harness;
useHarness((started) => {
  h = started;
});

const replica = (): Promise<ConversationCore> => replicaCore(h);

const rowsOf = (m: JobsViewModel): JobRow[] => m.entries.flatMap((e) => e.job);
const jobs = async (core: ConversationCore, text: string, caller: Caller = ANA) =>
  (await core.handleText(text, caller)).model as JobsViewModel;

test('failed jobs offer Retry per item that can be backed up, and say why instead for one that cannot', async () => {
  const core = await replica();
  const [item, stopped] = retryableItems(h.estate, 'vm').filter((i) => failedRecently(h.estate, i.id, ESTATE_NOW));
  if (!item || !stopped) throw new Error('the demo estate has too few recently failed VMs');
  const before = stopped.row.properties;
  stopped.row.properties = { ...(before as object), protectionState: 'ProtectionStopped' };
  try {
    const model = await jobs(core, `jobs failed vault:${stopped.target.vaultName}`);
    const row = rowsOf(model).find((r) => r.title === stopped.name);
    expect(row?.retry).toEqual([]);
    expect(row?.retryNote).toEqual([
      expect.stringMatching(/^🚫 No Retry: Protection is stopped \(ProtectionStopped\)/),
    ]);
    const retryable = rowsOf(model).filter((r) => r.retry.length > 0);
    expect(retryable.length).toBeGreaterThan(0);
    for (const r of retryable) expect(r.retry.map((b) => b.label)).toEqual([`Retry ${r.title}`]);
  } finally {
    stopped.row.properties = before;
  }
  const click = await core.handleAction(
    rowsOf(await jobs(core, `jobs failed vault:${item.target.vaultName}`)).find((r) => r.title === item.name)?.retry[0]
      ?.payload,
    ANA,
  );
  expect((click.model as RetryViewModel).title).toBe(`Back up ${item.name} now?`);
});

test('people RETRY_ALLOW does not name see no Retry buttons; their typed retry is refused and audited', async () => {
  const core = await replica();
  const model = await jobs(core, 'jobs failed', EVE);
  expect(rowsOf(model).flatMap((r) => [...r.retry, ...r.retryNote])).toEqual([]);
  expect(model.buttons.map((b) => b.label).filter((l) => l.startsWith('Retry'))).toEqual([]);
  const item = retryableItems(h.estate, 'vm')[0];
  const reply = await core.handleText(`retry ${item?.id}`, EVE);
  expect(reply.ephemeral).toBe(true);
  expect((reply.model as RetryViewModel).state).toBe('denied');
  const [record] = await h.stores[0]!.queryAudit({ actor: { platform: 'slack', userId: EVE.userId } });
  expect(record).toMatchObject({ action: 'retry', result: 'denied', target: item?.id });
  // Reading the audit log stays refused before any handler.
  expect((await core.handleText('audit', EVE)).view).toBe('error');
});

test('the item view offers "Back up now" when possible, and only to allowed people', async () => {
  const core = await replica();
  const item = retryableItems(h.estate, 'files')[0];
  const mine = (await core.handleText(`item ${item?.id}`, ANA)).model as ItemViewModel;
  expect(mine.retry.map((b) => b.label)).toEqual(['Back up now']);
  const confirm = await core.handleAction(mine.retry[0]?.payload, ANA);
  expect((confirm.model as RetryViewModel).state).toBe('confirm');
  const eves = (await core.handleText(`item ${item?.id}`, EVE)).model as ItemViewModel;
  expect(eves.retry).toEqual([]);
});

test('"Retry N items (M failed jobs)" carries its items in the store: another replica opens its one confirmation', async () => {
  const first = await replica();
  const model = await jobs(first, 'jobs failed since:7d');
  const all = model.buttons.find((b) =>
    /^Retry \d+ items? \(\d+ failed jobs?(; \d+ fixed since left out)?\)$/.test(b.label),
  );
  if (!all) throw new Error('no "Retry all" button');
  // Hundreds of ARM ids: far too long for a button, so the button holds a stash id only.
  expect(JSON.parse(all.payload)).toEqual({ v: 1, s: expect.stringMatching(/^[0-9a-f]{24}$/) });
  const n = Number(/(\d+)/.exec(all.label)?.[1]);
  expect(n).toBeGreaterThan(8);
  // It counts items (each backed up once) and the failed jobs behind them (an item may have failed more than once).
  const failedJobs = Number(/\((\d+) failed jobs?/.exec(all.label)?.[1]);
  expect(failedJobs).toBeGreaterThanOrEqual(n);
  // Over 7 days some items were backed up well after they failed: left out, and the label says how many.
  expect(all.label).toMatch(/; \d+ fixed since left out\)$/);
  const second = await replica();
  const confirm = (await second.handleAction(all.payload, ANA)).model as RetryViewModel;
  expect(confirm).toMatchObject({ state: 'bulk-confirm', title: `Back up ${n} items now?` });
  expect(confirm.buttons.map((b) => b.label)).toEqual([`Start ${n} backups`, 'Cancel']);
  expect(h.sim.admin.countBackupCalls()).toBe(0);
});

test('Cancel on a confirmation opened from a failed-jobs page puts that page back, titled "Nothing started"', async () => {
  const core = await replica();
  const page2 = await jobs(core, 'jobs failed since:7d page:2');
  const all = page2.buttons.find((b) => b.label.startsWith('Retry '));
  if (!all) throw new Error('no "Retry all" button');
  const confirm = (await core.handleAction(all.payload, ANA)).model as RetryViewModel;
  expect(confirm.state).toBe('bulk-confirm');
  const cancel = confirm.buttons.find((b) => b.label === 'Cancel');
  const back = await core.handleAction(cancel?.payload, ANA);
  expect(back.view).toBe('jobs');
  const list = back.model as JobsViewModel;
  expect(list.title).toBe('Nothing started · Failed jobs');
  expect(back.summaryText).toBe(`Nothing started. Failed jobs: ${page2.totals}.`);
  expect(page2.totals).toMatch(/^showing \d+–\d+ of /);
  // The same page of the same list, with its buttons working as before.
  expect(list.totals).toBe(page2.totals);
  expect(rowsOf(list).map((r) => r.title)).toEqual(rowsOf(page2).map((r) => r.title));
  expect(list.paging.map((b) => b.label)).toEqual(page2.paging.map((b) => b.label));
  // The confirmation's Start no longer works, and nothing reached Azure.
  const start = confirm.buttons.find((b) => b.label.startsWith('Start'));
  expect(((await core.handleAction(start?.payload, ANA)).model as RetryViewModel).state).toBe('expired');
  expect(h.sim.admin.countBackupCalls()).toBe(0);

  // A row's Retry returns to its list the same way; a typed retry has no list, so its Cancel says so alone.
  const row = rowsOf(await jobs(core, 'jobs failed since:7d')).find((r) => r.retry.length > 0);
  const one = (await core.handleAction(row?.retry[0]?.payload, ANA)).model as RetryViewModel;
  const oneBack = await core.handleAction(one.buttons.find((b) => b.label === 'Cancel')?.payload, ANA);
  expect((oneBack.model as JobsViewModel).title).toBe('Nothing started · Failed jobs');
  const typed = (await core.handleText(`retry ${row?.title}`, ANA)).model as RetryViewModel;
  const typedBack = await core.handleAction(typed.buttons.find((b) => b.label === 'Cancel')?.payload, ANA);
  expect(typedBack.view).toBe('retry');
  expect((typedBack.model as RetryViewModel).title).toBe('Nothing started');
});

test('a failed Recovery Services job that no item can be tied to says so instead of offering Retry', async () => {
  const core = await replica();
  // RSV job rows name no item (REST job models): one whose VM name no item of its vault has is a job of no known item.
  const rows = h.estate.tables.RecoveryServicesResources;
  const template = rows.find(
    (r) =>
      String(r.type) === 'microsoft.recoveryservices/vaults/backupjobs' &&
      (r.properties as Record<string, unknown>).backupManagementType === 'AzureIaasVM',
  );
  if (!template) throw new Error('the demo estate has no VM job');
  const vaultName = String(template.id).split('/')[8];
  const orphan = {
    ...template,
    id: String(template.id).replace(/[^/]+$/, 'orphan-job'),
    name: 'orphan-job',
    properties: {
      ...(template.properties as object),
      entityFriendlyName: 'vm-nobody-knows',
      containerName: 'iaasvmcontainerv2;rg-gone;vm-nobody-knows',
      status: 'Failed',
      operation: 'Backup',
      startTime: new Date(Date.now() - 3_600_000).toISOString(),
      endTime: new Date(Date.now() - 3_000_000).toISOString(),
    },
  };
  rows.push(orphan);
  try {
    const model = await jobs(core, `jobs failed vault:${vaultName}`);
    const row = rowsOf(model).find((r) => r.title === 'vm-nobody-knows');
    expect(row?.retry).toEqual([]);
    expect(row?.retryNote).toEqual([expect.stringMatching(/^🚫 No Retry: can't tell which item this job backed up/)]);
  } finally {
    rows.splice(rows.indexOf(orphan), 1);
  }
});
