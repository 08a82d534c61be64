// Maps vault rows (vaults.kql) to VaultHealth: one vocabulary for the RSV and Backup vault settings.
import type {
  ImmutabilityState,
  OnOff,
  Redundancy,
  SecurityLevel,
  SoftDeleteState,
  VaultHealth,
} from '../../core/domain/vaults';
import { computeSecurityLevel } from '../../core/domain/vaults';
import type { ArgRow } from '../arg-types';
import { dyn, num, prop, str } from '../row-values';

/** RSV Enabled|AlwaysON|Disabled and BV On|AlwaysOn|Off. AlwaysON is ON: the classic mistake `!~ 'Enabled'` says off. */
export function toSoftDelete(raw: string | undefined): SoftDeleteState {
  switch ((raw ?? '').toLowerCase()) {
    case 'enabled':
    case 'on':
      return 'on';
    case 'alwayson':
      return 'always-on';
    case 'disabled':
    case 'off':
      return 'off';
    default:
      return 'unknown';
  }
}

export function toImmutability(raw: string | undefined): ImmutabilityState {
  const v = (raw ?? '').toLowerCase();
  return v === 'locked' ? 'locked' : v === 'unlocked' ? 'unlocked' : v === 'disabled' ? 'disabled' : 'unknown';
}

/** Enabled/Disabled strings and true/false (BV isVaultProtectedByResourceGuard). */
export function toOnOff(raw: string | undefined): OnOff {
  const v = (raw ?? '').toLowerCase();
  if (v === 'enabled' || v === 'true' || v === 'on') return 'on';
  if (v === 'disabled' || v === 'false' || v === 'off' || v === 'permanentlydisabled') return 'off';
  return 'unknown';
}

export function toRedundancy(raw: string | undefined): Redundancy {
  const v = (raw ?? '').toLowerCase();
  if (v === 'locallyredundant') return 'LocallyRedundant';
  if (v === 'zoneredundant') return 'ZoneRedundant';
  if (v === 'georedundant') return 'GeoRedundant';
  return 'unknown';
}

/** BV storageSettings[]: the VaultStore entry decides backup redundancy (an OperationalStore entry may come first). */
export function vaultStoreRedundancy(storageSettings: unknown): Redundancy {
  const list = Array.isArray(storageSettings) ? storageSettings : [];
  const vaultStore = list.find((s) => String(prop(s, 'datastoreType') ?? '').toLowerCase() === 'vaultstore');
  const type = prop(vaultStore, 'type');
  return toRedundancy(typeof type === 'string' ? type : undefined);
}

/** bcdrSecurityLevel Poor|Fair|Good|Excellent, else secureScore None|Minimum|Adequate|Maximum (ABCC's mapping). */
export function toReportedLevel(
  bcdr: string | undefined,
  score: string | undefined,
): VaultHealth['reportedSecurityLevel'] {
  const byBcdr: Record<string, SecurityLevel | 'NotSupported'> = {
    poor: 'Poor',
    fair: 'Fair',
    good: 'Good',
    excellent: 'Excellent',
    notsupported: 'NotSupported',
  };
  const byScore: Record<string, SecurityLevel | 'NotSupported'> = {
    none: 'Poor',
    minimum: 'Fair',
    adequate: 'Good',
    maximum: 'Excellent',
    notsupported: 'NotSupported',
  };
  return byBcdr[(bcdr ?? '').toLowerCase()] ?? byScore[(score ?? '').toLowerCase()];
}

export function toVaultHealth(row: ArgRow): VaultHealth | undefined {
  const id = str(row, 'id');
  if (!id) return undefined;
  const isRSV = (str(row, 'type') ?? id).toLowerCase().includes('microsoft.recoveryservices/vaults');
  const softDelete = toSoftDelete(str(row, 'softDelete'));
  const immutability = toImmutability(str(row, 'immutability'));
  const mua = toOnOff(str(row, 'mua'));
  const cmkState = (str(row, 'cmkState') ?? '').toLowerCase();
  const vault: VaultHealth = {
    id,
    name: str(row, 'name') ?? id.split('/').pop() ?? id,
    kind: isRSV ? 'rsv' : 'bv',
    subscriptionId: str(row, 'subscriptionId') ?? '',
    resourceGroup: str(row, 'resourceGroup') ?? '',
    location: str(row, 'location') ?? '',
    securityLevel: computeSecurityLevel({ softDelete, immutability, mua }),
    softDelete,
    immutability,
    mua,
    redundancy: isRSV ? toRedundancy(str(row, 'rsvRedundancy')) : vaultStoreRedundancy(dyn(row, 'storageSettings')),
    crossRegionRestore: toOnOff(str(row, 'crr')),
    publicNetworkAccess: isRSV ? toNetwork(str(row, 'publicNetworkAccess')) : 'n/a',
    customerManagedKey:
      str(row, 'cmkKeyUri') || cmkState === 'enabled' ? 'on' : cmkState === 'disabled' ? 'off' : 'unknown',
    jobFailureAlerts: toOnOff(str(row, 'jobFailureAlerts')),
    classicAlerts: isRSV ? toOnOff(str(row, 'classicAlerts')) : 'n/a',
    protectedItems: num(row, 'protectedItems') ?? 0,
    failedJobs: num(row, 'failedJobs') ?? 0,
  };
  const tenantId = str(row, 'tenantId');
  if (tenantId) vault.tenantId = tenantId;
  const days = num(row, 'softDeleteDays');
  if (days !== undefined) vault.softDeleteRetentionDays = days;
  const reported = toReportedLevel(str(row, 'bcdrLevel'), str(row, 'secureScore'));
  if (reported) vault.reportedSecurityLevel = reported;
  return vault;
}

function toNetwork(raw: string | undefined): VaultHealth['publicNetworkAccess'] {
  const v = (raw ?? '').toLowerCase();
  return v === 'enabled' ? 'enabled' : v === 'disabled' ? 'disabled' : 'unknown';
}
