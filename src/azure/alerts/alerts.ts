// Azure Monitor alerts for backup: the list (alerts-filtered.kql + alert-list.kql) and the summary's active count
// (+ alert-counts.kql); each is one query, so one Resource Graph request per subscription batch and page.
import {
  ALERT_SEVERITIES,
  type AlertCounts,
  type AlertList,
  type AlertListKind,
  type AlertSeverity,
  type BackupAlert,
} from '../../core/domain/alerts';
import type { BackupFilters } from '../../core/domain/filters';
import type { DataResult } from '../../core/domain/result';
import { type QueryContext, QueryLog } from '../backup-data-run';
import { datasourceParams, type ResolvedFilters, resolveFilters } from '../filters';
import { bindKql, concatTemplates, type KqlParams, loadKqlTemplate } from '../kql-binder';
import { num, str } from '../row-values';
import { toBackupAlert, toSeverity } from './alert-rows';

/**
 * At most this many alerts are read for one answer (one Resource Graph page; newest first per subscription batch);
 * beyond it the answer is labelled partial and the card says "more than". The bot groups the rows itself, so its time
 * grows with them: 5,000 rows cost ~0.3 s in the bot on the bench's estate, far over the 50 ms a view may take. Alerts
 * stay in Azure Monitor for 30 days, and database backups raise one alert per failure: narrow with vault: or type:.
 */
export const MAX_ALERT_ROWS = 1000;

const template = (tail: string) =>
  concatTemplates(loadKqlTemplate(__dirname, 'alerts-filtered.kql'), loadKqlTemplate(__dirname, tail));

/** `windowed`: whether the window applies (`active` without since: means any age). */
function alertParams(f: ResolvedFilters, kind: AlertListKind, windowed: boolean): KqlParams {
  return {
    ...datasourceParams(f),
    vault: f.vault,
    workload: f.workload,
    ...(windowed ? { since: f.since } : {}),
    ...(kind === 'active' ? { ifActive: '' } : {}),
  };
}

export function bindAlertListKql(f: ResolvedFilters, kind: AlertListKind, windowed: boolean): string {
  return bindKql(template('alert-list.kql'), alertParams(f, kind, windowed));
}

export function bindAlertCountsKql(f: ResolvedFilters): string {
  return bindKql(template('alert-counts.kql'), alertParams(f, 'active', false));
}

const newestFirst = (a: BackupAlert, b: BackupAlert): number =>
  (b.firedAt ?? '').localeCompare(a.firedAt ?? '') || (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1);

export async function runAlerts(
  log: QueryLog,
  f: ResolvedFilters,
  kind: AlertListKind,
  windowed: boolean,
): Promise<AlertList> {
  const rows = await log.run(bindAlertListKql(f, kind, windowed), { maxRows: MAX_ALERT_ROWS });
  const seen = new Set<string>();
  const alerts: BackupAlert[] = [];
  for (const row of rows) {
    const alert = toBackupAlert(row);
    // A row repeated across pages must not count twice.
    if (!alert || seen.has(alert.id.toLowerCase())) continue;
    seen.add(alert.id.toLowerCase());
    alerts.push(alert);
  }
  alerts.sort(newestFirst);
  return { kind, ...(windowed ? { since: f.since } : {}), alerts };
}

/** Active alerts by severity, summed over the subscription batches' rows. */
export async function runAlertCounts(log: QueryLog, f: ResolvedFilters): Promise<AlertCounts> {
  const rows = await log.run(bindAlertCountsKql(f));
  const bySeverity = Object.fromEntries([...ALERT_SEVERITIES, 'unknown'].map((s) => [s, 0])) as Record<
    AlertSeverity,
    number
  >;
  let active = 0;
  for (const row of rows) {
    const n = num(row, 'alerts') ?? 0;
    bySeverity[toSeverity(str(row, 'severity'))] += n;
    active += n;
  }
  return { active, bySeverity };
}

export async function queryAlerts(
  ctx: QueryContext,
  kind: AlertListKind,
  filters: BackupFilters,
): Promise<DataResult<AlertList>> {
  const log = new QueryLog(ctx);
  const f = await resolveFilters(log, filters);
  return log.result(await runAlerts(log, f, kind, kind === 'all' || filters.since !== undefined));
}
