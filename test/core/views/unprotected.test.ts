// View "unprotected": grouped by workload with counts, a portal link per datasource, totals, paging, "Show query";
// rendered for Teams and Slack (golden files) for an empty, a normal and a huge estate, always within platform limits.
import { decodeActionInline } from '../../../src/core/commands/payload';
import type { UnprotectedCommand } from '../../../src/core/commands/types';
import { buildUnprotectedView } from '../../../src/core/views/unprotected';
import { renderView } from '../../../src/render/render-view';
import { expectGolden } from '../../support/golden';
import { inventoryContext } from './support/inventory-context';
import {
  answer,
  datasource,
  EMPTY_UNPROTECTED,
  hugeUnprotected,
  normalUnprotected,
  TENANT,
  unprotectedPage,
} from './support/inventory-estates';

const all: UnprotectedCommand = { verb: 'unprotected', filters: {} };

function renderBoth(name: string, model: object) {
  const teams = renderView('unprotected', model, 'teams');
  const slack = renderView('unprotected', model, 'slack');
  expectGolden(`views/unprotected-${name}.teams`, teams.card);
  expectGolden(`views/unprotected-${name}.slack`, { text: slack.text, blocks: slack.blocks });
  return { teams, slack };
}

test('empty estate: says every datasource is protected, no paging', async () => {
  const model = await buildUnprotectedView(answer(EMPTY_UNPROTECTED), all, inventoryContext());
  expect(model.totals).toBe('no unprotected datasources');
  expect(model.empty).toEqual(['Every datasource in scope has a backup. 🎉']);
  expect(model.groups).toEqual([]);
  expect(model.buttons).toEqual([]);
  renderBoth('empty', model);
});

test('normal estate: groups by workload in a fixed order with counts, links each datasource in its tenant', async () => {
  const model = await buildUnprotectedView(answer(normalUnprotected()), all, inventoryContext());
  expect(model.totals).toBe(
    'showing 10 of 12 unprotected datasources (VMs 4, SQL VM 1, HANA database 1, storage account (files) 1, ' +
      'storage account (blobs) 1, disks 2, PostgreSQL server 1, AKS cluster 1)',
  );
  expect(model.groups.map((g) => g.heading)).toEqual([
    'Azure VM · 4 unprotected',
    'SQL in Azure VM · 1 unprotected',
    'SAP HANA in Azure VM · 1 unprotected',
    'Azure Files · 1 unprotected',
    'Azure Blobs · 1 unprotected',
    'Managed disks · 2 unprotected',
  ]);
  const vms = model.groups[0]?.rows ?? [];
  expect(vms.map((r) => r.name)).toEqual(['vm-batch (old)', 'vm-web-01', 'vm-web-02', 'vm-web-03']);
  expect(vms[1]?.tags).toBe('tags: env=prod, owner=web-team');
  expect(vms[0]?.url).toContain(
    '#resource/subscriptions/f0e1d2c3-9999-4888-8777-666655554444/resourceGroups/rg%20%28legacy%29/',
  );
  expect(vms[2]?.url).toContain(`#@${TENANT}/resource/`);
  const hana = model.groups[2]?.rows[0];
  expect(hana?.note).toEqual(['Runs on VM vm-hana-01.']);
  const disk = model.groups[5]?.rows[0];
  expect(disk?.note).toEqual(['Attached to VM vm-web-01, which has no backup of all its disks.']);
  expect(model.query[0]?.queries[0]?.kql).toBe('Resources | take 1');

  const next = decodeActionInline(model.buttons[0]?.payload);
  expect(model.buttons.map((b) => b.label)).toEqual(['Next ›']);
  expect(next).toEqual({ ok: true, command: { verb: 'unprotected', filters: {}, page: 2 } });

  const { teams, slack } = renderBoth('normal', model);
  const teamsText = JSON.stringify(teams.card);
  expect(teamsText).toContain('[vm-web-01](https://portal.azure.com/#resource/subscriptions/');
  // User text that looks like a template or like Slack markup arrives as written, escaped for Slack.
  expect(teamsText).toContain('$'.concat('{not-a-template}'));
  expect(JSON.stringify(slack.blocks)).toContain('R&amp;D &lt;ops&gt;');
});

test('page 2 of the normal estate shows the rest and a way back', async () => {
  const model = await buildUnprotectedView(answer(normalUnprotected()), { ...all, page: 2 }, inventoryContext());
  expect(model.totals.startsWith('showing 11–12 of 12 unprotected datasources')).toBe(true);
  expect(model.groups.map((g) => g.heading)).toEqual([
    'Azure Database for PostgreSQL · 1 unprotected',
    'Azure Kubernetes Service · 1 unprotected',
  ]);
  expect(model.buttons.map((b) => b.label)).toEqual(['‹ Previous']);
  expect(decodeActionInline(model.buttons[0]?.payload)).toEqual({
    ok: true,
    command: { verb: 'unprotected', filters: {} },
  });
});

