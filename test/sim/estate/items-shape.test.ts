// Field shapes of RSV protected items, Backup vault instances and policies, per docs/azure-facts.md §1.2, §1.3 and
// §1.6.
import { DS_TYPE, findBackupError, ARG_TYPES as T } from '../../../src/sim/estate';
import { lowerIds, parseArmId, props, rowsOfType, smallEstate } from './estate-helpers';

const estate = smallEstate();
const items = rowsOfType(estate, T.rsvItem);
const instances = rowsOfType(estate, T.bvInstance);
const of = (workloadType: string) => items.filter((i) => props(i).workloadType === workloadType);

describe('RSV protected items', () => {
  it('have ids that parse into vault / fabric / container / item with the naming rules of each workload', () => {
    const rules: Record<string, [RegExp, RegExp]> = {
      VM: [/^iaasvmcontainer;iaasvmcontainerv2;[^;]+;[^;]+$/i, /^vm;iaasvmcontainerv2;[^;]+;[^;]+$/i],
      SQLDataBase: [/^vmappcontainer;compute;[^;]+;[^;]+$/i, /^sqldatabase;[^;]+;[^;]+$/i],
      SAPHanaDatabase: [/^vmappcontainer;compute;[^;]+;[^;]+$/i, /^saphanadatabase;[^;]+;[^;]+$/i],
      AzureFileShare: [/^storagecontainer;storage;[^;]+;[^;]+$/i, /^azurefileshare;[^;]+$/i],
    };
    for (const item of items) {
      const id = parseArmId(String(item.id));
      const rule = rules[String(props(item).workloadType)];
      if (!rule) continue; // SAPHanaDBInstance
      expect(id.vaults).toBeTruthy();
      expect(id.backupfabrics).toBe('Azure');
      expect(id.protectioncontainers).toMatch(rule[0]);
      expect(id.protecteditems).toMatch(rule[1]);
      expect(item.name).toBe(id.protecteditems);
    }
    expect(Object.keys(rules).every((w) => of(w).length > 0)).toBe(true);
  });

  it('mix id casings: /Subscriptions/, lower-case providers, and datasource ids cased unlike Resources', () => {
    const ids = items.map((i) => String(i.id));
    expect(ids.some((id) => id.startsWith('/Subscriptions/'))).toBe(true);
    expect(ids.some((id) => id.includes('/providers/microsoft.recoveryservices/vaults/'))).toBe(true);
    expect(ids.some((id) => id.includes('/providers/Microsoft.RecoveryServices/vaults/'))).toBe(true);
    expect(ids.some((id) => /protectionContainers\/[a-z]/.test(id))).toBe(true);
    expect(ids.some((id) => /protectionContainers\/[A-Z]/.test(id))).toBe(true);
    const exact = new Set(rowsOfType(estate, T.vm).map((r) => String(r.id)));
    const lower = lowerIds(rowsOfType(estate, T.vm));
    const vmSources = of('VM').map((i) => String(props(i).sourceResourceId));
    const differentCase = vmSources.filter((s) => !exact.has(s) && lower.has(s.toLowerCase()));
    expect(differentCase.length).toBeGreaterThan(0);
  });

  it('use each workload value set for lastBackupStatus', () => {
    for (const item of [...of('VM'), ...of('AzureFileShare')]) {
      const p = props(item);
      if (p.protectionState === 'IRPending') expect(p.lastBackupStatus).toBeUndefined();
      else expect(['Completed', 'Failed']).toContain(p.lastBackupStatus);
    }
    for (const item of [...of('SQLDataBase'), ...of('SAPHanaDatabase')]) {
      const p = props(item);
      expect(['Healthy', 'Unhealthy', 'IRPending']).toContain(p.lastBackupStatus);
      if (p.lastBackupStatus === 'Unhealthy') {
        const detail = p.lastBackupErrorDetail as { code: string; message: string; recommendations: string[] };
        expect(findBackupError(detail.code)).toBeDefined();
        expect(detail.message.length).toBeGreaterThan(0);
      } else expect(p.lastBackupErrorDetail).toBeUndefined();
    }
    expect(of('SQLDataBase').some((i) => props(i).lastBackupStatus === 'Healthy')).toBe(true);
  });

  it('carry policy, state and last-backup fields that agree with each other', () => {
    const policies = lowerIds(rowsOfType(estate, T.rsvPolicy));
    for (const item of items) {
      const p = props(item);
      expect(policies.has(String(p.policyId).toLowerCase())).toBe(true);
      expect(String(p.policyId).endsWith(`/${p.policyName}`)).toBe(true);
      expect(['Protected', 'IRPending', 'ProtectionError', 'ProtectionStopped']).toContain(p.protectionState);
      if (p.lastBackupTime !== undefined) expect(Number.isNaN(Date.parse(String(p.lastBackupTime)))).toBe(false);
      if (p.isScheduledForDeferredDelete) expect(p.protectionState).toBe('ProtectionStopped');
    }
  });

  it('include file shares and VMs backed up by a vault in another subscription of the tenant (cross-subscription)', () => {
    const crossOf = (workloadType: string) =>
      rowsOfType(estate, T.rsvItem).filter((i) => {
        const ip = props(i);
        const dsSub = String(ip.sourceResourceId).split('/')[2]?.toLowerCase();
        return ip.workloadType === workloadType && dsSub !== String(i.subscriptionId).toLowerCase();
      });
    for (const workloadType of ['AzureFileShare', 'VM']) {
      const cross = crossOf(workloadType);
      expect(cross.length).toBeGreaterThan(0);
      // The datasource still exists, in its own subscription.
      const ids = lowerIds(estate.tables.Resources);
      for (const i of cross) expect(ids.has(String(props(i).sourceResourceId).toLowerCase())).toBe(true);
    }
  });

  it('carry the ARG "unified" fields on some rows only', () => {
    const withUnified = items.filter((i) => props(i).currentProtectionState !== undefined);
    expect(withUnified.length).toBeGreaterThan(0);
    expect(withUnified.length).toBeLessThan(items.length);
    for (const item of withUnified) {
      const info = props(item).dataSourceInfo as Record<string, unknown>;
      expect(info.resourceID).toBe(props(item).sourceResourceId);
    }
    expect(
      withUnified
        .filter((i) => props(i).workloadType === 'VM')
        .every(
          (i) =>
            (props(i).dataSourceInfo as Record<string, unknown>).datasourceType === 'Microsoft.Compute/virtualMachines',
        ),
    ).toBe(true);
  });
});

