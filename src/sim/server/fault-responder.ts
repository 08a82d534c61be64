// Turns a fault decision into what the caller experiences: a delay, a 5xx or 429 answer, or a request that is held
// without an answer and then dropped (the caller's timeout fires first, or it sees the socket close).
import type { ServerResponse } from 'node:http';
import { type FaultDecision, serverErrorBody } from './faults';
import { formatHms, type SimResponse } from './http-util';
import type { EndpointKind } from './types';

/** Releases for held requests, so that close() does not wait for them. */
export type PendingHolds = Set<() => void>;

export interface FaultOutcome {
  /** Absent when the request was dropped without an answer. */
  answer?: SimResponse;
  answeredBy: string;
}

export async function applyFault(
  decision: FaultDecision,
  res: ServerResponse,
  holds: PendingHolds,
  endpoint: EndpointKind,
): Promise<FaultOutcome | undefined> {
  // Held like a timeout, so that close() ends a long latency instead of waiting it out.
  if (decision.latencyMs > 0) await hold(decision.latencyMs, holds);
  const action = decision.action;
  switch (action.kind) {
    case 'none':
      return undefined;
    case '5xx':
      return { answer: { status: action.status, body: serverErrorBody(action.status) }, answeredBy: 'fault-5xx' };
    case '429':
      return {
        answer: {
          status: 429,
          headers: {
            'retry-after': String(action.retryAfterSeconds),
            // ARG callers pace themselves on the quota headers (Retry-After on ARG 429s is unverified).
            ...(endpoint === 'arg'
              ? {
                  'x-ms-user-quota-remaining': '0',
                  'x-ms-user-quota-resets-after': formatHms(action.retryAfterSeconds * 1000),
                }
              : {}),
          },
          body: {
            error: {
              code: 'TooManyRequests',
              message: 'The request was throttled (stand-in fault). Retry after the time in the Retry-After header.',
            },
          },
        },
        answeredBy: 'fault-429',
      };
    case 'timeout':
      await hold(action.holdMs, holds);
      res.socket?.destroy();
      return { answeredBy: 'fault-timeout' };
  }
}

/** Waits `ms` unless the server closes first (for answers that trickle out). */
export function pause(ms: number, holds: PendingHolds): Promise<void> {
  return hold(ms, holds);
}

function hold(ms: number | 'forever', holds: PendingHolds): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const release = (): void => {
      if (timer) clearTimeout(timer);
      holds.delete(release);
      resolve();
    };
    holds.add(release);
    if (ms !== 'forever') timer = setTimeout(release, ms);
  });
}
