// generateEstate: determinism, the small scale's size, and every workload both protected and unprotected.
import { DS_TYPE, generateEstate, type Row, ARG_TYPES as T } from '../../../src/sim/estate';
import { lowerIds, NOW, props, rowsOfType, smallEstate } from './estate-helpers';

describe('generateEstate determinism', () => {
  it('gives identical rows for the same seed, scale and now', () => {
    const a = generateEstate({ seed: 7, scale: 'small', now: NOW });
    const b = generateEstate({ seed: 7, scale: 'small', now: NOW });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('gives a different estate for a different seed', () => {
    const a = generateEstate({ seed: 7, scale: 'small', now: NOW });
    const b = generateEstate({ seed: 8, scale: 'small', now: NOW });
    const idsA = lowerIds(a.tables.Resources);
    const idsB = lowerIds(b.tables.Resources);
    expect([...idsA].filter((id) => idsB.has(id))).toHaveLength(0);
  });

  it('moves every job with `now`', () => {
    const later = new Date(NOW.getTime() + 86_400_000);
    const a = smallEstate();
    const b = generateEstate({ seed: 42, scale: 'small', now: later });
    const jobA = a.tables.RecoveryServicesResources.find((r) => r.type === T.rsvJob);
    const jobB = b.tables.RecoveryServicesResources.find((r) => r.type === T.rsvJob);
    expect(Date.parse(String(props(jobB as Row).startTime)) - Date.parse(String(props(jobA as Row).startTime))).toBe(
      86_400_000,
    );
  });

  it('rejects an unknown scale and an invalid date', () => {
    expect(() => generateEstate({ seed: 1, scale: 'huge' as 'small', now: NOW })).toThrow(
      /unknown estate scale 'huge'/,
    );
    expect(() => generateEstate({ seed: 1, scale: 'small', now: new Date('nope') })).toThrow(/not a valid date/);
  });
});

describe('small estate size', () => {
  const estate = smallEstate();

  it('has 2-3 subscriptions in 2 tenants and 6 vaults', () => {
    const subs = rowsOfType(estate, T.subscription);
    expect(subs.length).toBeGreaterThanOrEqual(2);
    expect(subs.length).toBeLessThanOrEqual(3);
    expect(new Set(subs.map((s) => s.tenantId)).size).toBe(2);
    expect(rowsOfType(estate, T.rsvVault).length + rowsOfType(estate, T.bvVault).length).toBe(6);
  });

  it('has a few hundred protected items / instances and 3-5k jobs', () => {
    const items = rowsOfType(estate, T.rsvItem).length + rowsOfType(estate, T.bvInstance).length;
    expect(items).toBeGreaterThanOrEqual(150);
    expect(items).toBeLessThanOrEqual(500);
    const jobs = rowsOfType(estate, T.rsvJob).length + rowsOfType(estate, T.bvJob).length;
    expect(jobs).toBeGreaterThanOrEqual(3000);
    expect(jobs).toBeLessThanOrEqual(5000);
  });

  it('puts tenantId, subscriptionId and a lower-case type on every row', () => {
    for (const rows of Object.values(estate.tables)) {
      for (const row of rows) {
        expect(typeof row.tenantId).toBe('string');
        expect(typeof row.subscriptionId).toBe('string');
        expect(row.type).toBe(String(row.type).toLowerCase());
      }
    }
  });
});

describe('every workload, protected and unprotected', () => {
  const estate = smallEstate();
  const items = rowsOfType(estate, T.rsvItem);
  const instances = rowsOfType(estate, T.bvInstance);
  const sources = (workloadType: string): Set<string> =>
    new Set(
      items
        .filter((i) => props(i).workloadType === workloadType)
        .map((i) => String(props(i).sourceResourceId).toLowerCase()),
    );
  const bvSources = (dsType: string, key: 'dataSourceInfo' | 'dataSourceSetInfo' = 'dataSourceInfo'): Set<string> =>
    new Set(
      instances
        .filter((i) => (props(i).dataSourceInfo as Record<string, unknown>).datasourceType === dsType)
        .map((i) => String((props(i)[key] as Record<string, unknown>).resourceID).toLowerCase()),
    );
  const split = (rows: Row[], protectedIds: Set<string>): [number, number] => {
    const yes = rows.filter((r) => protectedIds.has(String(r.id).toLowerCase())).length;
    return [yes, rows.length - yes];
  };
  const expectBoth = ([yes, no]: [number, number]): void => {
    expect(yes).toBeGreaterThan(0);
    expect(no).toBeGreaterThan(0);
  };
  const vms = rowsOfType(estate, T.vm);

  it('VMs', () => expectBoth(split(vms, sources('VM'))));

  it('SQL Server VMs (sqlvirtualmachines rows, SQL database items)', () => {
    const sqlVmIds = rowsOfType(estate, T.sqlVm).map((r) => String(props(r).virtualMachineResourceId).toLowerCase());
    expect(sqlVmIds.length).toBeGreaterThan(0);
    expectBoth(
      split(
        vms.filter((v) => sqlVmIds.includes(String(v.id).toLowerCase())),
        sources('SQLDataBase'),
      ),
    );
  });

  it('SAP HANA VMs', () => {
    const hanaVms = vms.filter((v) => JSON.stringify(props(v).storageProfile).includes('sles-sap'));
    expectBoth(split(hanaVms, sources('SAPHanaDatabase')));
  });

  it('storage accounts for files and blobs', () => {
    const accounts = rowsOfType(estate, T.storage);
    expectBoth(split(accounts, sources('AzureFileShare')));
    expectBoth(split(accounts, bvSources(DS_TYPE.blob)));
  });

  it('managed disks, PostgreSQL single and flexible servers, AKS clusters', () => {
    expectBoth(split(rowsOfType(estate, T.disk), bvSources(DS_TYPE.disk)));
    expectBoth(split(rowsOfType(estate, T.pgSingle), bvSources(DS_TYPE.pgSingle, 'dataSourceSetInfo')));
    expectBoth(split(rowsOfType(estate, T.pgFlex), bvSources(DS_TYPE.pgFlex)));
    expectBoth(split(rowsOfType(estate, T.aks), bvSources(DS_TYPE.aks)));
  });

  it('has protected items whose datasource no longer exists', () => {
    const vmIds = lowerIds(vms);
    const orphans = items.filter(
      (i) => props(i).workloadType === 'VM' && !vmIds.has(String(props(i).sourceResourceId).toLowerCase()),
    );
    expect(orphans.length).toBeGreaterThan(0);
    const diskIds = lowerIds(rowsOfType(estate, T.disk));
    const orphanDisks = instances.filter(
      (i) =>
        (props(i).dataSourceInfo as Record<string, unknown>).datasourceType === DS_TYPE.disk &&
        !diskIds.has(String((props(i).dataSourceInfo as Record<string, unknown>).resourceID).toLowerCase()),
    );
    expect(orphanDisks.length).toBeGreaterThan(0);
  });

  it('has stopped and soft-deleted items of both vault kinds', () => {
    expect(items.some((i) => props(i).protectionState === 'ProtectionStopped')).toBe(true);
    expect(items.some((i) => props(i).isScheduledForDeferredDelete === true)).toBe(true);
    const bvStates = new Set(instances.map((i) => props(i).currentProtectionState));
    expect(bvStates.has('ProtectionConfigured')).toBe(true);
    expect(
      [...bvStates].some((s) => s === 'ProtectionStopped' || s === 'SoftDeleted' || s === 'BackupSchedulesSuspended'),
    ).toBe(true);
  });
});

describe('storage account kinds and ADLS Gen2 accounts', () => {
  const estate = smallEstate();
  const accounts = rowsOfType(estate, T.storage);
  const instances = rowsOfType(estate, T.bvInstance);
  const tier = (r: Row) => String((r.sku as Record<string, unknown>).tier);

  it('has the kinds blob backup cannot protect, each with its documented SKU tier', () => {
    const kinds = new Set(accounts.map((a) => `${a.kind}/${tier(a)}`));
    for (const k of ['Storage/Standard', 'BlobStorage/Standard', 'BlockBlobStorage/Premium', 'StorageV2/Premium'])
      expect(kinds).toContain(k);
    expect(kinds).toContain('FileStorage/Premium');
    // No blob instance ever names an account blob backup cannot take (standard general-purpose v2 only).
    const blobTargets = new Set(
      instances
        .map((i) => props(i).dataSourceInfo as Record<string, unknown>)
        .filter((d) => d.datasourceType === DS_TYPE.blob)
        .map((d) => String(d.resourceID).toLowerCase()),
    );
    for (const a of accounts.filter((x) => blobTargets.has(String(x.id).toLowerCase()))) {
      expect(`${a.kind}/${tier(a)}`).toBe('StorageV2/Standard');
      expect(props(a).isHnsEnabled).not.toBe(true);
    }
  });

  it('protects some ADLS Gen2 accounts as adlsBlobServices, in the REST spec example shape, and leaves others', () => {
    const adls = accounts.filter((a) => props(a).isHnsEnabled === true);
    expect(adls.every((a) => a.kind === 'StorageV2' && tier(a) === 'Standard')).toBe(true);
    const adlsInstances = instances.filter(
      (i) => (props(i).dataSourceInfo as Record<string, unknown>).datasourceType === DS_TYPE.adls,
    );
    const covered = new Set(
      adlsInstances.map((i) => String((props(i).dataSourceInfo as Record<string, unknown>).resourceID).toLowerCase()),
    );
    expect(adls.some((a) => covered.has(String(a.id).toLowerCase()))).toBe(true);
    expect(adls.some((a) => !covered.has(String(a.id).toLowerCase()))).toBe(true);
    const first = props(adlsInstances[0] as Row);
    expect(first.dataSourceInfo).toMatchObject({
      datasourceType: 'Microsoft.Storage/storageAccounts/adlsBlobServices',
      objectType: 'Datasource',
      resourceType: 'Microsoft.Storage/storageAccounts',
    });
    expect(first.dataSourceSetInfo).toMatchObject({ objectType: 'DatasourceSet', datasourceType: DS_TYPE.adls });
    // Its policy is an ADLS policy of the same vault.
    const policy = rowsOfType(estate, T.bvPolicy).find(
      (p) => String(p.id) === (first.policyInfo as Record<string, unknown>).policyId,
    );
    expect(props(policy as Row).datasourceTypes).toEqual([DS_TYPE.adls]);
  });
});
