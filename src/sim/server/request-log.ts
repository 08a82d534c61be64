// What reached the stand-in, so tests can assert e.g. "exactly one backup call arrived". Bounded: oldest entries go first.
import type { RequestFilter, RequestLogEntry } from './types';

const MAX_ENTRIES = 20_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  add(entry: Omit<RequestLogEntry, 'seq' | 'at'>): void {
    this.seq += 1;
    // `at` is real time (when the request reached this process, to line up with the bot's own logs), not estate time.
    this.entries.push({ seq: this.seq, at: new Date().toISOString(), ...entry });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(filter: RequestFilter = {}): RequestLogEntry[] {
    const item = filter.item?.toLowerCase();
    return this.entries.filter(
      (e) =>
        (filter.endpoint === undefined || e.endpoint === filter.endpoint) &&
        (filter.caller === undefined || e.caller === filter.caller) &&
        (item === undefined || (e.itemId ?? '').includes(item)),
    );
  }

  countBackupCalls(item?: string): number {
    const wanted = item?.toLowerCase();
    return this.entries.filter(
      (e) =>
        (e.endpoint === 'rsv-trigger' || e.endpoint === 'bv-trigger') &&
        (wanted === undefined || (e.itemId ?? '').includes(wanted)),
    ).length;
  }

  clear(): void {
    this.entries = [];
  }
}
