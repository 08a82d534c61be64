// Paging by measurement: find the largest leading slice of a list whose rendered card passes every platform limit.
// Rendering is the only exact measure (markdown, JSON escaping, per-row optional parts), and it is cheap enough to repeat.
import { RenderLimitError } from './errors';

export interface FitResult<R> {
  /** The rendering of the first `count` items. */
  rendered: R;
  /** How many items fit; the caller pages from here (`items.slice(count)` is the rest). */
  count: number;
}

/**
 * Renders `items` whole if it fits; otherwise binary-searches the largest `n` (≥ `min`, default 1) for which
 * `renderWith(items.slice(0, n))` throws no RenderLimitError. Assumes more items never make a card smaller.
 * The first overflow narrows the search: for limits that grow linearly with items (bytes, blocks, text) a
 * proportional guess `n × max / actual` is an upper bound on the answer, so a 500-item list takes ~6 renders.
 * A TemplateError (a bug) propagates at once; if even `min` items overflow, that RenderLimitError propagates.
 * `renderWith` builds the whole page, including "showing 1–n of N" and a next-page button when the slice is short.
 */
export function fitItems<T, R>(
  items: readonly T[],
  renderWith: (slice: readonly T[]) => R,
  options: { min?: number } = {},
): FitResult<R> {
  const min = Math.max(0, Math.min(options.min ?? 1, items.length));
  const attempt = (n: number): { rendered: R } | { overflow: RenderLimitError } => {
    try {
      return { rendered: renderWith(items.slice(0, n)) };
    } catch (err) {
      if (err instanceof RenderLimitError) return { overflow: err };
      throw err;
    }
  };

  const whole = attempt(items.length);
  if ('rendered' in whole) return { rendered: whole.rendered, count: items.length };

  let hi = items.length - 1;
  const { actual, max } = whole.overflow;
  if (actual > max) hi = Math.min(hi, Math.max(min, Math.ceil((items.length * max) / actual)));

  let best: FitResult<R> | undefined;
  let lo = min;
  let lastOverflow = whole.overflow;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    const result = attempt(mid);
    if ('rendered' in result) {
      best = { rendered: result.rendered, count: mid };
      lo = mid + 1;
    } else {
      lastOverflow = result.overflow;
      hi = mid - 1;
    }
  }
  // Without a success the loop has tried `min` itself (or `min` is the whole list), so this is min's overflow.
  if (!best) throw lastOverflow;
  return best;
}
