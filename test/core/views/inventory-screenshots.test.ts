// The unprotected, vaults and vault cards through the official Adaptive Cards renderer in headless Chromium: no render
// problems, the text a person would read, and PNGs under test-output/cards/ (<view>-<case>.teams.png) to look at.
import type { UnprotectedCommand } from '../../../src/core/commands/types';
import { buildUnprotectedView } from '../../../src/core/views/unprotected';
import { buildVaultView } from '../../../src/core/views/vault';
import { buildVaultsView } from '../../../src/core/views/vaults';
import { renderView } from '../../../src/render/render-view';
import { screenshotTeamsCards } from '../../render/teams-screenshots';
import { inventoryContext } from './support/inventory-context';
import {
  answer,
  EMPTY_UNPROTECTED,
  EMPTY_VAULTS,
  hugeUnprotected,
  hugeVaults,
  normalUnprotected,
  normalVaults,
} from './support/inventory-estates';

jest.setTimeout(90_000);

test('the inventory cards render in the official renderer and are saved as PNGs', async () => {
  const all: UnprotectedCommand = { verb: 'unprotected', filters: {} };
  const ctx = () => inventoryContext();
  const vaults = normalVaults().vaults;
  const dev = vaults.find((v) => v.name === 'rsv-dev');
  if (!dev) throw new Error('fixture changed');
  const models = {
    'unprotected-empty': ['unprotected', await buildUnprotectedView(answer(EMPTY_UNPROTECTED), all, ctx())],
    'unprotected-normal': ['unprotected', await buildUnprotectedView(answer(normalUnprotected()), all, ctx())],
    'unprotected-huge': ['unprotected', await buildUnprotectedView(answer(hugeUnprotected()), all, ctx())],
    'vaults-empty': ['vaults', await buildVaultsView(answer(EMPTY_VAULTS), { verb: 'vaults', filters: {} }, ctx())],
    'vaults-normal': ['vaults', await buildVaultsView(answer(normalVaults()), { verb: 'vaults', filters: {} }, ctx())],
    'vaults-huge': ['vaults', await buildVaultsView(answer(hugeVaults()), { verb: 'vaults', filters: {} }, ctx())],
    'vault-found': [
      'vault',
      await buildVaultView(
        answer({ kind: 'found', vault: dev }),
        { verb: 'vault', name: 'rsv-dev', filters: {} },
        ctx(),
      ),
    ],
    'vault-ambiguous': [
      'vault',
      await buildVaultView(
        answer({ kind: 'ambiguous', candidates: vaults.slice(0, 3) }),
        { verb: 'vault', name: 'rsv', filters: {} },
        ctx(),
      ),
    ],
  } as const;
  const shots = await screenshotTeamsCards(
    Object.entries(models).map(([name, [view, model]]) => ({ name, card: renderView(view, model, 'teams').card })),
  );
  const text = Object.fromEntries(shots.map((s) => [s.name, s.text]));
  expect(text['unprotected-empty']).toContain('Every datasource in scope has a backup.');
  expect(text['unprotected-normal']).toContain('Azure VM · 4 unprotected');
  // The markdown link renders as a link: its text shows, the URL does not.
  expect(text['unprotected-normal']).toContain('vm-web-01');
  expect(text['unprotected-normal']).not.toContain('](https://');
  expect(text['vaults-normal']).toContain('To fix: turn on soft delete');
  expect(text['vaults-huge']).toContain('showing 10 of 800 vaults');
  expect(text['vault-found']).toContain('Multi-user authorization');
  expect(text['vault-found']).toContain('What to fix');
  expect(text['vault-ambiguous']).toContain('Pick one');
});
