// View "compliance" over the real data path (compliance.kql → the stand-in's KQL engine → row merging) on the hand-made
// compliance estate: statuses, scopes and samples in words; golden files for both platforms; the empty answer; and a
// page of the hardest assignments fits both platforms while one more would not.
import { join } from 'node:path';
import { createBackupData } from '../../../src/azure/backup-data';
import { bindComplianceKql } from '../../../src/azure/compliance/compliance';
import { parseCommand } from '../../../src/core/commands/parse';
import type { ComplianceCommand } from '../../../src/core/commands/types';
import { buildComplianceView } from '../../../src/core/views/compliance';
import { PAGE_SIZES } from '../../../src/core/views/shared/page-size';
import { renderView } from '../../../src/render/render-view';
import { GUARDED } from '../../azure/support/all-queries';
import { EngineRunner, loadEstateTables } from '../../azure/support/engine-runner';
import { hugeEstateData, SLACK_CALLER, TEAMS_CALLER, testCore } from '../../core/support/core-estates';
import { expectGolden } from '../../support/golden';
import { hugeAssignment, hugeCompliance } from './support/compliance-estates';
import { inventoryContext } from './support/inventory-context';
import { answer } from './support/inventory-estates';
import { expectPagesWithinLimits, rendersAsDesigned } from './support/render-checks';

const now = new Date('2025-06-15T12:00:00Z');
const data = createBackupData(
  new EngineRunner(loadEstateTables(join(__dirname, '../../fixtures/compliance-estate.json')), now),
);
const list: ComplianceCommand = { verb: 'compliance', filters: {} };

test('grammar: compliance with resource filters, paged; governance is a synonym; other words are refused', () => {
  expect(
    parseCommand('compliance sub:Production rg:rg-app tag:env=prod tag:team=pay location:westeurope page:2'),
  ).toEqual({
    ok: true,
    command: {
      verb: 'compliance',
      filters: {
        subscription: 'Production',
        resourceGroup: 'rg-app',
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'pay' },
        ],
        location: 'westeurope',
      },
      page: 2,
    },
  });
  expect(parseCommand('governance')).toEqual({ ok: true, command: { verb: 'compliance', filters: {} } });
  expect(parseCommand('compliance vms').ok).toBe(false);
  // "policy compliance" means this view; a policy of that name is asked for in quotes.
  expect(parseCommand('Policy Compliance rg:x')).toEqual({
    ok: true,
    command: { verb: 'compliance', filters: { resourceGroup: 'x' } },
  });
  expect(parseCommand('policies "compliance"')).toEqual({
    ok: true,
    command: { verb: 'policies', name: 'compliance', filters: {} },
  });
  for (const typed of ['azure policy', 'complianse', 'show me non-compliant vms']) {
    const parsed = parseCommand(typed);
    expect([typed, parsed.ok ? undefined : parsed.error.suggestion]).toEqual([typed, 'compliance']);
  }
});

test('hand-made estate: every assignment in words, most non-compliant first', async () => {
  const model = await buildComplianceView(await data.compliance({}), list, inventoryContext({ now, pageSize: 50 }));
  expect(model.title).toBe('Backup policy compliance');
  expect(model.totals).toBe('showing all 5 assignments · 7 non-compliant resources');
  expect(model.assignments.map((a) => [a.name, a.status])).toEqual([
    ['Audit VM backup', '❌ 2 of 5 non-compliant'],
    ['Backup baseline', '❌ 2 of 2 non-compliant'],
    ['mg-vm-backup', '❌ 2 of 2 non-compliant'],
    ['Vault soft delete (custom)', '❌ 1 of 1 non-compliant'],
    ['Audit disk backup', '⏳ Not evaluated yet'],
  ]);
  const [vmAudit, , mg, softDelete, fresh] = model.assignments;
  expect(vmAudit).toMatchObject({
    what: 'Azure Backup should be enabled for Virtual Machines',
    counts: '1 compliant · 1 exempt · 1 unknown',
    nonCompliant: ['Non-compliant: vm-a, vm-gone'],
    color: 'Attention',
  });
  expect(vmAudit?.where).toMatch(/^Assigned to subscription /);
  expect(vmAudit?.portal.url).toContain('/resource/subscriptions/aaaaaaaa-0000-4000-8000-00000000000a/providers/');
  expect(mg?.where).toBe('Assigned to management group mg-root');
  expect(softDelete?.what).toBe('Vaults keep soft delete on · not enforced (audit only)');
  expect(softDelete?.where).toMatch(/^Assigned to resource group rg-backup in /);
  expect(fresh?.counts).toMatch(/^Azure Policy has not evaluated this assignment yet/);
  expect(fresh?.nonCompliant).toEqual([]);
  expectGolden('views/compliance-normal.teams', renderView('compliance', model, 'teams').card);
  const slack = renderView('compliance', model, 'slack');
  expectGolden('views/compliance-normal.slack', { text: slack.text, blocks: slack.blocks });
});

