// A digest run through the real HTTP path (connectAzure → ArgClient → @azure/arm-resourcegraph → stand-in) over the
// generated small estate: Resource Graph requests per scope, and answers consistent with the jobs, instances,
// vaults and unprotected views asked the same questions.
import type { AzureBackend } from '../../../src/compose-azure';
import type { DigestScopeRequest } from '../../../src/core/domain/digest';
import type { BackupFilters } from '../../../src/core/domain/filters';
import { generateEstate } from '../../../src/sim/estate';
import { connectStandIn } from '../support/stand-in-backend';

const NOW = new Date('2025-03-10T09:30:00Z');
const SINCE = new Date(NOW.getTime() - 24 * 3_600_000);

describe('digests over HTTP on the generated small estate', () => {
  const estate = generateEstate({ seed: 7, scale: 'small', now: NOW });
  const subs = estate.tables.ResourceContainers.filter((r) => r.type === 'microsoft.resources/subscriptions');
  const subName = String(subs[1]?.name);
  const subId = String(subs[0]?.subscriptionId);
  const rsv = estate.tables.Resources.find((r) => r.type === 'microsoft.recoveryservices/vaults');
  let backend: AzureBackend;
  const argRequests = () => backend.sim?.admin.requests({ endpoint: 'arg' }).length ?? 0;

  beforeAll(async () => {
    backend = await connectStandIn(estate, NOW);
  });
  afterAll(async () => {
    await backend.close();
  });

  const FILTERS: BackupFilters[] = [
    {},
    { subscription: subName },
    { subscription: subId, workload: 'vm' },
    { vault: String(rsv?.name) },
    { location: 'westeurope', tags: [{ key: 'env', value: 'prod' }] },
    { resourceGroup: String(estate.tables.Resources.find((r) => r.type === 'microsoft.compute/disks')?.resourceGroup) },
  ];
  const scopes = (filters: BackupFilters[]): DigestScopeRequest[] =>
    filters.map((f) => ({ filters: f, recoveredSince: SINCE }));

  it('six scopes: 2 requests per scope (+ pages) plus the shared reads', async () => {
    const before = argRequests();
    const answers = await backend.backupData.digests(scopes(FILTERS));
    const used = argRequests() - before;
    const stated = answers.reduce((n, a) => n + a.stats.requests, 0);
    expect(answers.every((a) => a.partial.length === 0)).toBe(true);
    // Each answer counts what it caused; the run's total is what reached the stand-in.
    expect(stated).toBe(used);
    // 2 per scope, the vaults and 8 unprotected queries read once, and one sub: name lookup; no answer here needs a
    // second page (the largest, the unfiltered unprotected disks, has a few hundred rows).
    expect(used).toBe(FILTERS.length * 2 + 1 + 8 + 1);
  });

  it('one scope: 3 requests plus 8 unprotected ones', async () => {
    const before = argRequests();
    const [answer] = await backend.backupData.digests(scopes([{ subscription: subId }]));
    const used = argRequests() - before;
    expect(answer?.stats.requests).toBe(used);
    expect(used).toBe(3 + 8);
  });

  it.each(FILTERS.map((f) => [JSON.stringify(f), f] as const))(
    'consistent with the other views for %s',
    async (_label, filters) => {
      const [digest] = await backend.backupData.digests(scopes([filters, {}, {}, {}, {}]));
      expect(digest?.partial).toEqual([]);
      const d = digest?.value;
      if (!d) throw new Error('no digest');
      // Failed jobs: the failed backups of the jobs view, 24 h.
      const jobs = await backend.backupData.jobs('failed', { ...filters, since: '24h' }, { limit: 5000 });
      expect(d.failedJobs.map((j) => j.id)).toEqual(
        jobs.value.jobs.filter((j) => j.operation.kind === 'backup').map((j) => j.id),
      );
      // Items: each is an active instance of the instances view, same state and workload; every active instance whose
      // newest backup failed is in the digest as failing.
      const instances = (await backend.backupData.instances(filters, { limit: 5000 })).value.instances;
      const byId = new Map(instances.map((i) => [i.id.toLowerCase(), i]));
      for (const item of d.items) {
        const inst = byId.get(item.key);
        expect(inst).toBeDefined();
        expect([inst?.protectionState, inst?.workload]).toEqual([item.protectionState, item.workload]);
        expect(['Protected', 'Error']).toContain(item.protectionState);
      }
      const failing = instances.filter(
        (i) =>
          ['Protected', 'Error'].includes(i.protectionState) &&
          ['failed', 'unhealthy'].includes((i.rawLastBackupStatus ?? '').toLowerCase()),
      );
      const digestFailing = new Set(d.items.filter((i) => i.lastAttemptFailed).map((i) => i.key));
      if (Object.keys(filters).length === 0) expect(failing.length).toBeGreaterThan(0);
      for (const i of failing) expect(digestFailing).toContain(i.id.toLowerCase());
      // Vaults: the vaults view without tag:/type:.
      const { tags: _t, workload: _w, ...vaultFilters } = filters;
      const vaults = await backend.backupData.vaults(vaultFilters);
      expect(d.vaults.map((v) => v.id)).toEqual(vaults.value.vaults.map((v) => v.id));
      // Unprotected (shared and split here: five scopes): the unprotected view's answer.
      if (filters.vault) {
        expect(d.unprotected).toBeUndefined();
      } else {
        const view = await backend.backupData.unprotected(undefined, filters, { limit: 5000 });
        expect(d.unprotected?.complete).toBe(true);
        expect(d.unprotected?.datasources.map((x) => `${x.workload}|${x.id}`).sort()).toEqual(
          view.value.datasources.map((x) => `${x.workload}|${x.id}`).sort(),
        );
      }
    },
  );

  it('subscription names: one ResourceContainers query, names by lower-case id', async () => {
    const names = await backend.backupData.subscriptionNames();
    expect(names.size).toBe(subs.length);
    for (const s of subs) expect(names.get(String(s.subscriptionId).toLowerCase())).toBe(s.name);
  });
});
