// Storage accounts beyond the standard general-purpose v2 ones of data-datasources.ts: ADLS Gen2 accounts
// (isHnsEnabled; Backup vaults protect some as `Microsoft.Storage/storageAccounts/adlsBlobServices`, with stopped and
// soft-deleted ones among them as for any instance) and kinds blob backup cannot protect (blob-backup-support-matrix:
// block blobs in standard general-purpose v2 only): GPv1 `Storage`, legacy `BlobStorage`, premium `BlockBlobStorage`,
// premium `StorageV2` (page blobs only) and premium `FileStorage`. Own random streams: older estates stay as they were.
import { DS_TYPE } from './arm';
import { addBvInstance } from './bv-instances';
import type { GenContext } from './context';
import { variantId } from './names';
import { place, storageName } from './placement';
import { ensureBvPolicy } from './policy-rows';
import { createRng, deriveSeed } from './prng';
import { buildStorageRow, resourceId, SKU, STORAGE_SKUS } from './resource-rows';

/** Kinds that hold no blob-backup datasource, with the SKU each comes in. */
const OTHER_KINDS = [
  { kind: 'Storage', sku: SKU.storageLrs, suffix: 'v1' },
  { kind: 'BlobStorage', sku: SKU.storageGrs, suffix: 'legacy' },
  { kind: 'BlockBlobStorage', sku: SKU.storagePremium, suffix: 'bbprem' },
  { kind: 'StorageV2', sku: SKU.storagePremium, suffix: 'pbprem' },
  { kind: 'FileStorage', sku: SKU.storagePremium, suffix: 'fsprem' },
] as const;

export function generateStorageKinds(ctx: GenContext): void {
  let rng = createRng(deriveSeed(ctx.seed, 'adls'));
  for (let i = 0; i < ctx.scale.adlsAccounts; i++) {
    const { p, vault } = place(ctx, rng, 'bv', i, ctx.scale.adlsAccounts);
    const name = storageName('dl', p.app, i + 1, 'adls');
    const id = resourceId(p, 'Microsoft.Storage/storageAccounts', name);
    ctx.tables.Resources.push(buildStorageRow(p, name, rng.pick(STORAGE_SKUS), { isHnsEnabled: true }));
    if (!vault) continue;
    ensureBvPolicy(ctx, vault, 'adlsVaulted', rng);
    const source = variantId(rng.next(), id);
    addBvInstance(ctx, rng, vault, {
      workload: 'blobs',
      policyKind: 'adlsVaulted',
      datasourceType: DS_TYPE.adls,
      resourceId: source,
      resourceName: name,
      resourceType: 'Microsoft.Storage/storageAccounts',
      location: p.location,
      friendlyName: name,
      // The spec's ADLS example carries the account as its datasource set too.
      set: { id: source, name, type: 'Microsoft.Storage/storageAccounts' },
    });
  }
  rng = createRng(deriveSeed(ctx.seed, 'storage-kinds'));
  for (let i = 0; i < ctx.scale.otherKindAccounts; i++) {
    const { p } = place(ctx, rng, 'rsv', i, ctx.scale.otherKindAccounts, 0);
    const other = OTHER_KINDS[i % OTHER_KINDS.length] as (typeof OTHER_KINDS)[number];
    const name = storageName('st', p.app, i + 1, other.suffix);
    ctx.tables.Resources.push(buildStorageRow(p, name, other.sku, { kind: other.kind }));
  }
}
