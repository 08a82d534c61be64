// The many-scope digest reads unprotected datasources once, without filters, and splits them per scope in TypeScript:
// for many filter sets over three estates, the split must equal what the per-scope KQL answers (same ids).
import type { ArgRow } from '../../../src/azure/arg-types';
import { QueryLog } from '../../../src/azure/backup-data-run';
import { runSharedUnprotected, splitUnprotected, tagMatches } from '../../../src/azure/digest/unprotected-split';
import { type ResolvedFilters, resolveFilters } from '../../../src/azure/filters';
import {
  partitionUnprotected,
  runUnprotectedWorkloads,
  toUnprotected,
  unprotectedWorkloads,
} from '../../../src/azure/unprotected/unprotected';
import type { BackupFilters } from '../../../src/core/domain/filters';
import { generateEstate } from '../../../src/sim/estate';
import { EngineRunner, loadEstateTables } from '../support/engine-runner';
import { TRICKY_ESTATE, tricky } from '../support/tricky-checks';
import { DIGEST_NOW, digestEstate } from './support/digest-estate';

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Filter sets built from an estate's own values, in other casings than stored, so that the rules are exercised. */
function filterSets(tables: Record<string, ArgRow[]>): BackupFilters[] {
  const subs = (tables.ResourceContainers ?? []).filter((r) => text(r.type) === 'microsoft.resources/subscriptions');
  const resources = tables.Resources ?? [];
  const tagged = resources.filter((r) => r.tags && Object.keys(r.tags as object).length > 0);
  const [tagKey, tagValue] = Object.entries((tagged[0]?.tags ?? {}) as Record<string, string>)[0] ?? ['env', 'prod'];
  const vm = resources.find((r) => text(r.type) === 'microsoft.compute/virtualmachines');
  // Several tag: filters at once: two tags of one resource (all must match), and one it has with one nobody has.
  const twoTags = resources
    .map((r) => Object.entries((r.tags ?? {}) as Record<string, string>))
    .find((entries) => entries.length >= 2) ?? [
    ['env', 'prod'],
    ['team', 'ops'],
  ];
  const [[k1, v1], [k2, v2]] = twoTags as [[string, string], [string, string]];
  const sub = subs[0];
  const otherSub = subs[1] ?? sub;
  return [
    {},
    { subscription: text(sub?.subscriptionId).toUpperCase() },
    { subscription: text(otherSub?.name).toUpperCase() },
    { resourceGroup: text(vm?.resourceGroup).toUpperCase() },
    { location: 'West Europe' },
    { location: 'northeurope' },
    { tags: [{ key: tagKey.toUpperCase(), value: '' }] },
    { tags: [{ key: tagKey, value: tagValue.toUpperCase() }] },
    { tags: [{ key: 'no-such-tag', value: '' }] },
    { workload: 'disks' },
    { workload: 'hana' },
    { workload: 'vm', tags: [{ key: tagKey.toLowerCase(), value: tagValue }] },
    { subscription: text(sub?.name), location: 'westeurope', tags: [{ key: tagKey, value: '' }] },
    {
      tags: [
        { key: k1.toUpperCase(), value: v1.toLowerCase() },
        { key: k2, value: '' },
      ],
    },
    {
      tags: [
        { key: k1, value: v1 },
        { key: k2.toLowerCase(), value: v2.toUpperCase() },
      ],
    },
    {
      tags: [
        { key: k1, value: '' },
        { key: 'no-such-tag', value: '' },
      ],
    },
  ];
}

const ESTATES: { name: string; tables: Record<string, ArgRow[]>; now: Date }[] = [
  {
    name: 'generated small estate',
    tables: generateEstate({ seed: 7, scale: 'small', now: new Date('2025-03-10T09:30:00Z') }).tables,
    now: new Date('2025-03-10T09:30:00Z'),
  },
  { name: 'tricky estate', tables: loadEstateTables(TRICKY_ESTATE), now: new Date(tricky.now) },
  { name: 'digest estate', tables: digestEstate.tables, now: DIGEST_NOW },
];

describe.each(ESTATES)('$name', ({ tables, now }) => {
  const runner = new EngineRunner(tables, now);
  const log = () => new QueryLog({ runner });
  let shared: Awaited<ReturnType<typeof runSharedUnprotected>>;
  const sizes: number[] = [];
  beforeAll(async () => {
    shared = await runSharedUnprotected(log());
  });

  it.each(filterSets(tables).map((f) => [JSON.stringify(f), f] as const))(
    'split equals the per-scope queries for %s',
    async (_label, filters) => {
      const f: ResolvedFilters = await resolveFilters(log(), filters);
      const perScope = await runUnprotectedWorkloads(log(), f, unprotectedWorkloads(undefined, f), 5000);
      const want = partitionUnprotected(perScope);
      const split = splitUnprotected(shared, f);
      expect(split.datasources.map((d) => d.id).sort()).toEqual(want.datasources.map((d) => d.id).sort());
      // Stopped or soft-deleted protection splits apart the same way.
      expect(split.stopped.map((d) => d.id).sort()).toEqual(want.stopped.map((d) => d.id).sort());
      // Same mapping too (names, reasons, tags), not only the same ids (a storage account may be listed twice:
      // for Files and for Blobs).
      const key = (d?: { workload: string; id: string }) => `${d?.workload}|${d?.id}`;
      const byKey = new Map(
        perScope.flatMap(({ workload, rows }) => rows.map((r) => toUnprotected(r, workload)).map((d) => [key(d), d])),
      );
      for (const d of [...split.datasources, ...split.stopped]) expect(d).toEqual(byKey.get(key(d)));
      expect(split.complete).toBe(true);
      sizes.push(want.datasources.length);
    },
  );

  it('the filter sets cut the estate in different ways (not all empty, not all everything)', () => {
    expect(new Set(sizes).size).toBeGreaterThan(2);
  });
});

describe('tag rule', () => {
  it('keys match in any case (a later duplicate wins), values must be non-empty and equal ignoring case', () => {
    expect(tagMatches({ Env: 'Prod' }, 'ENV', '')).toBe(true);
    expect(tagMatches({ Env: 'Prod' }, 'env', 'PROD')).toBe(true);
    expect(tagMatches({ Env: 'Prod' }, 'env', 'dev')).toBe(false);
    expect(tagMatches({ Env: '' }, 'env', '')).toBe(false);
    expect(tagMatches({ env: 'prod', ENV: 'dev' }, 'Env', 'dev')).toBe(true);
    expect(tagMatches({ n: 5 }, 'N', '5')).toBe(true);
    expect(tagMatches(null, 'env', '')).toBe(false);
    expect(tagMatches(['env'], 'env', '')).toBe(false);
  });

  it('a capped workload makes every scope that covers it incomplete', () => {
    const row = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/disks/d', subscriptionId: 's' };
    const capped = [
      { workload: 'disks' as const, rows: [row], capped: true },
      { workload: 'vm' as const, rows: [], capped: false },
    ];
    expect(splitUnprotected(capped, { since: '24h' }).complete).toBe(false);
    expect(splitUnprotected(capped, { since: '24h', workload: 'vm' }).complete).toBe(true);
    expect(splitUnprotected(capped, { since: '24h', subscriptionIds: ['S'] }).datasources).toHaveLength(1);
  });
});
