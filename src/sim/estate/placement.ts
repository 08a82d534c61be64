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

/**
 * Cross-subscription backup: Azure Files can be backed up by a vault in another subscription of the tenant, and VMs
 * through PowerShell's -ContainerSubscriptionId. Every `crossSubscriptionEvery`-th protected datasource (from the
 * third) is protected by a vault of another subscription (same region as the vault, as Azure Backup requires).
 * Deterministic, with no draw of its own, so the rest of the estate is what it was.
 */
export interface PlaceOptions {
  crossSubscriptionEvery?: number;
}

function otherSubscriptionVault(ctx: GenContext, sub: SubRec, kind: 'rsv' | 'bv', i: number): VaultRec | undefined {
  const others = ctx.subs.filter((s) => s !== sub && s.tenantId === sub.tenantId).flatMap((s) => vaultsOf(s, kind));
  return others.length === 0 ? undefined : others[i % others.length];
}

/** Places datasource `i` of `count`; `share` overrides the scale's protected share. */
export function place(
  ctx: GenContext,
  rng: Rng,
  kind: 'rsv' | 'bv',
  i: number,
  count: number,
  share?: number,
  options: PlaceOptions = {},
): Placed {
  const first = i === 0;
  const last = i === count - 1 && count > 1;
  let sub = rng.pick(ctx.subs);
  if (first) sub = ctx.subs.find((s) => vaultsOf(s, kind).length > 0) ?? sub;
  const candidates = vaultsOf(sub, kind);
  const candidate = candidates.length > 0 ? rng.pick(candidates) : undefined;
  const protect = candidate !== undefined && !last && (first || rng.chance(share ?? ctx.scale.protectedShare));
  const rg = rng.pick(sub.workloadRgs);
  const [, app = 'app', env = 'prod'] = rg.toLowerCase().split('-');
  const every = options.crossSubscriptionEvery;
  const crossVault =
    protect && every !== undefined && i % every === 2 ? otherSubscriptionVault(ctx, sub, kind, i) : undefined;
  const vault = crossVault ?? candidate;
  const location = vault ? vault.location : rng.pick(sub.regions);
  const p: Placement = { sub, rg, app, env, location, tags: makeTags(rng, app, env) };
  return protect ? { p, vault } : { p };
}

/** A storage-account-safe name: lower-case letters and digits, 3-24 characters. */
export function storageName(prefix: string, app: string, i: number, suffix: string): string {
  return `${prefix}${app.replace(/[^a-z0-9]/g, '').slice(0, 8)}${i}${suffix}`.slice(0, 24);
}
