// A stable radix sort of row positions by one numeric sort key: the first key of the bot's job list (startTime) over a
// million rows, without a comparator call per pair.
import type { SortKey } from './ast';

const DIGIT_BITS = 16;
const DIGITS = 1 << DIGIT_BITS;

/**
 * A stable LSD radix sort of positions by one numeric key (four 16-bit digits of the double's bits, made to order as
 * the numbers do; a digit all keys share is skipped). Nulls (NaN) keep their input order at the end, or the start.
 */
export function radixOrder(values: number[], key: SortKey): Int32Array {
  const n = values.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  let order = new Int32Array(n);
  const nulls: number[] = [];
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      nulls.push(i);
      continue;
    }
    bits[0] = v === 0 ? 0 : v; // -0 and 0 are one value
    let h = words[1] as number;
    let l = words[0] as number;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    if (key.desc) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
    order[m++] = i;
  }
  let spare = new Int32Array(n);
  const counts = new Int32Array(DIGITS);
  for (const [word, shift] of [
    [lo, 0],
    [lo, DIGIT_BITS],
    [hi, 0],
    [hi, DIGIT_BITS],
  ] as const) {
    counts.fill(0);
    for (let k = 0; k < m; k++) {
      const d = ((word[order[k] as number] as number) >>> shift) & (DIGITS - 1);
      counts[d] = (counts[d] as number) + 1;
    }
    if (counts.some((c) => c === m)) continue;
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < m; k++) {
      const i = order[k] as number;
      const d = ((word[i] as number) >>> shift) & (DIGITS - 1);
      const at = counts[d] as number;
      counts[d] = at + 1;
      spare[at] = i;
    }
    [order, spare] = [spare, order];
  }
  if (nulls.length === 0) return order;
  const out = new Int32Array(n);
  const at = key.nullsFirst ? nulls.length : 0;
  out.set(order.subarray(0, m), at);
  out.set(nulls, key.nullsFirst ? 0 : m);
  return out;
}
