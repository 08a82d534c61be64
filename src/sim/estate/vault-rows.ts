// Recovery Services and Backup vault rows (Resources table) with varied security posture (docs/azure-facts.md §1.7):
// each kind's own soft-delete vocabulary, immutability, MUA, redundancy, CRR, CMK, job-failure alerts, and a
// secureScore / bcdrSecurityLevel that follows the ABCC security-level definitions. Some older RSVs have no
// securitySettings at all (whether ARG always carries them is unverified), so consumers must tolerate absence.
import { T } from './arm';
import type { VaultRec } from './context';
import type { Rng } from './prng';
import { makeTags } from './tags';
import type { Row } from './types';

type Immutability = 'Disabled' | 'Unlocked' | 'Locked';

interface Posture {
  /** undefined = a legacy vault without securitySettings / monitoringSettings / secureScore. */
  softDelete?: 'off' | 'on' | 'always';
  immutability?: Immutability;
  mua: boolean;
}

// Order matters: vault n of a kind gets posture n while n < length, so even the small estate shows every posture.
const RSV_POSTURES: readonly (readonly [Posture, number])[] = [
  [{ mua: false }, 12],
  [{ softDelete: 'always', immutability: 'Disabled', mua: true }, 8],
  [{ softDelete: 'off', immutability: 'Disabled', mua: false }, 10],
  [{ softDelete: 'on', immutability: 'Unlocked', mua: false }, 10],
  [{ softDelete: 'on', immutability: 'Locked', mua: true }, 5],
  [{ softDelete: 'off', immutability: 'Disabled', mua: true }, 5],
  [{ softDelete: 'on', immutability: 'Disabled', mua: false }, 45],
  [{ softDelete: 'off', immutability: 'Locked', mua: false }, 5],
];

const BV_POSTURES: readonly (readonly [Posture, number])[] = [
  [{ softDelete: 'on', immutability: 'Locked', mua: true }, 6],
  [{ softDelete: 'off', immutability: 'Disabled', mua: false }, 10],
  [{ softDelete: 'on', immutability: 'Disabled', mua: false }, 45],
  [{ softDelete: 'always', immutability: 'Unlocked', mua: false }, 10],
  [{ softDelete: 'always', immutability: 'Disabled', mua: true }, 6],
  [{ softDelete: 'off', immutability: 'Disabled', mua: true }, 5],
  [{ softDelete: 'on', mua: false }, 12],
];

/**
 * ABCC levels: Maximum = (immutability Locked or soft delete AlwaysOn) plus MUA; Adequate = immutability Locked or
 * soft delete on; Minimum = MUA only; None otherwise. Scores map Maximum/Adequate/Minimum/None →
 * Excellent/Good/Fair/Poor.
 */
export function securityLevel(p: Posture): readonly [string, string] {
  const irreversible = p.immutability === 'Locked' || p.softDelete === 'always';
  if (irreversible && p.mua) return ['Maximum', 'Excellent'];
  if (p.immutability === 'Locked' || p.softDelete === 'on' || p.softDelete === 'always') return ['Adequate', 'Good'];
  if (p.mua) return ['Minimum', 'Fair'];
  return ['None', 'Poor'];
}

function pickPosture(rng: Rng, list: readonly (readonly [Posture, number])[], n: number): Posture {
  return (list[n] ?? [rng.weighted(list)])[0];
}

function redundancy(rng: Rng): 'LocallyRedundant' | 'GeoRedundant' | 'ZoneRedundant' {
  return rng.weighted([
    ['GeoRedundant', 5],
    ['LocallyRedundant', 3],
    ['ZoneRedundant', 2],
  ] as const);
}

function keyUri(rng: Rng, vault: VaultRec): string {
  return `https://kv-${vault.name.slice(0, 12)}.vault.azure.net/keys/backup-cmk/${rng.hex(32)}`;
}

function base(vault: VaultRec, type: string, rng: Rng): Row {
  return {
    id: vault.id,
    name: vault.name,
    type,
    tenantId: vault.sub.tenantId,
    kind: '',
    location: vault.location,
    resourceGroup: vault.rgName.toLowerCase(),
    subscriptionId: vault.sub.id,
    tags: makeTags(rng, 'backup', rng.pick(['prod', 'prod', 'dev'])),
  };
}

/**
 * `n` = the vault's index among vaults of its kind; the 4th RSV has job-failure alerts off so small estates show it.
 */
