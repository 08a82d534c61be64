// Following a trigger's long-running operation until Azure names the job: waits as long as Azure's Retry-After asks
// (60 s on Recovery Services and Backup vaults, docs/azure-facts.md §4.1/§4.3), tells the caller each wait so a card can say so,
// and reads time through a PollClock so tests drive the waits instead of sleeping.
import type { TriggerWait } from '../../core/retry/ports';

export interface OperationPolling {
  /** Shortest wait between polls (ms): used when Azure sends no Retry-After, and as a floor under it. */
  minIntervalMs: number;
  /** Longest wait between polls (ms), whatever Retry-After says: a guard against absurd values, not a shortcut. */
  maxIntervalMs: number;
  /** Give up waiting for the job id after this long (ms); the backup may still run. */
  timeoutMs: number;
}

/**
 * Azure's 60 s Retry-After is honoured (ARM's async-operation guidance: poll no sooner than Retry-After), so the
 * job id can take a minute or two to appear; the card says what it is waiting for meanwhile (see OperationWait).
 * The docs show Retry-After on the 202; on the operation *status* answers it is unverified, and without it the bot
 * looks again after minIntervalMs.
 */
export const DEFAULT_OPERATION_POLLING: OperationPolling = {
  minIntervalMs: 1_000,
  maxIntervalMs: 120_000,
  timeoutMs: 300_000,
};

/** Where polling reads the time and waits; tests pass one they advance themselves. */
export interface PollClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SYSTEM_POLL_CLOCK: PollClock = { now: () => Date.now(), sleep };

/** One wait before the next look at the operation, as the caller may tell the user. */
export type OperationWait = TriggerWait;

/** Retry-After in seconds (or an HTTP date), kept within the polling bounds; the minimum when absent. */
export function pollingDelay(polling: OperationPolling, retryAfter: string | undefined, now = Date.now()): number {
  let ms = polling.minIntervalMs;
  const seconds = retryAfterSeconds(retryAfter, now);
  if (seconds !== undefined) ms = seconds * 1000;
  return Math.min(Math.max(ms, polling.minIntervalMs), polling.maxIntervalMs);
}

function retryAfterSeconds(retryAfter: string | undefined, now: number): number | undefined {
  if (retryAfter === undefined || retryAfter.trim() === '') return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const asDate = Date.parse(retryAfter);
  return Number.isFinite(asDate) ? Math.max(0, Math.ceil((asDate - now) / 1000)) : undefined;
}

/** What one look at the operation found: the result, or nothing yet and when Azure wants to be asked again. */
export type PollStep<T> = { done: T } | { done?: undefined; retryAfter?: string };

/**
 * Waits (as Retry-After asks), polls, and repeats until a step is done or the time runs out. The wait before each
 * poll goes to `onWait` first. The last wait is cut to the deadline, so the operation is always read once more at it.
 */
export async function pollOperation<T>(options: {
  polling: OperationPolling;
  clock: PollClock;
  firstRetryAfter: string | undefined;
  poll: () => Promise<PollStep<T>>;
  timedOut: () => Error;
  onWait?: (wait: OperationWait) => void;
  signal?: AbortSignal;
}): Promise<T> {
  const { polling, clock } = options;
  const deadline = clock.now() + polling.timeoutMs;
  let retryAfter = options.firstRetryAfter;
  for (;;) {
    const now = clock.now();
    const delayMs = Math.min(pollingDelay(polling, retryAfter, now), Math.max(0, deadline - now));
    const asked = retryAfterSeconds(retryAfter, now);
    options.onWait?.({ delayMs, ...(asked === undefined ? {} : { retryAfterSeconds: asked }) });
    await clock.sleep(delayMs, options.signal);
    const step = await options.poll();
    if ('done' in step && step.done !== undefined) return step.done;
    if (clock.now() >= deadline) throw options.timedOut();
    retryAfter = 'retryAfter' in step ? step.retryAfter : undefined;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): Error {
  const err = new Error('The operation was aborted.');
  err.name = 'AbortError';
  return err;
}
