// Which ARM requests the SDK pipeline may send again: reads (GET, HEAD) as the SDK's default retry does; writes (a
// backup trigger's POST, a PUT) only after a 429, the one answer that proves Azure did not act on the request. A 5xx
// or a dropped connection proves nothing, so a write is sent once and the error reaches the caller as it is.
import {
  defaultRetryPolicy,
  type Pipeline,
  type PipelinePolicy,
  type PipelineRetryOptions,
  type RetryStrategy,
  retryPolicy,
} from '@azure/core-rest-pipeline';

export const WRITE_SAFE_RETRY_POLICY = 'writeSafeRetryPolicy';
const SDK_DEFAULT_RETRY_POLICY = 'defaultRetryPolicy';
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Throttled (429) writes only, waiting what Azure asks (capped), else doubling from retryDelayInMs. */
function throttledOnly(options: PipelineRetryOptions): RetryStrategy {
  const base = options.retryDelayInMs ?? 1_000;
  const cap = options.maxRetryDelayInMs ?? 64_000;
  return {
    name: 'throttledWritesOnly',
    retry({ retryCount, response, responseError }) {
      const status = response?.status ?? responseError?.statusCode;
      if (status !== 429) return { skipStrategy: true };
      const asked = retryAfterMs(response?.headers.get('retry-after') ?? undefined, Date.now());
      return { retryAfterInMs: Math.min(cap, asked ?? base * 2 ** retryCount) };
    },
  };
}

export function writeSafeRetryPolicy(options: PipelineRetryOptions = {}): PipelinePolicy {
  const reads = defaultRetryPolicy(options);
  const writes = retryPolicy([throttledOnly(options)], { maxRetries: options.maxRetries ?? 3 });
  return {
    name: WRITE_SAFE_RETRY_POLICY,
    sendRequest: (request, next) =>
      READS.has(request.method.toUpperCase()) ? reads.sendRequest(request, next) : writes.sendRequest(request, next),
  };
}

/** Replaces an SDK client's default retry policy (which retries POSTs on 5xx) with writeSafeRetryPolicy. */
export function useWriteSafeRetries(client: { pipeline: Pipeline }, options?: PipelineRetryOptions): void {
  const removed = client.pipeline.removePolicy({ name: SDK_DEFAULT_RETRY_POLICY });
  // Fail loudly if an SDK update renames the policy: silently keeping both would retry writes again.
  if (removed.length === 0) throw new Error(`the SDK pipeline has no ${SDK_DEFAULT_RETRY_POLICY} to replace`);
  client.pipeline.addPolicy(writeSafeRetryPolicy(options), { phase: 'Retry' });
}
