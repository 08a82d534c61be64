// The three inventory views fed by the real data path (bound KQL → the stand-in's KQL engine → row mapping) over the
// hand-made tricky estate: the answers the azure layer gives fit the view builders and render on both platforms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackupData } from '../../../src/azure/backup-data';
import { buildUnprotectedView } from '../../../src/core/views/unprotected';
import { buildVaultView } from '../../../src/core/views/vault';
import { buildVaultsView } from '../../../src/core/views/vaults';
import { renderView } from '../../../src/render/render-view';
import { EngineRunner, loadEstateTables } from '../../azure/support/engine-runner';
import { inventoryContext } from './support/inventory-context';

const FIXTURES = join(__dirname, '../../fixtures');
const now = new Date(
  (JSON.parse(readFileSync(join(FIXTURES, 'tricky-estate.expected.json'), 'utf8')) as { now: string }).now,
);
const data = createBackupData(new EngineRunner(loadEstateTables(join(FIXTURES, 'tricky-estate.json')), now));

function renders(view: 'unprotected' | 'vaults' | 'vault', model: object): void {
  expect(renderView(view, model, 'teams').bytes).toBeLessThanOrEqual(28_000);
  expect(renderView(view, model, 'slack').blocks.length).toBeLessThanOrEqual(50);
}

test('unprotected: every datasource the data layer returns is on a page, each with a portal link', async () => {
  const result = await data.unprotected(undefined, {}, { limit: 500 });
  const ctx = inventoryContext({ now });
  const model = await buildUnprotectedView(result, { verb: 'unprotected', filters: {} }, ctx);
  const total = result.value.datasources.length;
  expect(total).toBeGreaterThan(model.rows.length);
  expect(model.totals).toContain(`showing ${model.rows.length} of ${total} unprotected datasources (`);
  expect(model.query[0]?.queries).toHaveLength(result.kql.length);
  for (const row of model.rows)
    expect(row.url).toMatch(/^https:\/\/portal\.azure\.com\/#(@[^/]+\/)?resource\/subscriptions\//);
  renders('unprotected', model);
});

test('vaults and vault: the list is worst first and each vault opens in detail', async () => {
  const ctx = inventoryContext({ now, pageSize: 50 });
  const list = await data.vaults({});
  const model = await buildVaultsView(list, { verb: 'vaults', filters: {} }, ctx);
  expect(model.vaults.length).toBe(Math.min(8, list.value.vaults.length));
  renders('vaults', model);
  expect(list.value.vaults.length).toBeGreaterThan(0);
  const first = list.value.vaults[0]!;
  const lookup = await data.vault(first.name, {
    subscription: first.subscriptionId,
    resourceGroup: first.resourceGroup,
  });
  const detail = await buildVaultView(lookup, { verb: 'vault', name: first.name, filters: {} }, ctx);
  expect(detail.vault[0]?.name).toBe(first.name);
  renders('vault', detail);
});
