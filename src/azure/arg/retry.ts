// When and how long to retry a Resource Graph request: 429 and transient 5xx/network/timeout failures get bounded
// exponential backoff with jitter, capped in attempts and in total time; an explicit Retry-After is honoured.

import { onAbort } from './on-abort';
import { parseHms, QUOTA_RESETS_AFTER_HEADER } from './quota';

export interface RetrySettings {
  /** Attempts per page request, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time one page request may spend retrying (attempts + waits); past it the page is given up. */
  budgetMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000, budgetMs: 30_000 };

export type FailureKind =
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout'
  | 'bad-request'
  | 'payload-too-large'
  | 'not-authorized'
  /** The asker's deadline came first (ArgQuery.deadline): not Azure's failure, never retried. */
  | 'deadline';

/** A request that did not produce a page, classified. `message` is Azure's (never contains tokens). */
export interface ArgFailure {
  kind: FailureKind;
  message: string;
  status?: number;
  code?: string;
  /** Azure's error body (`{error:{code,message,details}}`), for programming errors. */
  details?: unknown;
  /** How long Azure asked us to wait (Retry-After, else the quota reset), when it said. */
  retryAfterMs?: number;
  attempts: number;
  /** Given up because the next try was due only after the asker's deadline (a long Retry-After). */
  pastDeadline?: boolean;
}

const RETRYABLE: ReadonlySet<FailureKind> = new Set(['throttled', 'server', 'network', 'timeout']);

export function isRetryable(kind: FailureKind): boolean {
  return RETRYABLE.has(kind);
}

/** Equal jitter: half the exponential step is fixed, half random, so retries spread out but never collapse to 0. */
export function computeBackoffMs(
  failures: number,
  settings: RetrySettings,
  random: () => number = Math.random,
): number {
  const step = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

type HeaderGetter = (name: string) => string | null | undefined;

/** `retry-after-ms`, `x-ms-retry-after-ms`, then `Retry-After` (seconds or an HTTP date). */
export function parseRetryAfterMs(get: HeaderGetter, now: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(get(name));
    if (get(name) && Number.isFinite(value) && value >= 0) return value;
  }
  const text = get('retry-after');
  if (!text) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long a throttled request should wait. ARG's throttling doc does not promise Retry-After on 429 (unverified),
 * so the quota reset header is the fallback, then plain backoff.
 */
export function throttleWaitMs(get: HeaderGetter | undefined): number | undefined {
  if (!get) return undefined;
  return parseRetryAfterMs(get) ?? parseHms(get(QUOTA_RESETS_AFTER_HEADER));
}

/**
 * The wait before the next attempt, or undefined to give up (attempts or time budget spent, or not retryable).
 * A throttled request waits at least what Azure asked, plus up to 20 % so parallel callers do not return in lockstep.
 */
export function nextRetryDelayMs(
  failure: ArgFailure,
  elapsedMs: number,
  settings: RetrySettings,
  random: () => number = Math.random,
): number | undefined {
  if (!isRetryable(failure.kind) || failure.attempts >= settings.maxAttempts) return undefined;
  const backoff = computeBackoffMs(failure.attempts, settings, random);
  const delay = failure.retryAfterMs !== undefined ? Math.round(failure.retryAfterMs * (1 + 0.2 * random())) : backoff;
  return elapsedMs + delay > settings.budgetMs ? undefined : delay;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let forget = (): void => {};
    const timer = setTimeout(() => {
      forget();
      resolve();
    }, ms);
    if (signal) {
      forget = onAbort(signal, () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    }
  });
}

/** Resolves with `work`'s value, or with undefined once `signal` aborts first (the work goes on for whoever shares it). */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return work;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const forget = onAbort(signal, () => resolve(undefined));
    work.then(resolve, reject).finally(forget);
  });
}

/** The shared work goes on for other callers; only this caller stops waiting. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const forget = onAbort(signal, () => reject(signal.reason));
    promise.then(resolve, reject).finally(forget);
  });
}
