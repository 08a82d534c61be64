// A small seeded PRNG (mulberry32) for the estate generator: same seed, same estate, on every machine.
// Math.random is never used, so a seed in a bug report reproduces the exact rows.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max). */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weights (pairs of [value, weight]). */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
  /** A lower-case GUID with dashes. */
  guid(): string;
  /** `n` lower-case hex characters. */
  hex(n: number): string;
}

const HEX = '0123456789abcdef';

/** Mixes a seed with a label so that each part of the estate has its own stream (adding VMs does not reshuffle jobs). */
export function deriveSeed(seed: number, label: string | number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  const text = String(label);
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += HEX[(next() * 16) | 0];
    return out;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (choices) => {
      let total = 0;
      for (const [, w] of choices) total += w;
      let r = next() * total;
      for (const [value, w] of choices) {
        r -= w;
        if (r < 0) return value;
      }
      const last = choices[choices.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    guid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${HEX[8 + ((next() * 4) | 0)]}${hex(3)}-${hex(12)}`,
    hex,
  };
}
