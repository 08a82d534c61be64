// References from one backup object to another: the vault that holds it and the datasource it protects.
import type { VaultKind } from './workload';

export interface VaultRef {
  /** ARM id as Azure spells it (casing is not normalised by Azure; compare case-insensitively). */
  id: string;
  name: string;
  kind: VaultKind;
  subscriptionId: string;
  resourceGroup: string;
}

/** A vault with its region, for lists filtered by the vault's location (policies, alerts). */
export interface LocatedVaultRef extends VaultRef {
  location: string;
}

/** The protected resource. Every field but `name` can be unknown (ARG rows are not uniform across workloads). */
export interface DatasourceRef {
  id?: string;
  name: string;
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  /** ARM resource type or Azure's datasource type string, as given. */
  type?: string;
}
