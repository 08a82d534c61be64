// Builds ARG backup-job rows for both vault kinds from a protected item / backup instance row: used by the estate
// generator for 14 days of history and by the stand-in server for the jobs that a backup trigger creates.
import { idBefore, isoDuration, isoTime, lastSegment, segmentAfter, T } from './arm';
import { type BvJobErrorInput, findBackupErrorByNumber, type RsvJobErrorInput } from './error-catalog';
import type { Row } from './types';

export type RsvJobStatus = 'InProgress' | 'Completed' | 'Failed' | 'CompletedWithWarnings' | 'Cancelled';
/**
 * Backup vault jobs also show `Started` for running jobs in Microsoft's examples and queries (docs/azure-facts.md
 * §1.5).
 */
export type BvJobStatus = RsvJobStatus | 'Started';

interface JobTiming {
  /** The job's name (a GUID); the row id is `<vault id>/backupJobs/<jobId>`. */
  jobId: string;
  startTime: Date;
  /** Absent while the job runs. */
  endTime?: Date;
  /** For a running job: `duration` is the time elapsed until `now` (else PT0S). */
  now?: Date;
  isUserTriggered: boolean;
}

export interface RsvJobInput extends JobTiming {
  status: RsvJobStatus;
  error?: RsvJobErrorInput;
  /**
   * Default `Backup`; other JobOperationType values (`ConfigureBackup`, `Restore`, `DisableBackup`…) for non-backup
   * jobs.
   */
  operation?: string;
}

export interface BvJobInput extends JobTiming {
  status: BvJobStatus;
  error?: BvJobErrorInput;
  /** The policy's AzureBackupRule used (`BackupHourly`, `BackupDaily`, `BackupWeekly`, `Default`). */
  ruleName?: string;
  retentionTag?: string;
  /** Default `Backup`. */
  operationCategory?: 'Backup' | 'Restore' | 'Tiering' | 'Management';
}

type Props = Record<string, unknown>;

