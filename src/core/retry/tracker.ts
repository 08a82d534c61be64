// Follows started backup jobs until they end and updates their card: Started → In progress → Completed or Failed
// (with the error and its fix). Jobs are pending operations in the store, so a restarted bot resumes them; when
// several replicas follow the same job, one claim decides who reports the end (and audits it) exactly once.

import type { PortalOptions } from '../portal-links';
import type { RetryViewModel } from '../view-models/retry';
import { createTimeFormat } from '../views/shared/time';
import { BackupActionError } from './action-error';
import { itemAuditDetails } from './checks';
import { isFinished } from './job-state';
import type { BackupActions, JobState, ProgressSink, RetryLogger, RetryStore } from './ports';
import { type ClaimPayload, doneKey, PENDING_KIND, type PendingJob, type RetrySettings } from './records';
import { pendingId } from './start-item';
import { retryReply } from './view-common';
import { finishedView, inProgressView, type ProgressEnv, untrackedView } from './views-progress';

export interface TrackerDeps {
  actions: BackupActions;
  store: RetryStore;
  sink?: ProgressSink;
  settings: RetrySettings;
  now: () => Date;
  replicaId: string;
  portal?: PortalOptions;
  log?: RetryLogger;
}

/** "Not found" this many rounds in a row (not a blip of eventual consistency) ends tracking. */
const MAX_MISSES = 3;

export class JobTracker {
  private readonly jobs = new Map<string, PendingJob>();
  /** Consecutive "job not found" answers per job: a job Azure forgot cannot be followed. */
  private readonly misses = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly deps: TrackerDeps) {}

  /** Follows `job` from now on (idempotent per job). */
  track(job: PendingJob): void {
    if (this.closed) return;
    this.jobs.set(pendingId(job.job.id), job);
    this.schedule();
  }

  /** Picks up every pending job in the store (after a restart); returns how many. */
  async resume(): Promise<number> {
    const ops = await this.deps.store.listPendingOperations(PENDING_KIND);
    for (const op of ops) this.track(op.state as PendingJob);
    return ops.length;
  }

  /** How many jobs this process follows now. */
  get size(): number {
    return this.jobs.size;
  }

  /** Stops polling (the pending jobs stay in the store for the next start) and waits for a running round. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.round;
  }

  private schedule(): void {
    if (this.timer || this.closed || this.jobs.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.round = this.pollAll().finally(() => {
        this.round = undefined;
        this.schedule();
      });
    }, this.deps.settings.trackIntervalMs);
    this.timer.unref?.();
  }

  private async pollAll(): Promise<void> {
    const queue = [...this.jobs.values()];
    const worker = async (): Promise<void> => {
      for (let job = queue.shift(); job && !this.closed; job = queue.shift()) await this.pollOne(job);
    };
    await Promise.all(Array.from({ length: Math.max(1, this.deps.settings.trackConcurrency) }, worker));
  }

  private async pollOne(p: PendingJob): Promise<void> {
    const id = pendingId(p.job.id);
    const now = this.deps.now();
    let state: JobState;
    try {
      state = await this.deps.actions.getJobStatus(p.job);
    } catch (err) {
      this.deps.log?.warn({ err, job: p.job.id }, 'could not read the backup job; trying again next round');
      const gone = err instanceof BackupActionError && err.kind === 'not-found';
      const misses = gone ? (this.misses.get(id) ?? 0) + 1 : 0;
      this.misses.set(id, misses);
      if (misses >= MAX_MISSES) {
        await this.finish(p, (env) => untrackedView(p, env, 'Azure no longer knows this job'));
      } else if (now.getTime() - Date.parse(p.startedAt) > this.deps.settings.trackTimeoutMs) {
        await this.finish(p, (env) => untrackedView(p, env, 'Azure stopped answering about this job'));
      }
      return;
    }
    this.misses.delete(id);
    if (isFinished(state.status)) {
      await this.finish(p, (env) => finishedView(p, state, env), state);
      return;
    }
    if (now.getTime() - Date.parse(p.startedAt) > this.deps.settings.trackTimeoutMs) {
      await this.finish(p, (env) => untrackedView(p, env, 'Still running after a day; the bot stopped following it'));
      return;
    }
    // A client that shows updates as new messages gets the milestones only (started, then the end), not this step.
    if (p.reported === 'started' && p.messageRef?.updatesInPlace !== false) {
      const next: PendingJob = { ...p, reported: 'in-progress' };
      this.jobs.set(id, next);
      await this.deps.store.upsertPendingOperation({ id, kind: PENDING_KIND, state: next }).catch((err: unknown) => {
        this.deps.log?.warn({ err, job: p.job.id }, 'could not save the job progress');
      });
      await this.report(next, (env) => inProgressView(next, state, env));
    }
  }

  /** Reports the end once across replicas, audits it, frees the item when nothing was backed up, forgets the job. */
  private async finish(p: PendingJob, view: (env: ProgressEnv) => RetryViewModel, state?: JobState): Promise<void> {
    const id = pendingId(p.job.id);
    this.jobs.delete(id);
    this.misses.delete(id);
    const { store, settings } = this.deps;
    const won = await store.claimIdempotencyKey(doneKey(p.job.id), this.deps.replicaId, settings.claimWindowMs * 4);
    if (!won.claimed) return;
    await this.report(p, view);
    try {
      await store.appendAudit({
        actor: { platform: p.by.platform, userId: p.by.userId, name: p.by.name ?? null },
        channel: p.channel ?? null,
        action: 'retry-job',
        target: p.item.id,
        result: state ? state.status.toLowerCase() : 'untracked',
        details: { ...itemAuditDetails(p.item), errors: state?.errors ?? [] },
        azureJobId: p.job.id,
        at: this.deps.now(),
      });
      // A failed or cancelled job backed nothing up: the item may be retried at once. A completed one keeps the claim,
      // marked done: a click on an old card is told it was backed up, a fresh confirmation may start another.
      if (state && (state.status === 'Failed' || state.status === 'Cancelled')) {
        await store.releaseIdempotencyKey(p.claim.key, p.claim.owner);
      } else if (state) {
        const done: ClaimPayload = {
          by: p.by,
          at: p.startedAt,
          jobId: p.job.id,
          done: { status: state.status, at: this.deps.now().toISOString() },
        };
        await store.setIdempotencyPayload(p.claim.key, p.claim.owner, done);
      }
      await store.deletePendingOperation(id);
    } catch (err) {
      this.deps.log?.error({ err, job: p.job.id }, 'could not record the end of a tracked backup');
    }
  }

  private async report(p: PendingJob, view: (env: ProgressEnv) => RetryViewModel): Promise<void> {
    if (!p.messageRef || !this.deps.sink) return;
    const env: ProgressEnv = {
      time: createTimeFormat(p.timeZone),
      now: this.deps.now(),
      ...(this.deps.portal ? { portal: this.deps.portal } : {}),
    };
    try {
      await this.deps.sink.update(p.messageRef, retryReply(view(env)));
    } catch (err) {
      this.deps.log?.warn({ err, job: p.job.id }, 'could not update the retry card');
    }
  }
}
