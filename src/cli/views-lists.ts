// Table views of the list answers: jobs, backup instances, unprotected datasources and vaults. Columns are the ones an
// admin triages by; every time is UTC and its header says so; the last line is the total.
import type { InstanceList, JobList, UnprotectedList } from '../azure/backup-data';
import type { BackupInstance } from '../core/domain/instances';
import type { Job } from '../core/domain/jobs';
import type { UnprotectedDatasource } from '../core/domain/unprotected';
import type { VaultHealth, VaultList } from '../core/domain/vaults';
import { type Column, describeWindow, formatCount, formatDuration, formatUtc, listCounts, renderTable } from './table';

/** What every view needs besides its answer: how to show a subscription, and the window asked for. */
export interface ViewContext {
  subscription: (id: string | undefined) => string;
  since: string;
}

export function jobColumns(ctx: ViewContext, withVault = true): Column<Job>[] {
  const columns: Column<Job>[] = [
    { header: 'Start (UTC)', cell: (j) => formatUtc(j.startTime), max: 16 },
    { header: 'Status', cell: (j) => j.status, max: 21 },
    { header: 'Workload', cell: (j) => j.workload, max: 8 },
    {
      header: 'Operation',
      cell: (j) => `${j.operation.raw || j.operation.kind}${j.operation.adhoc ? ' (on demand)' : ''}`,
      max: 26,
    },
    { header: 'Datasource', cell: (j) => j.datasource.name, max: 32 },
  ];
  if (withVault) columns.push({ header: 'Vault', cell: (j) => j.vault.name, max: 24 });
  columns.push(
    { header: 'Subscription', cell: (j) => ctx.subscription(j.datasource.subscriptionId ?? j.subscriptionId), max: 26 },
    { header: 'Duration', cell: (j) => formatDuration(j.durationMs), align: 'right', max: 8 },
    { header: 'Error', cell: (j) => [j.errorCode, j.errorMessage].filter(Boolean).join(': '), max: 60 },
  );
  return columns;
}

/** The CLI's job list: the page of jobs and, when the counts came too, how many there are in all. */
export type CliJobList = JobList & { total?: number };

export function renderJobs(list: CliJobList, kind: string, ctx: ViewContext, shown: string): string {
  const what = kind === 'all' ? 'jobs' : kind === 'running' ? 'running jobs' : 'failed jobs';
  const title = `${capitalize(what)} in ${describeWindow(ctx.since)}, newest first`;
  if (list.jobs.length === 0) return `${title}\n\nNo ${what} in ${describeWindow(ctx.since)}.`;
  const byStatus: Record<string, number> = {};
  for (const j of list.jobs) byStatus[j.status] = (byStatus[j.status] ?? 0) + 1;
  const of = list.total === undefined ? '' : ` of ${formatCount(list.total)}`;
  const total = `Showing ${shown}${of} ${what}${kind === 'all' ? ` (${listCounts(byStatus)})` : ''}`;
  return `${title}\n\n${renderTable(list.jobs, jobColumns(ctx))}\n\n${total}`;
}

const INSTANCE_COLUMNS = (ctx: ViewContext): Column<BackupInstance>[] => [
  { header: 'Name', cell: (i) => i.friendlyName, max: 32 },
  { header: 'Workload', cell: (i) => i.workload, max: 8 },
  { header: 'State', cell: (i) => i.protectionState, max: 12 },
  { header: 'Health', cell: (i) => i.health, max: 9 },
  { header: 'Last backup', cell: (i) => i.lastBackupStatus, max: 9 },
  { header: 'Last backup (UTC)', cell: (i) => formatUtc(i.lastBackupTime), max: 17 },
  { header: 'Vault', cell: (i) => i.vault.name, max: 24 },
  {
    header: 'Subscription',
    cell: (i) => ctx.subscription(i.datasource.subscriptionId ?? i.vault.subscriptionId),
    max: 22,
  },
  { header: 'Policy', cell: (i) => i.policy?.name, max: 24 },
];

export function renderInstances(list: InstanceList, ctx: ViewContext, shown: string): string {
  const title = 'Backup instances, problems first';
  const counts = list.counts;
  const total =
    `Showing ${shown} of ${formatCount(counts.total)} backup instances. ` +
    `State: ${listCounts(counts.byState)}. Health: ${listCounts(counts.byHealth)}.`;
  if (list.instances.length === 0) return `${title}\n\nNo backup instances match.`;
  return `${title}\n\n${renderTable(list.instances, INSTANCE_COLUMNS(ctx))}\n\n${total}`;
}

