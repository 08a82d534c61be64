// The `summary` answer: jobs by status in the window, instances by state and health, vaults by security level.
import type { AlertCounts } from './alerts';
import type { InstanceCounts } from './instances';
import type { JobSummary } from './jobs';
import type { SecurityLevel } from './vaults';

export interface BackupSummary {
  jobs: JobSummary;
  instances: InstanceCounts;
  vaults: { total: number; bySecurityLevel: Record<SecurityLevel, number> };
  /** Active Azure Monitor alerts for backup (absent from data layers that do not read them). */
  alerts?: AlertCounts;
}
