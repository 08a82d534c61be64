// What the Recovery Services and Backup vault trigger APIs share: their context, api-version checks, URL building,
// the "already running" refusal and the job GET answer.
import type { Row } from '../estate/types';
import type { Authorizer } from './authz';
import type { EstateIndex } from './estate-index';
import { ArmError, type SimResponse } from './http-util';
import type { JobTracker } from './jobs';
import type { OperationStore } from './operations';

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

export function jobResponse(row: Row | undefined, type: string, jobId: string): SimResponse {
  if (!row) {
    throw new ArmError(404, 'ResourceNotFound', `The job '${jobId}' was not found.`);
  }
  const body: Record<string, unknown> = { id: row.id, name: row.name, type, properties: row.properties };
  return { status: 200, body };
}
