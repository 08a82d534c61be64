// Backups that keep failing while the stand-in runs: a failed backup job row, as Azure writes one, for the next
// protected item in turn, ending at the estate clock's now. The demo turns it on so that failure notifications have
// something to announce; tests call it directly (POST /_sim/fail, SimAdmin.failBackup) on a driven clock.
import { T } from '../estate/arm';
import { pickBackupError, toBvJobError, toRsvJobError } from '../estate/error-catalog';
import { buildBvJobRow, buildRsvJobRow } from '../estate/job-rows';
import { createRng, deriveSeed } from '../estate/prng';
import type { Estate, Row } from '../estate/types';
import { workloadOf } from '../estate/workload-of';
import type { RowEditor } from './row-edits';

/** How long the failed backup ran before it failed: a few minutes, as a snapshot timeout does. */
const RAN_MS = 7 * 60_000;

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');

export class LiveFailures {
  private readonly rng;
  private next = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly estate: Estate,
    private readonly rows: RowEditor,
    private readonly now: () => Date,
    seed = 1,
  ) {
    this.rng = createRng(deriveSeed(seed, 'live-failures'));
  }

  /** Items a scheduled backup protects now: RSV items being protected, Backup vault instances configured. */
  private candidates(): Row[] {
    return this.estate.tables.RecoveryServicesResources.filter((r) => {
      const p = (r.properties ?? {}) as Record<string, unknown>;
      const type = lower(r.type);
      if (type === T.rsvItem) return lower(p.protectionState) === 'protected' && workloadOf(r) !== undefined;
      if (type === T.bvInstance) {
        return lower(p.currentProtectionState) === 'protectionconfigured' && workloadOf(r) !== undefined;
      }
      return false;
    });
  }

  /** Adds one failed backup job (the next item in turn) ending now; returns its row, or undefined with no items. */
  failOne(): Row | undefined {
    const items = this.candidates();
    if (items.length === 0) return undefined;
    const item = items[this.next++ % items.length] as Row;
    const workload = workloadOf(item);
    if (workload === undefined) return undefined;
    const error = pickBackupError(this.rng, workload);
    const end = this.now();
    const timing = {
      jobId: this.rng.guid(),
      startTime: new Date(end.getTime() - RAN_MS),
      endTime: end,
      isUserTriggered: false,
    };
    const row =
      lower(item.type) === T.rsvItem
        ? buildRsvJobRow(item, { ...timing, status: 'Failed', error: toRsvJobError(error) })
        : buildBvJobRow(item, { ...timing, status: 'Failed', error: toBvJobError(error), ruleName: 'BackupDaily' });
    this.rows.apply({ table: 'RecoveryServicesResources', rows: [row] });
    return row;
  }

  /** One failure every `everyMs` of real time until stop() (the demo's pace). */
  start(everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.failOne(), everyMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
