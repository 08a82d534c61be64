// Unprotected and stopped datasources of a generated estate, every workload, against answers computed here from the
// raw rows by the documented rules (never by the query code): a datasource with an active item is protected; with
// only stopped or soft-deleted ones it is "protection stopped" (resume it), never unprotected; with none, or only
// one whose configuration failed, it is unprotected. Blobs: standard general-purpose v2 accounts only, and an ADLS
// (hierarchical namespace) account counts as protected by an active adlsBlobServices instance.
import { createBackupData } from '../../../src/azure/backup-data';
import type { UnprotectedDatasource } from '../../../src/core/domain/unprotected';
import type { Workload } from '../../../src/core/domain/workload';
import { ARG_TYPES, generateEstate, type Row } from '../../../src/sim/estate';
import { EngineRunner } from '../support/engine-runner';

const NOW = new Date('2025-03-10T09:30:00Z');
const estate = generateEstate({ seed: 7, scale: 'small', now: NOW });
const data = createBackupData(new EngineRunner(estate.tables, NOW));

type Cover = 'active' | 'stopped' | 'softDeleted' | 'none';
const RANK: Record<Cover, number> = { active: 3, stopped: 2, softDeleted: 1, none: 0 };

const text = (v: unknown): string => (typeof v === 'string' ? v : v === true ? 'true' : '');
const lower = (v: unknown): string => text(v).toLowerCase();
const props = (row: Row): Record<string, unknown> => (row.properties ?? {}) as Record<string, unknown>;
const sub = (row: Row, key: string): Record<string, unknown> => (props(row)[key] ?? {}) as Record<string, unknown>;
const sku = (row: Row): string => lower((row.sku as Record<string, unknown> | undefined)?.tier);

/**
 * Reference §1.2/§1.3: RSV `protectionState` ProtectionStopped (stop and retain), BackupsSuspended (retain as per
 * policy), ProtectionPaused; soft delete sets `isScheduledForDeferredDelete`; BV `currentProtectionState` /
 * `protectionStatus.status` ProtectionStopped, BackupSchedulesSuspended (suspendBackups), SoftDeleted/SoftDeleting.
 */
function coverOf(item: Row): Cover {
  const p = props(item);
  const current = lower(p.currentProtectionState);
  const status = lower(sub(item, 'protectionStatus').status);
  const states = [current, status];
  if (
    lower(p.isScheduledForDeferredDelete) === 'true' ||
    states.some((s) => s === 'softdeleted' || s === 'softdeleting')
  )
    return 'softDeleted';
  if (
    ['protectionstopped', 'protectionpaused', 'backupssuspended'].includes(lower(p.protectionState)) ||
    states.some((s) => s === 'protectionstopped' || s === 'backupschedulessuspended')
  )
    return 'stopped';
  if (states.some((s) => s === 'configuringprotectionfailed' || s === 'notprotected')) return 'none';
  return 'active';
}

const rsr = estate.tables.RecoveryServicesResources;
const rsvItems = rsr.filter((r) => r.type === ARG_TYPES.rsvItem);
const bvInstances = rsr.filter((r) => r.type === ARG_TYPES.bvInstance);
const resources = (type: string) => estate.tables.Resources.filter((r) => r.type === type);

/** Best cover per lower-case key: the item of the highest rank. */
function coversBy(items: Row[], keyOf: (item: Row) => string): Map<string, { cover: Cover; item: string }> {
  const out = new Map<string, { cover: Cover; item: string }>();
  for (const item of items) {
    const key = keyOf(item);
    const cover = coverOf(item);
    const best = out.get(key);
    if (!best || RANK[cover] > RANK[best.cover]) out.set(key, { cover, item: String(item.id) });
  }
  return out;
}

interface Expected {
  unprotected: string[];
  stopped: Map<string, { state: 'stopped' | 'softDeleted'; item: string }>;
}

function expected(
  datasources: Row[],
  keysOf: (ds: Row) => string[],
  covers: Map<string, { cover: Cover; item: string }>,
) {
  const out: Expected = { unprotected: [], stopped: new Map() };
  for (const ds of datasources) {
    const found = keysOf(ds)
      .map((k) => covers.get(k))
      .filter((c) => c !== undefined)
      .sort((a, b) => RANK[b.cover] - RANK[a.cover])[0];
    if (found?.cover === 'active') continue;
    if (found && (found.cover === 'stopped' || found.cover === 'softDeleted'))
      out.stopped.set(lower(ds.id), { state: found.cover, item: lower(found.item) });
    else out.unprotected.push(lower(ds.id));
  }
  return out;
}

const bySource = (pred: (item: Row) => boolean) =>
  coversBy(rsvItems.filter(pred), (i) => lower(props(i).sourceResourceId));
const byDatasource = (types: string[]) =>
  coversBy(
    bvInstances.filter((i) => types.includes(lower(sub(i, 'dataSourceInfo').datasourceType))),
    (i) => lower(sub(i, 'dataSourceInfo').resourceID).split('/databases/')[0] as string,
  );
const storage = resources(ARG_TYPES.storage);
const self = (ds: Row) => [lower(ds.id)];

