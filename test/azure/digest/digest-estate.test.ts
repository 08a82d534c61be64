// Digests over the hand-made digest estate (test/fixtures/digest-estate.json), run by the stand-in's KQL engine,
// against expectations worked out by hand from the fixture rows (now 2025-06-15 12:00 UTC, recoveredSince one day
// earlier, grace 2 h, running threshold 1 h). Comments give the arithmetic.
import { createBackupData } from '../../../src/azure/backup-data';
import type { DigestData, DigestItem, DigestScopeRequest } from '../../../src/core/domain/digest';
import type { BackupFilters } from '../../../src/core/domain/filters';
import type { DataResult } from '../../../src/core/domain/result';
import { EngineRunner } from '../support/engine-runner';
import {
  digestEstate as fixture,
  DIGEST_NOW as NOW,
  itemName as named,
  DIGEST_SINCE as SINCE,
} from './support/digest-estate';

const runner = new EngineRunner(fixture.tables, NOW);
const data = createBackupData(runner);
const ask = async (filters: BackupFilters): Promise<DataResult<DigestData>> => {
  const [answer] = await data.digests([{ filters, recoveredSince: SINCE }]);
  if (!answer) throw new Error('no answer');
  return answer;
};

/** Every item of the estate worth a digest line, with the facts the rows give (absent keys: undefined). */
const REPORTED: Record<string, Partial<DigestItem>> = {
  // lastBackupStatus Failed at 02:00 after a good ad-hoc backup at 22:00 (14 h ago: not overdue). Its one RSV job
  // (like every RSV job row, no backupInstanceId) is tied to it by vault + entityFriendlyName "vm-web-01": one failure.
  vmFailing: {
    name: 'vm-web-01',
    workload: 'vm',
    everyHours: 24,
    lastGoodAt: '2025-06-14T22:00:00.000Z',
    lastAttemptAt: '2025-06-15T02:00:00.000Z',
    lastAttemptFailed: true,
    failures24h: 1,
    failures14d: 1,
    lastFailureAt: '2025-06-15T02:00:00.000Z',
  },
  // Daily, last good 27 h ago > 24 + 2.
  vmOverdue27h: { everyHours: 24, lastGoodAt: '2025-06-14T09:00:00.000Z', lastAttemptFailed: false },
  // Weekly on one day (168 h), last good 8 days ago.
  vmWeekly8d: { everyHours: 168, lastGoodAt: '2025-06-07T12:00:00.000Z' },
  // Hourly every 4 h in a 12 h window: the night adds 12 h (16 h); last good 19 h ago > 16 + 2.
  vmHourlyOverdue: { everyHours: 16, lastGoodAt: '2025-06-14T17:00:00.000Z' },
  // InProgress since 09:00 (3 h); last good is the recovery point at 20:30, last attempt the item's 20:00.
  vmRunning3h: {
    runningSince: '2025-06-15T09:00:00.000Z',
    lastGoodAt: '2025-06-14T20:30:00.000Z',
    lastAttemptAt: '2025-06-14T20:00:00.000Z',
    lastAttemptFailed: false,
  },
  // Daily policy, no backup ever: overdue.
  vmNeverBackedUp: { everyHours: 24, lastGoodAt: undefined, lastAttemptAt: undefined, lastAttemptFailed: false },
  // SQL: Unhealthy at 06:00; Full weekly on 1 day (168 h) and Differential on 6 days (24 x (8 - 6) = 48 h).
  sqlUnhealthy: {
    name: 'salesdb',
    workload: 'sql',
    everyHours: 48,
    lastGoodAt: '2025-06-15T01:00:00.000Z',
    lastAttemptAt: '2025-06-15T06:00:00.000Z',
    lastAttemptFailed: true,
  },
  // Azure Files daily, last good 37 h ago.
  filesOverdue: { name: 'share-finance', workload: 'files', everyHours: 24, lastGoodAt: '2025-06-13T23:00:00.000Z' },
  // lastBackupStatus 'failed' in lower case; its policyId is the policy's id lower-cased.
  devVmFailing: { everyHours: 24, lastAttemptFailed: true, lastAttemptAt: '2025-06-15T01:00:00.000Z' },
  // BV disk: completed 06-14 02:00 (6 min), failed 06-15 02:00.
  diskFailing: {
    name: 'disk-data-01',
    workload: 'disks',
    everyHours: 24,
    lastGoodAt: '2025-06-14T02:00:00.000Z',
    lastAttemptAt: '2025-06-15T02:00:00.000Z',
    lastAttemptFailed: true,
    lastFailureAt: '2025-06-15T02:00:00.000Z',
    failures24h: 1,
    failures14d: 1,
    typicalMinutes: 6,
  },
  // Every 4 h (PT4H), last good 7 h ago > 4 + 2.
  disk4hOverdue: { everyHours: 4, lastGoodAt: '2025-06-15T05:00:00.000Z', typicalMinutes: 4 },
  // ProtectionError with no backup at all: active, overdue.
  diskError: { protectionState: 'Error', everyHours: 24, lastGoodAt: undefined },
  // BV status Started since 10:30 (1.5 h).
  diskRunning: { runningSince: '2025-06-15T10:30:00.000Z', lastGoodAt: '2025-06-14T20:00:00.000Z', typicalMinutes: 10 },
  // Mixed-case type; operationCategory 'backup', status 'FAILED'; policy rule named Default (P1D).
  aksFailing: { workload: 'aks', everyHours: 24, lastAttemptFailed: true, failures24h: 1, typicalMinutes: 20 },
};
// Failed at 20:00, good at 02:00 (so it was failing at 21:00 and is fixed since); jobs name the item in upper case. Failures: 20:00 in 24 h,
// plus 06-05 in 14 days. Completed backups took 60 and 40 minutes. The ConfigureBackup job does not count.
const RECOVERED: Partial<DigestItem> = {
  lastGoodAt: '2025-06-15T02:00:00.000Z',
  lastAttemptAt: '2025-06-15T02:00:00.000Z',
  lastAttemptFailed: false,
  lastFailureAt: '2025-06-14T20:00:00.000Z',
  failures24h: 1,
  failures14d: 2,
  typicalMinutes: 50,
};