describe('Backup vault instances', () => {
  it('have protection status, current state and policy info but no lastBackup fields', () => {
    const policies = lowerIds(rowsOfType(estate, T.bvPolicy));
    for (const bi of instances) {
      const p = props(bi);
      expect(p.lastBackupStatus).toBeUndefined();
      expect(p.lastBackupTime).toBeUndefined();
      expect(typeof (p.protectionStatus as Record<string, unknown>).status).toBe('string');
      expect(typeof p.currentProtectionState).toBe('string');
      expect(policies.has(String((p.policyInfo as Record<string, unknown>).policyId).toLowerCase())).toBe(true);
      expect(parseArmId(String(bi.id)).backupinstances).toBe(bi.name);
    }
  });

  it('describe PostgreSQL single-server databases with their server as dataSourceSetInfo', () => {
    const pg = instances.filter(
      (i) => (props(i).dataSourceInfo as Record<string, unknown>).datasourceType === DS_TYPE.pgSingle,
    );
    expect(pg.length).toBeGreaterThan(0);
    for (const bi of pg) {
      const ds = props(bi).dataSourceInfo as { resourceID: string };
      const set = props(bi).dataSourceSetInfo as { resourceID: string; resourceType: string };
      expect(ds.resourceID.toLowerCase().startsWith(`${set.resourceID.toLowerCase()}/databases/`)).toBe(true);
      expect(set.resourceType).toBe('Microsoft.DBforPostgreSQL/servers');
    }
  });
});

