// A round of work every few seconds, one at a time: the digest scheduler and the failure poller run on it. Tests call
// tick() with a fake clock instead of waiting for the timer.

export class Periodic<T> {
  private round: Promise<T> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly runRound: () => Promise<T>,
    private readonly everyMs: () => number,
    private readonly failed: (err: unknown) => void,
    /** Told each round's result (metrics count what the round did). */
    private readonly done: (result: T) => void = () => {},
  ) {}

  /** Runs a round every `everyMs` (counted from the end of the last) until stopped; returns the stop. */
  start(): () => void {
    const loop = () => {
      this.timer = setTimeout(() => {
        this.tick()
          .catch(this.failed)
          .finally(() => {
            if (!this.closed) loop();
          });
      }, this.everyMs());
      this.timer.unref?.();
    };
    loop();
    return () => {
      this.closed = true;
      clearTimeout(this.timer);
    };
  }

  /** Stops the timer and waits for a round in progress. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.round?.catch(() => undefined);
  }

  /** One round now; a round already running is waited for instead of starting a second. */
  tick(): Promise<T> {
    this.round ??= this.runRound()
      .then((result) => {
        this.done(result);
        return result;
      })
      .finally(() => {
        this.round = undefined;
      });
    return this.round;
  }
}
