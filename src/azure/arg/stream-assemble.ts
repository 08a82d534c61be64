// The streamed counterpart of assembleResult: labels each page's rows as it is handed on (tenant, duplicates across
// identities, the row limit) and, at the end, says what is missing. Holds no rows itself.
import type { ArgRow, ArgStreamEnd } from '../arg-types';
import { describeGaps, RowMerger, type ShortfallInput, throwIfUnanswerable } from './assemble';
import type { UnitPage } from './merge';
import type { UnitOutcome } from './paging';
import type { StatsCollector } from './transport';

export class StreamAssembler {
  private readonly merger: RowMerger;
  private shown = 0;
  private cut = false;

  constructor(
    private readonly input: ShortfallInput,
    private readonly maxRows: number | undefined,
  ) {
    this.merger = new RowMerger(input);
  }

  /** The rows of `page` to hand on (possibly none). */
  accept(page: UnitPage): ArgRow[] {
    const unit = this.input.plan.units[page.unit];
    if (!unit) return [];
    const room = this.maxRows === undefined ? Number.POSITIVE_INFINITY : this.maxRows - this.shown;
    const rows: ArgRow[] = [];
    for (const row of page.rows) {
      const kept = this.merger.accept(row, unit);
      if (!kept) continue;
      // Concurrent batches share one row budget but may overshoot it together: the surplus is dropped here.
      if (rows.length >= room) {
        this.cut = true;
        break;
      }
      rows.push(kept);
    }
    this.shown += rows.length;
    return rows;
  }

  /** Throws what assembleResult would throw (a refused query, no access anywhere); else the end of the stream. */
  finish(outcomes: ReadonlyArray<UnitOutcome | undefined>, stats: StatsCollector): ArgStreamEnd {
    throwIfUnanswerable(this.input, outcomes);
    const partial = describeGaps(this.input, outcomes, this.shown, this.cut);
    const { requests, argMs, waitMs } = stats;
    return { kind: 'end', partial, stats: { requests, rows: this.shown, argMs, waitMs } };
  }
}
