// Times what crosses the wire under the SDK: requests, bytes, and the union of in-flight intervals (wall time during
// which at least one ARM request was outstanding), so that a view's wall time splits into "waiting on ARG" and "bot".
import type { HttpClient } from '@azure/core-rest-pipeline';

export interface WireFigures {
  requests: number;
  bytes: number;
  /** Wall time with at least one request in flight (parallel requests counted once). */
  waitMs: number;
}

export class WireTiming {
  private inFlight = 0;
  private busySince = 0;
  private figures: WireFigures = { requests: 0, bytes: 0, waitMs: 0 };

  wrap(inner: HttpClient): HttpClient {
    return {
      sendRequest: async (request) => {
        this.begin();
        try {
          const response = await inner.sendRequest(request);
          this.figures.requests += 1;
          this.figures.bytes += Buffer.byteLength(response.bodyAsText ?? '');
          return response;
        } finally {
          this.end();
        }
      },
    };
  }

  /** Figures since the last reset (requests still in flight are counted up to now). */
  read(): WireFigures {
    const open = this.inFlight > 0 ? performance.now() - this.busySince : 0;
    return { ...this.figures, waitMs: this.figures.waitMs + open };
  }

  reset(): void {
    this.figures = { requests: 0, bytes: 0, waitMs: 0 };
    if (this.inFlight > 0) this.busySince = performance.now();
  }

  private begin(): void {
    if (this.inFlight === 0) this.busySince = performance.now();
    this.inFlight += 1;
  }

  private end(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) this.figures.waitMs += performance.now() - this.busySince;
  }
}