export function renderUnprotected(list: UnprotectedList, ctx: ViewContext, shown: string): string {
  const title = `Datasources no backup protects (${list.workloads.join(', ')})`;
  const stopped = renderStopped(list, ctx);
  if (list.datasources.length === 0) {
    const none = list.stopped.length === 0 ? 'Every datasource of these kinds is protected.' : 'None unprotected.';
    return `${title}\n\n${none}${stopped}`;
  }
  const columns: Column<UnprotectedDatasource>[] = [
    { header: 'Workload', cell: (d) => d.workload, max: 8 },
    { header: 'Name', cell: (d) => d.name, max: 32 },
    { header: 'Resource group', cell: (d) => d.resourceGroup, max: 24 },
    { header: 'Subscription', cell: (d) => ctx.subscription(d.subscriptionId), max: 26 },
    { header: 'Location', cell: (d) => d.location, max: 16 },
    { header: 'Note', cell: (d) => noteOf(d), max: 48 },
  ];
  const byWorkload: Record<string, number> = {};
  for (const d of list.datasources) byWorkload[d.workload] = (byWorkload[d.workload] ?? 0) + 1;
  const all = list.workloads.reduce((n, w) => n + (list.counts[w] ?? 0), 0);
  const total = `Showing ${shown} of ${formatCount(Math.max(all, list.datasources.length))} unprotected datasources (${listCounts(byWorkload)})`;
  return `${title}\n\n${renderTable(list.datasources, columns)}\n\n${total}${stopped}`;
}

/** Datasources whose protection is stopped or soft-deleted: a table of their own, after the unprotected ones. */
function renderStopped(list: UnprotectedList, ctx: ViewContext): string {
  if (list.stopped.length === 0) return '';
  const columns: Column<UnprotectedDatasource>[] = [
    { header: 'Workload', cell: (d) => d.workload, max: 8 },
    { header: 'Name', cell: (d) => d.name, max: 32 },
    { header: 'Subscription', cell: (d) => ctx.subscription(d.subscriptionId), max: 26 },
    { header: 'State', cell: (d) => (d.stopped?.state === 'softDeleted' ? 'soft-deleted' : 'stopped'), max: 12 },
    { header: 'Vault', cell: (d) => d.stopped?.vaultName ?? '', max: 24 },
  ];
  const heading = `${formatCount(list.stopped.length)} with protection stopped or soft-deleted (resume them; not counted as unprotected):`;
  return `\n\n${heading}\n\n${renderTable(list.stopped, columns)}`;
}

function noteOf(d: UnprotectedDatasource): string {
  if (d.managedBy) return `attached to VM ${d.managedBy.split('/').pop()}`;
  // The reason's first sentence is the same for every row of a workload; only what follows is particular.
  const [, ...rest] = d.reason.split('. ');
  return rest.join('. ');
}

export function vaultColumns(ctx: ViewContext): Column<VaultHealth>[] {
  return [
    { header: 'Vault', cell: (v) => v.name, max: 24 },
    { header: 'Kind', cell: (v) => (v.kind === 'rsv' ? 'RSV' : 'Backup'), max: 6 },
    { header: 'Subscription', cell: (v) => ctx.subscription(v.subscriptionId), max: 26 },
    { header: 'Resource group', cell: (v) => v.resourceGroup, max: 20 },
    { header: 'Location', cell: (v) => v.location, max: 14 },
    { header: 'Security', cell: (v) => v.securityLevel, max: 9 },
    { header: 'Soft delete', cell: (v) => v.softDelete, max: 11 },
    { header: 'Immutable', cell: (v) => v.immutability, max: 9 },
    { header: 'MUA', cell: (v) => v.mua, max: 7 },
    { header: 'Redundancy', cell: (v) => shortRedundancy(v.redundancy), max: 10 },
    { header: 'CRR', cell: (v) => v.crossRegionRestore, max: 7 },
    { header: 'Alerts', cell: (v) => v.jobFailureAlerts, max: 7 },
    { header: 'Items', cell: (v) => v.protectedItems, align: 'right' },
    { header: `Failed (${ctx.since})`, cell: (v) => v.failedJobs, align: 'right' },
  ];
}

export function renderVaults(list: VaultList & { hasMore?: boolean }, ctx: ViewContext, shown: string): string {
  const title = `Vaults: security level and settings (failed jobs in ${describeWindow(ctx.since)})`;
  if (list.vaults.length === 0) return `${title}\n\nNo vaults match.`;
  const all = Object.values(list.bySecurityLevel).reduce((a, b) => a + b, 0);
  const total = `Showing ${shown} of ${formatCount(all)} vaults. Security level: ${listCounts(list.bySecurityLevel)}.`;
  return `${title}\n\n${renderTable(list.vaults, vaultColumns(ctx))}\n\n${total}`;
}

function shortRedundancy(r: VaultHealth['redundancy']): string {
  return r === 'LocallyRedundant' ? 'LRS' : r === 'ZoneRedundant' ? 'ZRS' : r === 'GeoRedundant' ? 'GRS' : r;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
