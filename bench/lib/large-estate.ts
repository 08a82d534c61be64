// The estate every large-scale section uses: seed 1, scale large, a fixed clock so runs compare like for like.
import { generateEstate } from '../../src/sim/estate';
import type { Estate, Row } from '../../src/sim/estate/types';

export const BENCH_SEED = 1;
/** Fixed rather than the real time: the estate (and every `ago()` window over it) is then identical from run to run. */
export const BENCH_NOW = new Date('2026-11-24T08:00:00Z');

export const JOB_TYPES: ReadonlySet<string> = new Set([
  'microsoft.recoveryservices/vaults/backupjobs',
  'microsoft.dataprotection/backupvaults/backupjobs',
]);

export function generateLargeEstate(): Estate {
  return generateEstate({ seed: BENCH_SEED, scale: 'large', now: BENCH_NOW });
}

export function isJobRow(row: Row): boolean {
  return typeof row.type === 'string' && JOB_TYPES.has(row.type.toLowerCase());
}

export function countJobRows(estate: Estate): number {
  let n = 0;
  for (const row of estate.tables.RecoveryServicesResources) if (isJobRow(row)) n++;
  return n;
}
