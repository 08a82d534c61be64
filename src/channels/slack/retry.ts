// When a Slack call may be repeated: a 429 means Slack did nothing, so wait Retry-After and try again; a timeout or a
// dropped connection may have been acted on, so only calls that are safe to repeat are tried again.
import type { Logger } from '../../log';

export interface RetryPolicy {
  /** How many 429s one call waits out before giving up. */
  maxRateLimitWaits: number;
  /** A Retry-After longer than this is not waited for (the call fails and is logged). */
  maxRetryAfterS: number;
  /** Extra attempts after an ambiguous failure, for idempotent calls only. */
  ambiguousRetries: number;
}

/** A 429 from a response_url (web-api's own WebAPIRateLimitedError has the same `retryAfter` field). */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(
    readonly retryAfter: number,
    what: string,
  ) {
    super(`${what} was rate-limited; retry after ${retryAfter} s`);
  }
}

/** A definite refusal (4xx other than 429, or ok:false): repeating it would fail the same way. */
export class DefiniteFailure extends Error {
  override name = 'DefiniteFailure';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Seconds to wait when `err` is a 429, else undefined. */
export function retryAfterSeconds(err: unknown): number | undefined {
  const retryAfter = (err as { retryAfter?: unknown } | undefined)?.retryAfter;
  return typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
}

export function isRateLimited(err: unknown): boolean {
  return retryAfterSeconds(err) !== undefined;
}

/** Slack answered and refused (ok:false, 4xx): nothing happened, and trying again would not help. */
function isDefinite(err: unknown): boolean {
  if (err instanceof DefiniteFailure) return true;
  const e = err as { name?: string; code?: string; statusCode?: number } | undefined;
  if (e?.name === 'SlackPlatformError' || e?.code === 'slack_webapi_platform_error') return true;
  return e?.code === 'slack_webapi_http_error' && typeof e.statusCode === 'number' && e.statusCode < 500;
}

/** Runs `attempt` under the policy; `what` names the call in logs (never its arguments: they may hold user text). */
export async function withSlackRetries<T>(
  policy: RetryPolicy,
  log: Logger,
  what: string,
  idempotent: boolean,
  attempt: () => Promise<T>,
): Promise<T> {
  let waits = 0;
  let ambiguous = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      const retryAfter = retryAfterSeconds(err);
      if (retryAfter !== undefined) {
        if (waits >= policy.maxRateLimitWaits || retryAfter > policy.maxRetryAfterS) {
          log.error({ what, retryAfter, waits }, `Slack kept rate-limiting ${what}; giving up`);
          throw err;
        }
        waits += 1;
        log.warn({ what, retryAfter }, `Slack rate-limited ${what}; retrying after ${retryAfter} s (Retry-After)`);
        // Retry-After is whole seconds; a floor of 1 s guards against "0" answers that would spin.
        await sleep(Math.max(1, retryAfter) * 1000);
        continue;
      }
      if (idempotent && !isDefinite(err) && ambiguous < policy.ambiguousRetries) {
        ambiguous += 1;
        log.warn({ what, err }, `${what} failed without a clear answer; trying once more (safe to repeat)`);
        await sleep(250 * ambiguous);
        continue;
      }
      if (!idempotent && !isDefinite(err)) {
        log.error({ what, err }, `${what} failed without a clear answer; not repeated, so nothing is sent twice`);
      }
      throw err;
    }
  }
}
