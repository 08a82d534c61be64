// Maps job rows (job-list.kql, job-counts.kql) to domain jobs and counts; tolerant of absent and oddly-cased fields.
import { armIdPrefix, parseArmId } from '../../core/domain/arm-id';
import {
  emptyStatusCounts,
  JOB_STATUSES,
  type Job,
  type JobCountRow,
  type JobError,
  type JobOperationKind,
  type JobStatus,
  type JobSummary,
} from '../../core/domain/jobs';
import type { VaultRef } from '../../core/domain/refs';
import { toWorkloadOrOther, type WorkloadOrOther } from '../../core/domain/workload';
import type { ArgRow } from '../arg-types';
import { bool, dyn, isoTime, num, prop, str, strings } from '../row-values';

export function toJobStatus(value: string | undefined): JobStatus {
  const found = JOB_STATUSES.find((s) => s.toLowerCase() === (value ?? '').toLowerCase());
  return found ?? 'Unknown';
}

/** Same rules as job-counts.kql: RSV `operation` and BV `operationCategory` in one vocabulary. */
export function toOperationKind(raw: string | undefined): JobOperationKind {
  const op = (raw ?? '').toLowerCase();
  if (op === 'configure' || op === 'delete' || op === 'other') return op;
  if (op.startsWith('backup') || op.startsWith('adhocbackup')) return 'backup';
  if (op.startsWith('restore') || op === 'crossregionrestore') return 'restore';
  if (['configurebackup', 'register', 'updatecustomermanagedkey'].includes(op)) return 'configure';
  if (['disablebackup', 'deletebackupdata', 'unregister'].includes(op)) return 'delete';
  return 'other';
}

/** The vault a child resource (job, item, instance) belongs to, from its id. */
export function vaultOf(id: string, row?: ArgRow): VaultRef {
  const isBV = /\/providers\/microsoft\.dataprotection\//i.test(id);
  const vaultId = armIdPrefix(id, isBV ? 'backupVaults' : 'vaults') ?? id;
  const parts = parseArmId(vaultId);
  const name = parts.pairs[0]?.[1] ?? str(row, 'vaultName') ?? '';
  return {
    id: vaultId,
    name,
    kind: isBV ? 'bv' : 'rsv',
    subscriptionId: parts.subscriptionId ?? str(row, 'subscriptionId') ?? '',
    resourceGroup: parts.resourceGroup ?? str(row, 'resourceGroup') ?? '',
  };
}

/** One entry of RSV `errorDetails[]` ({errorCode:int, errorString, errorTitle, recommendations}) or BV's UserFacingError. */
export function toJobErrors(value: unknown): JobError[] {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  const out: JobError[] = [];
  for (const e of list) {
    const code = prop(e, 'code') ?? prop(e, 'errorCode');
    const message = prop(e, 'message') ?? prop(e, 'errorString');
    const title = prop(e, 'errorTitle');
    const recs = prop(e, 'recommendations') ?? prop(e, 'recommendedAction') ?? prop(e, 'recommendedActions');
    const error: JobError = {
      code: typeof code === 'number' || (typeof code === 'string' && code !== '') ? String(code) : '',
      recommendations: strings(recs),
    };
    if (typeof message === 'string' && message !== '') error.message = message;
    if (typeof title === 'string' && title !== '') error.title = title;
    if (error.code !== '' || error.message !== undefined) out.push(error);
  }
  return out;
}

/** ISO-8601 (PT1H2M3.5S, P1DT2H) or .NET (hh:mm:ss.fff, d.hh:mm:ss) durations, in ms. */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
    text,
  );
  if (iso && text.length > 1 && text.toUpperCase() !== 'PT') {
    const [d, h, m, s] = [iso[1], iso[2], iso[3], iso[4]].map((x) => Number(x ?? 0)) as [
      number,
      number,
      number,
      number,
    ];
    return Math.round((((d * 24 + h) * 60 + m) * 60 + s) * 1000);
  }
  const net = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text);
  if (net) {
    const [d, h, m, s] = [net[1], net[2], net[3], net[4]].map((x) => Number(x ?? 0)) as [
      number,
      number,
      number,
      number,
    ];
    return Math.round((((d * 24 + h) * 60 + m) * 60 + s) * 1000);
  }
  return undefined;
}

