// Azure Monitor "Backup Failure" alerts (AlertsManagementResources) that follow an item's failed jobs: one alert per
// item and error code, its occurrenceCount growing with repeats, resolved by the next successful backup.
// ARG field mapping of the common alert schema is unverified (docs/azure-facts.md §1.8): essentials.monitorService
// 'Azure Backup' and the context field names (protectedItemId, jobId, errorCode…) are the stand-in's choice.
import { pushAlertRow } from './alert-rows';
import type { Workload } from './arm';
import type { GenContext, Schedule, VaultRec } from './context';
import { type BackupError, raisesBackupFailureAlert } from './error-catalog';
import { type HistoryResult, type ItemPlan, type JobOutcome, type JobSink, simulateHistory } from './history';
import type { Rng } from './prng';
import type { Row } from './types';

export interface AlertSubject {
  workload: Workload;
  /** The RSV protected item id or BV backup instance id (what a Retry button needs). */
  itemId: string;
  friendlyName: string;
  datasourceId: string;
  datasourceName: string;
  /** e.g. VM / SQLDataBase / AzureFileShare / Microsoft.Compute/disks */
  sourceType: string;
}

export const FORMATTED: Record<Workload, string> = {
  vm: 'AzureVM',
  sql: 'AzureVmSQL',
  hana: 'AzureVmSAPHana',
  files: 'AzureFileShare',
  blobs: 'AzureBlob',
  disks: 'AzureDisk',
  postgres: 'AzureDatabaseForPostgreSQL',
  aks: 'AzureKubernetesService',
};

interface Open {
  error: BackupError;
  first: number;
  last: number;
  count: number;
  jobId: string;
}

/** Feed it every finished job of one item (in time order); it appends alert rows to AlertsManagementResources. */
export class AlertTracker {
  private open: Open | undefined;

  constructor(
    private readonly ctx: GenContext,
    private readonly rng: Rng,
    private readonly vault: VaultRec,
    private readonly subject: AlertSubject,
  ) {}

  failed(error: BackupError | undefined, startMs: number, jobId: string): void {
    if (!error || !raisesBackupFailureAlert(error, this.subject.workload)) return;
    if (this.open && this.open.error === error) {
      this.open.count++;
      this.open.last = startMs;
      this.open.jobId = jobId;
      return;
    }
    if (this.open) this.emit(this.open, undefined);
    this.open = { error, first: startMs, last: startMs, count: 1, jobId };
  }

  succeeded(endMs: number): void {
    if (this.open) this.emit(this.open, endMs);
    this.open = undefined;
  }

  finish(): void {
    if (this.open) this.emit(this.open, undefined);
    this.open = undefined;
  }

  private emit(a: Open, resolvedAt: number | undefined): void {
    const { vault, subject, rng } = this;
    const resolved = resolvedAt !== undefined;
    const state = resolved ? (rng.chance(0.5) ? 'Closed' : 'New') : rng.chance(0.25) ? 'Acknowledged' : 'New';
    pushAlertRow(this.ctx, rng, vault, {
      rule: 'Backup Failure',
      severity: 'Sev1',
      firedMs: a.first,
      ...(resolved ? { resolvedMs: resolvedAt } : { modifiedMs: a.last }),
      state,
      description: `Backup failed for ${subject.friendlyName}: ${a.error.code}`,
      context: {
        category: 'Jobs',
        protectedItemId: subject.itemId,
        jobId: a.jobId,
        sourceType: subject.sourceType,
        formattedSourceType: FORMATTED[subject.workload],
        linkedResourceId: subject.datasourceId,
        linkedResourceName: subject.datasourceName,
        errorCode: a.error.code,
        errorMessage: a.error.message,
        recommendedActions: a.error.recommendations,
        occurrenceCount: a.count,
      },
    });
  }
}

/** One job of an item's simulated history, for the item kind's job row builder. */
export interface HistoryJob {
  jobId: string;
  outcome: JobOutcome;
  startMs: number;
  endMs: number | undefined;
  /** The generator's "now", the same Date for every job of the item. */
  now: Date;
  user: boolean;
  error: BackupError | undefined;
}

/**
 * Runs an item's job history: every job becomes a row of RecoveryServicesResources (built by `jobRow`), and where
 * the vault alerts on failures, failed jobs raise backup-failure alerts that a later success resolves.
 */
export function recordItemHistory(
  ctx: GenContext,
  rng: Rng,
  vault: VaultRec,
  item: { subject: AlertSubject; schedule: Schedule; plan: ItemPlan; jobRow: (job: HistoryJob) => Row },
): HistoryResult {
  const out = ctx.tables.RecoveryServicesResources;
  const tracker = vault.alertsOnFailure ? new AlertTracker(ctx, rng, vault, item.subject) : undefined;
  const now = new Date(ctx.now);
  const sink: JobSink = (outcome, startMs, endMs, user, error) => {
    const jobId = rng.guid();
    out.push(item.jobRow({ jobId, outcome, startMs, endMs, now, user, error }));
    if (!tracker || endMs === undefined) return;
    if (outcome === 'Failed') tracker.failed(error, startMs, jobId);
    else if (outcome !== 'Cancelled') tracker.succeeded(endMs);
  };
  const history = simulateHistory(ctx, rng, item.schedule, item.plan, item.subject.workload, sink);
  tracker?.finish();
  return history;
}
