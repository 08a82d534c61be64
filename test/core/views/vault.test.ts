// View "vault <name>": every setting of one vault, its failures, what to fix, portal link and jobs buttons; the
// same-named vaults to pick from; "not found". Golden files for both platforms, within limits.
import { decodeActionInline } from '../../../src/core/commands/payload';
import type { VaultCommand } from '../../../src/core/commands/types';
import type { VaultLookup } from '../../../src/core/domain/vaults';
import { buildVaultView } from '../../../src/core/views/vault';
import { renderView } from '../../../src/render/render-view';
import { expectGolden } from '../../support/golden';
import { inventoryContext } from './support/inventory-context';
import { answer, hugeVaults, normalVaults, SUB_B, TENANT } from './support/inventory-estates';

function renderBoth(name: string, model: object) {
  const teams = renderView('vault', model, 'teams');
  const slack = renderView('vault', model, 'slack');
  expectGolden(`views/vault-${name}.teams`, teams.card);
  expectGolden(`views/vault-${name}.slack`, { text: slack.text, blocks: slack.blocks });
  return { teams, slack };
}

const vaults = normalVaults().vaults;
const byName = (name: string) => {
  const v = vaults.find((x) => x.name === name);
  if (!v) throw new Error(name);
  return v;
};

test('a found vault shows every setting, its failures, what to fix, the portal and its jobs', async () => {
  const cmd: VaultCommand = { verb: 'vault', name: 'rsv-dev', filters: { since: '7d' } };
  const lookup: VaultLookup = { kind: 'found', vault: byName('rsv-dev') };
  const model = await buildVaultView(answer(lookup), cmd, inventoryContext());
  const [detail] = model.vault;
  expect(model.title).toBe('Vault rsv-dev');
  expect(detail?.level).toBe('❌ Poor (none)');
  expect(detail?.failures).toBe('❌ 5 failed jobs in the last 7 days');
  expect([...(detail?.facts ?? []), ...(detail?.moreFacts ?? [])].map((f) => `${f.label}: ${f.value}`)).toEqual([
    'Soft delete: off',
    'Immutability: off',
    'Multi-user authorization: off',
    'Storage redundancy: Locally redundant (LRS)',
    'Cross-region restore: off',
    'Public network access: enabled',
    'Customer-managed key: off',
    'Job-failure alerts: off',
    'Protected items: 14',
    'Failed jobs (last 7 days): 5',
    'Subscription: Contoso Production (0a1b2c3d-1111-4222-8333-444455556666)',
    'Resource group: rg-backup',
    'Location: westeurope',
  ]);
  expect(detail?.fix).toEqual([
    'Turn on soft delete and make it always-on (or enable and lock immutability).',
    'Protect the vault with multi-user authorization (Resource Guard).',
    'Turn on Azure Monitor alerts for job failures.',
  ]);
  expect(model.buttons.map((b) => b.label)).toEqual(['Failed jobs (5)', 'Running jobs', 'All vaults']);
  expect(decodeActionInline(model.buttons[0]?.payload)).toEqual({
    ok: true,
    command: { verb: 'jobs', status: 'failed', filters: { vault: 'rsv-dev', since: '7d' } },
  });
  expect(model.links).toEqual([
    {
      label: 'Open in Azure portal',
      url: 'https://portal.azure.com/#resource/subscriptions/0a1b2c3d-1111-4222-8333-444455556666/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-dev/overview',
    },
  ]);
  renderBoth('found', model);
});

test('an excellent Backup vault has nothing to fix and says which level Azure itself reports', async () => {
  const prod = { ...byName('rsv-prod'), reportedSecurityLevel: 'Excellent' as const };
  const model = await buildVaultView(
    answer<VaultLookup>({ kind: 'found', vault: prod }),
    { verb: 'vault', name: 'rsv-prod', filters: {} },
    inventoryContext({ portal: { portalBase: 'https://portal.azure.us' } }),
  );
  expect(model.vault[0]?.fix).toEqual([]);
  expect(model.vault[0]?.moreFacts.at(-1)).toEqual({ label: 'Level Azure reports', value: 'Excellent' });
  expect(model.links[0]?.url).toMatch(new RegExp(`^https://portal\\.azure\\.us/#@${TENANT}/resource/`));
  renderBoth('excellent', model);
});

test('same-named vaults: pick one, each button narrowed to its subscription and group', async () => {
  const twins = [
    byName('rsv-shared'),
    { ...byName('rsv-shared'), resourceGroup: 'rg-other', subscriptionId: SUB_B, id: 'x' },
  ];
  const model = await buildVaultView(
    answer<VaultLookup>({ kind: 'ambiguous', candidates: twins }),
    { verb: 'vault', name: 'RSV-SHARED', filters: {} },
    inventoryContext(),
  );
  expect(model.message).toEqual(['2 vaults are called "RSV-SHARED". Pick one.']);
  expect(model.candidates.map((c) => decodeActionInline(c.pick.payload))).toEqual([
    {
      ok: true,
      command: { verb: 'vault', name: 'rsv-shared', filters: { subscription: SUB_B, resourceGroup: 'rg-shared' } },
    },
    {
      ok: true,
      command: { verb: 'vault', name: 'rsv-shared', filters: { subscription: SUB_B, resourceGroup: 'rg-other' } },
    },
  ]);
  renderBoth('ambiguous', model);
});

test('many same-named vaults: ten candidates and a hint to narrow, within limits', async () => {
  const many = hugeVaults()
    .vaults.slice(0, 40)
    .map((v) => ({ ...v, name: 'rsv-everywhere' }));
  const model = await buildVaultView(
    answer<VaultLookup>({ kind: 'ambiguous', candidates: many }),
    { verb: 'vault', name: 'rsv-everywhere', filters: {} },
    inventoryContext(),
  );
  expect(model.candidates).toHaveLength(10);
  expect(model.message[0]).toBe(
    '40 vaults are called "rsv-everywhere". Pick one (showing 10; add sub: or rg: to narrow).',
  );
  renderBoth('huge', model);
});

test('not found: says so, and offers the list of vaults', async () => {
  const model = await buildVaultView(
    answer<VaultLookup>({ kind: 'not-found', query: 'rsv-nope' }, [], []),
    { verb: 'vault', name: 'rsv-nope', filters: {} },
    inventoryContext(),
  );
  expect(model.message).toEqual([
    'No Recovery Services or Backup vault called "rsv-nope". Check the spelling, or list the vaults you can see.',
  ]);
  expect(model.query).toEqual([]);
  expect(decodeActionInline(model.buttons[0]?.payload)).toEqual({ ok: true, command: { verb: 'vaults', filters: {} } });
  renderBoth('empty', model);
});
