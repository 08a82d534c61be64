// startSim: the local Azure Resource Manager stand-in over node:http(s) on 127.0.0.1. Wires the route table, faults,
// auth, the request log and the admin API; see types.ts for the options and the handle.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { runQuery } from '../kql';
import { ADMIN_PREFIX, handleAdmin } from './admin-endpoint';
import { ARG_PAYLOAD_LIMIT } from './arg-endpoint';
import { Authorizer } from './authz';
import { EstateIndex } from './estate-index';
import { applyFault, type PendingHolds, pause } from './fault-responder';
import { FaultEngine } from './faults';
import {
  ArmError,
  errorResponse,
  parseJsonBody,
  readBody,
  type SimResponse,
  writeResponse,
  writeResponseSlowly,
} from './http-util';
import { readCaller, requireCaller } from './identity';
import { JobTracker } from './jobs';
import { LiveFailures } from './live-failures';
import { DEFAULT_LRO, OperationStore } from './operations';
import { ResultCache } from './paging';
import { RequestLog } from './request-log';
import { type HandlerContext, matchRoute, splitPath } from './router';
import { RowEditor } from './row-edits';
import { SimClock } from './sim-clock';
import { DEFAULT_QUOTA, QuotaTracker } from './throttle';
import { createSelfSignedCertificate } from './tls';
import type { RequestLogEntry, SimAdmin, SimHandle, SimOptions } from './types';

