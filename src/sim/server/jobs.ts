// Jobs created by backup triggers: an InProgress job row is added to the estate at once (ARG sees it), and turns
// Completed or Failed once the configured delay has passed on the sim clock (checked on every request, no timers).
import { randomUUID } from 'node:crypto';
import { findBackupError, pickBackupError, toBvJobError, toRsvJobError } from '../estate/error-catalog';
import { type BvJobInput, buildBvJobRow, buildRsvJobRow, type RsvJobInput } from '../estate/job-rows';
import { createRng, type Rng } from '../estate/prng';
import type { Estate, Row } from '../estate/types';
import { workloadOf } from '../estate/workload-of';
import { idOf, props } from './estate-index';
import type { JobCompletionConfig } from './types';

export interface JobStart {
  kind: 'rsv' | 'bv';
  item: Row;
  vaultPath: string;
  /** RSV workload items (SQL/HANA). */
  backupType?: string;
  ruleName?: string;
  retentionTag?: string;
}

interface Tracked {
  kind: 'rsv' | 'bv';
  jobId: string;
  row: Row;
  item: Row;
  input: RsvJobInput | BvJobInput;
  finishAt: number;
  failWith?: string;
  done: boolean;
}

const DEFAULT_DELAY_MS = 30_000;

export class JobTracker {
  private tracked = new Map<string, Tracked>();
  /** Item property objects replaced on completion, to restore on reset. */
  private journal: { item: Row; properties: unknown }[] = [];
  private rng: Rng;

  constructor(
    private readonly estate: Estate,
    private readonly now: () => Date,
    private config: JobCompletionConfig = {},
    private readonly seed?: number,
  ) {
    this.rng = createRng(seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  setConfig(config: JobCompletionConfig): void {
    this.config = { ...config };
  }

  start(spec: JobStart): { jobId: string } {
    const jobId = randomUUID();
    const startTime = this.now();
    const base = { jobId, startTime, now: startTime, isUserTriggered: true, status: 'InProgress' as const };
    let input: RsvJobInput | BvJobInput;
    let row: Row;
    if (spec.kind === 'rsv') {
      const rsvInput: RsvJobInput = { ...base };
      input = rsvInput;
      row = buildRsvJobRow(spec.item, rsvInput);
    } else {
      const bvInput: BvJobInput = { ...base, ...pick(spec, ['ruleName', 'retentionTag']) };
      input = bvInput;
      row = buildBvJobRow(spec.item, bvInput);
    }
    this.estate.tables.RecoveryServicesResources.push(row);
    const tracked: Tracked = {
      kind: spec.kind,
      jobId,
      row,
      item: spec.item,
      input,
      done: false,
      finishAt: startTime.getTime() + (this.config.delayMs ?? DEFAULT_DELAY_MS),
    };
    const failWith = this.decideFailure(spec.item, spec.kind);
    if (failWith !== undefined) tracked.failWith = failWith;
    this.tracked.set(jobId, tracked);
    return { jobId };
  }

  /** Finishes the jobs whose time has come. */
  advance(): void {
    const now = this.now().getTime();
    for (const t of this.tracked.values()) if (!t.done && t.finishAt <= now) this.finish(t, new Date(t.finishAt));
  }

  settle(): void {
    const now = this.now();
    for (const t of this.tracked.values()) if (!t.done) this.finish(t, now);
  }

  /** A job row of the vault by job name (triggered or from the estate). */
  find(vaultPath: string, jobId: string): Row | undefined {
    const mine = this.tracked.get(jobId.toLowerCase());
    if (mine && idOf(mine.row).startsWith(`${vaultPath.toLowerCase()}/`)) return mine.row;
    const wanted = `${vaultPath}/backupJobs/${jobId}`.toLowerCase();
    return this.estate.tables.RecoveryServicesResources.find((r) => idOf(r) === wanted);
  }

  reset(): void {
    const added = new Set([...this.tracked.values()].map((t) => t.row));
    this.estate.tables.RecoveryServicesResources = this.estate.tables.RecoveryServicesResources.filter(
      (r) => !added.has(r),
    );
    for (const { item, properties } of this.journal.reverse()) item.properties = properties;
    this.journal = [];
    this.tracked.clear();
    this.rng = createRng(this.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** The catalog code the job will fail with, or undefined when it will complete. */
  private decideFailure(item: Row, kind: 'rsv' | 'bv'): string | undefined {
    const id = idOf(item);
    const name = String(props(item).friendlyName ?? item.name ?? '').toLowerCase();
    const rule = (this.config.rules ?? []).find((r) => {
      const m = r.match.toLowerCase();
      return id.includes(m) || name.includes(m);
    });
    // An item of a workload the catalog does not know fails with a generic entry of its vault kind.
    const workload = workloadOf(item) ?? (kind === 'rsv' ? 'vm' : 'disks');
    if (rule)
      return rule.outcome === 'Failed' ? (rule.errorCode ?? pickBackupError(this.rng, workload).code) : undefined;
    const rate = this.config.failureRate ?? 0;
    return rate > 0 && this.rng.chance(rate) ? pickBackupError(this.rng, workload).code : undefined;
  }

  private finish(t: Tracked, endTime: Date): void {
    t.done = true;
    const catalogEntry = t.failWith === undefined ? undefined : findBackupError(t.failWith);
    const status = t.failWith === undefined ? 'Completed' : 'Failed';
    let finished: Row;
    if (t.kind === 'rsv') {
      const input: RsvJobInput = { ...(t.input as RsvJobInput), status, endTime };
      if (t.failWith !== undefined) {
        input.error = catalogEntry
          ? toRsvJobError(catalogEntry)
          : { code: 0, codeName: t.failWith, message: t.failWith, recommendations: [] };
      }
      finished = buildRsvJobRow(t.item, input);
      this.updateRsvItem(t.item, status, t.input.startTime);
    } else {
      const input: BvJobInput = { ...(t.input as BvJobInput), status, endTime };
      if (t.failWith !== undefined) {
        input.error = catalogEntry
          ? toBvJobError(catalogEntry)
          : { code: t.failWith, message: t.failWith, recommendations: [] };
      }
      finished = buildBvJobRow(t.item, input);
    }
    // In place, so the row keeps its position in the table (and any reference to it sees the new state).
    Object.assign(t.row, finished);
  }

  /** RSV items carry their last backup (BV instances do not: their jobs are the only record). */
  private updateRsvItem(item: Row, status: 'Completed' | 'Failed', startTime: Date): void {
    const p = props(item);
    this.journal.push({ item, properties: item.properties });
    const isWorkload = String(p.backupManagementType ?? '').toLowerCase() === 'azureworkload';
    const next: Record<string, unknown> = { ...p };
    next.lastBackupStatus = isWorkload ? (status === 'Completed' ? 'Healthy' : 'Unhealthy') : status;
    if (status === 'Completed') {
      next.lastBackupTime = startTime.toISOString();
      next.lastRecoveryPoint = startTime.toISOString();
    }
    item.properties = next;
  }
}

function pick<T extends object, K extends keyof T>(obj: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}
