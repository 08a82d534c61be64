// Deadlines of a chat turn: wait a little for an answer (to skip the placeholder), and keep track of work that
// outlives its turn (a placeholder to update) so shutdown and tests can wait for it.
import type { Logger } from '../../log';

export type Settled<T> = { done: true; value: T } | { done: false };

/** The value of `work` if it settles within `ms`, else `{ done: false }` (the work keeps running). */
export function settleWithin<T>(work: Promise<T>, ms: number): Promise<Settled<T>> {
  return new Promise<Settled<T>>((resolve, reject) => {
    const timer = setTimeout(() => resolve({ done: false }), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve({ done: true, value });
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** Work started during a turn that finishes after it; failures are logged, never thrown at nobody. */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  run(what: string, work: () => Promise<void>): void {
    const task = work()
      .catch((err: unknown) => this.log.error({ err }, `${what} failed`))
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when everything started so far (and anything it started) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
