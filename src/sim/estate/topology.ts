// Tenants, subscriptions, resource groups and vaults: the skeleton every datasource, item and job hangs off.
// Writes ResourceContainers (subscriptions with management-group chains, resource groups) and the vault and
// policy rows; vault child ids get per-vault casing quirks (`/Subscriptions/`, lower-case provider segments).
import { T } from './arm';
import type { GenContext, SubRec, VaultRec } from './context';
import { APPS, caseVariant, ENVS, pad, REGIONS } from './names';
import { createPolicies } from './policy-rows';
import { createRng, deriveSeed, type Rng } from './prng';
import { buildBvVaultRow, buildRsvVaultRow } from './vault-rows';

const BRANDS = ['contoso', 'fabrikam', 'northwind'];
/** Fixed placement for the small estate, so that demos and tests always see two regions and one BV-less subscription. */
const SMALL_REGIONS = [['westeurope', 'northeurope'], ['eastus'], ['westeurope']];

function casing(rng: Rng): number {
  return rng.weighted([
    [0, 6],
    [1, 2],
    [2, 2],
  ] as const);
}

function subscriptionRow(sub: SubRec, brand: string, prod: boolean) {
  return {
    id: `/subscriptions/${sub.id}`,
    name: sub.displayName,
    type: T.subscription,
    tenantId: sub.tenantId,
    kind: '',
    location: '',
    resourceGroup: '',
    subscriptionId: sub.id,
    properties: {
      displayName: sub.displayName,
      state: 'Enabled',
      subscriptionPolicies: {
        locationPlacementId: 'Public_2014-09-01',
        quotaId: 'EnterpriseAgreement_2014-09-01',
        spendingLimit: 'Off',
      },
      managementGroupAncestorsChain: [
        { name: `mg-${brand}-${prod ? 'prod' : 'nonprod'}`, displayName: prod ? 'Production' : 'Non-production' },
        { name: sub.tenantId, displayName: 'Tenant Root Group' },
      ],
    },
    tags: {},
  };
}

function resourceGroupRow(sub: SubRec, name: string, location: string) {
  return {
    id: `/subscriptions/${sub.id}/resourceGroups/${name}`,
    name,
    type: T.resourceGroup,
    tenantId: sub.tenantId,
    kind: '',
    location,
    resourceGroup: name.toLowerCase(),
    subscriptionId: sub.id,
    properties: { provisioningState: 'Succeeded' },
    tags: {},
  };
}

function createVault(ctx: GenContext, rng: Rng, kind: 'rsv' | 'bv', n: number): VaultRec {
  const sub = ctx.subs[n % ctx.subs.length] as SubRec;
  const siblings = kind === 'rsv' ? sub.rsv : sub.bv;
  const location = sub.regions[siblings.length % sub.regions.length] as string;
  const rgName = caseVariant(`rg-backup-${location}`, sub.index % 3);
  const name = caseVariant(`${kind}-${rng.pick(APPS)}-${rng.pick(ENVS)}-${pad(n + 1, 3)}`, rng.chance(0.15) ? 1 : 0);
  const provider = kind === 'rsv' ? 'Microsoft.RecoveryServices/vaults' : 'Microsoft.DataProtection/backupVaults';
  const id = `/subscriptions/${sub.id}/resourceGroups/${rgName}/providers/${provider}/${name}`;
  // Small estates get each quirk on a fixed vault; large ones at random.
  const style =
    ctx.subs.length <= 3
      ? n % 3
      : rng.weighted([
          [0, 6],
          [1, 2.5],
          [2, 1.5],
        ] as const);
  let childPrefix = id;
  if (style === 1)
    childPrefix =
      kind === 'rsv'
        ? id.replace('/subscriptions/', '/Subscriptions/')
        : id.replace('/backupVaults/', '/backupvaults/');
  if (style === 2)
    childPrefix = `/subscriptions/${sub.id}/resourceGroups/${rgName.toLowerCase()}/providers/${provider.toLowerCase()}/${name}`;
  const vault: VaultRec = {
    kind,
    sub,
    id,
    childPrefix,
    name,
    rgName,
    location,
    alertsOnFailure: true,
    unifiedShare: ctx.subs.length <= 3 ? ([0, 1, 0.6, 1][n] ?? 1) : rng.pick([0, 0.6, 1, 1]),
    policies: {},
  };
  siblings.push(vault);
  const row = kind === 'rsv' ? buildRsvVaultRow(vault, rng, n) : buildBvVaultRow(vault, rng, n);
  ctx.tables.Resources.push(row);
  createPolicies(ctx, vault, rng);
  return vault;
}

/** Fills ctx.subs (with vaults and policies) and appends ResourceContainers, vault and policy rows. */
export function buildTopology(ctx: GenContext): void {
  const rng = createRng(deriveSeed(ctx.seed, 'topology'));
  const { scale } = ctx;
  const tenants = Array.from({ length: scale.tenants }, () => rng.guid());
  const firstTenantSubs = scale.tenants > 1 ? Math.ceil(scale.subscriptions * 0.6) : scale.subscriptions;
  const small = scale.subscriptions <= 3;
  const rgCount = small ? 5 : 12;
  for (let i = 0; i < scale.subscriptions; i++) {
    const t = i < firstTenantSubs ? 0 : Math.min(tenants.length - 1, 1 + (i % Math.max(1, tenants.length - 1)));
    const prod = rng.chance(0.6);
    const brand = BRANDS[t % BRANDS.length] as string;
    const regions = small
      ? (SMALL_REGIONS[i] ?? ['westeurope'])
      : [...new Set([rng.pick(REGIONS), ...(rng.chance(0.4) ? [rng.pick(REGIONS)] : [])])];
    const rgs = new Set<string>();
    while (rgs.size < rgCount) rgs.add(`rg-${rng.pick(APPS)}-${rng.pick(ENVS)}`);
    const sub: SubRec = {
      index: i,
      id: rng.guid(),
      tenantId: tenants[t] as string,
      displayName: `${brand}-${rng.pick(APPS)}-${prod ? 'prod' : 'nonprod'}-${pad(i + 1, 3)}`,
      workloadRgs: [...rgs].map((rg) => caseVariant(rg, casing(rng))),
      regions,
      rsv: [],
      bv: [],
    };
    ctx.subs.push(sub);
    ctx.tables.ResourceContainers.push(subscriptionRow(sub, brand, prod));
    for (const rg of sub.workloadRgs)
      ctx.tables.ResourceContainers.push(resourceGroupRow(sub, rg, regions[0] as string));
  }
  for (let n = 0; n < scale.rsvVaults; n++) createVault(ctx, rng, 'rsv', n);
  for (let n = 0; n < scale.bvVaults; n++) createVault(ctx, rng, 'bv', n);
  for (const sub of ctx.subs) {
    const vaultRgs = new Set([...sub.rsv, ...sub.bv].map((v) => v.rgName));
    for (const rg of vaultRgs) {
      const location = [...sub.rsv, ...sub.bv].find((v) => v.rgName === rg)?.location ?? (sub.regions[0] as string);
      ctx.tables.ResourceContainers.push(resourceGroupRow(sub, rg, location));
    }
  }
}
