// Views of the summary and of one object (a vault, an item): counts and label/value lines, then what to do next.
import type { BackupInstance, ItemLookup } from '../core/domain/instances';
import { JOB_STATUSES, type JobStatus } from '../core/domain/jobs';
import type { BackupSummary } from '../core/domain/summary';
import type { VaultHealth, VaultLookup } from '../core/domain/vaults';
import {
  ON_DEMAND_FULL_MIN_DAYS,
  runsFullBackup,
  WORKLOAD_LABELS,
  type WorkloadOrOther,
} from '../core/domain/workload';
import { describeWindow, formatCount, formatUtc, listCounts, renderPairs, renderTable } from './table';
import { jobColumns, type ViewContext, vaultColumns } from './views-lists';

/** A lookup that found nothing: the view's text, and the CLI exits 1 so that scripts notice. */
export interface DetailView {
  text: string;
  found: boolean;
}

export function renderSummary(s: BackupSummary): string {
  const window = describeWindow(s.jobs.since);
  const statuses = JOB_STATUSES.filter((st) => s.jobs.byStatus[st] > 0);
  const sum = (c: Record<JobStatus, number>): number => Object.values(c).reduce((a, b) => a + b, 0);
  const workloads = (Object.entries(s.jobs.byWorkload) as Array<[WorkloadOrOther, Record<JobStatus, number>]>).sort(
    (a, b) => sum(b[1]) - sum(a[1]),
  );
  const jobTable =
    workloads.length === 0
      ? `No jobs in ${window}.`
      : renderTable(workloads, [
          { header: 'Workload', cell: ([w]) => WORKLOAD_LABELS[w] ?? w, max: 30 },
          ...statuses.map((st) => ({
            header: st,
            cell: ([, c]: [string, Record<JobStatus, number>]) => c[st],
            align: 'right' as const,
          })),
          { header: 'Total', cell: ([, c]) => sum(c), align: 'right' },
        ]);
  const i = s.instances;
  const lines = [
    `Backup summary (times and windows in UTC)`,
    '',
    `Jobs in ${window}: ${formatCount(s.jobs.total)} (${listCounts(s.jobs.byStatus)})`,
    jobTable,
    '',
    `Backup instances: ${formatCount(i.total)}`,
    `  by state:  ${listCounts(i.byState)}`,
    `  by health: ${listCounts(i.byHealth)}`,
    `  by workload: ${listCounts(i.byWorkload as Record<string, number>)}`,
    '',
    `Vaults: ${formatCount(s.vaults.total)} (security level: ${listCounts(s.vaults.bySecurityLevel)})`,
    ...(s.alerts === undefined
      ? []
      : [`Active Azure Monitor alerts: ${formatCount(s.alerts.active)} (${listCounts(s.alerts.bySeverity)})`]),
    '',
    `Totals: ${formatCount(s.jobs.total)} jobs (${formatCount(s.jobs.byStatus.Failed)} failed), ` +
      `${formatCount(i.total)} backup instances (${formatCount(i.byHealth.Unhealthy)} unhealthy), ` +
      `${formatCount(s.vaults.total)} vaults (${formatCount(s.vaults.bySecurityLevel.Poor)} rated Poor).`,
  ];
  return lines.join('\n');
}

export function renderVault(lookup: VaultLookup, ctx: ViewContext): DetailView {
  if (lookup.kind === 'not-found') {
    return { text: `No vault named "${lookup.query}" is visible. Try: query vaults`, found: false };
  }
  if (lookup.kind === 'ambiguous') {
    const table = renderTable(lookup.candidates, vaultColumns(ctx));
    return {
      text: `${lookup.candidates.length} vaults have that name; add sub:<name|id> or rg:<name> to pick one.\n\n${table}`,
      found: true,
    };
  }
  return { text: describeVault(lookup.vault, ctx), found: true };
}