describe('policies', () => {
  const bvPolicies = rowsOfType(estate, T.bvPolicy);
  interface Rule {
    name: string;
    objectType: string;
    trigger: { taggingCriteria: Array<{ tagInfo: { tagName: string } }> };
  }
  const rules = (row: (typeof bvPolicies)[number]) => props(row).policyRules as Rule[];

  it('give every Backup vault policy except operational blob backup an AzureBackupRule with retention tags', () => {
    const names = new Set<string>();
    for (const policy of bvPolicies) {
      const backupRules = rules(policy).filter((r) => r.objectType === 'AzureBackupRule');
      const retention = rules(policy).filter((r) => r.objectType === 'AzureRetentionRule');
      expect(retention.length).toBeGreaterThan(0);
      if (policy.name === 'BlobOperational') {
        expect(backupRules).toHaveLength(0);
        continue;
      }
      expect(backupRules).toHaveLength(1);
      const rule = backupRules[0] as Rule;
      names.add(rule.name);
      const tags = rule.trigger.taggingCriteria.map((t) => t.tagInfo.tagName);
      expect(tags).toContain('Default');
      for (const tag of tags) expect(retention.map((r) => r.name)).toContain(tag);
    }
    expect([...names].sort()).toEqual(['BackupDaily', 'BackupHourly', 'BackupWeekly', 'Default']);
  });

  it('shape RSV schedules and retention as the REST model does, with varied retention and time zones', () => {
    const rsvPolicies = rowsOfType(estate, T.rsvPolicy);
    const durationTypes = new Set(['Days', 'Weeks', 'Months', 'Years']);
    const retentionKinds = new Set<string>();
    const zones = new Set<string>();
    for (const policy of rsvPolicies) {
      const p = props(policy);
      const subs = (p.subProtectionPolicy as Record<string, unknown>[] | undefined) ?? [];
      const parts = subs.length > 0 ? subs : [p];
      for (const part of parts) {
        const schedule = part.schedulePolicy as Record<string, unknown>;
        expect(['SimpleSchedulePolicy', 'SimpleSchedulePolicyV2', 'LogSchedulePolicy']).toContain(
          schedule.schedulePolicyType,
        );
        const retention = (part.retentionPolicy ??
          (part.vaultRetentionPolicy as Record<string, unknown> | undefined)?.vaultRetention) as Record<
          string,
          unknown
        >;
        expect(['LongTermRetentionPolicy', 'SimpleRetentionPolicy']).toContain(retention.retentionPolicyType);
        for (const key of ['dailySchedule', 'weeklySchedule', 'monthlySchedule', 'yearlySchedule']) {
          const tier = retention[key] as { retentionDuration: { count: number; durationType: string } } | undefined;
          if (!tier) continue;
          retentionKinds.add(key);
          expect(tier.retentionDuration.count).toBeGreaterThan(0);
          expect(durationTypes.has(tier.retentionDuration.durationType)).toBe(true);
        }
        const archived = (part.tieringPolicy as Record<string, { tieringMode: string }> | undefined)?.ArchivedRP;
        if (archived) expect(['TierRecommended', 'TierAfter']).toContain(archived.tieringMode);
      }
      zones.add(String(p.timeZone ?? (p.settings as Record<string, unknown>).timeZone));
    }
    expect([...retentionKinds].sort()).toEqual([
      'dailySchedule',
      'monthlySchedule',
      'weeklySchedule',
      'yearlySchedule',
    ]);
    expect(zones.size).toBeGreaterThan(2);
    expect(rsvPolicies.some((r) => props(r).vaultRetentionPolicy !== undefined)).toBe(true);
    const parts = rsvPolicies.flatMap((r) => [
      props(r),
      ...((props(r).subProtectionPolicy as Record<string, unknown>[] | undefined) ?? []),
    ]);
    expect(parts.some((part) => part.tieringPolicy !== undefined)).toBe(true);
  });

  it('move Backup vault points to the archive tier as a copy on expiry, kept there by an ArchiveStore lifecycle', () => {
    const archived = bvPolicies.filter((policy) =>
      JSON.stringify(props(policy).policyRules).includes('"dataStoreType":"ArchiveStore"'),
    );
    expect(archived.length).toBeGreaterThan(0);
    for (const policy of archived) {
      const lifecycles = (props(policy).policyRules as Array<{ lifecycles?: Array<Record<string, unknown>> }>).flatMap(
        (r) => r.lifecycles ?? [],
      );
      const copy = lifecycles.flatMap((l) => l.targetDataStoreCopySettings as Array<Record<string, unknown>>);
      expect(copy).toContainEqual({
        copyAfter: { objectType: 'CopyOnExpiryOption' },
        dataStore: { dataStoreType: 'ArchiveStore', objectType: 'DataStoreInfoBase' },
      });
      expect(
        lifecycles.some((l) => (l.sourceDataStore as { dataStoreType: string }).dataStoreType === 'ArchiveStore'),
      ).toBe(true);
    }
  });

  it('count RSV protected items per policy', () => {
    const total = rowsOfType(estate, T.rsvPolicy).reduce((n, p) => n + Number(props(p).protectedItemsCount), 0);
    expect(total).toBe(items.length);
  });
});
