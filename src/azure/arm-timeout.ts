// A time limit on every ARM request of the backup clients: a request Azure holds without answering fails with
// ARM_REQUEST_TIMEOUT (told apart from the caller's own abort), so a Retry never waits forever on a hung trigger.
import { type Pipeline, type PipelinePolicy, RestError } from '@azure/core-rest-pipeline';

export const ARM_REQUEST_TIMEOUT = 'ARM_REQUEST_TIMEOUT';
export const DEFAULT_ARM_REQUEST_TIMEOUT_MS = 30_000;

export function isArmTimeout(err: unknown): boolean {
  return (err as { code?: unknown } | undefined)?.code === ARM_REQUEST_TIMEOUT;
}

export function armTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  if (!(timeoutMs > 0)) throw new Error(`the ARM request timeout must be positive, not ${timeoutMs}`);
  return {
    name: 'armRequestTimeoutPolicy',
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const controller = new AbortController();
      const forward = () => controller.abort();
      if (outer?.aborted) forward();
      outer?.addEventListener('abort', forward, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (err) {
        if (!timedOut) throw err;
        const seconds = Math.max(1, Math.round(timeoutMs / 1000));
        throw new RestError(`Azure did not answer within ${seconds} s`, { code: ARM_REQUEST_TIMEOUT, request });
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
        // The retry policy above reads the caller's signal, not this request's timer.
        request.abortSignal = outer;
      }
    },
  };
}

/** Each attempt (after the retry policy) gets its own limit. */
export function useArmTimeout(client: { pipeline: Pipeline }, timeoutMs = DEFAULT_ARM_REQUEST_TIMEOUT_MS): void {
  client.pipeline.addPolicy(armTimeoutPolicy(timeoutMs), { afterPhase: 'Retry' });
}
