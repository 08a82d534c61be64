// View "policies" over the real data path (policies.kql → the stand-in's KQL engine → row mapping) on the hand-made
// tricky estate: schedule, retention per tier and items protected in words; golden files for both platforms; the
// unused toggle; and a page of the hardest policies fits both platforms while one more would not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackupData } from '../../../src/azure/backup-data';
import { bindPoliciesListKql } from '../../../src/azure/policies/policies';
import { decodeActionInline } from '../../../src/core/commands/payload';
import type { PoliciesCommand } from '../../../src/core/commands/types';
import { buildItemReply } from '../../../src/core/views/item';
import { buildPoliciesView } from '../../../src/core/views/policies';
import { PAGE_SIZES } from '../../../src/core/views/shared/page-size';
import { renderView } from '../../../src/render/render-view';
import { FULL, GUARDED } from '../../azure/support/all-queries';
import { EngineRunner, loadEstateTables } from '../../azure/support/engine-runner';
import { hugeEstateData, SLACK_CALLER, TEAMS_CALLER, testCore } from '../../core/support/core-estates';
import { expectGolden } from '../../support/golden';
import { inventoryContext } from './support/inventory-context';
import { answer } from './support/inventory-estates';
import { hugePolicies, policyList } from './support/policy-estates';
import { expectPagesWithinLimits, rendersAsDesigned } from './support/render-checks';

const FIXTURES = join(__dirname, '../../fixtures');
const now = new Date(
  (JSON.parse(readFileSync(join(FIXTURES, 'tricky-estate.expected.json'), 'utf8')) as { now: string }).now,
);
const data = createBackupData(new EngineRunner(loadEstateTables(join(FIXTURES, 'tricky-estate.json')), now));
const list: PoliciesCommand = { verb: 'policies', filters: {} };

function renderBoth(name: string, model: object) {
  const teams = renderView('policies', model, 'teams');
  const slack = renderView('policies', model, 'slack');
  expectGolden(`views/policies-${name}.teams`, teams.card);
  expectGolden(`views/policies-${name}.slack`, { text: slack.text, blocks: slack.blocks });
  return { teams, slack };
}

test('tricky estate: every policy of both vault kinds, in words, with what it protects', async () => {
  const result = await data.policies({});
  const model = await buildPoliciesView(result, list, inventoryContext({ now, pageSize: 50 }));
  const second = await buildPoliciesView(result, { ...list, page: 2 }, inventoryContext({ now, pageSize: 50 }));
  expect(model.title).toBe('Backup policies');
  expect(model.totals).toBe('showing 9 of 10 policies in 3 vaults · 5 protect nothing');
  expect(second.totals).toBe('showing 10–10 of 10 policies in 3 vaults · 5 protect nothing');
  const rows = [...model.policies, ...second.policies];
  expect(rows.map((p) => p.name)).toEqual([
    'aks-daily',
    'blob-operational',
    'disk-hourly',
    'pg-flex-archive',
    'pg-weekly',
    'DefaultPolicy',
    'EnhancedHourly',
    'FilesVaulted',
    'MabBare',
    'SqlWeeklyFull',
  ]);
  const row = (name: string) => rows.find((p) => p.name === name);
  expect(row('DefaultPolicy')).toMatchObject({
    what: 'Azure VM',
    where: 'Recovery Services vault rsv-prod in RG-Backup (westeurope) · sub aaaaaaaa',
    schedule: 'Daily at 22:30 (W. Europe Standard Time)',
    retention:
      'Snapshots 2 days · daily 30 days · weekly 12 weeks · monthly 12 months · yearly 10 years · archive recommended points',
    items: '✅ Protects 1 item',
    color: 'Good',
  });
  expect(row('EnhancedHourly')).toMatchObject({
    what: 'Azure VM · Enhanced policy',
    schedule: 'Every 4 h from 08:00 (UTC)',
    items: '⚠️ Protects nothing',
    color: 'Warning',
  });
  expect(row('SqlWeeklyFull')).toMatchObject({
    what: 'SQL in Azure VM',
    schedule: 'Weekly on Sun, Wed at 01:00 (Pacific Standard Time) · differential backups · logs every 15 min',
    retention: 'Weekly 8 weeks · logs 7 days · archive after 45 days',
  });
  expect(row('FilesVaulted')).toMatchObject({
    schedule: 'Daily',
    retention: 'Snapshots 5 days · daily 60 days · monthly 6 months',
  });
  expect(row('MabBare')).toMatchObject({
    what: 'Recovery Services policy · MAB',
    schedule: 'Schedule not shown by Azure',
    retention: 'Retention not shown by Azure',
  });
  expect(row('pg-flex-archive')).toMatchObject({
    what: 'Azure Database for PostgreSQL',
    schedule: 'Weekly on Sun, Wed at 03:00 (Coordinated Universal Time)',
    retention: 'Vault tier 3 months · yearly 5 years · archive on expiry, kept 1 year',
  });
  expect(row('blob-operational')).toMatchObject({
    what: 'Backup vault policy',
    schedule: 'Continuous (operational tier, no scheduled backup)',
    retention: 'Operational tier 30 days',
  });
  expect(row('disk-hourly')?.items).toBe('✅ Protects 1 item · 1 stopped item still points at it');
  expect(decodeActionInline(row('aks-daily')?.vault.payload)).toEqual({
    ok: true,
    command: {
      verb: 'vault',
      name: 'bv-fab',
      filters: { subscription: 'bbbbbbbb-0000-4000-8000-000000000003', resourceGroup: 'rg-fab' },
    },
  });
  expect(model.query[0]?.queries).toHaveLength(1);
  // The toggle lists the five unused ones, keeping the filters.
  const toggle = model.buttons.find((b) => b.label.startsWith('Only'));
  expect(toggle?.label).toBe('Only the 5 unused ones');
  expect(decodeActionInline(toggle?.payload)).toEqual({ ok: true, command: { ...list, unused: true } });
  renderBoth('normal', model);
});

