// Simulates 14 days of backup jobs for one protected item / backup instance from its policy schedule and a "plan"
// (healthy, failing since t, stopped, soft-deleted, newly configured, stuck). Jobs that have not ended by `now`
// are running; failures may be followed by a user-triggered retry, as admins do.
import type { Workload } from './arm';
import { DAY, HOUR } from './arm';
import type { GenContext, Schedule } from './context';
import { type BackupError, findBackupError, pickBackupError } from './error-catalog';
import type { Rng } from './prng';

export interface ItemPlan {
  state: 'healthy' | 'failing' | 'irpending' | 'stopped' | 'softdeleted';
  configuredAt: number;
  /** No scheduled jobs from here on (protection stopped). */
  stoppedAt?: number;
  failingSince?: number;
  failingError?: BackupError;
  /** The newest job has been running for hours. */
  stuck: boolean;
}

export type JobOutcome = 'Completed' | 'CompletedWithWarnings' | 'Failed' | 'Cancelled' | 'InProgress';

/** Receives each simulated job; returns nothing. `endMs` is undefined while the job runs. */
export type JobSink = (
  outcome: JobOutcome,
  startMs: number,
  endMs: number | undefined,
  user: boolean,
  error: BackupError | undefined,
) => void;

export interface HistoryResult {
  /** Start of the newest finished backup (Completed/CompletedWithWarnings/Failed). */
  lastAttemptMs?: number;
  lastFailed: boolean;
  lastError?: BackupError;
  lastSuccessEndMs?: number;
}

const MIN = 60_000;

/** Chooses an item's lifecycle. `deletedError` marks a datasource that no longer exists (its jobs fail with it). */
export function planItem(ctx: GenContext, rng: Rng, workload: Workload, deletedError?: string): ItemPlan {
  const now = ctx.now;
  const configuredAt = now - rng.int(20, 700) * DAY;
  const deleted = deletedError === undefined ? undefined : findBackupError(deletedError);
  if (deleted) {
    if (rng.chance(0.35))
      return { state: 'softdeleted', configuredAt, stoppedAt: now - rng.int(1, 13) * DAY, stuck: false };
    return {
      state: 'failing',
      configuredAt,
      failingSince: now - rng.int(1, 12) * DAY,
      failingError: deleted,
      stuck: false,
    };
  }
  const r = rng.next();
  if (r < 0.04)
    return {
      state: 'stopped',
      configuredAt,
      stoppedAt: now - rng.int(1, 40) * DAY - rng.int(0, 24) * HOUR,
      stuck: false,
    };
  if (r < 0.06) return { state: 'softdeleted', configuredAt, stoppedAt: now - rng.int(1, 13) * DAY, stuck: false };
  if (r < 0.08) return { state: 'irpending', configuredAt: now - rng.int(1, 20) * HOUR, stuck: false };
  if (r < 0.15) {
    const failingSince = now - rng.int(6, 240) * HOUR;
    return { state: 'failing', configuredAt, failingSince, failingError: pickBackupError(rng, workload), stuck: false };
  }
  return { state: 'healthy', configuredAt, stuck: r > 0.997 };
}

function firstSlot(s: Schedule, from: number): number {
  const step = s.everyHours * HOUR;
  let t: number;
  if (s.everyHours === 168) {
    const d = new Date(from);
    const weekStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - d.getUTCDay() * DAY;
    t = weekStart + s.offsetMinutes * MIN;
  } else {
    t = Math.floor(from / DAY) * DAY - DAY + (s.offsetMinutes % (s.everyHours * 60)) * MIN;
  }
  while (t < from) t += step;
  return t;
}

/** Runs the schedule over [windowStart, now] and feeds every job to `sink`. */
export function simulateHistory(
  ctx: GenContext,
  rng: Rng,
  s: Schedule,
  plan: ItemPlan,
  workload: Workload,
  sink: JobSink,
): HistoryResult {
  const result: HistoryResult = { lastFailed: false };
  if (s.everyHours <= 0) return result;
  const now = ctx.now;
  const step = s.everyHours * HOUR;
  const from = Math.max(ctx.windowStart, plan.configuredAt);
  const until = Math.min(now, plan.stoppedAt ?? now);
  const scheduledUntil = plan.stuck ? until - 12 * HOUR : until;

  const emit = (outcome: JobOutcome, start: number, end: number, user: boolean, error?: BackupError): void => {
    if (end > now) {
      sink('InProgress', start, undefined, user, undefined);
      return;
    }
    sink(outcome, start, end, user, error);
    if (outcome === 'Cancelled') return;
    if (outcome === 'Failed') {
      if (result.lastAttemptMs === undefined || start >= result.lastAttemptMs) {
        result.lastAttemptMs = start;
        result.lastFailed = true;
        result.lastError = error;
      }
    } else {
      if (result.lastAttemptMs === undefined || start >= result.lastAttemptMs) {
        result.lastAttemptMs = start;
        result.lastFailed = false;
        result.lastError = undefined;
      }
      if (result.lastSuccessEndMs === undefined || end > result.lastSuccessEndMs) result.lastSuccessEndMs = end;
    }
  };
  const duration = (): number => rng.int(s.minMinutes * 60, s.maxMinutes * 60 + 1) * 1000 + rng.int(0, 1000);

  if (plan.state === 'irpending') {
    // Initial replication pending: at most the first backup, still running.
    if (rng.chance(0.5)) sink('InProgress', plan.configuredAt + rng.int(5, 50) * MIN, undefined, false, undefined);
    return result;
  }

  for (let t = firstSlot(s, from); t < scheduledUntil; t += step) {
    const start = t + rng.int(0, 15 * 60) * 1000;
    if (start >= scheduledUntil) break;
    const end = start + duration();
    const failing = plan.failingSince !== undefined && start >= plan.failingSince;
    let outcome: JobOutcome = 'Completed';
    let error: BackupError | undefined;
    if (failing) {
      outcome = 'Failed';
      error = plan.failingError;
    } else {
      const r = rng.next();
      if (r < 0.045) {
        outcome = 'Failed';
        error = pickBackupError(rng, workload);
      } else if (r < 0.07) outcome = 'CompletedWithWarnings';
      else if (r < 0.076) outcome = 'Cancelled';
    }
    emit(outcome, start, end, false, error);
    if (outcome === 'Failed' && end <= now && rng.chance(failing ? 0.15 : 0.3)) {
      // An admin retries from the portal (or a bot): an ad hoc, user-triggered backup some minutes later.
      const retryStart = end + rng.int(10, 180) * MIN;
      if (retryStart < until) {
        const again = failing ? rng.chance(0.85) : rng.chance(0.2);
        emit(again ? 'Failed' : 'Completed', retryStart, retryStart + duration(), true, again ? error : undefined);
      }
    } else if (rng.chance(0.012)) {
      const adhocStart = start + Math.floor(step / 2);
      if (adhocStart < until) emit('Completed', adhocStart, adhocStart + duration(), true);
    }
  }
  if (plan.stuck && until === now) {
    const start = now - rng.int(5 * 60, 11 * 60) * MIN;
    sink('InProgress', start, undefined, false, undefined);
  }
  return result;
}
