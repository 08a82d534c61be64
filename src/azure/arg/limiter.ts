// A counting semaphore: at most N Resource Graph requests in flight across every query of the client, so a digest
// fanning out over many batches cannot starve interactive questions or burn the quota in one burst.

import { onAbort } from './on-abort';

export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`limiter capacity must be >= 1: ${capacity}`);
  }

  /** Resolves with a release function once a slot is free; rejects if `signal` aborts while waiting. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.capacity) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      let forget = (): void => {};
      const grant = (): void => {
        forget();
        this.active += 1;
        resolve(this.releaser());
      };
      this.waiting.push(grant);
      if (signal) {
        forget = onAbort(signal, () => {
          const index = this.waiting.indexOf(grant);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal.reason);
        });
      }
    });
  }

  get inUse(): number {
    return this.active;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.waiting.shift()?.();
    };
  }
}
