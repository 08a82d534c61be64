// Section estate-large: time and memory to generate the large estate (seed 1), and its rows per table.
import { countJobRows, generateLargeEstate } from '../lib/large-estate';
import { maxRssMb, settledHeapMb } from '../lib/memory';
import { note, progress, report, runSection, timeIt } from '../lib/report';

const GENERATE_TARGET_S = 60;
const MEMORY_TARGET_MB = 3 * 1024;

runSection(async () => {
  const baseHeap = settledHeapMb();
  progress('generating the large estate (seed 1)');
  const { ms, value: estate } = await timeIt(generateLargeEstate);
  report({ name: 'generate time', value: ms / 1000, unit: 's', target: GENERATE_TARGET_S, better: 'lower' });
  // maxRSS is read before the GC below so it is the peak of generation itself (plus the loaded code).
  const peakRss = maxRssMb();
  const heap = settledHeapMb();
  report({ name: 'heapUsed after generation', value: heap, unit: 'MB', target: MEMORY_TARGET_MB, better: 'lower' });
  report({ name: 'peak RSS', value: peakRss, unit: 'MB', target: MEMORY_TARGET_MB, better: 'lower' });
  report({ name: 'heap held by the estate', value: heap - baseHeap, unit: 'MB', better: 'lower' });
  let total = 0;
  for (const [table, rows] of Object.entries(estate.tables)) {
    report({ name: `rows ${table}`, value: rows.length, unit: 'rows', better: 'higher' });
    total += rows.length;
  }
  report({ name: 'rows (all tables)', value: total, unit: 'rows', better: 'higher' });
  report({ name: 'job rows (RSV + BV)', value: countJobRows(estate), unit: 'rows', better: 'higher' });
  note('heapUsed is after a full GC (what the estate keeps alive); peak RSS is the kernel maxRSS of the process.');
});
