// Data datasources and their protection: storage accounts with file shares (RSV Azure Files items), storage
// accounts with blobs (BV instances, operational or vaulted), plain storage accounts (never protected),
// PostgreSQL single servers (one instance per database), flexible servers and AKS clusters (BV instances).
import { DS_TYPE } from './arm';
import { addBvInstance } from './bv-instances';
import type { GenContext } from './context';
import { PG_DBS, pad, SHARES, variantId } from './names';
import { place, storageName } from './placement';
import { createRng, deriveSeed } from './prng';
import {
  buildAksRow,
  buildPgFlexRow,
  buildPgSingleRow,
  buildStorageRow,
  resourceId,
  STORAGE_SKUS,
} from './resource-rows';
import { addRsvItem } from './rsv-items';

function generateStorage(ctx: GenContext): void {
  const { scale } = ctx;
  let rng = createRng(deriveSeed(ctx.seed, 'files'));
  for (let i = 0; i < scale.fileAccounts; i++) {
    const { p, vault } = place(ctx, rng, 'rsv', i, scale.fileAccounts, undefined, { crossSubscriptionEvery: 6 });
    const name = storageName('st', p.app, i + 1, 'fs');
    const id = resourceId(p, 'Microsoft.Storage/storageAccounts', name);
    ctx.tables.Resources.push(buildStorageRow(p, name, rng.pick(STORAGE_SKUS)));
    if (!vault) continue;
    const rg = rng.chance(0.7) ? p.rg.toLowerCase() : p.rg;
    const container = rng.chance(0.7)
      ? `StorageContainer;Storage;${rg};${name}`
      : `storagecontainer;storage;${rg};${name}`;
    const shares = new Set<string>();
    const want = rng.int(1, 5);
    while (shares.size < want) shares.add(rng.pick(SHARES));
    const source = variantId(rng.next(), id);
    // All shares of an account are protected in one vault (reference: Azure Files support matrix).
    for (const share of shares) {
      if (shares.size > 1 && rng.chance(0.1)) continue;
      addRsvItem(ctx, rng, vault, {
        workload: 'files',
        policyKind: 'files',
        container,
        // The item name is sometimes an internal hash rather than the share name; friendlyName has the share.
        itemName: rng.chance(0.3) ? `azurefileshare;${rng.hex(40)}` : `AzureFileShare;${share}`,
        friendlyName: share,
        sourceResourceId: source,
        datasourceName: name,
        datasourceLocation: p.location,
      });
    }
  }
  rng = createRng(deriveSeed(ctx.seed, 'blobs'));
  for (let i = 0; i < scale.blobAccounts; i++) {
    const { p, vault } = place(ctx, rng, 'bv', i, scale.blobAccounts);
    const name = storageName('st', p.app, i + 1, 'blob');
    const id = resourceId(p, 'Microsoft.Storage/storageAccounts', name);
    ctx.tables.Resources.push(buildStorageRow(p, name, rng.pick(STORAGE_SKUS)));
    if (!vault) continue;
    addBvInstance(ctx, rng, vault, {
      workload: 'blobs',
      // The first blob account uses the operational-only policy: continuous backup, no jobs, no ad-hoc backup.
      policyKind: i === 0 || rng.chance(0.5) ? 'blobsOperational' : 'blobsVaulted',
      datasourceType: DS_TYPE.blob,
      resourceId: variantId(rng.next(), id),
      resourceName: name,
      resourceType: 'Microsoft.Storage/storageAccounts',
      location: p.location,
      friendlyName: name,
    });
  }
  rng = createRng(deriveSeed(ctx.seed, 'plain-storage'));
  for (let i = 0; i < scale.plainAccounts; i++) {
    const { p } = place(ctx, rng, 'rsv', i, scale.plainAccounts, 0);
    ctx.tables.Resources.push(buildStorageRow(p, storageName('st', p.app, i + 1, 'diag'), rng.pick(STORAGE_SKUS)));
  }
}

function generateDatabases(ctx: GenContext): void {
  const { scale } = ctx;
  let rng = createRng(deriveSeed(ctx.seed, 'pg-single'));
  for (let i = 0; i < scale.pgSingle; i++) {
    const { p, vault } = place(ctx, rng, 'bv', i, scale.pgSingle);
    const name = `psql-${p.app}-${p.env}-${pad(i + 1, 3)}`;
    const serverId = resourceId(p, 'Microsoft.DBforPostgreSQL/servers', name);
    ctx.tables.Resources.push(buildPgSingleRow(p, name));
    if (!vault) continue;
    const dbs = new Set<string>();
    const want = rng.int(1, 4);
    while (dbs.size < want) dbs.add(rng.pick(PG_DBS));
    const source = variantId(rng.next(), serverId);
    for (const db of dbs) {
      addBvInstance(ctx, rng, vault, {
        workload: 'postgres',
        policyKind: 'pgSingle',
        datasourceType: DS_TYPE.pgSingle,
        resourceId: `${source}/databases/${db}`,
        resourceName: db,
        resourceType: 'Microsoft.DBforPostgreSQL/servers/databases',
        location: p.location,
        friendlyName: `${name}/${db}`,
        set: { id: source, name, type: 'Microsoft.DBforPostgreSQL/servers' },
      });
    }
  }
  rng = createRng(deriveSeed(ctx.seed, 'pg-flex'));
  for (let i = 0; i < scale.pgFlex; i++) {
    const { p, vault } = place(ctx, rng, 'bv', i, scale.pgFlex);
    const name = `pgflex-${p.app}-${p.env}-${pad(i + 1, 3)}`;
    const id = resourceId(p, 'Microsoft.DBforPostgreSQL/flexibleServers', name);
    ctx.tables.Resources.push(buildPgFlexRow(p, name));
    if (!vault) continue;
    addBvInstance(ctx, rng, vault, {
      workload: 'postgres',
      policyKind: 'pgFlex',
      datasourceType: DS_TYPE.pgFlex,
      resourceId: variantId(rng.next(), id),
      resourceName: name,
      resourceType: 'Microsoft.DBforPostgreSQL/flexibleServers',
      location: p.location,
      friendlyName: name,
    });
  }
}

function generateAks(ctx: GenContext): void {
  const rng = createRng(deriveSeed(ctx.seed, 'aks'));
  const count = ctx.scale.aks;
  for (let i = 0; i < count; i++) {
    const { p, vault } = place(ctx, rng, 'bv', i, count);
    const name = `aks-${p.app}-${p.env}-${pad(i + 1, 3)}`;
    const id = resourceId(p, 'Microsoft.ContainerService/managedClusters', name);
    ctx.tables.Resources.push(buildAksRow(p, name));
    if (!vault) continue;
    const source = variantId(rng.next(), id);
    addBvInstance(ctx, rng, vault, {
      workload: 'aks',
      policyKind: rng.chance(0.15) ? 'aksHourly' : 'aksDaily',
      datasourceType: DS_TYPE.aks,
      resourceId: source,
      resourceName: name,
      resourceType: 'Microsoft.ContainerService/managedClusters',
      location: p.location,
      friendlyName: name,
      set: { id: source, name, type: 'Microsoft.ContainerService/managedClusters' },
    });
  }
}

export function generateData(ctx: GenContext): void {
  generateStorage(ctx);
  generateDatabases(ctx);
  generateAks(ctx);
}