function propsOf(row: Row): Props {
  const p = row.properties;
  return p !== null && typeof p === 'object' ? (p as Props) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

const JOB_TYPE: Record<string, string> = {
  azureiaasvm: 'AzureIaaSVMJob',
  azureworkload: 'AzureWorkloadJob',
  azurestorage: 'AzureStorageJob',
};

// Rows share identical error arrays and extendedInfo objects (frozen): a million jobs cannot afford a copy each.
const shared = new Map<string, unknown>();
function intern<V>(key: string, make: () => V): V {
  const hit = shared.get(key);
  if (hit !== undefined) return hit as V;
  const value = make();
  if (shared.size < 5000) shared.set(key, value);
  return value;
}

function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function durationOf(job: JobTiming): string {
  const end = job.endTime ?? job.now;
  return end ? isoDuration(end.getTime() - job.startTime.getTime()) : 'PT0S';
}

/** The last `;` part of an item's protection container: the VM (SQL, HANA, VM) or storage account (Files). */
export function containerHost(item: Row): string {
  const container = segmentAfter(str(item.id), 'protectionContainers');
  return container.split(';').pop() ?? '';
}

/**
 * entityFriendlyName of an RSV job about `item`, as Microsoft's examples spell it: VM jobs the VM name, Files jobs the
 * share name (the item's friendlyName); SQL jobs "<db> [<vm>]" (the restore-SQL REST example: "msdb [sqlserver-0]").
 * HANA jobs are given the SQL format (unverified: no documented HANA job example).
 */
export function rsvJobEntityName(item: Row): string {
  const ip = propsOf(item);
  const name = str(ip.friendlyName);
  if (str(ip.backupManagementType).toLowerCase() !== 'azureworkload') return name;
  const host = containerHost(item) || str(ip.serverName);
  return host === '' ? name : `${name} [${host}]`;
}

/**
 * An RSV job row (`microsoft.recoveryservices/vaults/backupjobs`) for a protected item row.
 * `errorDetails[].errorCode` is the numeric code (docs/azure-facts.md §1.4). Whether ARG rows carry the readable code
 * is unverified; the stand-in puts it in `properties.extendedInfo.propertyBag.ErrorCode` (a real `Job` field), so
 * consumers should read it from there with a fallback to `errorDetails[0].errorString` / the numeric code.
 * Shape of the REST job models (AzureIaaSVMJob, AzureWorkloadJob, AzureStorageJob): no backupInstanceId, no
 * dataSourceId, no dataSourceLocation; the item is named only by entityFriendlyName (rsvJobEntityName).
 */
export function buildRsvJobRow(item: Row, job: RsvJobInput): Row {
  const ip = propsOf(item);
  const itemId = str(item.id);
  const mgmt = str(ip.backupManagementType);
  const jobType = JOB_TYPE[mgmt.toLowerCase()] ?? 'AzureIaaSVMJob';
  const properties: Props = {
    jobType,
    entityFriendlyName: rsvJobEntityName(item),
    backupManagementType: mgmt,
    operation: job.operation ?? 'Backup',
    status: job.status,
    startTime: isoTime(job.startTime.getTime()),
  };
  if (job.endTime) properties.endTime = isoTime(job.endTime.getTime());
  properties.duration = durationOf(job);
  properties.isUserTriggered = job.isUserTriggered;
  if (jobType === 'AzureIaaSVMJob') {
    properties.containerName = str(ip.containerName).replace(/^iaasvmcontainer;/i, '');
    properties.virtualMachineVersion = 'Compute';
  } else if (jobType === 'AzureWorkloadJob') {
    properties.workloadType = str(ip.workloadType);
  } else if (jobType === 'AzureStorageJob') {
    // Microsoft's Azure Files job examples: storageAccountName plus storageAccountVersion.
    properties.storageAccountName = containerHost(item);
    properties.storageAccountVersion = 'Storage';
  }
  if (job.error) {
    const e = job.error;
    const codeName = e.codeName ?? findBackupErrorByNumber(e.code)?.code ?? '';
    const key = `rsv|${jobType}|${e.code}|${codeName}|${e.title ?? ''}|${e.message}|${e.recommendations.join('|')}`;
    properties.errorDetails = intern(key, () =>
      deepFreeze([
        jobType === 'AzureStorageJob'
          ? { errorCode: e.code, errorString: e.message, recommendations: [...e.recommendations] }
          : {
              errorCode: e.code,
              errorTitle: e.title ?? '',
              errorString: e.message,
              recommendations: [...e.recommendations],
            },
      ]),
    );
    if (codeName !== '') {
      properties.extendedInfo = intern(`rsvx|${codeName}`, () => deepFreeze({ propertyBag: { ErrorCode: codeName } }));
    }
  }
  return {
    id: `${idBefore(itemId, '/backupFabrics/')}/backupJobs/${job.jobId}`,
    name: job.jobId,
    type: T.rsvJob,
    tenantId: item.tenantId,
    location: item.location,
    resourceGroup: item.resourceGroup,
    subscriptionId: item.subscriptionId,
    properties,
  };
}

/**
 * A Backup vault job row (`microsoft.dataprotection/backupvaults/backupjobs`) for a backup instance row.
 * Job ids spell the vault segment `Backupvaults`, as DPP job ids do (docs/azure-facts.md §1.1). No lastBackup fields
 * exist on instances, so these rows are the only source of "last backup" for Backup vault workloads.
 */
export function buildBvJobRow(instance: Row, job: BvJobInput): Row {
  const ip = propsOf(instance);
  const instanceId = str(instance.id);
  const ds = (ip.dataSourceInfo ?? {}) as Props;
  const dsSet = ip.dataSourceSetInfo as Props | undefined;
  const dsId = str(ds.resourceID);
  const policyId = str((ip.policyInfo as Props | undefined)?.policyId);
  const vaultId = idBefore(instanceId, '/backupInstances/');
  const properties: Props = {
    backupInstanceFriendlyName: str(ip.friendlyName),
    backupInstanceId: instanceId,
    dataSourceId: dsId,
    dataSourceLocation: str(ds.resourceLocation),
    dataSourceName: str(ds.resourceName),
    dataSourceSetName: str((dsSet ?? ds).resourceName),
    dataSourceType: str(ds.datasourceType),
    duration: durationOf(job),
    startTime: isoTime(job.startTime.getTime()),
  };
  if (job.endTime) properties.endTime = isoTime(job.endTime.getTime());
  if (job.error) {
    const e = job.error;
    const key = `bv|${e.code}|${e.title ?? ''}|${e.message}|${e.isRetryable}|${e.recommendations.join('|')}`;
    properties.errorDetails = intern(key, () =>
      deepFreeze([
        {
          code: e.code,
          message: e.message,
          recommendedAction: [...e.recommendations],
          isRetryable: e.isRetryable ?? false,
          isUserError: e.code.startsWith('UserError'),
          target: e.title ?? '',
        },
      ]),
    );
  }
  if (job.ruleName !== undefined || job.retentionTag !== undefined) {
    const rule = job.ruleName ?? '';
    const tag = job.retentionTag ?? '';
    properties.extendedInfo = intern(`bvx|${rule}|${tag}`, () =>
      deepFreeze({ additionalDetails: { PolicyRuleName: rule, RetentionTag: tag } }),
    );
  }
  properties.isUserTriggered = job.isUserTriggered;
  properties.operation = job.operationCategory ?? 'Backup';
  properties.operationCategory = job.operationCategory ?? 'Backup';
  properties.policyId = policyId;
  properties.policyName = lastSegment(policyId);
  properties.sourceResourceGroup = segmentAfter(dsId, 'resourceGroups');
  properties.sourceSubscriptionID = segmentAfter(dsId, 'subscriptions');
  properties.status = job.status;
  properties.vaultName = segmentAfter(vaultId, 'backupVaults');
  return {
    id: `${vaultId.replace(/\/backupvaults\//i, '/Backupvaults/')}/backupJobs/${job.jobId}`,
    name: job.jobId,
    type: T.bvJob,
    tenantId: instance.tenantId,
    location: instance.location,
    resourceGroup: instance.resourceGroup,
    subscriptionId: instance.subscriptionId,
    properties,
  };
}
