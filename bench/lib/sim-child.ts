// Runs in a child process (see sim-process.ts): the large estate and the HTTP stand-in, so that the bench's process
// holds only the client under test.
import { startSim } from '../../src/sim/server/start-sim';
import { BENCH_NOW, BENCH_SEED, countJobRows, generateLargeEstate } from './large-estate';
import { MB } from './report';
import type { FromSim, ToSim } from './sim-process';

function tell(message: FromSim): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('sim-child.ts must run as a forked child (an IPC channel)');
  const started = Date.now();
  const estate = generateLargeEstate();
  const genMs = Date.now() - started;
  // Raised: ARG's real quota (15 requests / 5 s) would make paging 1M rows take minutes of waiting, which is not what
  // those sections measure; throttling has its own tests.
  const raised = process.argv[2] === 'raised' ? { quota: { limit: 1_000_000_000, windowMs: 5000 } } : {};
  const sim = await startSim({ estate, seed: BENCH_SEED, now: () => BENCH_NOW, frozenClock: true, ...raised });
  process.on('message', (m: ToSim) => {
    const argRequests = sim.admin.requests({ endpoint: 'arg' }).length;
    if (m.kind === 'reset') {
      // Also drops cached query results, so a second pass evaluates its query again, like the first one did.
      sim.admin.reset();
      tell({ kind: 'reset', argRequests });
      return;
    }
    void sim
      .close()
      .then(() => tell({ kind: 'stopped', argRequests, heapUsedMb: process.memoryUsage().heapUsed / MB }));
  });
  // The bench ending (or dying) closes the channel: end with it rather than linger with a multi-GB estate.
  process.on('disconnect', () => process.exit(0));
  tell({ kind: 'ready', url: sim.url, jobRows: countJobRows(estate), genMs });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
