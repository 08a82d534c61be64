// A digest run reads every vault once and splits them per scope in TypeScript: for filter sets built from each
// estate's own values (in other casings than stored), the split must equal what the per-scope vaults query answers.
import { QueryLog } from '../../../src/azure/backup-data-run';
import { splitVaults } from '../../../src/azure/digest/digest';
import { resolveFilters } from '../../../src/azure/filters';
import { runVaults } from '../../../src/azure/vaults/vaults';
import type { BackupFilters } from '../../../src/core/domain/filters';
import { generateEstate } from '../../../src/sim/estate';
import { EngineRunner, loadEstateTables } from '../support/engine-runner';
import { TRICKY_ESTATE, tricky } from '../support/tricky-checks';
import { DIGEST_NOW, digestEstate } from './support/digest-estate';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

const ESTATES = [
  { name: 'generated small estate', tables: generateEstate({ seed: 7, scale: 'small', now: DIGEST_NOW }).tables },
  { name: 'tricky estate', tables: loadEstateTables(TRICKY_ESTATE), now: new Date(tricky.now) },
  { name: 'digest estate', tables: digestEstate.tables },
];

describe.each(ESTATES)('$name', ({ tables }) => {
  const runner = new EngineRunner(tables, DIGEST_NOW);
  const log = () => new QueryLog({ runner });
  const vaults = (tables.Resources ?? []).filter((r) => /\/(vaults|backupvaults)$/.test(text(r.type)));
  const subs = (tables.ResourceContainers ?? []).filter((r) => text(r.type) === 'microsoft.resources/subscriptions');
  const first = vaults[0];
  const sets: BackupFilters[] = [
    {},
    { subscription: text(first?.subscriptionId).toUpperCase() },
    { subscription: text(subs[1]?.name ?? subs[0]?.name).toUpperCase() },
    { resourceGroup: text(first?.resourceGroup).toUpperCase() },
    { location: 'West Europe' },
    { vault: text(first?.name).toUpperCase() },
    { vault: 'no-such-vault' },
    { subscription: text(first?.subscriptionId), location: text(first?.location), vault: text(first?.name) },
  ];

  it.each(sets.map((f) => [JSON.stringify(f), f] as const))(
    'split equals the per-scope query for %s',
    async (_l, filters) => {
      const f = await resolveFilters(log(), filters);
      const all = (await runVaults(log(), { since: '24h' })).vaults;
      const want = (await runVaults(log(), f)).vaults;
      expect(splitVaults(all, f).map((v) => v.id)).toEqual(want.map((v) => v.id));
    },
  );
});