const ALL = Object.keys(REPORTED);
const S1 = 'aaaaaaaa-0000-4000-8000-000000000001';

function view(item: DigestItem, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (item as unknown as Record<string, unknown>)[k]]));
}

describe('digest items over the digest estate', () => {
  let answer: DataResult<DigestData>;
  beforeAll(async () => {
    answer = await ask({});
  });

  it('reports exactly the items failing, overdue, recovered or running long', () => {
    expect(answer.partial).toEqual([]);
    expect(answer.value.items.map(named).sort()).toEqual([...ALL].sort());
  });

  it.each(Object.entries(REPORTED))('%s carries the facts of its rows', (key, want) => {
    const item = answer.value.items.find((i) => named(i) === key);
    expect(item).toBeDefined();
    if (!item) return;
    expect(view(item, Object.keys(want))).toEqual(want);
    expect(item.key).toBe((fixture.ids[key] as string).toLowerCase());
    expect(item.id).toBe(fixture.ids[key]);
  });

  it('refs: vault from the id, datasource from the item, policy id and name', () => {
    const web = answer.value.items.find((i) => named(i) === 'vmFailing') as DigestItem;
    expect(web.vault).toMatchObject({ name: 'rsv-prod', kind: 'rsv', resourceGroup: 'RG-Backup' });
    expect(web.datasource).toMatchObject({ name: 'vm-web-01', resourceGroup: 'RG-App', location: 'westeurope' });
    expect(web.datasource.subscriptionId?.toLowerCase()).toBe(S1);
    expect(web.policy?.name).toBe('DailyPolicy');
    const disk = answer.value.items.find((i) => named(i) === 'diskFailing') as DigestItem;
    expect(disk.vault).toMatchObject({ name: 'bv-prod', kind: 'bv' });
    // BV policyInfo carries no name in the spec: the id's last segment names it.
    expect(disk.policy).toEqual({ id: expect.stringMatching(/DiskPolicyDaily$/), name: 'DiskPolicyDaily' });
  });

  it('leaves out fine, inactive, continuous and policy-less items', () => {
    const left = answer.value.items.map(named);
    for (const key of [
      'vmFine25h', // 25 h < 26
      'vmWeekly6d', // 144 h < 170
      'vmRunning20m', // running 20 min; hourly 16 h, last good 3 h 20 min ago
      'vmRecoveredBefore', // failed and recovered before recoveredSince: fine at the previous digest
      'vmRecovered', // fine at recoveredSince (12:00), failed at 20:00 and recovered: the 24 h failures tell it
      'vmStopped',
      'vmSoftDeleted',
      'vmPaused',
      'vmPending',
      'vmNoPolicy',
      'vmBare', // no optional field at all
      'hanaFine', // HANA Full daily (Log ignored), 9 h ago
      'disk4hFine', // 5 h < 6; its failed Restore job is not a backup
      'diskSoftDeleted',
      'blobContinuous', // operational blob policy: no schedule, never overdue
    ]) {
      expect(fixture.ids[key]).toBeDefined();
      expect(left).not.toContain(key);
    }
  });

  it('an item failing at recoveredSince and backed up since is reported as recovered: vm-rec-12 failed at 20:00', async () => {
    const [later] = await data.digests([{ filters: {}, recoveredSince: new Date('2025-06-14T21:00:00Z') }]);
    const item = later?.value.items.find((i) => named(i) === 'vmRecovered');
    expect(item && view(item, Object.keys(RECOVERED))).toEqual(RECOVERED);
    expect(later?.value.items).toHaveLength(ALL.length + 1);
  });

  it('failed jobs of 24 h: backups only (no Restore), newest first, soft-deleted items included', () => {
    const jobs = answer.value.failedJobs.map((j) => `${j.datasource.name} ${j.startTime}`);
    expect(jobs).toEqual([
      'disk-gone-04 2025-06-15T04:00:00.000Z',
      'aks-fab-01 2025-06-15T03:00:00.000Z',
      // Same start: ids in order ('/Subscriptions/AAAA…' sorts before '/subscriptions/aaaa…').
      'vm-web-01 2025-06-15T02:00:00.000Z',
      'disk-data-01 2025-06-15T02:00:00.000Z',
      'vm-rec-12 2025-06-14T20:00:00.000Z',
    ]);
    expect(answer.value.failedJobsMore).toBe(false);
  });

  it('vaults and unprotected datasources of the whole estate', () => {
    expect(answer.value.vaults.map((v) => v.name)).toEqual(['bv-fab', 'bv-prod', 'rsv-dev', 'rsv-prod']);
    // VMs without any VM item (SQL and HANA VMs have none), accounts without a Files item / blob instance, disks of
    // no instance or a failed-configuration one. Stopped, suspended (vm-paused-08: BackupsSuspended) and soft-deleted
    // protection is not "unprotected": apart.
    expect(answer.value.unprotected?.stopped.map((d) => `${d.workload}:${d.name}`).sort()).toEqual(
      ['vm:vm-old-06', 'vm:vm-soft-07', 'vm:vm-paused-08', 'disks:disk-gone-04'].sort(),
    );
    expect(answer.value.unprotected?.datasources.map((d) => `${d.workload}:${d.name}`).sort()).toEqual(
      [
        'vm:VM-SQL-01',
        'vm:hana-vm-01',
        'vm:vm-unprot-01',
        'vm:vm-unprot-02',
        'files:stblob01',
        'blobs:stfiles01',
        'disks:disk-err-05',
        'disks:disk-free-07',
        // Discovered HANA databases not protected (the third one is).
        'hana:HDB2',
        'hana:HDB-02',
      ].sort(),
    );
    expect(answer.value.unprotected?.complete).toBe(true);
  });
});

