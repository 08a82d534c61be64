// Starts the stand-in with the large estate (seed 1, estate clock frozen at BENCH_NOW, moved by POST /_sim/clock) in a
// child process: the bot under test shares nothing with it but 127.0.0.1. Not a worker thread: a worker shares the
// process's V8 platform threads and memory with the bot, so the stand-in's garbage collection of its multi-GB estate
// (and its page faults) landed in the bot's timed windows; and this process's RSS is then the bot's alone.
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface SimProcessOptions {
  maxOldSpaceMb: number;
  /**
   * 'raised' lifts Resource Graph's quota (15 requests / 5 s per caller) for sections that measure the bot's own time
   * over many requests; 'real' keeps it, for sections whose figure includes waiting on it (digest, notify).
   */
  quota: 'real' | 'raised';
}

export type ToSim = { kind: 'stop' } | { kind: 'reset' };
export type FromSim =
  | { kind: 'ready'; url: string; jobRows: number; genMs: number }
  | { kind: 'reset'; argRequests: number }
  | { kind: 'stopped'; argRequests: number; heapUsedMb: number };

export interface SimProcess {
  url: string;
  jobRows: number;
  genMs: number;
  /** Clears the stand-in's paging cache and request log (sim.admin.reset); returns the ARG requests seen until then. */
  reset(): Promise<{ argRequests: number }>;
  /** Closes the server and ends the child; returns what the stand-in counted (since the last reset). */
  stop(): Promise<{ argRequests: number; heapUsedMb: number }>;
}

/** The child's next message; rejects if it exits (or fails to start) first. */
function nextMessage(child: ChildProcess): Promise<FromSim> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      off();
      reject(new Error(`the stand-in process ended (${signal ?? `exit code ${code}`}) before answering`));
    };
    const onError = (e: Error): void => {
      off();
      reject(e);
    };
    const onMessage = (m: FromSim): void => {
      off();
      resolve(m);
    };
    const off = (): void => {
      child.off('exit', onExit);
      child.off('error', onError);
      child.off('message', onMessage);
    };
    child.once('exit', onExit);
    child.once('error', onError);
    child.once('message', onMessage);
  });
}

export async function startSimProcess(options: SimProcessOptions): Promise<SimProcess> {
  const child = fork(join(__dirname, 'sim-child.ts'), [options.quota], {
    // The section runs under `--import tsx`; the child needs the same loader for .ts.
    execArgv: ['--import', pathToFileURL(require.resolve('tsx')).href, `--max-old-space-size=${options.maxOldSpaceMb}`],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = async <K extends FromSim['kind']>(message: ToSim, kind: K): Promise<Extract<FromSim, { kind: K }>> => {
    const answered = nextMessage(child);
    child.send(message);
    const answer = await answered;
    if (answer.kind !== kind) throw new Error(`the stand-in said ${answer.kind} when asked to ${message.kind}`);
    return answer as Extract<FromSim, { kind: K }>;
  };
  const ready = await nextMessage(child).catch((e: unknown) => {
    child.kill();
    throw e;
  });
  if (ready.kind !== 'ready') throw new Error(`the stand-in said ${ready.kind} before ready`);
  return {
    url: ready.url,
    jobRows: ready.jobRows,
    genMs: ready.genMs,
    reset: async () => ({ argRequests: (await ask({ kind: 'reset' }, 'reset')).argRequests }),
    async stop() {
      const stopped = await ask({ kind: 'stop' }, 'stopped');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
      return { argRequests: stopped.argRequests, heapUsedMb: stopped.heapUsedMb };
    },
  };
}
