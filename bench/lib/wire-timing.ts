// Times what crosses the wire under the SDK: requests, bytes, and the time spent on Resource Graph: the union of the
// intervals with a request in flight and those the client held back on purpose (a retry's backoff, a quota pause), so
// that a view's wall time splits into "waiting on ARG" and "bot".
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { Metrics } from '../../src/core/metrics';

export interface WireFigures {
  requests: number;
  bytes: number;
  /** Wall time with a request in flight or the client holding back (overlaps counted once). */
  waitMs: number;
}

type Span = [start: number, end: number];

export class WireTiming {
  /** Start times of the requests in flight. */
  private readonly open = new Set<{ start: number }>();
  private spans: Span[] = [];
  private since = performance.now();
  private counts = { requests: 0, bytes: 0 };

  wrap(inner: HttpClient): HttpClient {
    return {
      sendRequest: async (request) => {
        const inFlight = { start: performance.now() };
        this.open.add(inFlight);
        try {
          const response = await inner.sendRequest(request);
          this.counts.requests += 1;
          this.counts.bytes += Buffer.byteLength(response.bodyAsText ?? '');
          return response;
        } finally {
          this.open.delete(inFlight);
          this.spans.push([inFlight.start, performance.now()]);
        }
      },
    };
  }

  /**
   * For the ArgClient's `metrics`: its waits are reported when they end. A retry after a dropped connection waits a
   * few hundred ms with nothing in flight; that is the network's time, not the bot's work.
   */
  metrics(): Pick<Metrics, 'graphRequest' | 'graphWaited' | 'partialAnswer'> {
    return {
      graphRequest() {},
      graphWaited: (_reason, seconds) => {
        const end = performance.now();
        this.spans.push([end - seconds * 1000, end]);
      },
      partialAnswer() {},
    };
  }

  /** Figures since the last reset (requests still in flight are counted up to now). */
  read(): WireFigures {
    const now = performance.now();
    const spans = [...this.spans, ...[...this.open].map((r): Span => [r.start, now])]
      .map(([start, end]): Span => [Math.max(start, this.since), end])
      .filter(([start, end]) => end > start)
      .sort((a, b) => a[0] - b[0]);
    let waitMs = 0;
    let covered = Number.NEGATIVE_INFINITY;
    for (const [start, end] of spans) {
      if (end <= covered) continue;
      waitMs += end - Math.max(start, covered);
      covered = end;
    }
    return { ...this.counts, waitMs };
  }

  reset(): void {
    this.counts = { requests: 0, bytes: 0 };
    this.spans = [];
    this.since = performance.now();
  }
}