test('a workload filter titles the view and keeps the filter on the paging buttons', async () => {
  const cmd: UnprotectedCommand = { verb: 'unprotected', workload: 'vm', filters: { resourceGroup: 'rg-app-prod' } };
  const vmsOnly = normalUnprotected();
  vmsOnly.datasources = vmsOnly.datasources.filter((d) => d.workload === 'vm');
  vmsOnly.counts = { vm: 4 };
  const model = await buildUnprotectedView(answer(vmsOnly), cmd, inventoryContext({ pageSize: 3 }));
  expect(model.title).toBe('Unprotected: Azure VM');
  expect(model.subtitle).toBe('rg:rg-app-prod');
  expect(model.totals).toBe('showing 3 of 4 unprotected datasources');
  expect(decodeActionInline(model.buttons[0]?.payload)).toEqual({ ok: true, command: { ...cmd, page: 2 } });
});

test('a partial answer is labelled and an empty partial answer does not claim full protection', async () => {
  const partial = [{ kind: 'throttled' as const, detail: 'throttled', subscriptions: ['Production'] }];
  const model = await buildUnprotectedView(answer(EMPTY_UNPROTECTED, partial), all, inventoryContext());
  expect(model.partial[0]).toMatch(/^⚠️ Partial answer: 1 subscription throttled by Azure \(Production\)/);
  expect(model.empty[0]).toMatch(/part of the estate that answered/);
  renderBoth('partial', model);
});

test('huge estate: 10 rows a page, "more than" when the list was cut, every page within both platforms’ limits', async () => {
  const huge = hugeUnprotected();
  const first = await buildUnprotectedView(answer(huge), all, inventoryContext());
  expect(first.totals).toMatch(/^showing 10 of more than 5,000 unprotected datasources \(VMs 625, SQL VMs 625, /);
  expect(first.groups.flatMap((g) => g.rows)).toHaveLength(10);
  expect(first.buttons.map((b) => b.label)).toEqual(['Next ›']);
  const { teams, slack } = renderBoth('huge', first);
  expect(teams.bytes).toBeLessThanOrEqual(28_000);
  expect(slack.blocks.length).toBeLessThanOrEqual(50);

  for (const page of [2, 251, 500, 9999]) {
    const model = await buildUnprotectedView(answer(huge), { ...all, page }, inventoryContext());
    expect(renderView('unprotected', model, 'teams').bytes).toBeLessThanOrEqual(28_000);
    expect(renderView('unprotected', model, 'slack').textChars).toBeLessThanOrEqual(10_000);
  }
  const last = await buildUnprotectedView(answer(huge), { ...all, page: 9999 }, inventoryContext());
  expect(last.totals).toMatch(/^showing 4,991–5,000 of more than 5,000/);
  expect(last.buttons.map((b) => b.label)).toEqual(['‹ Previous']);
});

test('stopped and soft-deleted protection: its own line on page 1, named with its vault, not counted as unprotected', async () => {
  const stoppedAt = (vaultName: string, state: 'stopped' | 'softDeleted') => ({
    stopped: {
      state,
      vaultName,
      itemId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/${vaultName}/x`,
    },
  });
  const page = unprotectedPage([
    datasource('vm', 'vm-open-01'),
    datasource('vm', 'vm-old-02', stoppedAt('rsv-prod', 'stopped')),
    datasource('vm', 'vm-soft-03', stoppedAt('rsv-prod', 'softDeleted')),
    datasource('disks', 'disk-stopped-03', stoppedAt('bv-prod', 'stopped')),
  ]);
  const model = await buildUnprotectedView(answer(page), all, inventoryContext());
  expect(model.totals).toBe('showing 1 unprotected datasource');
  expect(model.rows.map((r) => r.name)).toEqual(['vm-open-01']);
  expect(model.stoppedHeading).toEqual([
    '⏸️ 3 with protection stopped or soft-deleted — resume them (not counted as unprotected)',
  ]);
  expect(model.stoppedList).toEqual([
    'vm-old-02 (Azure VM, rsv-prod) · vm-soft-03 (Azure VM, soft-deleted, rsv-prod) · disk-stopped-03 (Managed disks, bv-prod)',
  ]);
  const { teams, slack } = renderBoth('stopped', model);
  expect(JSON.stringify(teams.card)).toContain('vm-soft-03 (Azure VM, soft-deleted, rsv-prod)');
  expect(JSON.stringify(slack.blocks)).toContain('*⏸️ 3 with protection stopped or soft-deleted');

  // Only stopped ones: the empty line does not claim full protection, and page 2 does not repeat the line.
  const onlyStopped = unprotectedPage([datasource('vm', 'vm-old-02', stoppedAt('rsv-prod', 'stopped'))]);
  const alone = await buildUnprotectedView(answer(onlyStopped), all, inventoryContext());
  expect(alone.empty).toEqual(['Every datasource in scope has a backup configured; 1 has protection stopped (below).']);
  expect(alone.stoppedHeading).toEqual(['⏸️ 1 with protection stopped — resume it (not counted as unprotected)']);
  const two = unprotectedPage([...page.datasources, datasource('vm', 'vm-open-02'), ...page.stopped]);
  const second = await buildUnprotectedView(answer(two), { ...all, page: 2 }, inventoryContext({ pageSize: 1 }));
  expect(second.rows.map((r) => r.name)).toEqual(['vm-open-02']);
  expect(second.stoppedHeading).toEqual([]);
  expect(second.stoppedList).toEqual([]);
});