test('statuses without non-compliant resources: all compliant, some exempt, or no verdict at all', async () => {
  const one = (compliant: number, exempt: number, other: number) => ({
    ...hugeAssignment(0),
    counts: { nonCompliant: 0, compliant, exempt, conflict: 0, other },
    evaluated: compliant + exempt + other,
    nonCompliantSample: [],
  });
  const model = await buildComplianceView(
    answer({ assignments: [one(40, 0, 0), one(40, 3, 0), one(0, 2, 1)] }),
    list,
    inventoryContext({ now }),
  );
  expect(model.assignments.map((a) => [a.status, a.color, a.counts, a.nonCompliant])).toEqual([
    ['✅ All 40 compliant', 'Good', '40 compliant', []],
    ['✅ None non-compliant', 'Good', '40 compliant · 3 exempt', []],
    ['❔ No verdict for 3 resources', 'Default', '0 compliant · 2 exempt · 1 unknown', []],
  ]);
});

test('nothing in the filters: says so and how to start auditing', async () => {
  const empty = await buildComplianceView(
    await data.compliance({ tags: [{ key: 'nobody', value: 'x' }] }),
    { ...list, filters: { tags: [{ key: 'nobody', value: 'x' }] } },
    inventoryContext({ now }),
  );
  expect(empty.totals).toBe('no backup policy assignments');
  expect(empty.empty[0]).toMatch(/^No backup-related Azure Policy assignment evaluates resources/);
  expect(renderView('compliance', empty, 'teams').shrunk).toBe(0);
  expect(renderView('compliance', empty, 'slack').shrunk).toBe(0);
});

describe.each(['teams', 'slack'] as const)('%s: the hardest page', (platform) => {
  const family = platform === 'slack' ? 'slack' : 'adaptive';
  test('a full page renders as designed, one more assignment would not fit', async () => {
    const size = PAGE_SIZES.compliance[family];
    const ctx = () => inventoryContext({ caller: { platform, userId: 'u' }, pageSize: 1000 });
    const huge = answer(hugeCompliance(), [], [bindComplianceKql(GUARDED)]);
    const [one, two] = await Promise.all([1, 2].map((page) => buildComplianceView(huge, { ...list, page }, ctx())));
    expect(one?.assignments).toHaveLength(size);
    expect(rendersAsDesigned('compliance', one as object, platform)).toBe(true);
    const longer = { ...one, assignments: [...(one?.assignments ?? []), ...(two?.assignments.slice(0, 1) ?? [])] };
    expect(rendersAsDesigned('compliance', longer, platform)).toBe(false);
  });
});

describe.each([
  ['teams', TEAMS_CALLER],
  ['slack', SLACK_CALLER],
] as const)('%s: typed and clicked through the conversation core on the huge estate', (_platform, caller) => {
  test('every page asked renders as designed within the limits, and Next moves on', async () => {
    const { core } = testCore(hugeEstateData());
    await expectPagesWithinLimits(core, caller, 'compliance', { view: 'compliance', totals: 'of 300 assignments' });
  });
});
