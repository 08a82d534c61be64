// Route table of the stand-in: ARM paths matched segment by segment, literals case-insensitively (as ARM does),
// parameters URL-decoded (item names contain `;`, sent as %3B).
import { type ArgContext, handleArgQuery } from './arg-endpoint';
import { getBvJob, getBvOperationResult, getBvOperationStatus, triggerBvBackup } from './bv-trigger';
import type { SimResponse } from './http-util';
import { getRsvJob, getRsvOperationResult, getRsvOperationStatus, triggerRsvBackup } from './rsv-trigger';
import type { RouteRequest, TriggerContext } from './trigger-common';
import type { EndpointKind } from './types';

export interface HandlerContext {
  arg: ArgContext;
  trigger: TriggerContext;
}

export interface RequestContext extends RouteRequest {
  rawBody: string;
  /** From a truncation fault (ARG only). */
  truncateTo?: number;
}

export interface Route {
  method: 'GET' | 'POST';
  segments: string[];
  endpoint: EndpointKind;
  /** Lower-case ARM id of the item a trigger is about (for the request log). */
  itemOf?: (params: Record<string, string>) => string;
  handle: (ctx: HandlerContext, req: RequestContext) => SimResponse;
}

const RSV_VAULT = 'subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.RecoveryServices/vaults/:vault';
const RSV_ITEM = `${RSV_VAULT}/backupFabrics/:fabric/protectionContainers/:container/protectedItems/:item`;
const BV_VAULT = 'subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.DataProtection/backupVaults/:vault';
const BV_INSTANCE = `${BV_VAULT}/backupInstances/:instance`;

const rsvItemId = (p: Record<string, string>): string =>
  `/subscriptions/${p.sub}/resourcegroups/${p.rg}/providers/microsoft.recoveryservices/vaults/${p.vault}/backupfabrics/${p.fabric}/protectioncontainers/${p.container}/protecteditems/${p.item}`.toLowerCase();
const bvInstanceId = (p: Record<string, string>): string =>
  `/subscriptions/${p.sub}/resourcegroups/${p.rg}/providers/microsoft.dataprotection/backupvaults/${p.vault}/backupinstances/${p.instance}`.toLowerCase();

const route = (
  method: Route['method'],
  path: string,
  endpoint: EndpointKind,
  handle: Route['handle'],
  itemOf?: Route['itemOf'],
): Route => {
  const r: Route = { method, segments: path.split('/'), endpoint, handle };
  if (itemOf) r.itemOf = itemOf;
  return r;
};

export const ROUTES: Route[] = [
  route('POST', 'providers/Microsoft.ResourceGraph/resources', 'arg', (c, r) =>
    handleArgQuery(c.arg, {
      apiVersion: r.apiVersion,
      body: r.rawBody,
      callerId: r.callerId,
      ...(r.truncateTo === undefined ? {} : { truncateTo: r.truncateTo }),
    }),
  ),
  route('POST', `${RSV_ITEM}/backup`, 'rsv-trigger', (c, r) => triggerRsvBackup(c.trigger, r), rsvItemId),
  route('GET', `${RSV_ITEM}/operationsStatus/:op`, 'operations', (c, r) => getRsvOperationStatus(c.trigger, r)),
  route('GET', `${RSV_ITEM}/operationResults/:op`, 'operations', (c, r) => getRsvOperationResult(c.trigger, r)),
  route('GET', `${RSV_VAULT}/backupJobs/:job`, 'operations', (c, r) => getRsvJob(c.trigger, r)),
  route('POST', `${BV_INSTANCE}/backup`, 'bv-trigger', (c, r) => triggerBvBackup(c.trigger, r), bvInstanceId),
  route('GET', `${BV_VAULT}/operationStatus/:op`, 'operations', (c, r) => getBvOperationStatus(c.trigger, r)),
  route('GET', `${BV_INSTANCE}/operationResults/:op`, 'operations', (c, r) => getBvOperationResult(c.trigger, r)),
  route('GET', `${BV_VAULT}/backupJobs/:job`, 'operations', (c, r) => getBvJob(c.trigger, r)),
];

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Splits a raw path into decoded segments; undefined when a segment is not valid percent-encoding. */
export function splitPath(rawPath: string): string[] | undefined {
  try {
    return rawPath
      .replace(/^\/+|\/+$/g, '')
      .split('/')
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

export function matchRoute(method: string, segments: string[]): RouteMatch | undefined {
  for (const r of ROUTES) {
    if (r.method !== method || r.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < r.segments.length && ok; i++) {
      const pattern = r.segments[i] as string;
      const actual = segments[i] as string;
      if (pattern.startsWith(':')) {
        params[pattern.slice(1)] = actual;
        ok = actual !== '';
      } else {
        ok = pattern.toLowerCase() === actual.toLowerCase();
      }
    }
    if (ok) return { route: r, params };
  }
  return undefined;
}
