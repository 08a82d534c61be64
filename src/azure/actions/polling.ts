// How long to wait between polls of a trigger's operation: Azure's Retry-After (60 s on Recovery Services), kept
// within bounds so that a chat user learns the job id in seconds, not minutes, and never polls in a tight loop.

export interface OperationPolling {
  /** Shortest wait between polls (ms). */
  minIntervalMs: number;
  /** Longest wait between polls, whatever Retry-After says (ms). */
  maxIntervalMs: number;
  /** Give up waiting for the job id after this long (ms); the backup may still run. */
  timeoutMs: number;
}

export const DEFAULT_OPERATION_POLLING: OperationPolling = {
  minIntervalMs: 1_000,
  maxIntervalMs: 10_000,
  timeoutMs: 120_000,
};

/** Retry-After in seconds (or an HTTP date), clamped to the polling bounds; the minimum when absent. */
export function pollingDelay(polling: OperationPolling, retryAfter: string | undefined): number {
  let ms = polling.minIntervalMs;
  if (retryAfter !== undefined && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    const asDate = Date.parse(retryAfter);
    if (Number.isFinite(seconds)) ms = seconds * 1000;
    else if (Number.isFinite(asDate)) ms = asDate - Date.now();
  }
  return Math.min(Math.max(ms, polling.minIntervalMs), polling.maxIntervalMs);
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
