// Follows started backup jobs until they end and updates their card: Started → In progress → Completed or Failed
// (with the error and its fix). Jobs and unconfirmed requests are pending operations in the store, each held by one
// replica under a lease it renews every poll; a replica that dies leaves them to whichever live replica claims them
// once the lease runs out (requests are reconciled: ./reconcile). One claim decides who reports a job's end, once.

import type { Metrics } from '../metrics';
import { Periodic } from '../periodic';
import type { PortalOptions } from '../portal-links';
import type { RetryViewModel } from '../view-models/retry';
import { createTimeFormat } from '../views/shared/time';
import { BackupActionError } from './action-error';
import { itemAuditDetails } from './checks';
import type { LeaseKeeper } from './intent';
import { isFinished } from './job-state';
import type { BackupActions, ItemSource, JobState, ProgressSink, RetryLogger, RetryStore } from './ports';
import { reconcileIntent } from './reconcile';
import {
  type ClaimPayload,
  doneKey,
  INTENT_KIND,
  PENDING_KIND,
  type PendingJob,
  pendingId,
  type RetrySettings,
  type StartIntent,
} from './records';
import { retryReply } from './view-common';
import { finishedView, inProgressView, type ProgressEnv, untrackedView } from './views-progress';

export interface TrackerDeps {
  actions: BackupActions;
  /** Finds the job of a request whose sender died (Resource Graph). */
  items: ItemSource;
  store: RetryStore;
  sink?: ProgressSink;
  settings: RetrySettings;
  /** Drives leases and the reconcile window, as well as the cards' times. */
  now: () => Date;
  replicaId: string;
  portal?: PortalOptions;
  log?: RetryLogger;
  /** How each followed job ended, counted once across replicas (by the one that reports it). */
  metrics?: Pick<Metrics, 'backupJobEnded'>;
}

/** "Not found" this many rounds in a row (not a blip of eventual consistency) ends tracking. */
const MAX_MISSES = 3;

export class JobTracker implements LeaseKeeper {
  private readonly jobs = new Map<string, PendingJob>();
  /** Requests taken over from a replica that died before Azure named their job. */
  private readonly intents = new Map<string, StartIntent>();
  /** Requests this process is sending now (startItem holds them): their leases are renewed too. */
  private readonly inFlight = new Set<string>();
  /** Consecutive "job not found" answers per job: a job Azure forgot cannot be followed. */
  private readonly misses = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private closed = false;
  /** Set by resume(): this process also takes over pending work whose holder stopped renewing. */
  private scanning = false;
  /** Renews held leases (and claims free work) every poll interval, apart from the polls, which may be slow. */
  private readonly leases: Periodic<void>;
  private stopLeases: (() => void) | undefined;

  constructor(private readonly deps: TrackerDeps) {
    this.leases = new Periodic(
      () => this.leaseRound(),
      () => deps.settings.trackIntervalMs,
      (err) => deps.log?.warn({ err }, 'could not renew or claim pending backups; trying again'),
    );
  }

  /** Follows `job` from now on (idempotent per job); its row is held by this replica. */
  track(job: PendingJob): void {
    if (this.closed) return;
    this.jobs.set(pendingId(job.job.id), job);
    this.startLeases();
    this.schedule();
  }

  hold(id: string): void {
    if (this.closed) return;
    this.inFlight.add(id);
    this.startLeases();
  }

  release(id: string): void {
    this.inFlight.delete(id);
  }

  /**
   * From now on takes over pending jobs and requests nobody holds (left by a previous process, or by a replica that
   * died), at once and then every poll; returns how many it took now.
   */
  async resume(): Promise<number> {
    if (this.closed) return 0;
    this.scanning = true;
    this.startLeases();
    const taken = await this.claimFree();
    this.schedule();
    return taken;
  }

  /** How many jobs (and requests being reconciled) this process follows now. */
  get size(): number {
    return this.jobs.size + this.intents.size;
  }

