// View "vaults": worst first, a security level icon per ABCC level, every setting in one line, a "what to fix" line per
// weak vault, details and portal per vault; golden files for both platforms (empty, normal, huge), within limits.
import { decodeActionInline } from '../../../src/core/commands/payload';
import type { VaultsCommand } from '../../../src/core/commands/types';
import { buildVaultsView } from '../../../src/core/views/vaults';
import { renderView } from '../../../src/render/render-view';
import { expectGolden } from '../../support/golden';
import { inventoryContext } from './support/inventory-context';
import { answer, EMPTY_VAULTS, hugeVaults, normalVaults, SUB_B, TENANT } from './support/inventory-estates';

const list: VaultsCommand = { verb: 'vaults', filters: {} };

function renderBoth(name: string, model: object) {
  const teams = renderView('vaults', model, 'teams');
  const slack = renderView('vaults', model, 'slack');
  expectGolden(`views/vaults-${name}.teams`, teams.card);
  expectGolden(`views/vaults-${name}.slack`, { text: slack.text, blocks: slack.blocks });
  return { teams, slack };
}

test('empty estate: no vaults, and what that means', async () => {
  const model = await buildVaultsView(answer(EMPTY_VAULTS), list, inventoryContext());
  expect(model.totals).toBe('no vaults');
  expect(model.levels).toEqual([]);
  expect(model.empty).toEqual(['No Recovery Services or Backup vaults match these filters.']);
  renderBoth('empty', model);
});

test('normal estate: worst first, then most failures; each weak vault says what to fix', async () => {
  const model = await buildVaultsView(answer(normalVaults()), list, inventoryContext());
  expect(model.vaults.map((v) => [v.name, v.level])).toEqual([
    ['rsv-dev', '❌ Poor (none)'],
    ['rsv-test', '❌ Poor (none)'],
    ['bv-mua-only', '⚠️ Fair (minimum)'],
    ['rsv-shared', '✅ Good (adequate)'],
    ['bv-data', '✅ Good (adequate)'],
    ['rsv-prod', '🛡️ Excellent (maximum)'],
  ]);
  expect(model.totals).toBe('showing all 6 vaults · 3 below Good');
  expect(model.levels).toEqual(['❌ 2 Poor · ⚠️ 1 Fair · ✅ 2 Good · 🛡️ 1 Excellent']);
  expect(model.subtitle).toBe('Security posture, worst first · last 24 h');

  const [dev, test, muaOnly, shared, data, prod] = model.vaults;
  expect(dev?.settings).toBe(
    'Soft delete off · Immutability off · MUA off · LRS · CRR off · Public access enabled · CMK off · Job alerts off',
  );
  expect(dev?.stats).toBe('14 protected items · ❌ 5 failed jobs in the last 24 h');
  expect(dev?.fix).toEqual([
    'To fix: turn on soft delete and make it always-on (or enable and lock immutability); protect the vault with ' +
      'multi-user authorization (Resource Guard); turn on Azure Monitor alerts for job failures.',
  ]);
  expect(test?.settings).toContain('Soft delete unknown · Immutability unknown · MUA unknown');
  // Not reported is not the same as off: the fix asks to check rather than to turn on.
  expect(test?.fix).toEqual([
    'To fix: check soft delete and immutability in the portal (Azure did not report them); check multi-user ' +
      'authorization (Azure did not report it).',
  ]);
  expect(muaOnly?.where).toBe('Backup vault in rg-backup (westeurope) · Contoso Production');
  expect(muaOnly?.settings).not.toContain('Public access');
  expect(data?.fix).toEqual([
    'To fix: lock immutability (or make soft delete always-on); protect the vault with multi-user authorization (Resource Guard).',
  ]);
  expect(prod?.fix).toEqual([]);
  expect(prod?.stats).toBe('120 protected items · ❌ 2 failed jobs in the last 24 h');
  expect(prod?.portal.url).toBe(
    `https://portal.azure.com/#@${TENANT}/resource/subscriptions/0a1b2c3d-1111-4222-8333-444455556666/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod/overview`,
  );
  expect(decodeActionInline(shared?.details.payload)).toEqual({
    ok: true,
    command: { verb: 'vault', name: 'rsv-shared', filters: { subscription: SUB_B, resourceGroup: 'rg-shared' } },
  });
  expect(model.buttons).toEqual([]);
  renderBoth('normal', model);
});

test('the failure window of the command reaches the stats and the details buttons', async () => {
  const cmd: VaultsCommand = { verb: 'vaults', filters: { since: '7d', location: 'westeurope' } };
  const model = await buildVaultsView(answer(normalVaults()), cmd, inventoryContext());
  expect(model.subtitle).toBe('Security posture, worst first · last 7 days · location:westeurope');
  expect(model.vaults[0]?.stats).toBe('14 protected items · ❌ 5 failed jobs in the last 7 days');
  const details = decodeActionInline(model.vaults[0]?.details.payload);
  expect(details.ok && details.command.verb === 'vault' && details.command.filters.since).toBe('7d');
});

test('huge estate: pages of 10 (the context caps them), Poor vaults with most failures first, every page within both platforms’ limits', async () => {
  const huge = hugeVaults();
  const first = await buildVaultsView(answer(huge), list, inventoryContext());
  expect(first.totals).toBe('showing 10 of 800 vaults · 400 below Good');
  expect(first.levels).toEqual(['❌ 200 Poor · ⚠️ 200 Fair · ✅ 200 Good · 🛡️ 200 Excellent']);
  expect(first.vaults).toHaveLength(10);
  expect(first.vaults.every((v) => v.level === '❌ Poor (none)')).toBe(true);
  const failures = first.vaults.map((v) => Number(/(\d+) failed/.exec(v.stats)?.[1]));
  expect(failures).toEqual([...failures].sort((a, b) => b - a));
  expect(first.buttons.map((b) => b.label)).toEqual(['Next ›']);
  const { teams, slack } = renderBoth('huge', first);
  expect(teams.bytes).toBeLessThanOrEqual(28_000);
  expect(slack.textChars).toBeLessThanOrEqual(10_000);

  for (const page of [2, 40, 80]) {
    const model = await buildVaultsView(answer(huge), { ...list, page }, inventoryContext());
    renderView('vaults', model, 'teams');
    renderView('vaults', model, 'slack');
  }
  const last = await buildVaultsView(answer(huge), { ...list, page: 80 }, inventoryContext());
  expect(last.totals).toBe('showing 791–800 of 800 vaults · 400 below Good');
  expect(last.vaults.every((v) => v.level === '🛡️ Excellent (maximum)')).toBe(true);
  expect(last.buttons.map((b) => b.label)).toEqual(['‹ Previous']);
});