export function buildRsvVaultRow(vault: VaultRec, rng: Rng, n: number): Row {
  const p = pickPosture(rng, RSV_POSTURES, n);
  const storage = redundancy(rng);
  const cmk = rng.chance(0.15);
  vault.alertsOnFailure = n === 3 ? false : p.softDelete === undefined || rng.chance(0.85);
  const properties: Record<string, unknown> = {
    provisioningState: 'Succeeded',
    privateEndpointStateForBackup: 'None',
    privateEndpointStateForSiteRecovery: 'None',
    publicNetworkAccess: rng.chance(0.2) ? 'Disabled' : 'Enabled',
    redundancySettings: {
      standardTierStorageRedundancy: storage,
      crossRegionRestore: storage === 'GeoRedundant' && rng.chance(0.4) ? 'Enabled' : 'Disabled',
    },
  };
  if (properties.publicNetworkAccess === 'Disabled') properties.privateEndpointStateForBackup = 'Enabled';
  if (p.softDelete !== undefined) {
    const state = p.softDelete === 'off' ? 'Disabled' : p.softDelete === 'always' ? 'AlwaysON' : 'Enabled';
    properties.securitySettings = {
      softDeleteSettings: {
        softDeleteState: state,
        softDeleteRetentionPeriodInDays: 14,
        enhancedSecurityState: p.softDelete === 'off' ? 'Disabled' : 'Enabled',
      },
      immutabilitySettings: { state: p.immutability ?? 'Disabled' },
      multiUserAuthorization: p.mua ? 'Enabled' : 'Disabled',
    };
    properties.monitoringSettings = {
      azureMonitorAlertSettings: { alertsForAllJobFailures: vault.alertsOnFailure ? 'Enabled' : 'Disabled' },
      // The 2nd RSV still has classic alerts on (retired 31 March 2026): the vaults view flags it.
      classicAlertSettings: { alertsForCriticalOperations: n === 1 ? 'Enabled' : 'Disabled' },
    };
    const [score, level] = securityLevel(p);
    properties.secureScore = score;
    properties.bcdrSecurityLevel = level;
  }
  if (cmk) {
    properties.encryption = {
      keyVaultProperties: { keyUri: keyUri(rng, vault) },
      kekIdentity: { useSystemAssignedIdentity: true },
      infrastructureEncryption: 'Disabled',
    };
  }
  properties.restoreSettings = { crossSubscriptionRestoreSettings: { crossSubscriptionRestoreState: 'Enabled' } };
  properties.backupStorageVersion = 'V2';
  return { ...base(vault, T.rsvVault, rng), sku: { name: 'RS0', tier: 'Standard' }, properties };
}

export function buildBvVaultRow(vault: VaultRec, rng: Rng, n: number): Row {
  const p = pickPosture(rng, BV_POSTURES, n);
  const storage = redundancy(rng);
  vault.alertsOnFailure = rng.chance(0.85);
  const softState = p.softDelete === 'off' ? 'Off' : p.softDelete === 'always' ? 'AlwaysOn' : 'On';
  const securitySettings: Record<string, unknown> = {
    softDeleteSettings: { state: softState, retentionDurationInDays: 14 },
  };
  if (p.immutability !== undefined) {
    securitySettings.immutabilitySettings = { state: p.immutability };
    securitySettings.encryptionSettings = rng.chance(0.15)
      ? {
          state: 'Enabled',
          keyVaultProperties: { keyUri: keyUri(rng, vault) },
          kekIdentity: { identityType: 'SystemAssigned' },
          infrastructureEncryption: 'Disabled',
        }
      : { state: 'Disabled' };
  }
  const [score, level] = securityLevel(p);
  const properties = {
    provisioningState: 'Succeeded',
    resourceMoveState: 'Unknown',
    storageSettings: [{ datastoreType: 'VaultStore', type: storage }],
    securitySettings,
    featureSettings: {
      crossRegionRestoreSettings: { state: storage === 'GeoRedundant' && rng.chance(0.4) ? 'Enabled' : 'Disabled' },
      crossSubscriptionRestoreSettings: { state: 'Enabled' },
    },
    monitoringSettings: {
      azureMonitorAlertSettings: { alertsForAllJobFailures: vault.alertsOnFailure ? 'Enabled' : 'Disabled' },
    },
    isVaultProtectedByResourceGuard: p.mua,
    secureScore: score,
    bcdrSecurityLevel: level,
    replicatedRegions: [],
  };
  return {
    ...base(vault, T.bvVault, rng),
    identity: { type: 'SystemAssigned', principalId: rng.guid(), tenantId: vault.sub.tenantId },
    properties,
  };
}