  /**
   * Stops polling and waits for a running round; the pending rows stay in the store, their leases given up so that
   * another replica (or the next start) takes them at once.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopLeases?.();
    await Promise.all([this.round, this.leases.close()]);
    const held = [...this.jobs.keys(), ...this.intents.keys()];
    await this.deps.store.releasePendingOperations(held, this.deps.replicaId).catch((err: unknown) => {
      this.deps.log?.warn({ err }, 'could not give up the leases of pending backups; they run out on their own');
    });
  }

  private startLeases(): void {
    if (!this.stopLeases && !this.closed) this.stopLeases = this.leases.start();
  }

  private async leaseRound(): Promise<void> {
    if (this.closed) return;
    const ids = [...this.jobs.keys(), ...this.intents.keys(), ...this.inFlight];
    const { store, settings, replicaId, now } = this.deps;
    const kept = new Set(await store.renewPendingOperations(ids, replicaId, now(), settings.leaseMs));
    // A lease that ran out (this process stalled) may have gone to another replica: leave the work to the store.
    // Only rows asked about count: work taken on while the renewal ran was leased just now.
    for (const id of ids) {
      if (kept.has(id)) continue;
      this.jobs.delete(id);
      this.intents.delete(id);
      this.misses.delete(id);
    }
    if (this.scanning) await this.claimFree();
    this.schedule();
  }

  private async claimFree(): Promise<number> {
    const { store, settings, replicaId, now } = this.deps;
    const ops = await store.claimPendingOperations([PENDING_KIND, INTENT_KIND], replicaId, now(), settings.leaseMs);
    for (const op of ops) {
      if (op.kind === PENDING_KIND) this.jobs.set(op.id, op.state as PendingJob);
      else this.intents.set(op.id, op.state as StartIntent);
    }
    if (ops.length > 0) this.deps.log?.info({ taken: ops.length }, 'took over pending backups nobody followed');
    return ops.length;
  }

  private schedule(): void {
    if (this.timer || this.closed || this.size === 0) return;
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
    const queue: (() => Promise<void>)[] = [
      ...[...this.intents].map(
        ([id, intent]) =>
          () =>
            this.reconcile(id, intent),
      ),
      ...[...this.jobs.values()].map((job) => () => this.pollOne(job)),
    ];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next && !this.closed; next = queue.shift()) await next();
    };
    await Promise.all(Array.from({ length: Math.max(1, this.deps.settings.trackConcurrency) }, worker));
  }

  private async reconcile(id: string, intent: StartIntent): Promise<void> {
    const { settings } = this.deps;
    try {
      const result = await reconcileIntent(
        {
          ...this.deps,
          leaseMs: settings.leaseMs,
          windowMs: settings.reconcileWindowMs,
          report: (target, view) => this.report(target, view),
        },
        id,
        intent,
      );
      if (result.kind === 'wait') return;
      this.intents.delete(id);
      if (result.kind === 'job') this.jobs.set(pendingId(result.pending.job.id), result.pending);
    } catch (err) {
      this.deps.log?.warn({ err, item: intent.item.id }, 'could not reconcile a backup request; trying again');
    }
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
    this.deps.metrics?.backupJobEnded(state && isFinished(state.status) ? state.status : 'untracked');
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

  private async report(
    p: Pick<PendingJob, 'messageRef' | 'timeZone'>,
    view: (env: ProgressEnv) => RetryViewModel,
  ): Promise<void> {
    if (!p.messageRef || !this.deps.sink) return;
    const env: ProgressEnv = {
      time: createTimeFormat(p.timeZone),
      now: this.deps.now(),
      ...(this.deps.portal ? { portal: this.deps.portal } : {}),
    };
    try {
      await this.deps.sink.update(p.messageRef, retryReply(view(env)));
    } catch (err) {
      this.deps.log?.warn({ err }, 'could not update the retry card');
    }
  }
}
