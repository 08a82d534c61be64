// The Backups_Trigger request body per Recovery Services workload (docs/azure-facts.md §4.1): VM, SQL / SAP HANA in a VM
// (a workload request with a backup type) and Azure file shares, each with the expiry Azure will honour.
import type { BackupRequestResource } from '@azure/arm-recoveryservicesbackup';
import type { RetryTarget } from '../../core/domain/instances';
import { ON_DEMAND_FULL_MIN_DAYS, type WorkloadOrOther } from '../../core/domain/workload';
import { BackupActionError } from '../../core/retry/action-error';
import type { TriggerRequestInfo } from '../../core/retry/ports';
import { isSnapshotInstance, SNAPSHOT_INSTANCE_MESSAGE } from '../instances/retry-rules';

type RsvTarget = Extract<RetryTarget, { kind: 'rsv' }>;
type RsvWorkload = 'vm' | 'sql' | 'hana' | 'files';

export const DEFAULT_RSV_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * SQL and HANA run a Full backup, not CopyOnlyFull: a retry usually follows a failed scheduled backup, and later
 * differential and log backups need a real full as their base (UserErrorParentFullBackupMissing otherwise), which a
 * copy-only full does not provide.
 */
export const WORKLOAD_BACKUP_TYPE = 'Full';

/**
 * An on-demand Full of a SQL or HANA database is kept at least 45 days and at most 99 years
 * (ON_DEMAND_FULL_MIN_DAYS; tutorial-sap-hana-backup-cli.md says the same for HANA), and the Azure CLI's backup-now
 * sends 45 days for a Full when no retain-until is given (custom_wl.py). Only CopyOnlyFull "accepts any value". So a
 * shorter RETRY_RETENTION_DAYS is raised to 45 for these, and the card says why. (Older CLI help said the policy
 * decides a Full's retention whatever is sent: which of the two Azure does today is unverified; the card promises
 * "at least 45 days" either way.)
 */
export const WORKLOAD_FULL_MIN_DAYS = ON_DEMAND_FULL_MIN_DAYS;
const WORKLOAD_FULL_RULE = "Azure's minimum for an on-demand full backup of a database";

/** The item's workload as the domain says, else read from Azure's names (`VM;…`, `SQLDataBase;…`, `AzureFileShare;…`). */
export function rsvWorkloadOf(target: RsvTarget, workload?: WorkloadOrOther): RsvWorkload | undefined {
  if (workload === 'vm' || workload === 'sql' || workload === 'hana' || workload === 'files') return workload;
  const item = target.protectedItemName.toLowerCase();
  const container = target.containerName.toLowerCase();
  if (item.startsWith('vm;') || container.startsWith('iaasvmcontainer')) return 'vm';
  if (item.startsWith('sqldatabase;') || item.startsWith('sqlinstance;')) return 'sql';
  if (item.startsWith('saphana')) return 'hana';
  if (item.startsWith('azurefileshare;') || container.startsWith('storagecontainer;')) return 'files';
  return undefined;
}

export function buildRsvRequest(
  target: RsvTarget,
  options: { workload?: WorkloadOrOther; now: Date; retentionDays: number },
): { body: BackupRequestResource; info: TriggerRequestInfo } {
  const workload = rsvWorkloadOf(target, options.workload);
  const days =
    workload === 'sql' || workload === 'hana'
      ? Math.max(options.retentionDays, WORKLOAD_FULL_MIN_DAYS)
      : options.retentionDays;
  const expiry = new Date(options.now.getTime() + days * DAY_MS);
  const expiresAt = expiry.toISOString();
  switch (workload) {
    case 'vm':
      return {
        body: { properties: { objectType: 'IaasVMBackupRequest', recoveryPointExpiryTimeInUTC: expiry } },
        info: { objectType: 'IaasVMBackupRequest', expiresAt },
      };
    case 'sql':
    case 'hana':
      // A stale card could still ask: refuse here too rather than send a streaming Full to a snapshot item.
      if (isSnapshotInstance(target.protectedItemName)) {
        throw new BackupActionError({
          kind: 'rejected',
          accepted: false,
          message: SNAPSHOT_INSTANCE_MESSAGE,
          hint: 'Start it from the Azure portal.',
        });
      }
      return {
        body: {
          properties: {
            objectType: 'AzureWorkloadBackupRequest',
            backupType: WORKLOAD_BACKUP_TYPE,
            recoveryPointExpiryTimeInUTC: expiry,
          },
        },
        info: {
          objectType: 'AzureWorkloadBackupRequest',
          backupType: WORKLOAD_BACKUP_TYPE,
          expiresAt,
          ...(days > options.retentionDays ? { keptBecause: WORKLOAD_FULL_RULE } : {}),
        },
      };
    case 'files':
      return {
        body: { properties: { objectType: 'AzureFileShareBackupRequest', recoveryPointExpiryTimeInUTC: expiry } },
        info: { objectType: 'AzureFileShareBackupRequest', expiresAt },
      };
    default:
      throw new BackupActionError({
        kind: 'rejected',
        accepted: false,
        message: `The bot cannot tell what kind of Recovery Services item ${target.protectedItemName} is, so it cannot start its backup.`,
        hint: 'Start it from the Azure portal (vault > Backup items > Backup now).',
      });
  }
}
