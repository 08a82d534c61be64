// The stand-in's own HTTP control surface under /_sim (no auth, no faults): faults, refusals, the request log, jobs,
// the estate clock, row changes, reset.
import { ArmError, parseJsonBody, type SimResponse } from './http-util';
import { parseRowChange } from './row-edits';
import { parseClockChange } from './sim-clock';
import type { FaultConfig, ForbiddenRule, JobCompletionConfig, RequestFilter, Row, SimAdmin, TableName } from './types';

export const ADMIN_PREFIX = '_sim';

const HELP = {
  'GET /_sim/requests?endpoint=&item=&caller=':
    'request log (endpoint: arg | rsv-trigger | bv-trigger | operations | admin | unknown)',
  'GET /_sim/requests/backup-count?item=': 'number of backup trigger calls that reached the stand-in',
  'DELETE /_sim/requests': 'clear the request log',
  'GET|POST|DELETE /_sim/faults':
    'read / replace ({seed?, rules:[{target, latencyMs, errorRate, errorStatus, throttleNext, throttleForMs, retryAfterSeconds, timeoutMs, timeoutRate, truncateTo}]}) / clear',
  'GET|POST /_sim/forbidden': 'read / replace ({rules:[{principal, vault?}]}) callers refused with 403 on triggers',
  'POST /_sim/job-completion': 'set {delayMs, failureRate, rules:[{match, outcome, errorCode?}]}',
  'POST /_sim/jobs/settle': 'finish every running triggered job now',
  'GET /_sim/clock': 'the estate clock (KQL now(), job times): {now, frozen}',
  'POST /_sim/clock':
    '{set?: ISO (jump there), advanceMs?: n >= 0 (move forward), freeze?: true|false (frozen: moves only by these calls)}; due jobs finish',
  'POST /_sim/rows':
    '{table, rows: [{id, type, ...}]} adds rows, replacing same-id rows (ids in any casing), or {table, delete: [id]} removes rows; answers {added, replaced, deleted}',
  'POST /_sim/fail': 'a scheduled backup of the next protected item in turn fails now; answers {job: <its row>}',
  'POST /_sim/reset':
    'clear faults, refusals, quotas, caches, log and triggered jobs; undo row changes; clock back to its start',
};

export function handleAdmin(
  admin: SimAdmin,
  method: string,
  segments: string[],
  query: URLSearchParams,
  rawBody: string,
): SimResponse {
  const path = segments.slice(1).join('/');
  const body = (): unknown => parseJsonBody(rawBody);
  const ok = (value: unknown = { ok: true }): SimResponse => ({ status: 200, body: value });
  switch (`${method} ${path}`) {
    case 'GET ':
      return ok({ endpoints: HELP, faults: admin.getFaults(), clock: admin.clockState() });
    case 'GET requests': {
      const filter: RequestFilter = {};
      const endpoint = query.get('endpoint');
      if (endpoint) filter.endpoint = endpoint as RequestFilter['endpoint'];
      const item = query.get('item');
      if (item) filter.item = item;
      const caller = query.get('caller');
      if (caller) filter.caller = caller;
      const requests = admin.requests(filter);
      return ok({ count: requests.length, requests });
    }
    case 'GET requests/backup-count':
      return ok({ count: admin.countBackupCalls(query.get('item') ?? undefined) });
    case 'DELETE requests':
      admin.clearRequests();
      return ok();
    case 'GET faults':
      return ok(admin.getFaults());
    case 'POST faults': {
      const config = body() as FaultConfig | undefined;
      if (!config || !Array.isArray(config.rules)) throw invalid('Expected {"seed"?: number, "rules": [...]}.');
      admin.setFaults(config);
      return ok(admin.getFaults());
    }
    case 'DELETE faults':
      admin.clearFaults();
      return ok();
    case 'GET forbidden':
      return ok({ rules: admin.getForbidden() });
    case 'POST forbidden': {
      const value = body() as { rules?: ForbiddenRule[] } | ForbiddenRule[] | undefined;
      const rules = Array.isArray(value) ? value : value?.rules;
      if (!Array.isArray(rules)) throw invalid('Expected {"rules": [{"principal": "...", "vault"?: "..."}]}.');
      admin.setForbidden(rules);
      return ok({ rules: admin.getForbidden() });
    }
    case 'POST job-completion': {
      const config = body() as JobCompletionConfig | undefined;
      if (!config || typeof config !== 'object') throw invalid('Expected {"delayMs"?, "failureRate"?, "rules"?}.');
      admin.setJobCompletion(config);
      return ok();
    }
    case 'POST jobs/settle':
      admin.settleJobs();
      return ok();
    case 'GET clock':
      return ok(admin.clockState());
    case 'POST clock': {
      const change = parseClockChange(body());
      // Freeze first, so {"set", "freeze": true} stops exactly at the instant set.
      if (change.freeze !== undefined) admin.freezeClock(change.freeze);
      if (change.set !== undefined) admin.setClock(change.set);
      if (change.advanceMs !== undefined) admin.advanceClock(change.advanceMs);
      return ok(admin.clockState());
    }
    case 'POST rows': {
      // Table, rows and ids are checked by the row editor behind putRows/deleteRows (in-process calls get the same).
      const change = parseRowChange(body());
      const table = change.table as TableName;
      return ok(
        change.rows === undefined
          ? admin.deleteRows(table, change.delete as string[])
          : admin.putRows(table, change.rows as Row[]),
      );
    }
    case 'POST fail':
      return ok({ job: admin.failBackup() ?? null });
    case 'POST reset':
      admin.reset();
      return ok();
    default:
      throw new ArmError(
        404,
        'NotFound',
        `No stand-in admin route ${method} /${segments.join('/')}; GET /_sim lists them.`,
      );
  }
}

function invalid(message: string): ArmError {
  return new ArmError(400, 'BadRequest', message);
}
