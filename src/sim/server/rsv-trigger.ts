// Recovery Services on-demand backup (Backups_Trigger) and its LRO: operationsStatus, operationResults, backupJobs.
import type { Row } from '../estate/types';
import { RSV_BACKUP_ACTION } from './authz';
import { props } from './estate-index';
import { ArmError, type SimResponse } from './http-util';
import {
  accepted,
  armPath,
  checkApiVersion,
  checkVault,
  createOperation,
  findOperation,
  getJob,
  operationStatus,
  type RouteRequest,
  refuseIfRunning,
  type TriggerContext,
  type VaultKind,
  vaultPairs as vaultPairsOf,
} from './trigger-common';

/** SDK v12 sends 2023-06-01; the newest stable is 2025-08-01; older dates are still served by Azure. */
const acceptRsvVersion = (v: string): boolean =>
  /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v) && v >= '2016-06-01' && v.slice(0, 10) <= '2025-08-01';

const BACKUP_TYPES = ['Full', 'Differential', 'Log', 'CopyOnlyFull', 'Incremental', 'SnapshotFull'];

const RECOVERY_SERVICES_VAULT: VaultKind = { provider: 'Microsoft.RecoveryServices', vaults: 'vaults' };
const vaultPairs = (p: Record<string, string>) => vaultPairsOf(p, RECOVERY_SERVICES_VAULT);

function itemPairs(p: Record<string, string>): [string, string][] {
  return [
    ...vaultPairs(p),
    ['backupFabrics', p.fabric ?? ''],
    ['protectionContainers', p.container ?? ''],
    ['protectedItems', p.item ?? ''],
  ];
}

export function triggerRsvBackup(ctx: TriggerContext, req: RouteRequest): SimResponse {
  const apiVersion = checkApiVersion(
    req.apiVersion,
    acceptRsvVersion,
    'vaults/backupFabrics/protectionContainers/protectedItems/backup',
  );
  const vaultPath = checkVault(ctx, req, RSV_BACKUP_ACTION, RECOVERY_SERVICES_VAULT);
  const itemPath = armPath(itemPairs(req.params), false);
  const item = ctx.index.find(itemPath);
  if (!item) {
    // The RP's own code for a missing item is unverified; NotFound in ARM's shape.
    throw new ArmError(
      404,
      'NotFound',
      `Item not found: protected item '${req.params.item}' does not exist in container '${req.params.container}' of vault '${req.params.vault}'.`,
    );
  }
  const backupType = validateBody(item, req.body);
  refuseIfStopped(item);
  refuseIfRunning(ctx, item);
  const job = ctx.jobs.start({ kind: 'rsv', item, vaultPath, backupType });
  const op = createOperation(ctx, { kind: 'rsv', itemPath, vaultPath, apiVersion, jobId: job.jobId });
  const base = req.origin + armPath(itemPairs(req.params), true);
  return accepted(ctx, {
    'azure-asyncoperation': `${base}/operationsStatus/${op.id}?api-version=${apiVersion}`,
    location: `${base}/operationResults/${op.id}?api-version=${apiVersion}`,
  });
}

export function getRsvOperationStatus(ctx: TriggerContext, req: RouteRequest): SimResponse {
  checkApiVersion(
    req.apiVersion,
    acceptRsvVersion,
    'vaults/backupFabrics/protectionContainers/protectedItems/operationsStatus',
  );
  const op = findOp(ctx, req);
  return operationStatus(ctx, op, op.id, { objectType: 'OperationStatusJobExtendedInfo', jobId: op.jobId });
}

export function getRsvOperationResult(ctx: TriggerContext, req: RouteRequest): SimResponse {
  checkApiVersion(
    req.apiVersion,
    acceptRsvVersion,
    'vaults/backupFabrics/protectionContainers/protectedItems/operationResults',
  );
  const op = findOp(ctx, req);
  if (ctx.ops.poll(op, ctx.now())) return { status: 204 };
  const location =
    req.origin + armPath(itemPairs(req.params), true) + `/operationResults/${op.id}?api-version=${op.apiVersion}`;
  return accepted(ctx, { location });
}

export function getRsvJob(ctx: TriggerContext, req: RouteRequest): SimResponse {
  checkApiVersion(req.apiVersion, acceptRsvVersion, 'vaults/backupJobs');
  return getJob(ctx, req, armPath(vaultPairs(req.params), false), 'Microsoft.RecoveryServices/vaults/backupJobs');
}

function findOp(ctx: TriggerContext, req: RouteRequest) {
  return findOperation(ctx, req, 'rsv', armPath(itemPairs(req.params), false));
}

/** The request's objectType must fit the item's workload; returns the workload backup type when there is one. */
function validateBody(item: Row, body: unknown): string | undefined {
  const p = props(item);
  const mgmt = String(p.backupManagementType ?? '').toLowerCase();
  const expected =
    mgmt === 'azureworkload'
      ? 'AzureWorkloadBackupRequest'
      : mgmt === 'azurestorage'
        ? 'AzureFileShareBackupRequest'
        : 'IaasVMBackupRequest';
  const request = (body as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!request || typeof request !== 'object') {
    throw badBody('The request body must be {"properties": {"objectType": ...}}.');
  }
  if (request.objectType !== expected) {
    throw badBody(
      `objectType '${String(request.objectType)}' is not valid for a ${p.backupManagementType ?? 'AzureIaasVM'} item; expected '${expected}'.`,
    );
  }
  const expiry = request.recoveryPointExpiryTimeInUTC;
  if (expiry !== undefined && (typeof expiry !== 'string' || Number.isNaN(Date.parse(expiry)))) {
    throw badBody('recoveryPointExpiryTimeInUTC must be an ISO 8601 date-time.');
  }
  if (expected !== 'AzureWorkloadBackupRequest') return undefined;
  const backupType = request.backupType;
  if (typeof backupType !== 'string' || !BACKUP_TYPES.includes(backupType)) {
    throw badBody(`backupType must be one of ${BACKUP_TYPES.join(', ')} for a workload item.`);
  }
  return backupType;
}

/** The real refusal codes for stopped / soft-deleted items are unverified; these are plausible stand-ins. */
function refuseIfStopped(item: Row): void {
  const p = props(item);
  const state = String(p.currentProtectionState ?? p.protectionState ?? '');
  if (p.isScheduledForDeferredDelete === true || state === 'SoftDeleted') {
    throw new ArmError(
      400,
      'BMSUserErrorItemSoftDeleted',
      `The backup item '${String(p.friendlyName ?? item.name)}' is in soft-deleted state. Undelete the item before triggering a backup.`,
    );
  }
  const protection = String(p.protectionState ?? '');
  if (state === 'ProtectionStopped' || protection === 'ProtectionStopped' || protection === 'BackupsSuspended') {
    throw new ArmError(
      400,
      'BMSUserErrorProtectionStopped',
      `Protection is stopped for the backup item '${String(p.friendlyName ?? item.name)}'. Resume protection before triggering a backup.`,
    );
  }
}

function badBody(message: string): ArmError {
  return new ArmError(400, 'BadRequest', message, [{ code: 'UserErrorInvalidRequestParameter', message }]);
}
