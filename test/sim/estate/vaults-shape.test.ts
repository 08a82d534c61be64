// Vault posture rows (docs/azure-facts.md §1.7), subscriptions / resource groups, and datasource rows of the small
// estate.
import { type Row, ARG_TYPES as T } from '../../../src/sim/estate';
import { props, rowsOfType, smallEstate } from './estate-helpers';

const estate = smallEstate();
const rsv = rowsOfType(estate, T.rsvVault);
const bv = rowsOfType(estate, T.bvVault);
// biome-ignore lint/suspicious/noExplicitAny: assertions walk deep into vault JSON; a full vault type would only restate it.
type Json = Record<string, any>;

/** The ABCC definition, written independently of the generator. */
function expectedLevel(softOn: boolean, softIrreversible: boolean, immutability: string, mua: boolean): string {
  if ((immutability === 'Locked' || softIrreversible) && mua) return 'Maximum';
  if (immutability === 'Locked' || softOn) return 'Adequate';
  return mua ? 'Minimum' : 'None';
}
const BCDR: Record<string, string> = { Maximum: 'Excellent', Adequate: 'Good', Minimum: 'Fair', None: 'Poor' };

describe('Recovery Services vaults', () => {
  it('use the RSV soft-delete vocabulary, and some older vaults have no securitySettings at all', () => {
    const states = rsv.map((v) => (props(v).securitySettings as Json | undefined)?.softDeleteSettings?.softDeleteState);
    expect(states).toContain(undefined);
    const present = states.filter((s) => s !== undefined);
    expect(present.length).toBeGreaterThan(1);
    for (const s of present) expect(['Enabled', 'Disabled', 'AlwaysON']).toContain(s);
  });

  it('have a secureScore / bcdrSecurityLevel consistent with the ABCC definitions', () => {
    for (const vault of rsv) {
      const p = props(vault) as Json;
      if (!p.securitySettings) {
        expect(p.secureScore).toBeUndefined();
        continue;
      }
      const soft = p.securitySettings.softDeleteSettings.softDeleteState;
      const level = expectedLevel(
        soft !== 'Disabled',
        soft === 'AlwaysON',
        p.securitySettings.immutabilitySettings.state,
        p.securitySettings.multiUserAuthorization === 'Enabled',
      );
      expect(p.secureScore).toBe(level);
      expect(p.bcdrSecurityLevel).toBe(BCDR[level]);
    }
  });

  it('vary redundancy, CRR, public network access and job-failure alerts', () => {
    for (const vault of rsv) {
      const p = props(vault) as Json;
      expect(['LocallyRedundant', 'GeoRedundant', 'ZoneRedundant']).toContain(
        p.redundancySettings.standardTierStorageRedundancy,
      );
      if (p.redundancySettings.crossRegionRestore === 'Enabled')
        expect(p.redundancySettings.standardTierStorageRedundancy).toBe('GeoRedundant');
      expect(['Enabled', 'Disabled']).toContain(p.publicNetworkAccess);
    }
    const alerts = rsv.map(
      (v) => (props(v) as Json).monitoringSettings?.azureMonitorAlertSettings?.alertsForAllJobFailures,
    );
    expect(alerts).toContain('Enabled');
    expect(alerts).toContain('Disabled');
  });
});

describe('Backup vaults', () => {
  it('use the BV vocabulary (On/Off/AlwaysOn, storageSettings, resource guard) and no publicNetworkAccess', () => {
    for (const vault of bv) {
      const p = props(vault) as Json;
      expect(['On', 'Off', 'AlwaysOn']).toContain(p.securitySettings.softDeleteSettings.state);
      expect(p.storageSettings[0].datastoreType).toBe('VaultStore');
      expect(typeof p.isVaultProtectedByResourceGuard).toBe('boolean');
      expect(p.publicNetworkAccess).toBeUndefined();
      const s = p.securitySettings;
      const level = expectedLevel(
        s.softDeleteSettings.state !== 'Off',
        s.softDeleteSettings.state === 'AlwaysOn',
        s.immutabilitySettings?.state ?? 'Disabled',
        p.isVaultProtectedByResourceGuard,
      );
      expect(p.secureScore).toBe(level);
    }
  });

  it('together with RSVs cover every immutability state and several security levels', () => {
    const immutability = new Set(
      [...rsv, ...bv].map((v) => (props(v) as Json).securitySettings?.immutabilitySettings?.state),
    );
    for (const s of ['Disabled', 'Unlocked', 'Locked']) expect(immutability.has(s)).toBe(true);
    const levels = new Set([...rsv, ...bv].map((v) => (props(v) as Json).secureScore).filter(Boolean));
    expect(levels.size).toBeGreaterThanOrEqual(3);
  });
});

describe('containers and datasources', () => {
  it('have subscriptions with displayName, state and a management-group chain, and resource groups', () => {
    for (const sub of rowsOfType(estate, T.subscription)) {
      const p = props(sub) as Json;
      expect(p.displayName).toBe(sub.name);
      expect(p.state).toBe('Enabled');
      expect(p.managementGroupAncestorsChain.at(-1).name).toBe(sub.tenantId);
      expect(sub.id).toBe(`/subscriptions/${sub.subscriptionId}`);
    }
    expect(rowsOfType(estate, T.resourceGroup).length).toBeGreaterThan(3);
  });

  it('tag most VMs with env / owner / costCenter and attach some disks to VMs', () => {
    const vms = rowsOfType(estate, T.vm);
    const tagged = vms.filter((v) => (v.tags as Json).env && (v.tags as Json).owner && (v.tags as Json).costCenter);
    expect(tagged.length / vms.length).toBeGreaterThan(0.7);
    expect(new Set(vms.map((v) => v.location)).size).toBeGreaterThan(1);
    const vmIds = new Set(vms.map((v) => String(v.id)));
    const disks = rowsOfType(estate, T.disk);
    expect(disks.some((d: Row) => vmIds.has(String(d.managedBy)))).toBe(true);
    expect(disks.some((d: Row) => d.managedBy === '')).toBe(true);
  });
});