interface ScopeCase {
  name: string;
  filters: BackupFilters;
  items: string[];
  vaults: string[];
  unprotected?: string[];
  /** Datasources with stopped or soft-deleted protection (never among `unprotected`). */
  stopped?: string[];
  failedJobs?: string[];
}

const CASES: ScopeCase[] = [
  {
    name: 'vault (any case): its items only; no unprotected part',
    filters: { vault: 'BV-PROD' },
    items: ['diskFailing', 'disk4hOverdue', 'diskError', 'diskRunning'],
    vaults: ['bv-prod'],
    failedJobs: ['disk-gone-04', 'disk-data-01'],
  },
  {
    name: 'sub by name (any case): datasources of that subscription; vaults in it',
    filters: { subscription: 'contoso dev' },
    items: ['devVmFailing'],
    vaults: ['rsv-dev'],
    unprotected: ['vm:vm-unprot-02'],
    failedJobs: [],
  },
  {
    name: 'sub by id in upper case',
    filters: { subscription: S1.toUpperCase() },
    items: ALL.filter((k) => k !== 'devVmFailing' && k !== 'aksFailing'),
    vaults: ['bv-prod', 'rsv-prod'],
  },
  {
    name: 'rg: the datasource resource group (RG-App and rg-app alike); vaults: their own group',
    filters: { resourceGroup: 'RG-APP' },
    items: [
      'vmFailing',
      'vmOverdue27h',
      'vmNeverBackedUp',
      'vmHourlyOverdue',
      'diskFailing',
      'disk4hOverdue',
      'diskError',
      'diskRunning',
    ],
    vaults: [],
    unprotected: ['vm:vm-unprot-01', 'disks:disk-err-05', 'disks:disk-free-07'],
    // vm-paused-08's item is BackupsSuspended (stopped, retained as per policy): stopped too.
    stopped: ['vm:vm-old-06', 'vm:vm-soft-07', 'vm:vm-paused-08', 'disks:disk-gone-04'],
  },
  {
    name: 'location in display form: RSV VMs by their vault region, BV by the datasource',
    filters: { location: 'North Europe' },
    items: ['devVmFailing', 'aksFailing'],
    vaults: ['bv-fab', 'rsv-dev'],
    unprotected: ['vm:vm-unprot-02'],
  },
  {
    name: 'tag (key and value in any case): datasource tags; SQL by its VM; not applied to vaults',
    filters: { tags: [{ key: 'ENV', value: 'prod' }] },
    items: [
      'vmFailing',
      'vmOverdue27h',
      'vmRunning3h',
      'sqlUnhealthy',
      'filesOverdue',
      'diskFailing',
      'diskRunning',
      'aksFailing',
    ],
    vaults: ['bv-fab', 'bv-prod', 'rsv-dev', 'rsv-prod'],
    // HANA by the tags of its VM (HDB-02's VM is not in Resources).
    unprotected: [
      'vm:VM-SQL-01',
      'vm:hana-vm-01',
      'vm:vm-unprot-01',
      'hana:HDB2',
      'blobs:stfiles01',
      'disks:disk-free-07',
    ],
  },
  {
    name: 'type: one workload; not applied to vaults',
    filters: { workload: 'disks' },
    items: ['diskFailing', 'disk4hOverdue', 'diskError', 'diskRunning'],
    vaults: ['bv-fab', 'bv-prod', 'rsv-dev', 'rsv-prod'],
    unprotected: ['disks:disk-err-05', 'disks:disk-free-07'],
    stopped: ['disks:disk-gone-04'],
    failedJobs: ['disk-gone-04', 'disk-data-01'],
  },
  {
    name: 'filters together: sub by name, rg and tag',
    filters: { subscription: 'Contoso Prod', resourceGroup: 'rg-app', tags: [{ key: 'env', value: 'PROD' }] },
    items: ['vmFailing', 'vmOverdue27h', 'diskFailing', 'diskRunning'],
    vaults: [],
    unprotected: ['vm:vm-unprot-01', 'disks:disk-free-07'],
  },
];

