// ARG's per-caller quota: N queries per window (Azure: 15 per 5 s), reported on every answer, 429 past it.
// A fixed window per caller is a simplification; Azure's exact window algorithm is not documented.
import { formatHms } from './http-util';
import type { QuotaConfig } from './types';

export const DEFAULT_QUOTA: QuotaConfig = { limit: 15, windowMs: 5000 };

interface Window {
  startedAt: number;
  used: number;
}

export interface QuotaVerdict {
  allowed: boolean;
  headers: Record<string, string>;
  retryAfterSeconds: number;
}

export class QuotaTracker {
  private windows = new Map<string, Window>();

  // Real time, not the estate clock: ARG's quota windows pass in real time, and a frozen or jumped estate clock must
  // neither keep a caller throttled forever nor hand out a fresh quota.
  constructor(
    private readonly config: QuotaConfig = DEFAULT_QUOTA,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Spends one unit for `caller` when there is one left (each ARG page costs one). */
  take(caller: string): QuotaVerdict {
    const now = this.clock();
    let win = this.windows.get(caller);
    if (!win || now - win.startedAt >= this.config.windowMs) {
      win = { startedAt: now, used: 0 };
      this.windows.set(caller, win);
    }
    const allowed = win.used < this.config.limit;
    if (allowed) win.used += 1;
    const resetsInMs = win.startedAt + this.config.windowMs - now;
    return {
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil(resetsInMs / 1000)),
      headers: {
        'x-ms-user-quota-remaining': String(this.config.limit - win.used),
        'x-ms-user-quota-resets-after': formatHms(resetsInMs),
      },
    };
  }

  reset(): void {
    this.windows.clear();
  }
}
