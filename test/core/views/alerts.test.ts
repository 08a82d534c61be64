// View "alerts" over the real data path (alerts-filtered.kql → the stand-in's KQL engine → row mapping) on the tricky
// estate plus hand-made alert rows: grouping, states, filters, buttons, golden files for both platforms; and a page
// of the hardest alerts fits both platforms while one more would not.
import { join } from 'node:path';
import { bindAlertListKql } from '../../../src/azure/alerts/alerts';
import { createBackupData } from '../../../src/azure/backup-data';
import { decodeActionInline } from '../../../src/core/commands/payload';
import type { AlertsCommand } from '../../../src/core/commands/types';
import { buildAlertsView } from '../../../src/core/views/alerts';
import { PAGE_SIZES } from '../../../src/core/views/shared/page-size';
import { buildVaultView } from '../../../src/core/views/vault';
import { buildVaultsView } from '../../../src/core/views/vaults';
import { renderView } from '../../../src/render/render-view';
import { GUARDED } from '../../azure/support/all-queries';
import { EngineRunner, loadEstateTables } from '../../azure/support/engine-runner';
import { hugeEstateData, SLACK_CALLER, smallEstateData, TEAMS_CALLER, testCore } from '../../core/support/core-estates';
import { expectGolden } from '../../support/golden';
import { hugeAlerts, TRICKY_ALERTS, VM_ITEM } from './support/alert-estates';
import { inventoryContext } from './support/inventory-context';
import { answer, vault, vaultList } from './support/inventory-estates';
import { expectPagesWithinLimits, rendersAsDesigned } from './support/render-checks';

const FIXTURES = join(__dirname, '../../fixtures');
const now = new Date('2025-06-15T12:00:00Z');
const tables = loadEstateTables(join(FIXTURES, 'tricky-estate.json'));
const data = createBackupData(new EngineRunner({ ...tables, AlertsManagementResources: TRICKY_ALERTS }, now));
const active: AlertsCommand = { verb: 'alerts', kind: 'active', filters: {} };
const idOf = (n: number) => `0000000${n}-aaaa-4aaa-8aaa-00000000000${n}`;
const numbers = (alerts: { id: string }[]) => alerts.map((a) => Number(a.id.slice(-1)));

function renderBoth(name: string, model: object) {
  const teams = renderView('alerts', model, 'teams');
  const slack = renderView('alerts', model, 'slack');
  expectGolden(`views/alerts-${name}.teams`, teams.card);
  expectGolden(`views/alerts-${name}.slack`, { text: slack.text, blocks: slack.blocks });
}

test('data: active alerts are the fired, unclosed backup alerts of any age whose vault exists; all since: is a window', async () => {
  const act = await data.alerts('active', {});
  expect(numbers(act.value.alerts)).toEqual([1, 2, 3, 7, 6]);
  const [one, two] = act.value.alerts;
  expect(one).toMatchObject({
    rule: 'Backup Failure',
    category: 'jobs',
    severity: 'Sev1',
    state: 'New',
    condition: 'Fired',
    itemId: VM_ITEM,
    itemName: 'vm-web-01',
    workload: 'vm',
    errorCode: 'UserErrorVmNotInDesirableState',
    jobId: 'j1',
    occurrences: 3,
    vault: { name: 'rsv-prod', kind: 'rsv', resourceGroup: 'RG-Backup', location: 'westeurope' },
  });
  // Casing of every value changed and the context nested under alertContext: read the same.
  expect(two).toMatchObject({
    severity: 'Sev1',
    state: 'Acknowledged',
    condition: 'Fired',
    workload: 'sql',
    occurrences: 2,
  });
  expect(act.value.alerts.find((a) => a.id.endsWith(idOf(6)))).toMatchObject({
    severity: 'unknown',
    workload: undefined,
  });
  expect(act.value.alerts.find((a) => a.id.endsWith(idOf(3)))).toMatchObject({ category: 'security' });
  expect(act.value.alerts.find((a) => a.id.endsWith(idOf(3)))?.itemId).toBeUndefined();
  const all = await data.alerts('all', { since: '7d' });
  expect(numbers(all.value.alerts)).toEqual([1, 2, 3, 4, 5]);
  expect(all.value.alerts.find((a) => a.id.endsWith(idOf(4)))).toMatchObject({
    active: false,
    condition: 'Resolved',
    vault: { kind: 'bv' },
  });
  expect(all.value.since).toBe('7d');
  expect(act.value.since).toBeUndefined();
});

test('data: filters are the vault’s (tags, region, name), type: the item’s workload', async () => {
  expect(numbers((await data.alerts('active', { workload: 'vm' })).value.alerts)).toEqual([1]);
  expect(numbers((await data.alerts('all', { vault: 'BV-PROD', since: '14d' })).value.alerts)).toEqual([4]);
  expect(numbers((await data.alerts('active', { location: 'northeurope' })).value.alerts)).toEqual([]);
  expect(
    numbers((await data.alerts('active', { tags: [{ key: 'owner', value: 'BACKUP-team' }] })).value.alerts),
  ).toEqual([1, 2, 3, 7]);
  expect(numbers((await data.alerts('all', { resourceGroup: 'rg-old', since: '14d' })).value.alerts)).toEqual([5]);
});

