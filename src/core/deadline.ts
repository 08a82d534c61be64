// The deadline every answer runs under (ANSWER_DEADLINE_SECONDS): data calls stop waiting a little before it and
// answer with what came back (labelled partial); at the deadline itself the work is aborted and the asker told so.
import type { Command } from './commands/types';
import type { AnswerDeadline } from './ports';

export const DEFAULT_ANSWER_DEADLINE_MS = 15_000;

/** Time as the deadline sees it: a monotonic `now` and a one-shot timer. Tests drive a fake one. */
export interface DeadlineTimers {
  now(): number;
  /** Calls `fire` after `ms`; returns a function that cancels it. */
  schedule(ms: number, fire: () => void): () => void;
}

export const REAL_TIMERS: DeadlineTimers = {
  now: () => performance.now(),
  schedule(ms, fire) {
    const timer = setTimeout(fire, ms);
    // A pending deadline never keeps the process alive (shutdown, tests).
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/**
 * How long before the deadline data calls give up waiting: room to build the view, render it and post it. A fifth of
 * the deadline, between 0.5 s and 2 s (15 s → data stops at 13 s).
 */
export function marginOf(deadlineMs: number): number {
  return Math.min(2_000, Math.max(500, Math.round(deadlineMs / 5)));
}

/**
 * Start and Cancel of a confirmed retry are writes: given up at the deadline they would say "did not answer" about a
 * backup that may be starting. Their Azure calls have time limits of their own (src/azure/arm-timeout.ts) and end in a
 * card that says what is known.
 */
export function isWriteStep(command: Command): boolean {
  return command.verb === 'retry' && command.confirm !== undefined;
}

/** The command being answered, once parsed: the deadline's Try again runs it again. */
export interface Asked {
  command?: Command;
}

/** One answer's clock: `deadline` for data calls, `signal` for everything the answer holds, `expired` to race. */
export interface RunningDeadline {
  /** Aborts when the answer is given up (at the deadline, or when the asker's own signal aborts). */
  readonly signal: AbortSignal;
  /** Aborts `marginOf` before the deadline: data calls then answer with what came back. */
  readonly deadline: AnswerDeadline;
  /** Resolves at the deadline; aborting `signal` is then the caller's choice (a write may be left to finish). */
  readonly expired: Promise<void>;
  /** Aborts `signal` (frees sockets and concurrency slots the answer holds). */
  abort(): void;
  /** Cancels the timers once the answer is out. */
  dispose(): void;
}

/**
 * Nothing came back before the deadline: thrown into the work through `signal` when the answer is given up, and by
 * data calls that have no row to show by then (or that Azure asked to wait past it, `retryAfterMs`). Core answers it
 * with "Azure did not answer in time", never with an empty list.
 */
export class DeadlineExceededError extends Error {
  override name = 'DeadlineExceededError';
  constructor(
    message = 'no answer before the answer deadline',
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function startDeadline(
  deadlineMs: number,
  timers: DeadlineTimers = REAL_TIMERS,
  outer?: AbortSignal,
): RunningDeadline {
  const startedAt = timers.now();
  const softAt = startedAt + deadlineMs - marginOf(deadlineMs);
  const hard = new AbortController();
  const soft = new AbortController();
  const signal = outer ? AbortSignal.any([outer, hard.signal]) : hard.signal;
  // The asker giving up ends the data calls too (their partial answer would reach nobody).
  const stopSoft = () => soft.abort(signal.reason);
  if (signal.aborted) stopSoft();
  else signal.addEventListener('abort', stopSoft, { once: true });
  const cancelSoft = timers.schedule(Math.max(0, softAt - startedAt), () => soft.abort(new DeadlineExceededError()));
  let cancelHard = () => {};
  const expired = new Promise<void>((resolve) => {
    cancelHard = timers.schedule(deadlineMs, resolve);
  });
  return {
    signal,
    deadline: { signal: soft.signal, remainingMs: () => Math.max(0, softAt - timers.now()) },
    expired,
    abort() {
      soft.abort(new DeadlineExceededError());
      hard.abort(new DeadlineExceededError());
    },
    dispose() {
      cancelSoft();
      cancelHard();
      signal.removeEventListener('abort', stopSoft);
    },
  };
}
