// Every query family through the real HTTP path (connectAzure → ArgClient → @azure/arm-resourcegraph → stand-in on
// 127.0.0.1): the tricky estate against its hand-computed expectations, and a generated estate against invariants
// computed here in TypeScript from the raw rows (never from the query code).
import { type AzureBackend, connectAzure } from '../../src/compose-azure';
import { loadConfig } from '../../src/config';
import type { Estate, Row } from '../../src/sim/estate';
import { ARG_TYPES, generateEstate } from '../../src/sim/estate';
import { askCase, checkCase, TRICKY_ESTATE, tricky } from './support/tricky-checks';

const SILENT = { debug() {}, info() {}, warn() {}, error() {} };
// The tests ask far more often than ARG's 15 requests / 5 s allow; throttling has its own tests.
const QUOTA = { limit: 100_000, windowMs: 5000 };

async function demoOver(estate: { path?: string; estate?: Estate }, now: Date): Promise<AzureBackend> {
  const config = loadConfig({
    DEMO_MODE: 'true',
    DATA_DIR: '/tmp/unused',
    ...(estate.path ? { DEMO_ESTATE: estate.path } : {}),
  });
  return connectAzure(config, SILENT, {
    now: () => now,
    sim: { quota: QUOTA },
    // No answer cache: every question below must cross HTTP.
    arg: { cacheTtlMs: 0 },
    ...(estate.estate ? { estate: estate.estate } : {}),
  });
}

describe('tricky estate over HTTP', () => {
  let backend: AzureBackend;
  beforeAll(async () => {
    backend = await demoOver({ path: TRICKY_ESTATE }, new Date(tricky.now));
  });
  afterAll(async () => {
    await backend.close();
  });

  test.each(tricky.cases)('$name', async (c) => {
    const before = backend.sim?.admin.requests({ endpoint: 'arg' }).length ?? 0;
    checkCase(c, await askCase(backend.backupData, c));
    const after = backend.sim?.admin.requests({ endpoint: 'arg' }).length ?? 0;
    expect(after).toBeGreaterThan(before);
  });

  test('the stand-in saw Resource Graph requests from the SDK', () => {
    const requests = backend.sim?.admin.requests({ endpoint: 'arg' }) ?? [];
    expect(requests.length).toBeGreaterThan(tricky.cases.length);
    expect(requests.every((r) => r.status === 200)).toBe(true);
  });
});

// ---- generated estate: invariants from the raw rows -------------------------------------------------------------

const NOW = new Date('2025-03-10T09:30:00Z');
const HOUR = 3_600_000;
const props = (row: Row): Record<string, unknown> => (row.properties ?? {}) as Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const lower = (value: unknown): string => text(value).toLowerCase();
const isJob = (row: Row): boolean => lower(row.type) === ARG_TYPES.rsvJob || lower(row.type) === ARG_TYPES.bvJob;
const startedWithin = (row: Row, hours: number): boolean =>
  Date.parse(text(props(row).startTime)) > NOW.getTime() - hours * HOUR;
/** The vault part of a child resource id, lower-cased (…/vaults/<name> or …/backupVaults/<name>). */
const vaultOf = (id: unknown): string => lower(id).split('/').slice(0, 9).join('/');

/**
 * Documented rule (docs/azure-facts.md §1.2, §1.3; the Q3/Q10 caveats): stopped, soft-deleted or failed protection
 * protects nothing.
 */
function isActive(row: Row): boolean {
  const p = props(row);
  const inactive = ['protectionstopped', 'softdeleted', 'softdeleting', 'configuringprotectionfailed', 'notprotected'];
  const status = lower((p.protectionStatus as Record<string, unknown> | undefined)?.status);
  return (
    lower(p.protectionState) !== 'protectionstopped' &&
    lower(p.isScheduledForDeferredDelete) !== 'true' &&
    !inactive.includes(lower(p.currentProtectionState)) &&
    !inactive.includes(status)
  );
}

/** A VM backup takes every disk unless its item lists disk LUNs to include or exclude. */
function takesAllDisks(item: Row): boolean {
  const list = (props(item).extendedProperties as Row | undefined)?.diskExclusionProperties as Row | undefined;
  const luns = list?.diskLunList;
  return !Array.isArray(luns) || luns.length === 0;
}

