// A PayloadStash in process memory: the fallback when no store is wired in (CLI, tests, a single replica).
// Bounded: the oldest entries go first, so a busy bot cannot grow it without limit; expired entries read as gone.
import { randomBytes } from 'node:crypto';
import type { PayloadStash } from './commands/payload';

export interface MemoryStashOptions {
  /** Most entries kept (default 5,000); the oldest is dropped to make room. */
  maxEntries?: number;
  clock?: () => Date;
  /** Id source; default 12 random hex characters. */
  newId?: () => string;
}

export function createMemoryStash(options: MemoryStashOptions = {}): PayloadStash {
  const max = options.maxEntries ?? 5_000;
  const clock = options.clock ?? (() => new Date());
  const newId = options.newId ?? (() => randomBytes(6).toString('hex'));
  const entries = new Map<string, { value: unknown; expires: number }>();
  return {
    async put(value, ttlMs) {
      while (entries.size >= max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      const id = newId();
      entries.set(id, { value: structuredClone(value), expires: clock().getTime() + ttlMs });
      return id;
    },
    async get(id) {
      const entry = entries.get(id);
      if (entry === undefined) return undefined;
      if (entry.expires <= clock().getTime()) {
        entries.delete(id);
        return undefined;
      }
      return structuredClone(entry.value);
    },
  };
}
