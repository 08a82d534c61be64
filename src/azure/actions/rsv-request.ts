// The Backups_Trigger request body per Recovery Services workload (docs/azure-facts.md §4.1): VM, SQL / SAP HANA in a
// VM (a workload request with a backup type) and Azure file shares, each with the recovery point's expiry.
import type { BackupRequestResource } from '@azure/arm-recoveryservicesbackup';
import type { RetryTarget } from '../../core/domain/instances';
import type { WorkloadOrOther } from '../../core/domain/workload';
import { BackupActionError } from '../../core/retry/action-error';
import type { TriggerRequestInfo } from '../../core/retry/ports';

type RsvTarget = Extract<RetryTarget, { kind: 'rsv' }>;
type RsvWorkload = 'vm' | 'sql' | 'hana' | 'files';

export const DEFAULT_RSV_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * SQL and HANA run a Full backup, not CopyOnlyFull: a retry usually follows a failed scheduled backup, and later
 * differential and log backups need a real full as their base (UserErrorParentFullBackupMissing otherwise), which a
 * copy-only full does not provide. A full also has its own expiry, so the configured retention applies as for VMs.
 */
export const WORKLOAD_BACKUP_TYPE = 'Full';

/**
 * The item's workload as the domain says, else read from Azure's names (`VM;…`, `SQLDataBase;…`, `AzureFileShare;…`).
 */
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
  const expiry = new Date(options.now.getTime() + options.retentionDays * DAY_MS);
  const expiresAt = expiry.toISOString();
  switch (workload) {
    case 'vm':
      return {
        body: { properties: { objectType: 'IaasVMBackupRequest', recoveryPointExpiryTimeInUTC: expiry } },
        info: { objectType: 'IaasVMBackupRequest', expiresAt },
      };
    case 'sql':
    case 'hana':
      return {
        body: {
          properties: {
            objectType: 'AzureWorkloadBackupRequest',
            backupType: WORKLOAD_BACKUP_TYPE,
            recoveryPointExpiryTimeInUTC: expiry,
          },
        },
        info: { objectType: 'AzureWorkloadBackupRequest', backupType: WORKLOAD_BACKUP_TYPE, expiresAt },
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
