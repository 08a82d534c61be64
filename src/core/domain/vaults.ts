// Vault health for both vault kinds in one vocabulary, and the ABCC security level computed from it.
import type { VaultKind } from './workload';

export type OnOff = 'on' | 'off' | 'unknown';
/** Soft delete: RSV Enabled|AlwaysON|Disabled and BV On|AlwaysOn|Off. AlwaysOn is on (and irreversible). */
export type SoftDeleteState = 'on' | 'always-on' | 'off' | 'unknown';
export type ImmutabilityState = 'locked' | 'unlocked' | 'disabled' | 'unknown';
export type Redundancy = 'LocallyRedundant' | 'ZoneRedundant' | 'GeoRedundant' | 'unknown';
/** ABCC levels: Excellent = Maximum, Good = Adequate, Fair = Minimum, Poor = None. */
export type SecurityLevel = 'Excellent' | 'Good' | 'Fair' | 'Poor';

export interface VaultHealth {
  id: string;
  tenantId?: string;
  name: string;
  kind: VaultKind;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  /** Computed from the settings below per the ABCC definitions. */
  securityLevel: SecurityLevel;
  /** What Azure itself reports (bcdrSecurityLevel / secureScore), when present. */
  reportedSecurityLevel?: SecurityLevel | 'NotSupported';
  softDelete: SoftDeleteState;
  softDeleteRetentionDays?: number;
  immutability: ImmutabilityState;
  /** Multi-user authorization: RSV multiUserAuthorization, BV isVaultProtectedByResourceGuard. */
  mua: OnOff;
  /** Backup vault: the VaultStore entry of storageSettings (not the first entry). */
  redundancy: Redundancy;
  crossRegionRestore: OnOff;
  /** RSV only; Backup vaults have no such setting. */
  publicNetworkAccess: 'enabled' | 'disabled' | 'n/a' | 'unknown';
  customerManagedKey: OnOff;
  jobFailureAlerts: OnOff;
  /**
   * Classic backup alerts (retired 31 March 2026; RSV monitoringSettings.classicAlertSettings.alertsForCriticalOperations,
   * on when monitoringSettings is missing, as Microsoft's APRL query reads it). Backup vaults never had them.
   */
  classicAlerts?: OnOff | 'n/a';
  /** Items/instances that still protect something (not stopped, not soft-deleted). */
  protectedItems: number;
  /** Failed jobs in the window. */
  failedJobs: number;
}

/**
 * ABCC: Excellent = (immutability Locked or soft delete AlwaysOn) and MUA; Good = immutability Locked or soft delete
 * on; Fair = MUA only; Poor = none. Unknown settings count as off (a vault is never rated better than we can show).
 */
export function computeSecurityLevel(v: Pick<VaultHealth, 'softDelete' | 'immutability' | 'mua'>): SecurityLevel {
  const irreversible = v.immutability === 'locked' || v.softDelete === 'always-on';
  const protectsData = v.immutability === 'locked' || v.softDelete === 'on' || v.softDelete === 'always-on';
  const mua = v.mua === 'on';
  if (irreversible && mua) return 'Excellent';
  if (protectsData) return 'Good';
  if (mua) return 'Fair';
  return 'Poor';
}

export const SECURITY_LEVELS: readonly SecurityLevel[] = ['Excellent', 'Good', 'Fair', 'Poor'];

/** `vault <name>`: one vault, several of that name (different groups or subscriptions), or none. */
export type VaultLookup =
  | { kind: 'found'; vault: VaultHealth }
  | { kind: 'ambiguous'; candidates: VaultHealth[] }
  | { kind: 'not-found'; query: string };

export interface VaultList {
  vaults: VaultHealth[];
  bySecurityLevel: Record<SecurityLevel, number>;
}
