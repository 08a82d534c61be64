// Resource tags (env, owner, costCenter, app) for generated rows. Tag sets repeat a lot, so identical sets are one
// shared frozen object: rows must be treated as read-only (the KQL engine only reads them).
import { COST_CENTERS, OWNERS } from './names';
import type { Rng } from './prng';

const cache = new Map<string, Readonly<Record<string, string>>>();
const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

function intern(tags: Record<string, string>): Readonly<Record<string, string>> {
  const key = JSON.stringify(tags);
  let hit = cache.get(key);
  if (!hit) {
    hit = Object.freeze(tags);
    cache.set(key, hit);
  }
  return hit;
}

/** Tags for a resource of `app` in `env`; about one resource in eight is untagged (`{}`), as in real estates. */
export function makeTags(rng: Rng, app: string, env: string): Readonly<Record<string, string>> {
  if (rng.chance(0.12)) return EMPTY;
  const tags: Record<string, string> = { env, owner: rng.pick(OWNERS), costCenter: rng.pick(COST_CENTERS) };
  if (rng.chance(0.7)) tags.app = app;
  return intern(tags);
}
