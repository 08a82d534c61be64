// What the Recovery Services and Backup vault trigger APIs share: their context, api-version checks, URL building,
// the vault check, the LRO bookkeeping and answers, the "already running" refusal and the job GET answer.
import type { Row } from '../estate/types';
import type { Authorizer } from './authz';
import type { EstateIndex } from './estate-index';
import { ArmError, type SimResponse } from './http-util';
import type { JobTracker } from './jobs';
import { type Operation, type OperationStore, retryAfter } from './operations';

export interface TriggerContext {
  index: EstateIndex;
  authz: Authorizer;
  ops: OperationStore;
  jobs: JobTracker;
  now: () => Date;
}

/** One request to a trigger/LRO route: decoded path parameters plus what the handler needs from the request. */
export interface RouteRequest {
  params: Record<string, string>;
  apiVersion: string | null;
  /** Scheme + host the caller used, so the URLs we hand out point back at us. */
  origin: string;
  callerId: string;
  body: unknown;
}

/** ARM paths from decoded names; `encode` gives the URL form (names contain `;`, which must travel as %3B). */
export function armPath(pairs: [string, string][], encode: boolean): string {
  return pairs.map(([k, v]) => `/${k}/${encode ? encodeURIComponent(v) : v}`).join('');
}

/** How a vault kind spells its ARM path: `/providers/{provider}/{vaults}/{name}`. */
export interface VaultKind {
  provider: string;
  vaults: string;
}

/** The vault part of an ARM path, from the route's parameters. */
export function vaultPairs(p: Record<string, string>, kind: VaultKind): [string, string][] {
  return [
    ['subscriptions', p.sub ?? ''],
    ['resourceGroups', p.rg ?? ''],
    ['providers', kind.provider],
    [kind.vaults, p.vault ?? ''],
  ];
}

/** The caller may run `action` on the route's vault, and the vault exists; returns the vault's ARM path. */
export function checkVault(ctx: TriggerContext, req: RouteRequest, action: string, kind: VaultKind): string {
  const vaultPath = armPath(vaultPairs(req.params, kind), false);
  ctx.authz.check(req.callerId, action, vaultPath);
  if (!ctx.index.find(vaultPath)) {
    throw vaultNotFound(`${kind.provider}/${kind.vaults}`, req.params.vault ?? '', req.params.rg ?? '');
  }
  return vaultPath;
}

/** Records the LRO of a job just started for the item at `itemPath`. */
export function createOperation(
  ctx: TriggerContext,
  fields: { kind: Operation['kind']; itemPath: string; vaultPath: string; apiVersion: string; jobId: string },
): Operation {
  const { kind, itemPath, vaultPath, apiVersion, jobId } = fields;
  return ctx.ops.create({
    kind,
    itemId: itemPath.toLowerCase(),
    itemPath,
    vaultPath,
    apiVersion,
    jobId,
    startTime: ctx.now(),
  });
}

/** The operation named by the route, when it is of `kind` and lies under `prefix`; else ARM's 404. */
export function findOperation(ctx: TriggerContext, req: RouteRequest, kind: Operation['kind'], prefix: string) {
  const op = ctx.ops.find(req.params.op ?? '', prefix);
  if (op?.kind !== kind) throw new ArmError(404, 'ResourceNotFound', `Operation '${req.params.op}' was not found.`);
  return op;
}

/**
 * A poll of the operation's status: InProgress (with Retry-After: ARM's async-operation pattern asks clients to wait
 * that long before the next status check), then Succeeded with `properties` naming the job, as Microsoft's REST
 * walkthroughs print it (backup-azure-sql-vm-rest-api.md: OperationStatusJobExtendedInfo;
 * backup-azure-dataprotection-use-rest-api-*.md: OperationJobExtendedInfo with the job's ARM id).
 */
export function operationStatus(
  ctx: TriggerContext,
  op: Operation,
  id: string,
  /** What the finished status says (undefined: no `properties`, the spec's minimal OperationResource). */
  properties: Record<string, unknown> | undefined,
): SimResponse {
  const done = ctx.ops.poll(op, ctx.now());
  const body: Record<string, unknown> = {
    id,
    name: op.id,
    status: done ? 'Succeeded' : 'InProgress',
    startTime: op.startTime.toISOString(),
  };
  if (done) {
    body.endTime = (op.endTime ?? ctx.now()).toISOString();
    if (properties !== undefined) body.properties = properties;
    return { status: 200, body };
  }
  return { status: 200, body, headers: retryAfter(ctx.ops.config) };
}

/** 202 Accepted: where to poll next (`headers`), and how soon. */
export function accepted(ctx: TriggerContext, headers: Record<string, string>): SimResponse {
  return { status: 202, headers: { ...headers, ...retryAfter(ctx.ops.config) } };
}

export function checkApiVersion(apiVersion: string | null, accepted: (v: string) => boolean, type: string): string {
  if (!apiVersion) {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!accepted(apiVersion)) {
    // ARM's answer for an api-version the provider does not register (wording modelled, unverified).
    throw new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'global' and API version '${apiVersion}' for type '${type}'.`,
    );
  }
  return apiVersion;
}

export function vaultNotFound(vaultType: string, vaultName: string, rg: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${vaultType}/${vaultName}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/**
 * Whether Azure refuses synchronously or fails the new job when a backup is already running is unverified;
 * the stand-in answers 409 so that callers exercise the refusal path.
 */
export function refuseIfRunning(ctx: TriggerContext, item: Row): void {
  const running = ctx.index.findRunningBackup(item);
  if (!running) return;
  throw new ArmError(
    409,
    'UserErrorBackupOperationInProgress',
    `Unable to initiate backup as another backup operation is currently in progress (job '${String(running.name)}'). Please wait until the previous backup operation is completed and retry.`,
  );
}

/** GET of the route's job in the vault at `vaultPath`, answered as ARM's `type`. */
export function getJob(ctx: TriggerContext, req: RouteRequest, vaultPath: string, type: string): SimResponse {
  const jobId = req.params.job ?? '';
  const row = ctx.jobs.find(vaultPath, jobId);
  if (!row) {
    throw new ArmError(404, 'ResourceNotFound', `The job '${jobId}' was not found.`);
  }
  const body: Record<string, unknown> = { id: row.id, name: row.name, type, properties: row.properties };
  return { status: 200, body };
}
