// Recovery Services on-demand backup (Backups_Trigger) and its LRO: operationsStatus, operationResults, backupJobs.
import type { Row } from '../estate/types';
import { RSV_BACKUP_ACTION } from './authz';
import { props } from './estate-index';
import { ArmError, type SimResponse } from './http-util';
import { retryAfter } from './operations';
import {
  armPath,
  checkApiVersion,
  jobResponse,
  type RouteRequest,
  refuseIfRunning,
  type TriggerContext,
  vaultNotFound,
} from './trigger-common';

/** SDK v12 sends 2023-06-01; the newest stable is 2025-08-01; older dates are still served by Azure. */
const acceptRsvVersion = (v: string): boolean =>
  /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(v) && v >= '2016-06-01' && v.slice(0, 10) <= '2025-08-01';

const BACKUP_TYPES = ['Full', 'Differential', 'Log', 'CopyOnlyFull', 'Incremental', 'SnapshotFull'];

function vaultPairs(p: Record<string, string>): [string, string][] {
  return [
    ['subscriptions', p.sub ?? ''],
    ['resourceGroups', p.rg ?? ''],
    ['providers', 'Microsoft.RecoveryServices'],
    ['vaults', p.vault ?? ''],
  ];
}

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
  const vaultPath = armPath(vaultPairs(req.params), false);
  ctx.authz.check(req.callerId, RSV_BACKUP_ACTION, vaultPath);
  if (!ctx.index.find(vaultPath))
    throw vaultNotFound('Microsoft.RecoveryServices/vaults', req.params.vault ?? '', req.params.rg ?? '');
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
  const op = ctx.ops.create({
    kind: 'rsv',
    itemId: itemPath.toLowerCase(),
    itemPath,
    vaultPath,
    apiVersion,
    jobId: job.jobId,
    startTime: ctx.now(),
  });
  const base = req.origin + armPath(itemPairs(req.params), true);
  return {
    status: 202,
    headers: {
      'azure-asyncoperation': `${base}/operationsStatus/${op.id}?api-version=${apiVersion}`,
      location: `${base}/operationResults/${op.id}?api-version=${apiVersion}`,
      ...retryAfter(ctx.ops.config),
    },
  };
}

export function getRsvOperationStatus(ctx: TriggerContext, req: RouteRequest): SimResponse {
  checkApiVersion(
    req.apiVersion,
    acceptRsvVersion,
    'vaults/backupFabrics/protectionContainers/protectedItems/operationsStatus',
  );
  const op = findOp(ctx, req);
  const done = ctx.ops.poll(op, ctx.now());
  const body: Record<string, unknown> = {
    id: op.id,
    name: op.id,
    status: done ? 'Succeeded' : 'InProgress',
    startTime: op.startTime.toISOString(),
  };
  if (done) {
    body.endTime = (op.endTime ?? ctx.now()).toISOString();
    body.properties = { objectType: 'OperationStatusJobExtendedInfo', jobId: op.jobId };
  }
  return { status: 200, body };
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
  return { status: 202, headers: { location, ...retryAfter(ctx.ops.config) } };
}

export function getRsvJob(ctx: TriggerContext, req: RouteRequest): SimResponse {
  checkApiVersion(req.apiVersion, acceptRsvVersion, 'vaults/backupJobs');
  const vaultPath = armPath(vaultPairs(req.params), false);
  const jobId = req.params.job ?? '';
  return jobResponse(ctx.jobs.find(vaultPath, jobId), 'Microsoft.RecoveryServices/vaults/backupJobs', jobId);
}

function findOp(ctx: TriggerContext, req: RouteRequest) {
  const op = ctx.ops.find(req.params.op ?? '', armPath(itemPairs(req.params), false));
  if (op?.kind !== 'rsv') throw new ArmError(404, 'ResourceNotFound', `Operation '${req.params.op}' was not found.`);
  return op;
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
