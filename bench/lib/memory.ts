// Peak memory of a section: a sampler of process.memoryUsage() (rss, heapUsed) for asynchronous work, and the
// kernel's maxRSS, which also covers synchronous stretches that no timer can sample (e.g. generating the estate).
import { MB } from './report';

export interface MemoryPeaks {
  rssMb: number;
  heapUsedMb: number;
  samples: number;
}

export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private peaks: MemoryPeaks = { rssMb: 0, heapUsedMb: 0, samples: 0 };

  constructor(private readonly everyMs = 20) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  /** Stops sampling (after one last sample) and returns the peaks seen. */
  stop(): MemoryPeaks {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return { ...this.peaks };
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.peaks.rssMb = Math.max(this.peaks.rssMb, m.rss / MB);
    this.peaks.heapUsedMb = Math.max(this.peaks.heapUsedMb, m.heapUsed / MB);
    this.peaks.samples += 1;
  }
}

/** Peak RSS of this process since it started, as the kernel counts it (resourceUsage reports kilobytes). */
export function maxRssMb(): number {
  return (process.resourceUsage().maxRSS * 1024) / MB;
}

/** heapUsed after a full GC when --expose-gc is on (run.ts passes it), so the figure is what stays alive. */
export function settledHeapMb(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / MB;
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}