describe.each(CASES)('scope: $name', (c) => {
  it('items, vaults, unprotected datasources and failed jobs', async () => {
    const answer = await ask(c.filters);
    expect(answer.partial).toEqual([]);
    expect(answer.value.items.map(named).sort()).toEqual([...c.items].sort());
    expect(answer.value.vaults.map((v) => v.name)).toEqual(c.vaults);
    if (c.filters.vault) expect(answer.value.unprotected).toBeUndefined();
    if (c.unprotected) {
      expect(answer.value.unprotected?.datasources.map((d) => `${d.workload}:${d.name}`).sort()).toEqual(
        [...c.unprotected].sort(),
      );
      expect(answer.value.unprotected?.stopped.map((d) => `${d.workload}:${d.name}`).sort()).toEqual(
        [...(c.stopped ?? [])].sort(),
      );
    }
    if (c.failedJobs) expect(answer.value.failedJobs.map((j) => j.datasource.name)).toEqual(c.failedJobs);
  });

  it('the same scope among five (unprotected shared and split) gives the same answer', async () => {
    const others: BackupFilters[] = [{}, { workload: 'vm' }, { vault: 'rsv-dev' }, { tags: [{ key: 'x', value: '' }] }];
    const scopes: DigestScopeRequest[] = [c.filters, ...others].map((filters) => ({ filters, recoveredSince: SINCE }));
    const [alone] = await data.digests([scopes[0] as DigestScopeRequest]);
    const [shared] = await data.digests(scopes);
    const ids = (a?: DataResult<DigestData>) => a?.value.unprotected?.datasources.map((d) => d.id).sort();
    expect(ids(shared)).toEqual(ids(alone));
    const stopped = (a?: DataResult<DigestData>) => a?.value.unprotected?.stopped.map((d) => d.id).sort();
    expect(stopped(shared)).toEqual(stopped(alone));
    expect(shared?.value.items.map((i) => i.key)).toEqual(alone?.value.items.map((i) => i.key));
  });
});