const CASES: Record<Workload, () => Expected | undefined> = {
  vm: () =>
    expected(
      resources(ARG_TYPES.vm),
      self,
      bySource((i) => lower(props(i).backupManagementType) === 'azureiaasvm'),
    ),
  sql: () =>
    expected(
      resources(ARG_TYPES.sqlVm),
      (ds) => [
        lower(props(ds).virtualMachineResourceId) ||
          lower(
            String(ds.id).replace(
              /Microsoft\.SqlVirtualMachine\/sqlVirtualMachines/i,
              'Microsoft.Compute/virtualMachines',
            ),
          ),
      ],
      bySource((i) => lower(props(i).workloadType) === 'sqldatabase'),
    ),
  hana: () => undefined,
  // Blob-only kinds and premium general-purpose accounts (page blobs) hold no file shares.
  files: () =>
    expected(
      storage.filter(
        (s) =>
          !['blobstorage', 'blockblobstorage'].includes(lower(s.kind)) &&
          (lower(s.kind) === 'filestorage' || sku(s) !== 'premium'),
      ),
      self,
      bySource((i) => lower(props(i).backupManagementType) === 'azurestorage'),
    ),
  blobs: () =>
    expected(
      storage.filter((s) => lower(s.kind) === 'storagev2' && sku(s) !== 'premium'),
      self,
      byDatasource([
        'microsoft.storage/storageaccounts/blobservices',
        'microsoft.storage/storageaccounts/adlsblobservices',
      ]),
    ),
  disks: () => {
    const whole = (i: Row) => {
      const luns = (sub(i, 'extendedProperties').diskExclusionProperties as Record<string, unknown> | undefined)
        ?.diskLunList;
      return lower(props(i).backupManagementType) === 'azureiaasvm' && !(Array.isArray(luns) && luns.length > 0);
    };
    const covers = new Map([...byDatasource(['microsoft.compute/disks']), ...bySource(whole)]);
    return expected(resources(ARG_TYPES.disk), (d) => [lower(d.id), lower(d.managedBy)], covers);
  },
  postgres: () =>
    expected(
      [...resources(ARG_TYPES.pgSingle), ...resources(ARG_TYPES.pgFlex)],
      self,
      byDatasource([
        'microsoft.dbforpostgresql/servers/databases',
        'microsoft.dbforpostgresql/flexibleservers',
        'ossdb',
      ]),
    ),
  aks: () => expected(resources(ARG_TYPES.aks), self, byDatasource(['microsoft.containerservice/managedclusters'])),
};

const ids = (list: UnprotectedDatasource[]) => list.map((d) => d.id.toLowerCase()).sort();

describe.each(Object.keys(CASES).filter((w) => w !== 'hana'))('%s', (workload) => {
  it('lists the datasources with no backup, and apart from them those whose protection is stopped', async () => {
    const want = CASES[workload as Workload]() as Expected;
    const answer = await data.unprotected(workload as Workload, {}, { limit: 5000 });
    expect(answer.partial).toEqual([]);
    expect(ids(answer.value.datasources)).toEqual([...want.unprotected].sort());
    expect(answer.value.counts[workload as Workload]).toBe(want.unprotected.length);
    const got = new Map(
      answer.value.stopped.map((d) => [
        d.id.toLowerCase(),
        { state: d.stopped?.state, item: d.stopped?.itemId.toLowerCase() },
      ]),
    );
    expect(got).toEqual(want.stopped);
    for (const d of answer.value.stopped) expect(d.reason).toMatch(/resume it/);
  });
});

test('the estate has what the rules are about: stopped and soft-deleted protection, ADLS accounts, other kinds', async () => {
  const all = Object.values(CASES)
    .map((c) => c())
    .filter((e) => e !== undefined);
  const states = all.flatMap((e) => [...e.stopped.values()].map((s) => s.state));
  expect(states).toContain('stopped');
  expect(states).toContain('softDeleted');
  const adls = storage.filter((s) => props(s).isHnsEnabled === true);
  const adlsCovered = byDatasource(['microsoft.storage/storageaccounts/adlsblobservices']);
  expect(adls.some((s) => adlsCovered.has(lower(s.id)))).toBe(true);
  expect(adls.some((s) => !adlsCovered.has(lower(s.id)))).toBe(true);
  expect(new Set(storage.map((s) => `${s.kind}/${sku(s)}`))).toEqual(
    new Set([
      'StorageV2/standard',
      'Storage/standard',
      'BlobStorage/standard',
      'BlockBlobStorage/premium',
      'StorageV2/premium',
      'FileStorage/premium',
    ]),
  );
  // An unprotected ADLS account says how it can be protected; GPv1 and premium accounts are no blob datasources.
  const blobs = await data.unprotected('blobs', {}, { limit: 5000 });
  const listed = blobs.value.datasources.filter((d) => d.adls);
  expect(listed.length).toBeGreaterThan(0);
  expect(listed[0]?.reason).toMatch(/hierarchical namespace \(ADLS Gen2\)/);
  const kinds = new Map(storage.map((s) => [lower(s.id), `${s.kind}/${sku(s)}`]));
  expect(new Set(blobs.value.datasources.map((d) => kinds.get(d.id.toLowerCase())))).toEqual(
    new Set(['StorageV2/standard']),
  );
});