test('data: the summary counts active alerts by severity; the vaults list flags classic alerts', async () => {
  const summary = await data.summary({});
  expect(summary.value.alerts).toEqual({
    active: 5,
    bySeverity: { Sev0: 1, Sev1: 3, Sev2: 0, Sev3: 0, Sev4: 0, unknown: 1 },
  });
  const vaults = await data.vaults({});
  const classic = Object.fromEntries(vaults.value.vaults.map((v) => [v.name, v.classicAlerts]));
  // rsv-legacy has no monitoringSettings (classic on, as APRL reads it); rsv-prod's lack classicAlertSettings.
  expect(classic).toEqual({ 'rsv-legacy': 'on', 'rsv-prod': 'unknown', 'bv-prod': 'n/a', 'bv-fab': 'n/a' });
});

test('view: groups worst first, rows name the item (or the vault), buttons open it and the failed jobs', async () => {
  const model = await buildAlertsView(await data.alerts('active', {}), active, inventoryContext({ now, pageSize: 50 }));
  expect(model.title).toBe('Active backup alerts');
  expect(model.totals).toBe('showing all 5 active alerts in 4 groups');
  expect(model.severities).toEqual(['🔴 1 Sev0 · 🟠 3 Sev1 · ❔ 1 unknown']);
  expect(model.rows.map((r) => [r.name, r.opens])).toEqual([
    ['rsv-prod', ['Soft Delete Disabled for Vault · 1 alert in 1 vault']],
    ['vm-web-01', ['Backup Failure · UserErrorVmNotInDesirableState · 2 alerts in 1 vault']],
    ['sales', []],
    ['rsv-prod', ['MUA Disabled · 1 alert in 1 vault']],
    ['bv-prod', ['Workload extension unhealthy · 1 alert in 1 vault']],
  ]);
  expect(model.rows[1]?.status).toMatch(/^🟠 Sev1 \(error\) · New · fired 3 h ago \(.+\) · 3 times$/);
  expect(model.rows[2]?.status).toMatch(/^🟠 Sev1 \(error\) · Acknowledged · fired 28 h ago/);
  expect(model.rows[4]?.status).toBe('❔ severity unknown · New · fired at an unknown time');
  expect(model.rows[1]?.where).toBe('Recovery Services vault rsv-prod in RG-Backup · sub aaaaaaaa');
  expect(decodeActionInline(model.rows[1]?.open.payload)).toEqual({
    ok: true,
    command: { verb: 'item', ref: VM_ITEM, filters: {} },
  });
  expect(decodeActionInline(model.rows[0]?.open.payload)).toEqual({
    ok: true,
    command: {
      verb: 'vault',
      name: 'rsv-prod',
      filters: { subscription: 'aaaaaaaa-0000-4000-8000-000000000001', resourceGroup: 'RG-Backup' },
    },
  });
  // The group's Failed jobs button: on its first row (Teams) and in the actions (Slack).
  expect(model.rows.map((r) => r.jobs.length)).toEqual([0, 1, 0, 0, 0]);
  const jobs = model.jobButtons;
  expect(jobs.map((b) => b.label)).toEqual(['Failed jobs · UserErrorVmNotInDesirableState']);
  expect(model.rows[1]?.jobs).toEqual(jobs);
  expect(decodeActionInline(jobs[0]?.payload)).toEqual({
    ok: true,
    command: {
      verb: 'jobs',
      status: 'failed',
      code: 'UserErrorVmNotInDesirableState',
      filters: { subscription: 'aaaaaaaa-0000-4000-8000-000000000001', vault: 'rsv-prod', since: '7d' },
    },
  });
  const toggle = model.buttons.find((b) => b.label === 'All alerts');
  expect(decodeActionInline(toggle?.payload)).toEqual({ ok: true, command: { ...active, kind: 'all' } });
  renderBoth('normal', model);
});

test('view: all alerts show resolved and closed ones as such; empty says what it means', async () => {
  const cmd: AlertsCommand = { verb: 'alerts', kind: 'all', filters: { since: '7d' } };
  const model = await buildAlertsView(
    await data.alerts('all', { since: '7d' }),
    cmd,
    inventoryContext({ now, pageSize: 50 }),
  );
  expect(model.title).toBe('Backup alerts');
  const disk = model.rows.find((r) => r.name === 'disk-data-01');
  expect(disk?.status).toMatch(/^🟠 Sev1 \(error\) · New · resolved · fired 3 d ago/);
  expect(disk?.color).toBe('Default');
  expect(model.rows.find((r) => r.name === 'rsv-legacy')?.status).toMatch(/^🔴 Sev0 \(critical\) · Closed · /);
  // The data layer stopped at its row limit: the total is a lower bound, and the warning says what is missing.
  const limited = answer(hugeAlerts(1000), [{ kind: 'row-limit', detail: 'first 1000 rows' }]);
  const cutModel = await buildAlertsView(limited, active, inventoryContext({ now }));
  expect(cutModel.totals).toBe('showing 10 of more than 1,000 active alerts in 8 groups');
  expect(cutModel.partial).toHaveLength(1);
  const empty = await buildAlertsView(answer({ kind: 'active', alerts: [] }), active, inventoryContext());
  expect(empty.totals).toBe('no active alerts');
  expect(empty.empty).toEqual(['✅ No active Azure Monitor alerts for backup match these filters.']);
  renderBoth('empty', empty);
});

