// Runs in a worker thread (see sim-thread.ts): the large estate and the HTTP stand-in, so that the main thread's heap
// holds only the client under test.
import { parentPort } from 'node:worker_threads';
import { startSim } from '../../src/sim/server/start-sim';
import { BENCH_NOW, countJobRows, generateLargeEstate } from './large-estate';
import { MB } from './report';
import type { FromSim, ToSim } from './sim-thread';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('sim-worker.ts must run in a worker thread');
  const started = Date.now();
  const estate = generateLargeEstate();
  const genMs = Date.now() - started;
  // ARG's real quota (15 requests / 5 s) would make paging 1M rows take minutes of waiting, which is not what this
  // measures; throttling has its own tests.
  const sim = await startSim({ estate, now: () => BENCH_NOW, quota: { limit: 1_000_000_000, windowMs: 5000 } });
  port.on('message', (m: ToSim) => {
    const argRequests = sim.admin.requests({ endpoint: 'arg' }).length;
    if (m.kind === 'reset') {
      // Also drops cached query results, so a second pass evaluates its query again, like the first one did.
      sim.admin.reset();
      port.postMessage({ kind: 'reset', argRequests } satisfies FromSim);
      return;
    }
    sim.close().then(() => {
      const reply: FromSim = { kind: 'stopped', argRequests, heapUsedMb: process.memoryUsage().heapUsed / MB };
      port.postMessage(reply);
    });
  });
  const ready: FromSim = { kind: 'ready', url: sim.url, jobRows: countJobRows(estate), genMs };
  port.postMessage(ready);
}

// A rejection here ends the worker with an 'error' event, which sim-thread.ts turns into a failed start.
void main();