export function toJob(row: ArgRow): Job | undefined {
  const id = str(row, 'id');
  if (!id) return undefined;
  const vault = vaultOf(id, row);
  const dsName = str(row, 'dsName');
  const dsSet = str(row, 'dsSetName');
  const startTime = isoTime(row, 'startTime');
  const endTime = isoTime(row, 'endTime');
  const errors = toJobErrors(dyn(row, 'errors'));
  // job-list.kql's itemId (jobs-filtered.kql ties RSV jobs to items); older rows named backupInstanceId.
  const instanceId = str(row, 'itemId') ?? str(row, 'backupInstanceId');
  const rawOperation = str(row, 'operation') ?? '';
  const job: Job = {
    id,
    subscriptionId: str(row, 'subscriptionId') ?? vault.subscriptionId,
    vault,
    datasource: {
      // PostgreSQL single-server databases: "server/database", as Backup center shows them.
      name: dsSet && dsName && dsSet.toLowerCase() !== dsName.toLowerCase() ? `${dsSet}/${dsName}` : (dsName ?? ''),
    },
    workload: toWorkloadOrOther(str(row, 'workload')),
    operation: { kind: toOperationKind(rawOperation), raw: rawOperation, adhoc: bool(row, 'isUserTriggered') === true },
    status: toJobStatus(str(row, 'status') ?? str(row, 'rawStatus')),
    rawStatus: str(row, 'rawStatus') ?? '',
    recommendations: errors[0]?.recommendations ?? [],
    errors,
  };
  const tenantId = str(row, 'tenantId');
  if (tenantId) job.tenantId = tenantId;
  const ds = job.datasource;
  const dsId = str(row, 'dsId');
  if (dsId) ds.id = dsId;
  const dsSub = str(row, 'dsSub');
  if (dsSub) ds.subscriptionId = dsSub;
  const dsRg = str(row, 'dsRg');
  if (dsRg) ds.resourceGroup = dsRg;
  const dsLocation = str(row, 'dsLocation');
  if (dsLocation) ds.location = dsLocation;
  const dsType = str(row, 'dsType');
  if (dsType) ds.type = dsType;
  if (startTime) job.startTime = startTime;
  if (endTime) job.endTime = endTime;
  const duration =
    parseDurationMs(str(row, 'duration')) ??
    (startTime && endTime ? Date.parse(endTime) - Date.parse(startTime) : undefined);
  if (duration !== undefined && duration >= 0) job.durationMs = duration;
  if (errors[0]) {
    job.errorCode = errors[0].code;
    if (errors[0].message) job.errorMessage = errors[0].message;
  }
  if (instanceId) {
    if (/\/protecteditems\//i.test(instanceId)) job.protectedItemId = instanceId;
    else job.backupInstanceId = instanceId;
  } else if (vault.kind === 'rsv') {
    const link = (str(row, 'itemLink') ?? '').toLowerCase();
    if (link === 'ambiguous' || link === 'none') job.itemUnknown = link === 'ambiguous' ? 'ambiguous' : 'unmatched';
  }
  return job;
}

export function toJobSummary(rows: ArgRow[], since: string): JobSummary {
  // Each subscription batch answers with its own counts: sum rows that share a key.
  const merged = new Map<string, JobCountRow>();
  for (const row of rows) {
    const tenantId = str(row, 'tenantId');
    const status = toJobStatus(str(row, 'status'));
    const workload: WorkloadOrOther = toWorkloadOrOther(str(row, 'workload'));
    const operation = toOperationKind(str(row, 'operation'));
    const count = num(row, 'jobs') ?? 0;
    const key = [tenantId ?? '', status, workload, operation].join('|');
    const seen = merged.get(key);
    if (seen) seen.count += count;
    else merged.set(key, { ...(tenantId ? { tenantId } : {}), status, workload, operation, count });
  }
  const summary: JobSummary = {
    since,
    total: 0,
    byStatus: emptyStatusCounts(),
    byWorkload: {},
    rows: [...merged.values()],
  };
  for (const r of summary.rows) {
    summary.total += r.count;
    summary.byStatus[r.status] += r.count;
    const perWorkload = summary.byWorkload[r.workload] ?? emptyStatusCounts();
    perWorkload[r.status] += r.count;
    summary.byWorkload[r.workload] = perWorkload;
  }
  return summary;
}