/** Protection stopped (ProtectionStopped, BackupsSuspended, BackupSchedulesSuspended) or soft-deleted. */
function isStopped(row: Row): boolean {
  const p = props(row);
  const states = [
    lower(p.currentProtectionState),
    lower((p.protectionStatus as Record<string, unknown> | undefined)?.status),
  ];
  const stopped = ['protectionstopped', 'backupschedulessuspended', 'softdeleted', 'softdeleting'];
  return (
    ['protectionstopped', 'protectionpaused', 'backupssuspended'].includes(lower(p.protectionState)) ||
    lower(p.isScheduledForDeferredDelete) === 'true' ||
    states.some((s) => stopped.includes(s))
  );
}

describe('generated estate over HTTP: answers equal counts over the raw rows', () => {
  const estate = generateEstate({ seed: 7, scale: 'small', now: NOW });
  const rsr = estate.tables.RecoveryServicesResources;
  const jobs = rsr.filter(isJob);
  const items = rsr.filter((r) => lower(r.type) === ARG_TYPES.rsvItem || lower(r.type) === ARG_TYPES.bvInstance);
  let backend: AzureBackend;
  beforeAll(async () => {
    backend = await demoOver({ estate }, NOW);
  });
  afterAll(async () => {
    await backend.close();
  });

  test('failed jobs in 24 h: the list and the summary count what the rows say', async () => {
    const want = jobs.filter((j) => startedWithin(j, 24) && lower(props(j).status) === 'failed');
    expect(want.length).toBeGreaterThan(0);
    const list = await backend.backupData.jobs('failed', {}, { limit: 5000 });
    expect(list.partial).toEqual([]);
    expect(new Set(list.value.jobs.map((j) => j.id.toLowerCase()))).toEqual(new Set(want.map((j) => lower(j.id))));
    const starts = list.value.jobs.map((j) => j.startTime ?? '');
    expect(starts).toEqual([...starts].sort().reverse());
    const summary = await backend.backupData.summary({});
    expect(summary.value.jobs.byStatus.Failed).toBe(want.length);
    expect(summary.value.jobs.total).toBe(jobs.filter((j) => startedWithin(j, 24)).length);
  });

  test('running jobs: InProgress, BV Started and Cancelling', async () => {
    const running = ['inprogress', 'started', 'cancelling'];
    const want = jobs.filter((j) => startedWithin(j, 24) && running.includes(lower(props(j).status)));
    const list = await backend.backupData.jobs('running', {}, { limit: 5000 });
    expect(list.value.jobs.map((j) => j.id.toLowerCase()).sort()).toEqual(want.map((j) => lower(j.id)).sort());
  });

  test('all jobs in 7 days, with their hasMore flag at a small limit', async () => {
    const want = jobs.filter((j) => startedWithin(j, 7 * 24));
    const summary = await backend.backupData.jobSummary({ since: '7d' });
    expect(summary.value.total).toBe(want.length);
    const page = await backend.backupData.jobs('all', { since: '7d' }, { limit: 25 });
    expect(page.value.jobs).toHaveLength(25);
    expect(page.value.hasMore).toBe(want.length > 25);
    const newest = [...want].sort((a, b) => text(props(b).startTime).localeCompare(text(props(a).startTime)));
    expect(page.value.jobs[0]?.id.toLowerCase()).toBe(lower(newest[0]?.id));
  });

  test('backup instances: every RSV item and Backup vault instance is counted once', async () => {
    const answer = await backend.backupData.instances({}, { limit: 5000 });
    expect(answer.value.counts.total).toBe(items.length);
    expect(new Set(answer.value.instances.map((i) => i.id.toLowerCase()))).toEqual(
      new Set(items.map((i) => lower(i.id))),
    );
  });

  test('unprotected VMs are the VMs minus those named by an active VM item (ids lower-cased); stopped ones apart', async () => {
    const vmItems = items.filter((i) => lower(props(i).backupManagementType) === 'azureiaasvm');
    const protectedVms = new Set(vmItems.filter(isActive).map((i) => lower(props(i).sourceResourceId)));
    const vms = estate.tables.Resources.filter((r) => lower(r.type) === ARG_TYPES.vm);
    // Stopped or soft-deleted protection of a VM that still exists is not "unprotected": listed apart (resume it).
    const existing = new Set(vms.map((vm) => lower(vm.id)));
    const stoppedVms = new Set(
      vmItems
        .filter(isStopped)
        .map((i) => lower(props(i).sourceResourceId))
        .filter((id) => existing.has(id) && !protectedVms.has(id)),
    );
    const want = vms
      .filter((vm) => !protectedVms.has(lower(vm.id)) && !stoppedVms.has(lower(vm.id)))
      .map((vm) => lower(vm.id));
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(vms.length);
    expect(stoppedVms.size).toBeGreaterThan(0);
    const answer = await backend.backupData.unprotected('vm', {}, { limit: 5000 });
    expect(answer.value.datasources.map((d) => d.id.toLowerCase()).sort()).toEqual(want.sort());
    expect(answer.value.stopped.map((d) => d.id.toLowerCase()).sort()).toEqual([...stoppedVms].sort());
  });

  test('unprotected managed disks: minus those of an active Backup vault disk instance, and of a VM backed up whole', async () => {
    const covered = new Set(
      items
        .filter(
          (i) =>
            lower(props(i).dataSourceInfo && (props(i).dataSourceInfo as Row).datasourceType) ===
            'microsoft.compute/disks',
        )
        .filter(isActive)
        .map((i) => lower((props(i).dataSourceInfo as Row).resourceID)),
    );
    // A VM backup takes every disk unless its item lists disk LUNs to include or exclude.
    const wholeVms = new Set(
      items
        .filter((i) => lower(props(i).backupManagementType) === 'azureiaasvm' && isActive(i))
        .filter(takesAllDisks)
        .map((i) => lower(props(i).sourceResourceId)),
    );
    // Stopped or soft-deleted cover (the disk's own instance or its VM's whole backup) is listed apart.
    const stoppedCover = new Set(
      items
        .filter(isStopped)
        .filter(
          (i) =>
            lower((props(i).dataSourceInfo as Row | undefined)?.datasourceType) === 'microsoft.compute/disks' ||
            (lower(props(i).backupManagementType) === 'azureiaasvm' && takesAllDisks(i)),
        )
        .map((i) => lower((props(i).dataSourceInfo as Row | undefined)?.resourceID ?? props(i).sourceResourceId)),
    );
    const disks = estate.tables.Resources.filter((r) => lower(r.type) === ARG_TYPES.disk);
    const byVm = disks.filter((d) => !covered.has(lower(d.id)) && wholeVms.has(lower(d.managedBy)));
    const want = disks
      .filter((d) => !covered.has(lower(d.id)) && !wholeVms.has(lower(d.managedBy)))
      .filter((d) => !stoppedCover.has(lower(d.id)) && !stoppedCover.has(lower(d.managedBy)))
      .map((d) => lower(d.id));
    expect(byVm.length).toBeGreaterThan(0);
    const answer = await backend.backupData.unprotected('disks', {}, { limit: 5000 });
    expect(answer.value.datasources.map((d) => d.id.toLowerCase()).sort()).toEqual(want.sort());

    // A VM backup that lists the disk LUNs it takes (selective disk backup) may leave a disk out: listed again.
    const disk = byVm[0] as Row;
    const vmItem = items.find(
      (i) =>
        lower(props(i).backupManagementType) === 'azureiaasvm' &&
        lower(props(i).sourceResourceId) === lower(disk.managedBy),
    ) as Row;
    const selective = structuredClone(vmItem);
    (selective.properties as Row).extendedProperties = {
      diskExclusionProperties: { diskLunList: [0], isInclusionList: true },
    };
    backend.sim?.admin.putRows('RecoveryServicesResources', [selective]);
    try {
      const again = await backend.backupData.unprotected('disks', {}, { limit: 5000, fresh: true });
      expect(again.value.datasources.map((d) => d.id.toLowerCase())).toContain(lower(disk.id));
    } finally {
      backend.sim?.admin.putRows('RecoveryServicesResources', [vmItem]);
    }
  });

  test('vaults: every vault once, with its active items and failed jobs in 24 h', async () => {
    const vaultRows = estate.tables.Resources.filter(
      (r) => lower(r.type) === ARG_TYPES.rsvVault || lower(r.type) === ARG_TYPES.bvVault,
    );
    const answer = await backend.backupData.vaults({});
    expect(answer.value.vaults.map((v) => v.id.toLowerCase()).sort()).toEqual(vaultRows.map((v) => lower(v.id)).sort());
    for (const vault of answer.value.vaults) {
      const key = vault.id.toLowerCase();
      const active = items.filter((i) => vaultOf(i.id) === key && isActive(i)).length;
      const failed = jobs.filter(
        (j) => vaultOf(j.id) === key && startedWithin(j, 24) && lower(props(j).status) === 'failed',
      ).length;
      expect({ vault: vault.name, items: vault.protectedItems, failed: vault.failedJobs }).toEqual({
        vault: vault.name,
        items: active,
        failed,
      });
    }
  });

  test('policies: every policy row once, with the items that point at it counted from the rows, and varied shapes', async () => {
    const policyRows = rsr.filter((r) => lower(r.type) === ARG_TYPES.rsvPolicy || lower(r.type) === ARG_TYPES.bvPolicy);
    const counts = new Map<string, { active: number; stopped: number }>();
    for (const item of items) {
      const p = props(item);
      const policyId = lower(p.policyId ?? (p.policyInfo as Row | undefined)?.policyId);
      if (policyId === '') continue;
      const c = counts.get(policyId) ?? { active: 0, stopped: 0 };
      if (isActive(item)) c.active++;
      else c.stopped++;
      counts.set(policyId, c);
    }
    const answer = await backend.backupData.policies({});
    expect(answer.partial).toEqual([]);
    expect(answer.stats.requests).toBe(1);
    expect(answer.value.policies.map((p) => p.id.toLowerCase()).sort()).toEqual(
      policyRows.map((r) => lower(r.id)).sort(),
    );
    for (const policy of answer.value.policies) {
      const want = counts.get(policy.id.toLowerCase()) ?? { active: 0, stopped: 0 };
      expect([policy.name, policy.protectedItems, policy.stoppedItems]).toEqual([
        policy.name,
        want.active,
        want.stopped,
      ]);
    }
    const unused = policyRows.filter((r) => (counts.get(lower(r.id))?.active ?? 0) === 0).length;
    expect(answer.value.unused).toBe(unused);
    expect(unused).toBeGreaterThan(0);
    expect(unused).toBeLessThan(policyRows.length);
    // The stand-in's policies vary as real ones do: every frequency, time zones besides UTC, each retention tier.
    const all = answer.value.policies;
    const terms = all.map((p) => answer.value.termsOf(p));
    expect(new Set(terms.map((t) => t.schedule.frequency))).toEqual(
      new Set(['hourly', 'daily', 'weekly', 'continuous']),
    );
    expect(new Set(terms.map((t) => t.schedule.timeZone)).size).toBeGreaterThan(2);
    for (const tier of ['daily', 'weekly', 'monthly', 'yearly', 'operational', 'vault', 'archive', 'log'] as const) {
      expect([tier, terms.some((t) => t.retention[tier] !== undefined)]).toEqual([tier, true]);
    }
    // Filters are the vault's: type: and unused narrow on the server, in the same one request.
    const vmUnused = await backend.backupData.policies({ workload: 'vm' }, { unused: true });
    expect(vmUnused.value.policies.length).toBeGreaterThan(0);
    expect(vmUnused.value.policies.every((p) => p.workload === 'vm' && p.protectedItems === 0)).toBe(true);
    expect(vmUnused.value.policies.length).toBe(
      all.filter((p) => p.workload === 'vm' && p.protectedItems === 0).length,
    );
  });

  test('item detail: one instance by its id, with all of its jobs of 14 days', async () => {
    const item = items.find((i) => lower(props(i).backupManagementType) === 'azureiaasvm' && isActive(i)) as Row;
    const answer = await backend.backupData.item(text(item.id).toUpperCase());
    expect(answer.value.kind).toBe('found');
    if (answer.value.kind !== 'found') return;
    expect(answer.value.detail.instance.id.toLowerCase()).toBe(lower(item.id));
    // RSV VM jobs name their item by vault and friendly name (docs/azure-facts.md §1.4); each job of this VM is listed.
    const vm = lower(props(item).friendlyName);
    const want = jobs.filter(
      (j) =>
        vaultOf(j.id) === vaultOf(item.id) &&
        lower(props(j).backupManagementType) === 'azureiaasvm' &&
        lower(props(j).entityFriendlyName) === vm &&
        startedWithin(j, 14 * 24),
    );
    expect(answer.value.detail.jobs.map((j) => j.id.toLowerCase()).sort()).toEqual(want.map((j) => lower(j.id)).sort());
  });
});
