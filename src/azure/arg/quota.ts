// Resource Graph's per-identity quota (about 15 queries per 5 s): read from every answer, obeyed before every request.
// We slow down before the quota runs out, so a busy bot spreads its requests instead of collecting 429s.

export const QUOTA_REMAINING_HEADER = 'x-ms-user-quota-remaining';
export const QUOTA_RESETS_AFTER_HEADER = 'x-ms-user-quota-resets-after';

/** `hh:mm:ss` (optionally `d.hh:mm:ss` and fractional seconds, .NET TimeSpan style) → ms; undefined when unreadable. */
export function parseHms(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const match = /^\s*(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  const total = Number(days ?? 0) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return Number.isFinite(total) ? Math.round(total * 1000) : undefined;
}

export interface QuotaReading {
  remaining: number;
  resetsAfterMs: number;
}

/** Both quota headers, or undefined when either is missing or malformed (e.g. a proxy stripped them). */
export function readQuotaHeaders(get: (name: string) => string | null | undefined): QuotaReading | undefined {
  const remainingText = get(QUOTA_REMAINING_HEADER);
  const resetsAfterMs = parseHms(get(QUOTA_RESETS_AFTER_HEADER));
  if (remainingText == null || !/^\s*-?\d+\s*$/.test(remainingText) || resetsAfterMs === undefined) return undefined;
  return { remaining: Number(remainingText), resetsAfterMs };
}

export interface QuotaGateOptions {
  /** Start spacing requests out when this few remain in the window (default 2). */
  lowWater?: number;
  /** The header has 1 s resolution and "00:00:00" may still be inside the window: never wait less than this at 0. */
  minResetWaitMs?: number;
  now?: () => number;
}

/**
 * One identity's view of its quota window. `delayMs()` says how long the next request must wait; `take()` reserves a
 * unit for a request about to leave; `observe()` replaces our estimate with what Resource Graph said.
 */
export class QuotaGate {
  private remaining: number | undefined;
  private resetAt = 0;
  private nextSlotAt = 0;
  private inFlight = 0;
  private readonly lowWater: number;
  private readonly minResetWaitMs: number;
  private readonly now: () => number;

  constructor(options: QuotaGateOptions = {}) {
    this.lowWater = Math.max(0, options.lowWater ?? 2);
    this.minResetWaitMs = Math.max(0, options.minResetWaitMs ?? 250);
    this.now = options.now ?? Date.now;
  }

  delayMs(): number {
    const now = this.now();
    if (this.remaining === undefined) return 0;
    if (now >= this.resetAt) {
      // A new window: the quota is full again as far as we know.
      this.remaining = undefined;
      return 0;
    }
    if (this.remaining <= 0) return this.resetAt - now;
    if (this.remaining <= this.lowWater) return Math.max(0, this.nextSlotAt - now);
    return 0;
  }

  /** Reserve a unit for a request that leaves now; pair with `observe()` or `settle()`. */
  take(): void {
    this.inFlight += 1;
    if (this.remaining === undefined) return;
    const now = this.now();
    this.remaining -= 1;
    if (this.remaining <= this.lowWater) {
      // Spread what is left over the rest of the window instead of spending it at once.
      this.nextSlotAt = now + (this.resetAt - now) / (Math.max(0, this.remaining) + 1);
    }
  }

  /** A request ended; `reading` is what its answer said (undefined when it carried no quota headers). */
  observe(reading: QuotaReading | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (!reading) return;
    const now = this.now();
    // Requests still in flight may not be counted in the answer yet: assume they will be.
    const remaining = reading.remaining - this.inFlight;
    const wait = remaining <= 0 ? Math.max(reading.resetsAfterMs, this.minResetWaitMs) : reading.resetsAfterMs;
    this.remaining = remaining;
    this.resetAt = now + wait;
    if (remaining <= this.lowWater)
      this.nextSlotAt = Math.max(this.nextSlotAt, now + wait / (Math.max(0, remaining) + 1));
  }

  /** A 429: nothing is left until `waitMs` from now (at least). */
  block(waitMs: number): void {
    const now = this.now();
    this.remaining = 0;
    this.resetAt = Math.max(this.resetAt, now + Math.max(waitMs, this.minResetWaitMs));
  }

  /** For logs and tests. */
  snapshot(): { remaining: number | undefined; resetInMs: number; inFlight: number } {
    return { remaining: this.remaining, resetInMs: Math.max(0, this.resetAt - this.now()), inFlight: this.inFlight };
  }
}
