// Where a generated datasource lives (subscription, resource group, region, tags) and which vault, if any,
// protects it. The first datasource of each kind is always protected and the last never is, so even the small
// estate shows both sides of every workload.
import type { GenContext, SubRec, VaultRec } from './context';
import type { Rng } from './prng';
import type { Placement } from './resource-rows';
import { makeTags } from './tags';

export interface Placed {
  p: Placement;
  /** The vault that protects the datasource; undefined = unprotected. */
  vault?: VaultRec;
}

function vaultsOf(sub: SubRec, kind: 'rsv' | 'bv'): VaultRec[] {
  return kind === 'rsv' ? sub.rsv : sub.bv;
}

/** Places datasource `i` of `count`; `share` overrides the scale's protected share. */
export function place(ctx: GenContext, rng: Rng, kind: 'rsv' | 'bv', i: number, count: number, share?: number): Placed {
  const first = i === 0;
  const last = i === count - 1 && count > 1;
  let sub = rng.pick(ctx.subs);
  if (first) sub = ctx.subs.find((s) => vaultsOf(s, kind).length > 0) ?? sub;
  const candidates = vaultsOf(sub, kind);
  const candidate = candidates.length > 0 ? rng.pick(candidates) : undefined;
  const protect = candidate !== undefined && !last && (first || rng.chance(share ?? ctx.scale.protectedShare));
  const rg = rng.pick(sub.workloadRgs);
  const [, app = 'app', env = 'prod'] = rg.toLowerCase().split('-');
  const location = candidate ? candidate.location : rng.pick(sub.regions);
  const p: Placement = { sub, rg, app, env, location, tags: makeTags(rng, app, env) };
  return protect ? { p, vault: candidate } : { p };
}

/** A storage-account-safe name: lower-case letters and digits, 3-24 characters. */
export function storageName(prefix: string, app: string, i: number, suffix: string): string {
  return `${prefix}${app.replace(/[^a-z0-9]/g, '').slice(0, 8)}${i}${suffix}`.slice(0, 24);
}
