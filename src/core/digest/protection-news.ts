// What a digest says about datasources without running backups: the unprotected ones new since the previous digest,
// and, apart from them, the ones whose protection was newly stopped or soft-deleted (resume them), in words.
import type { DigestData } from '../domain/digest';
import type { UnprotectedDatasource } from '../domain/unprotected';
import type { WorkloadOrOther } from '../domain/workload';
import { type SubscriptionNames, subscriptionLabel } from '../names';
import { countOf, formatCount } from '../views/shared/words';
import { type DigestSnapshot, keyHash } from './snapshot';

export interface NewDatasource {
  name: string;
  workload: WorkloadOrOther;
}

export interface ProtectionNews {
  newUnprotected: NewDatasource[];
  /** Protection stopped or soft-deleted since the previous digest (named with the vault that holds the item). */
  newStopped: NewDatasource[];
}

/**
 * The datasources of `list` whose hash is not in `before`; none when deltas cannot be claimed (an incomplete answer
 * now or then, or a snapshot from before this set was kept).
 */
function fresh(
  list: readonly UnprotectedDatasource[],
  before: readonly string[] | undefined,
  label: (d: UnprotectedDatasource) => string,
): NewDatasource[] {
  if (before === undefined) return [];
  const known = new Set(before);
  return list.filter((d) => !known.has(keyHash(d.id))).map((d) => ({ name: label(d), workload: d.workload }));
}

export function protectionNews(
  data: DigestData,
  previous: DigestSnapshot | undefined,
  deltas: boolean,
  names: SubscriptionNames,
): ProtectionNews {
  const now = data.unprotected;
  if (!deltas || previous === undefined || !now?.complete) return { newUnprotected: [], newStopped: [] };
  const sub = (d: UnprotectedDatasource) => subscriptionLabel(d.subscriptionId, names);
  return {
    newUnprotected: fresh(now.datasources, previous.unprotected, (d) => `${d.name} (${sub(d)})`),
    newStopped: fresh(now.stopped, previous.stopped, (d) => {
      const where = d.stopped?.vaultName ? `vault ${d.stopped.vaultName}` : sub(d);
      return `${d.name} (${d.stopped?.state === 'softDeleted' ? 'soft-deleted, ' : ''}${where})`;
    }),
  };
}

const UNPROTECTED_NOUNS: Record<WorkloadOrOther, [string, string]> = {
  vm: ['VM', 'VMs'],
  sql: ['SQL VM', 'SQL VMs'],
  hana: ['HANA database', 'HANA databases'],
  files: ['storage account (Files)', 'storage accounts (Files)'],
  blobs: ['storage account (blobs)', 'storage accounts (blobs)'],
  disks: ['disk', 'disks'],
  postgres: ['PostgreSQL server', 'PostgreSQL servers'],
  aks: ['AKS cluster', 'AKS clusters'],
  other: ['datasource', 'datasources'],
};

/** "4 new unprotected VMs" or "5 new unprotected datasources (4 VMs, 1 disk)". */
export function unprotectedWords(list: readonly NewDatasource[]): string {
  const byWorkload = new Map<WorkloadOrOther, number>();
  for (const d of list) byWorkload.set(d.workload, (byWorkload.get(d.workload) ?? 0) + 1);
  const counts = [...byWorkload].map(([w, n]) => countOf(n, ...UNPROTECTED_NOUNS[w]));
  if (byWorkload.size === 1) return `${formatCount(list.length)} new unprotected ${counts[0]?.replace(/^[\d,]+ /, '')}`;
  return `${countOf(list.length, 'new unprotected datasource')} (${counts.join(', ')})`;
}

/** "3 with protection newly stopped — resume them". */
export function stoppedWords(list: readonly NewDatasource[]): string {
  return `${formatCount(list.length)} with protection newly stopped — resume ${list.length === 1 ? 'it' : 'them'}`;
}
