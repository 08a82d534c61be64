// How big each estate scale is: counts of tenants, subscriptions, vaults and datasources per workload.
// `large` targets ~500 vaults, ~100k protected items/instances and ~1M jobs over 14 days.

export type EstateScale = 'small' | 'large';

export interface ScaleConfig {
  tenants: number;
  subscriptions: number;
  rsvVaults: number;
  bvVaults: number;
  /** Plain VMs (Windows/Linux); SQL and HANA VMs come on top. */
  vms: number;
  sqlVms: number;
  hanaVms: number;
  /** Storage accounts whose file shares are backed up (or could be). */
  fileAccounts: number;
  /** Storage accounts whose blobs are backed up (or could be). */
  blobAccounts: number;
  /** Storage accounts with no backup-relevant data: never protected, always listed as protectable. */
  plainAccounts: number;
  /** ADLS Gen2 accounts (hierarchical namespace); Backup vaults protect some as adlsBlobServices. */
  adlsAccounts: number;
  /** Accounts of kinds blob backup cannot protect: GPv1, BlobStorage, BlockBlobStorage, premium StorageV2, FileStorage. */
  otherKindAccounts: number;
  /** Data disks (standalone or attached) that Backup vaults protect; every VM also gets an OS disk. */
  disks: number;
  pgSingle: number;
  pgFlex: number;
  aks: number;
  /** Share of datasources that are protected when a suitable vault exists in their subscription and region. */
  protectedShare: number;
}

export const SCALES: Record<EstateScale, ScaleConfig> = {
  small: {
    tenants: 2,
    subscriptions: 3,
    rsvVaults: 4,
    bvVaults: 2,
    vms: 300,
    sqlVms: 8,
    hanaVms: 3,
    fileAccounts: 12,
    blobAccounts: 16,
    plainAccounts: 5,
    adlsAccounts: 8,
    otherKindAccounts: 10,
    disks: 36,
    pgSingle: 3,
    pgFlex: 4,
    aks: 4,
    protectedShare: 0.82,
  },
  large: {
    tenants: 2,
    subscriptions: 200,
    rsvVaults: 300,
    bvVaults: 200,
    vms: 60_000,
    sqlVms: 3_400,
    hanaVms: 700,
    fileAccounts: 4_600,
    blobAccounts: 10_000,
    plainAccounts: 3_000,
    adlsAccounts: 1_500,
    otherKindAccounts: 2_000,
    disks: 14_000,
    pgSingle: 900,
    pgFlex: 2_300,
    aks: 2_800,
    protectedShare: 0.84,
  },
};