test('vaults: a vault still on classic alerts says so in its settings, its card and its steps to fix', async () => {
  const old = vault('rsv-old', { classicAlerts: 'on', softDelete: 'always-on', mua: 'on' });
  const fine = vault('rsv-new', { classicAlerts: 'off', softDelete: 'always-on', mua: 'on' });
  const list = await buildVaultsView(
    answer(vaultList([old, fine])),
    { verb: 'vaults', filters: {} },
    inventoryContext(),
  );
  const row = (name: string) => list.vaults.find((v) => v.name === name);
  expect(row('rsv-old')?.settings).toContain('Classic alerts on');
  expect(row('rsv-old')?.fix).toEqual(['To fix: switch from retired classic alerts to Azure Monitor alerts.']);
  expect(row('rsv-new')?.settings).not.toContain('Classic');
  expect(row('rsv-new')?.fix).toEqual([]);
  const card = await buildVaultView(
    answer({ kind: 'found' as const, vault: old }),
    { verb: 'vault', name: 'rsv-old', filters: {} },
    inventoryContext(),
  );
  const facts = [...(card.vault[0]?.facts ?? []), ...(card.vault[0]?.moreFacts ?? [])];
  expect(facts.find((f) => f.label === 'Classic alerts')?.value).toBe('⚠️ on (retired: switch to Azure Monitor alerts)');
  for (const platform of ['teams', 'slack'] as const) {
    expect(renderView('vaults', list, platform).shrunk).toBe(0);
    expect(renderView('vault', card, platform).shrunk).toBe(0);
  }
});

describe.each(['teams', 'slack'] as const)('%s: the hardest page', (platform) => {
  const family = platform === 'slack' ? 'slack' : 'adaptive';
  test('a full page renders as designed, one more alert would not fit, and the last page is within limits', async () => {
    const size = PAGE_SIZES.alerts[family];
    const ctx = () => inventoryContext({ caller: { platform, userId: 'u' }, pageSize: 1000 });
    const throttled = { kind: 'throttled' as const, detail: '12 subscriptions were throttled', subscriptions: ['s'] };
    const huge = answer(hugeAlerts(), [throttled], [bindAlertListKql(GUARDED, 'all', true)]);
    const cmd = {
      ...active,
      filters: { vault: 'x'.repeat(50), tags: [{ key: 'k'.repeat(40), value: 'v'.repeat(40) }] },
    };
    const [one, two] = await Promise.all([1, 2].map((page) => buildAlertsView(huge, { ...cmd, page }, ctx())));
    expect(one?.rows).toHaveLength(size);
    expect(rendersAsDesigned('alerts', one as object, platform)).toBe(true);
    const longer = { ...one, rows: [...(one?.rows ?? []), ...(two?.rows.slice(0, 1) ?? [])] };
    expect(rendersAsDesigned('alerts', longer, platform)).toBe(false);
    const last = await buildAlertsView(huge, { ...cmd, page: 10_000 }, ctx());
    expect(last.totals).toMatch(/ of 2,000 active alerts in 8 groups$/);
    expect(rendersAsDesigned('alerts', last, platform)).toBe(true);
  });
});

describe.each([
  ['teams', TEAMS_CALLER],
  ['slack', SLACK_CALLER],
] as const)('%s: the generated estate, every page', (platform, caller) => {
  test('pages with Previous and Next and several job groups stay within the card action limits', async () => {
    const { core } = testCore(smallEstateData());
    for (const text of [
      'alerts',
      'alerts all since:14d',
      'alerts all since:14d page:2',
      'alerts all since:14d page:3',
    ]) {
      const reply = await core.handleText(text, caller);
      expect(reply.view).toBe('alerts');
      expect(renderView('alerts', reply.model, platform).shrunk).toBe(0);
    }
  });
});

describe.each([
  ['teams', TEAMS_CALLER],
  ['slack', SLACK_CALLER],
] as const)('%s: typed and clicked through the conversation core on the huge estate', (_platform, caller) => {
  test('pages render as designed, Next moves on, and the summary links the alerts', async () => {
    const { core } = testCore(hugeEstateData());
    await expectPagesWithinLimits(core, caller, 'alerts', { view: 'alerts', totals: 'of 2,000 active alerts' });
    const summary = await core.handleText('summary', caller);
    const button = (summary.model as { buttons: { label: string; payload: string }[] }).buttons.find((b) =>
      b.label.includes('active alert'),
    );
    expect(button?.label).toBe('2,000 active alerts');
    const viaSummary = await core.handleAction(JSON.parse(button?.payload ?? '{}'), caller);
    expect(viaSummary.view).toBe('alerts');
  });
});
