// Starts the stand-in with the large estate in a worker thread of this process: same process (127.0.0.1, no extra
// child), but a separate V8 heap, so process.memoryUsage().heapUsed on the main thread is the client's alone.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export type ToSim = { kind: 'stop' } | { kind: 'reset' };
export type FromSim =
  | { kind: 'ready'; url: string; jobRows: number; genMs: number }
  | { kind: 'reset'; argRequests: number }
  | { kind: 'stopped'; argRequests: number; heapUsedMb: number };

export interface SimThread {
  url: string;
  jobRows: number;
  genMs: number;
  /** Clears the stand-in's paging cache and request log (sim.admin.reset); returns the ARG requests seen until then. */
  reset(): Promise<{ argRequests: number }>;
  /** Closes the server and ends the worker; returns what the stand-in counted (since the last reset). */
  stop(): Promise<{ argRequests: number; heapUsedMb: number }>;
}

export function startSimThread(maxOldSpaceMb: number): Promise<SimThread> {
  // A worker cannot load .ts itself; tsx's CommonJS hook does it (the main thread runs under `--import tsx`).
  const boot = `require(${JSON.stringify(require.resolve('tsx/cjs'))});require(require('node:worker_threads').workerData.file);`;
  const worker = new Worker(boot, {
    eval: true,
    workerData: { file: join(__dirname, 'sim-worker.ts') },
    resourceLimits: { maxOldGenerationSizeMb: maxOldSpaceMb },
  });
  const next = (): Promise<FromSim> =>
    new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      worker.once('error', onError);
      worker.once('message', (m: FromSim) => {
        worker.off('error', onError);
        resolve(m);
      });
    });
  return next().then((ready) => {
    if (ready.kind !== 'ready') throw new Error(`sim worker said ${ready.kind} before ready`);
    return {
      url: ready.url,
      jobRows: ready.jobRows,
      genMs: ready.genMs,
      async reset() {
        const answered = next();
        worker.postMessage({ kind: 'reset' } satisfies ToSim);
        const answer = await answered;
        if (answer.kind !== 'reset') throw new Error(`sim worker said ${answer.kind} when resetting`);
        return { argRequests: answer.argRequests };
      },
      async stop() {
        const stopped = next();
        worker.postMessage({ kind: 'stop' } satisfies ToSim);
        const answer = await stopped;
        await worker.terminate();
        if (answer.kind !== 'stopped') throw new Error(`sim worker said ${answer.kind} when stopping`);
        return { argRequests: answer.argRequests, heapUsedMb: answer.heapUsedMb };
      },
    };
  });
}