export async function startSim(options: SimOptions): Promise<SimHandle> {
  const host = options.host ?? '127.0.0.1';
  // The one estate clock: everything that answers with or decides on estate time reads `now`. Quotas, fault windows
  // and cache expiry stay on real time (ARG's quota is real time; a frozen clock must not stop a 429 storm ending).
  const clock = new SimClock(options.now ?? (() => new Date()), options.frozenClock);
  const now = (): Date => clock.now();
  const { estate } = options;
  const faults = new FaultEngine(options.faults, options.seed);
  const quota = new QuotaTracker(options.quota ?? DEFAULT_QUOTA);
  const cache = new ResultCache();
  const log = new RequestLog();
  const authz = new Authorizer(options.forbidden);
  const ops = new OperationStore({ ...DEFAULT_LRO, ...options.lro });
  const jobs = new JobTracker(estate, now, options.jobCompletion, options.seed);
  const index = new EstateIndex(estate);
  // Cached pages and indexed rows would otherwise show the estate as it was before a row change.
  const rows = new RowEditor(estate, () => {
    cache.clear();
    index.invalidate();
  });
  const failures = new LiveFailures(estate, rows, now, options.seed);
  if (options.failEveryMs !== undefined) failures.start(options.failEveryMs);
  const ctx: HandlerContext = {
    arg: { estate, runQuery, now, quota, cache, payloadLimitBytes: options.payloadLimitBytes ?? ARG_PAYLOAD_LIMIT },
    trigger: { index, authz, ops, jobs, now },
  };
  const holds: PendingHolds = new Set();

  const admin: SimAdmin = {
    setFaults: (config) => faults.set(config),
    getFaults: () => faults.get(),
    clearFaults: () => faults.clear(),
    setForbidden: (rules) => authz.set(rules),
    getForbidden: () => authz.get(),
    setJobCompletion: (config) => jobs.setConfig(config),
    requests: (filter) => log.list(filter),
    countBackupCalls: (item) => log.countBackupCalls(item),
    clearRequests: () => log.clear(),
    settleJobs: () => jobs.settle(),
    clockNow: now,
    clockState: () => clock.state(),
    // Moving the clock finishes due jobs at once, so in-process tests see them without making a request first.
    setClock: (at) => {
      clock.set(new Date(at));
      jobs.advance();
    },
    advanceClock: (ms) => {
      clock.advance(ms);
      jobs.advance();
    },
    freezeClock: (frozen = true) => clock.freeze(frozen),
    putRows: (table, added) => rows.apply({ table, rows: added }),
    deleteRows: (table, ids) => rows.apply({ table, delete: ids }),
    failBackup: () => failures.failOne(),
    reset: () => {
      faults.clear();
      authz.set([]);
      quota.reset();
      log.clear();
      ops.clear();
      // Rows first: the journal's tables may hold triggered job rows, which jobs.reset then removes.
      rows.reset();
      jobs.reset();
      clock.reset();
      cache.clear();
      index.invalidate();
    },
  };

  const cert = options.tls ? await createSelfSignedCertificate(host) : undefined;
  const scheme = cert ? 'https' : 'http';
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    handleRequest(req, res).catch((e: unknown) => {
      if (!res.headersSent) writeResponse(res, errorResponse(toArmError(e)));
    });
  };

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? host}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const rawBody = await readBody(req);
    const segments = splitPath(url.pathname);
    const entry: Omit<RequestLogEntry, 'seq' | 'at' | 'status' | 'answeredBy'> = {
      method,
      path: segments ? `/${segments.join('/')}` : url.pathname,
      endpoint: 'unknown',
    };
    const caller = readCaller(req.headers);
    if (caller) entry.caller = caller.id;
    const finish = (answer: SimResponse, answeredBy = answer.answeredBy ?? 'handler'): void => {
      log.add({ ...entry, status: answer.status, answeredBy });
      writeResponse(res, answer);
    };
    if (segments?.[0] === ADMIN_PREFIX) {
      entry.endpoint = 'admin';
      finish(guard(() => handleAdmin(admin, method, segments, url.searchParams, rawBody)));
      return;
    }
    const match = segments ? matchRoute(method, segments) : undefined;
    if (!match) {
      finish(errorResponse(new ArmError(404, 'NotFound', `The stand-in serves no ${method} ${url.pathname}.`)));
      return;
    }
    entry.endpoint = match.route.endpoint;
    if (match.route.itemOf) entry.itemId = match.route.itemOf(match.params);
    let callerId: string;
    try {
      callerId = requireCaller(req.headers).id;
    } catch (e) {
      finish(errorResponse(toArmError(e)));
      return;
    }
    const decision = faults.decide(match.route.endpoint);
    const faulted = await applyFault(decision, res, holds, match.route.endpoint);
    if (faulted) {
      if (faulted.answer) finish(faulted.answer, faulted.answeredBy);
      else log.add({ ...entry, status: 0, answeredBy: faulted.answeredBy });
      return;
    }
    jobs.advance();
    const answer = guard(() =>
      match.route.handle(ctx, {
        params: match.params,
        apiVersion: url.searchParams.get('api-version'),
        origin: `${scheme}://${url.host}`,
        callerId,
        body: match.route.endpoint.endsWith('-trigger') ? parseJsonBody(rawBody) : undefined,
        rawBody,
        ...(decision.truncateTo === undefined ? {} : { truncateTo: decision.truncateTo }),
      }),
    );
    if (decision.trickleMs > 0) {
      log.add({ ...entry, status: answer.status, answeredBy: 'fault-trickle' });
      await writeResponseSlowly(res, answer, decision.trickleMs, (ms) => pause(ms, holds));
      return;
    }
    finish(answer);
  }

  const server: Server = cert
    ? createHttpsServer({ key: cert.key, cert: cert.cert }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const handle: SimHandle = {
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    estate,
    admin,
    close: async () => {
      failures.stop();
      await closeServer(server, holds);
      cert?.remove();
    },
  };
  if (cert) {
    handle.caCertFile = cert.certFile;
    handle.caCertPem = cert.cert;
  }
  return handle;
}

function guard(run: () => SimResponse): SimResponse {
  try {
    return run();
  } catch (e) {
    return errorResponse(toArmError(e));
  }
}

function toArmError(e: unknown): ArmError {
  if (e instanceof ArmError) return e;
  return new ArmError(500, 'InternalServerError', `The stand-in failed: ${(e as Error)?.message ?? String(e)}`);
}

async function closeServer(server: Server, holds: PendingHolds): Promise<void> {
  for (const release of holds) release();
  holds.clear();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