function describeVault(v: VaultHealth, ctx: ViewContext): string {
  const reported = v.reportedSecurityLevel ? ` (Azure reports ${v.reportedSecurityLevel})` : '';
  return renderPairs([
    ['Vault', `${v.name} (${v.kind === 'rsv' ? 'Recovery Services vault' : 'Backup vault'})`],
    ['Subscription', ctx.subscription(v.subscriptionId)],
    ['Resource group', v.resourceGroup],
    ['Location', v.location],
    ['Security level', `${v.securityLevel}${reported}`],
    ['Soft delete', `${v.softDelete}${v.softDeleteRetentionDays ? `, ${v.softDeleteRetentionDays} days` : ''}`],
    ['Immutability', v.immutability],
    ['Multi-user authorization', v.mua],
    ['Redundancy', v.redundancy],
    ['Cross-region restore', v.crossRegionRestore],
    ['Public network access', v.publicNetworkAccess],
    ['Customer-managed key', v.customerManagedKey],
    ['Job failure alerts', v.jobFailureAlerts],
    ...classicAlertsPair(v),
    ['Protected items', v.protectedItems],
    [`Failed jobs (${ctx.since})`, v.failedJobs],
    ['Id', v.id],
  ]);
}

/** Classic alerts (retired 31 March 2026), for Recovery Services vaults that report the setting. */
function classicAlertsPair(v: VaultHealth): Array<[string, string]> {
  if (v.classicAlerts === undefined || v.classicAlerts === 'n/a') return [];
  return [
    ['Classic alerts', v.classicAlerts === 'on' ? 'on (retired: switch to Azure Monitor alerts)' : v.classicAlerts],
  ];
}

export function renderItem(lookup: ItemLookup, ctx: ViewContext): DetailView {
  if (lookup.kind === 'not-found') {
    return { text: `No backup instance matches "${lookup.query}". Try: query instances`, found: false };
  }
  if (lookup.kind === 'ambiguous') {
    const table = renderTable(lookup.candidates, [
      { header: 'Name', cell: (i: BackupInstance) => i.friendlyName, max: 32 },
      { header: 'Workload', cell: (i) => i.workload },
      { header: 'Vault', cell: (i) => i.vault.name, max: 24 },
      { header: 'Subscription', cell: (i) => ctx.subscription(i.vault.subscriptionId), max: 26 },
      { header: 'Id', cell: (i) => i.id, max: 200 },
    ]);
    return {
      text: `${lookup.candidates.length} backup instances match; add vault:<name> or give the id.\n\n${table}`,
      found: true,
    };
  }
  const { instance: i, jobs } = lookup.detail;
  // What a Retry would keep, as the chat's confirmation card says it: a database's Full at least 45 days.
  const keeps =
    i.vault.kind === 'rsv' && runsFullBackup(i.workload)
      ? `; a Full backup, which Azure keeps at least ${ON_DEMAND_FULL_MIN_DAYS} days`
      : '';
  const retry = i.retry.possible ? `possible (retry from chat${keeps})` : `not possible: ${i.retry.message}`;
  const pairs = renderPairs([
    ['Item', `${i.friendlyName} (${WORKLOAD_LABELS[i.workload]})`],
    ['Vault', `${i.vault.name} (${i.vault.kind === 'rsv' ? 'Recovery Services vault' : 'Backup vault'})`],
    ['Datasource', i.datasource.id ?? i.datasource.name],
    ['Subscription', ctx.subscription(i.datasource.subscriptionId ?? i.vault.subscriptionId)],
    ['Protection', `${i.protectionState} (Azure: ${i.rawProtectionState || 'not given'})`],
    ['Health', i.health],
    ['Last backup', `${i.lastBackupStatus}${i.rawLastBackupStatus ? ` (Azure: ${i.rawLastBackupStatus})` : ''}`],
    [
      'Last backup time (UTC)',
      formatUtc(i.lastBackupTime) || (i.lastBackupSource === 'none' ? 'none in the last 14 days' : ''),
    ],
    ['Policy', i.policy?.name ?? i.policy?.id],
    ['Last error', i.lastError ? [i.lastError.code, i.lastError.message].filter(Boolean).join(': ') : undefined],
    ['On-demand backup', retry],
    ['Id', i.id],
  ]);
  const recent =
    jobs.length === 0
      ? 'No jobs in the last 14 days.'
      : `Jobs in the last 14 days, newest first (${jobs.length}):\n${renderTable(jobs, jobColumns(ctx, false))}`;
  return { text: `${pairs}\n\n${recent}`, found: true };
}
