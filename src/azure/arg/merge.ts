// Runs a query's units (subscription batches, identities) side by side and hands their pages on as they arrive, with
// backpressure: a unit asks for its next page only after its last one was handed on and the consumer asked again.
import type { ArgRow } from '../arg-types';
import type { UnitOutcome } from './paging';

/** Rows of one page of one unit; pages of a unit come in order, pages of different units interleave. */
export interface UnitPage {
  unit: number;
  rows: ArgRow[];
}

type Settled =
  | { unit: number; next: IteratorResult<ArgRow[], UnitOutcome>; error?: undefined }
  | { unit: number; error: unknown; next?: undefined };

/**
 * Yields every unit's pages and fills `outcomes[unit]` as each unit ends. At most one page per unit is waiting for the
 * consumer, so memory is bounded by the number of units, not by the rows. When the consumer stops early (break,
 * return, throw) or a unit throws (abort), `stop` is called so that the other units' requests end too.
 */
export async function* mergeUnits(
  units: ReadonlyArray<AsyncGenerator<ArgRow[], UnitOutcome, undefined>>,
  outcomes: UnitOutcome[],
  stop: () => void,
  signal: AbortSignal,
): AsyncGenerator<UnitPage, void, undefined> {
  const pending = new Map<number, Promise<Settled>>();
  const ended = new Set<number>();
  try {
    for (;;) {
      signal.throwIfAborted();
      units.forEach((pages, unit) => {
        if (ended.has(unit) || pending.has(unit)) return;
        // Rejections are caught here so that a unit failing while another page is handed on is never unhandled.
        pending.set(
          unit,
          pages.next().then(
            (next) => ({ unit, next }),
            (error: unknown) => ({ unit, error }),
          ),
        );
      });
      if (pending.size === 0) return;
      const settled = await Promise.race(pending.values());
      pending.delete(settled.unit);
      if (!settled.next) throw settled.error;
      if (settled.next.done) {
        ended.add(settled.unit);
        outcomes[settled.unit] = settled.next.value;
        continue;
      }
      yield { unit: settled.unit, rows: settled.next.value };
    }
  } finally {
    if (pending.size > 0 || ended.size < units.length) stop();
  }
}
