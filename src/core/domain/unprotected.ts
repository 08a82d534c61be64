// Datasources no backup protects (Backup Center's "Protectable resources"), per workload.
import type { Workload } from './workload';

export interface UnprotectedDatasource {
  id: string;
  tenantId?: string;
  name: string;
  workload: Workload;
  /** ARM resource type, lower-case as ARG stores it. */
  type: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tags: Record<string, string>;
  /** Why it counts as unprotected, for the user. */
  reason: string;
  /** Managed disks: the VM the disk is attached to (its VM backup may already cover it). */
  managedBy?: string;
}