test('policies unused: only those that protect nothing, and a way back to all', async () => {
  const cmd: PoliciesCommand = { verb: 'policies', unused: true, filters: { vault: 'rsv-prod' } };
  const result = await data.policies({ vault: 'rsv-prod' }, { unused: true });
  const model = await buildPoliciesView(result, cmd, inventoryContext({ now, pageSize: 50 }));
  expect(model.title).toBe('Unused backup policies');
  expect(model.policies.map((p) => p.name)).toEqual(['EnhancedHourly', 'FilesVaulted', 'MabBare', 'SqlWeeklyFull']);
  expect(model.totals).toBe('showing all 4 policies in 1 vault');
  expect(model.subtitle).toContain('vault:rsv-prod');
  expect(decodeActionInline(model.buttons.at(-1)?.payload)).toEqual({
    ok: true,
    command: { verb: 'policies', filters: { vault: 'rsv-prod' } },
  });
});

test('empty: what no policy means, for the list and for unused', async () => {
  const empty = answer(policyList([]));
  const model = await buildPoliciesView(empty, list, inventoryContext());
  expect(model.totals).toBe('no policies');
  expect(model.buttons).toEqual([]);
  renderBoth('empty', model);
  const unused = await buildPoliciesView(empty, { ...list, unused: true }, inventoryContext());
  expect(unused.empty).toEqual(['Every backup policy that matches these filters protects at least one item.']);
});

describe.each(['teams', 'slack'] as const)('%s: the hardest page', (platform) => {
  const family = platform === 'slack' ? 'slack' : 'adaptive';
  test('a full page renders as designed, one more policy would not fit, and the last page is within limits', async () => {
    const size = PAGE_SIZES.policies[family];
    const ctx = () => inventoryContext({ caller: { platform, userId: 'u' }, pageSize: 1000 });
    // Every filter bound into the query (Teams shows it inline).
    const huge = answer(hugePolicies(), [], [bindPoliciesListKql(GUARDED, { name: FULL.vault ?? '', unused: true })]);
    const [one, two] = await Promise.all([1, 2].map((page) => buildPoliciesView(huge, { ...list, page }, ctx())));
    expect(one?.policies).toHaveLength(size);
    expect(rendersAsDesigned('policies', one as object, platform)).toBe(true);
    const longer = { ...one, policies: [...(one?.policies ?? []), ...(two?.policies.slice(0, 1) ?? [])] };
    expect(rendersAsDesigned('policies', longer, platform)).toBe(false);
    const last = await buildPoliciesView(huge, { ...list, page: 10_000 }, ctx());
    expect(last.totals).toMatch(/^showing 59[0-9]–600 of 600 policies in 40 vaults · 300 protect nothing$/);
    expect(rendersAsDesigned('policies', last, platform)).toBe(true);
  });
});

describe.each([
  ['teams', TEAMS_CALLER],
  ['slack', SLACK_CALLER],
] as const)('%s: typed and clicked through the conversation core on the huge estate', (platform, caller) => {
  test('every page asked renders as designed within the limits, and Next moves on', async () => {
    const { core } = testCore(hugeEstateData());
    await expectPagesWithinLimits(core, caller, 'policies', {
      view: 'policies',
      totals: 'of 600 policies in 40 vaults · 300 protect nothing',
    });
    const unused = await core.handleText('policies unused', caller);
    expect((unused.model as { title: string }).title).toBe('Unused backup policies');
    expect(renderView('policies', unused.model, platform).shrunk).toBe(0);
  });
});

test('the item card links its policy: the button finds that one policy in the item’s vault', async () => {
  const lookup = await data.item('vm-web-01');
  const reply = await buildItemReply(
    lookup,
    { verb: 'item', ref: 'vm-web-01', filters: {} },
    inventoryContext({ now }),
  );
  const buttons = (reply.model as { buttons: { label: string; payload: string }[] }).buttons;
  const policy = buttons.find((b) => b.label.startsWith('Policy'));
  expect(policy?.label).toBe('Policy DefaultPolicy');
  const decoded = decodeActionInline(policy?.payload);
  expect(decoded.ok && decoded.command).toEqual({
    verb: 'policies',
    name: 'DefaultPolicy',
    filters: {
      vault: 'rsv-prod',
      subscription: 'AAAAAAAA-0000-4000-8000-000000000001',
      resourceGroup: 'RG-Backup',
    },
  });
  if (!decoded.ok || decoded.command.verb !== 'policies') return;
  const found = await data.policies(decoded.command.filters, { name: decoded.command.name ?? '' });
  expect(found.value.policies.map((p) => `${p.vault.name}/${p.name}`)).toEqual(['rsv-prod/DefaultPolicy']);
  expect(found.value.policies[0]?.protectedItems).toBe(1);
});
