// Vault rows → VaultHealth: both vocabularies, AlwaysON counted as on, BV redundancy from the VaultStore entry.
import { toSoftDelete, toVaultHealth, vaultStoreRedundancy } from '../../../src/azure/vaults/vault-rows';
import { toVaultList } from '../../../src/azure/vaults/vaults';

const RSV = '/subscriptions/s1/resourceGroups/rg-v/providers/Microsoft.RecoveryServices/vaults/rsv-locked';
const BV = '/subscriptions/s1/resourceGroups/rg-v/providers/Microsoft.DataProtection/backupVaults/bv-1';

describe('toVaultHealth', () => {
  it('an RSV with AlwaysON soft delete and MUA is Excellent, and soft delete reads as on', () => {
    const v = toVaultHealth({
      id: RSV,
      tenantId: 't1',
      name: 'rsv-locked',
      type: 'microsoft.recoveryservices/vaults',
      subscriptionId: 's1',
      resourceGroup: 'rg-v',
      location: 'westeurope',
      softDelete: 'AlwaysON',
      softDeleteDays: '14',
      immutability: 'Unlocked',
      mua: 'Enabled',
      rsvRedundancy: 'GeoRedundant',
      crr: 'Enabled',
      publicNetworkAccess: 'Disabled',
      cmkKeyUri: 'https://kv.vault.azure.net/keys/k/1',
      jobFailureAlerts: 'Enabled',
      classicAlerts: 'Disabled',
      bcdrLevel: 'Excellent',
      protectedItems: 12,
      failedJobs: 3,
    });
    expect(v).toEqual({
      id: RSV,
      tenantId: 't1',
      name: 'rsv-locked',
      kind: 'rsv',
      subscriptionId: 's1',
      resourceGroup: 'rg-v',
      location: 'westeurope',
      securityLevel: 'Excellent',
      reportedSecurityLevel: 'Excellent',
      softDelete: 'always-on',
      softDeleteRetentionDays: 14,
      immutability: 'unlocked',
      mua: 'on',
      redundancy: 'GeoRedundant',
      crossRegionRestore: 'on',
      publicNetworkAccess: 'disabled',
      customerManagedKey: 'on',
      jobFailureAlerts: 'on',
      classicAlerts: 'off',
      protectedItems: 12,
      failedJobs: 3,
    });
  });

  it('a BV takes redundancy from its VaultStore entry, has no public network setting, reads On/false', () => {
    const v = toVaultHealth({
      id: BV,
      name: 'bv-1',
      type: 'microsoft.dataprotection/backupvaults',
      softDelete: 'On',
      mua: 'false',
      immutability: 'Disabled',
      storageSettings: [
        { datastoreType: 'OperationalStore', type: 'LocallyRedundant' },
        { datastoreType: 'VaultStore', type: 'ZoneRedundant' },
      ],
      crr: 'Disabled',
      cmkState: 'Disabled',
      publicNetworkAccess: 'Enabled',
      secureScore: 'Adequate',
    });
    expect(v).toMatchObject({
      kind: 'bv',
      softDelete: 'on',
      mua: 'off',
      redundancy: 'ZoneRedundant',
      publicNetworkAccess: 'n/a',
      customerManagedKey: 'off',
      securityLevel: 'Good',
      reportedSecurityLevel: 'Good',
      jobFailureAlerts: 'unknown',
      protectedItems: 0,
      failedJobs: 0,
    });
  });

  it('an old RSV without securitySettings is Poor with unknowns, never "disabled"', () => {
    const v = toVaultHealth({ id: RSV, type: 'microsoft.recoveryservices/vaults' });
    expect(v).toMatchObject({
      softDelete: 'unknown',
      immutability: 'unknown',
      mua: 'unknown',
      securityLevel: 'Poor',
      redundancy: 'unknown',
    });
    expect(v?.reportedSecurityLevel).toBeUndefined();
  });

  it.each([
    [{ softDelete: 'Disabled', immutability: 'Locked', mua: 'Disabled' }, 'Good'],
    [{ softDelete: 'Enabled', immutability: 'Disabled', mua: 'Enabled' }, 'Good'],
    [{ softDelete: 'Disabled', immutability: 'Locked', mua: 'Enabled' }, 'Excellent'],
    [{ softDelete: 'Disabled', immutability: 'Disabled', mua: 'Enabled' }, 'Fair'],
    [{ softDelete: 'Disabled', immutability: 'Unlocked', mua: 'Disabled' }, 'Poor'],
  ])('security level of %j is %s', (settings, level) => {
    expect(toVaultHealth({ id: RSV, type: 'microsoft.recoveryservices/vaults', ...settings })?.securityLevel).toBe(
      level,
    );
  });
});

describe('helpers', () => {
  it.each([
    ['Enabled', 'on'],
    ['AlwaysON', 'always-on'],
    ['AlwaysOn', 'always-on'],
    ['On', 'on'],
    ['Off', 'off'],
    ['Disabled', 'off'],
    ['Invalid', 'unknown'],
    [undefined, 'unknown'],
  ])('soft delete %s → %s', (raw, state) => expect(toSoftDelete(raw)).toBe(state));

  it('no VaultStore entry means unknown redundancy, not the first entry', () => {
    expect(vaultStoreRedundancy([{ datastoreType: 'OperationalStore', type: 'GeoRedundant' }])).toBe('unknown');
  });

  it('counts vaults by security level', () => {
    const vaults = [
      toVaultHealth({ id: RSV, softDelete: 'AlwaysON', mua: 'Enabled' }),
      toVaultHealth({ id: BV, softDelete: 'On' }),
      toVaultHealth({ id: BV }),
    ].filter((v) => v !== undefined);
    expect(toVaultList(vaults).bySecurityLevel).toEqual({ Excellent: 1, Good: 1, Fair: 0, Poor: 1 });
  });
});
