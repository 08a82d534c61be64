// Each Slack person's time zone (users.info `user.tz`, an IANA name), so that answers show times in it. Cached per
// person for an hour in a bounded map; never in an answer's way: a slow or refused lookup gives undefined (UTC).

import type { Logger } from '../../log';
import { isTimeZone } from '../time-zone';

export interface TimeZoneOptions {
  /** Calls users.info without retries: a rate-limited lookup is skipped, not waited for (an answer is waiting). */
  usersInfo(userId: string): Promise<Record<string, unknown>>;
  log: Logger;
  /** How long a person's zone is kept (default an hour: people rarely move, and Slack changes it when they do). */
  ttlMs?: number;
  /** How many people are remembered; the oldest entry goes first (default 5,000). */
  maxEntries?: number;
  /** An answer waits this long for the lookup at most; a later result is still cached (default 1,500 ms). */
  waitMs?: number;
  now?: () => number;
}

interface Entry {
  zone: string | undefined;
  until: number;
}

/** Slack's error code (ok:false), or the client's own code for a failure without one (rate limit, timeout). */
function codeOf(err: unknown): { code: string; definite: boolean } {
  const e = err as { code?: unknown; data?: { error?: unknown } } | undefined;
  if (typeof e?.data?.error === 'string') return { code: e.data.error, definite: true };
  return { code: typeof e?.code === 'string' ? e.code : 'no-answer', definite: false };
}

export class SlackTimeZones {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string | undefined>>();
  private readonly reported = new Set<string>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: TimeZoneOptions) {
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.maxEntries = options.maxEntries ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** The person's IANA zone, or undefined (unknown, refused, slow); never rejects. */
  async zoneOf(userId: string): Promise<string | undefined> {
    if (userId === '') return undefined;
    const entry = this.entries.get(userId);
    if (entry !== undefined && entry.until > this.now()) return entry.zone;
    let lookup = this.pending.get(userId);
    if (lookup === undefined) {
      lookup = this.lookUp(userId).finally(() => this.pending.delete(userId));
      this.pending.set(userId, lookup);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.options.waitMs ?? 1_500);
    });
    return Promise.race([lookup, late]).finally(() => clearTimeout(timer));
  }

  private async lookUp(userId: string): Promise<string | undefined> {
    try {
      const result = await this.options.usersInfo(userId);
      const tz = (result.user as { tz?: unknown } | undefined)?.tz;
      const zone = isTimeZone(tz) ? tz : undefined;
      this.remember(userId, zone);
      return zone;
    } catch (err) {
      const { code, definite } = codeOf(err);
      // A refusal (e.g. missing_scope: the app lacks users:read) holds for the hour; a hiccup is asked again next time.
      if (definite) this.remember(userId, undefined);
      if (!this.reported.has(code)) {
        this.reported.add(code);
        this.options.log.debug({ code }, 'could not read a Slack time zone (users.info); times are shown in UTC');
      }
      return undefined;
    }
  }

  private remember(userId: string, zone: string | undefined): void {
    this.entries.delete(userId);
    // Map keeps insertion order, so the first key is the oldest.
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(userId, { zone, until: this.now() + this.ttlMs });
  }
}
