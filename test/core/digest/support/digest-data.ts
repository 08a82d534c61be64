// Hand-made digest answers for tests of the digest card: a few named items and jobs in readable builders, and a huge
// answer (long names, many error codes, unknown Azure texts) to stress the platforms' limits.
import type { DigestData, DigestItem } from '../../../../src/core/domain/digest';
import type { Job } from '../../../../src/core/domain/jobs';
import type { DataResult } from '../../../../src/core/domain/result';
import type { UnprotectedDatasource } from '../../../../src/core/domain/unprotected';
import { computeSecurityLevel, type VaultHealth } from '../../../../src/core/domain/vaults';
import type { WorkloadOrOther } from '../../../../src/core/domain/workload';
import { HUGE_NOW, hugeJobs, hugeVault } from '../../support/huge-estate';

export const NOW = new Date('2026-12-05T07:00:00Z'); // 08:00 in Berlin
export const PROD = '0b2e4f1a-0000-4000-8000-000000000001';
export const DEV = '7c9d1e22-0000-4000-8000-000000000002';
export const NAMES = new Map([
  [PROD, 'Contoso Prod'],
  [DEV, 'Contoso Dev'],
]);

const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

function vaultOf(name: string, sub: string) {
  return {
    id: `/subscriptions/${sub}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/${name}`,
    name,
    kind: 'rsv' as const,
    subscriptionId: sub,
    resourceGroup: 'rg-backup',
  };
}

export interface ItemSpec {
  name: string;
  sub?: string;
  workload?: WorkloadOrOther;
  /** Host VM of a SQL database. */
  host?: string;
  lastGoodHoursAgo?: number;
  failing?: boolean;
  failedHoursAgo?: number;
  everyHours?: number;
  runningHours?: number;
  typicalMinutes?: number;
}

export function item(s: ItemSpec): DigestItem {
  const sub = s.sub ?? PROD;
  const vault = vaultOf('rsv-prod', sub);
  const vm = s.host ?? s.name;
  const id = `${vault.id}/backupFabrics/Azure/protectionContainers/c;${vm}/protectedItems/${s.workload ?? 'vm'};${s.name}`;
  return {
    key: id.toLowerCase(),
    id,
    name: s.name,
    workload: s.workload ?? 'vm',
    vault,
    datasource: {
      id: `/subscriptions/${sub}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/${vm}`,
      name: s.name,
      subscriptionId: sub,
      resourceGroup: 'rg-app',
    },
    protectionState: 'Protected',
    policy: { name: 'DefaultPolicy' },
    ...(s.everyHours === undefined ? { everyHours: 24 } : { everyHours: s.everyHours }),
    ...(s.lastGoodHoursAgo === undefined ? {} : { lastGoodAt: hoursAgo(s.lastGoodHoursAgo) }),
    ...(s.failedHoursAgo === undefined ? {} : { lastFailureAt: hoursAgo(s.failedHoursAgo) }),
    lastAttemptAt: hoursAgo(Math.min(s.failedHoursAgo ?? 99, s.lastGoodHoursAgo ?? 99)),
    lastAttemptFailed: s.failing === true,
    failures24h: s.failing && (s.failedHoursAgo ?? 99) < 24 ? 1 : 0,
    failures14d: s.failedHoursAgo === undefined ? 0 : 1,
    ...(s.runningHours === undefined ? {} : { runningSince: hoursAgo(s.runningHours) }),
    ...(s.typicalMinutes === undefined ? {} : { typicalMinutes: s.typicalMinutes }),
  };
}

/** A failed backup job of `of`, with an error code from the catalog (or one nobody catalogues). */
export function failedJob(of: DigestItem, code: string, hours = 3): Job {
  const start = hoursAgo(hours);
  return {
    id: `${of.vault.id}/backupJobs/${of.name}-${code}-${hours}`,
    subscriptionId: of.vault.subscriptionId,
    vault: of.vault,
    datasource: of.datasource,
    workload: of.workload,
    operation: { kind: 'backup', raw: 'Backup', adhoc: false },
    status: 'Failed',
    rawStatus: 'Failed',
    startTime: start,
    endTime: start,
    errorCode: code,
    errorMessage: `Azure's message for ${code}.`,
    recommendations: [],
    errors: [{ code, message: `Azure's message for ${code}.`, recommendations: ['Azure recommends something.'] }],
    backupInstanceId: of.id,
  };
}

export function vault(
  name: string,
  settings: Partial<Pick<VaultHealth, 'softDelete' | 'immutability' | 'mua'>> = {},
): VaultHealth {
  const base = {
    softDelete: settings.softDelete ?? 'always-on',
    immutability: settings.immutability ?? 'locked',
    mua: settings.mua ?? 'on',
  } as const;
  const ref = vaultOf(name, PROD);
  return {
    ...ref,
    location: 'westeurope',
    ...base,
    securityLevel: computeSecurityLevel(base),
    redundancy: 'GeoRedundant',
    crossRegionRestore: 'on',
    publicNetworkAccess: 'disabled',
    customerManagedKey: 'off',
    jobFailureAlerts: 'on',
    protectedItems: 10,
    failedJobs: 0,
  };
}

export function unprotectedVm(name: string, sub = PROD): UnprotectedDatasource {
  return {
    id: `/subscriptions/${sub}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    workload: 'vm',
    type: 'microsoft.compute/virtualmachines',
    subscriptionId: sub,
    resourceGroup: 'rg-app',
    location: 'westeurope',
    tags: {},
    reason: 'No active VM backup in a Recovery Services vault.',
  };
}

export function answer(
  value: Partial<DigestData>,
  partial: DataResult<DigestData>['partial'] = [],
): DataResult<DigestData> {
  return {
    value: {
      failedJobs: [],
      failedJobsMore: false,
      items: [],
      vaults: [],
      unprotected: { datasources: [], stopped: [], complete: true },
      ...value,
    },
    partial,
    kql: ['RecoveryServicesResources | take 1'],
    stats: { requests: 3, rows: 10, argMs: 30 },
  };
}

/** The worst case for card limits: 1,500 failed jobs in 10 error codes, long names and Azure texts, many items. */
export function hugeAnswer(): DataResult<DigestData> {
  const jobs = hugeJobs(1_500);
  const items: DigestItem[] = jobs.slice(0, 400).map((j, n) => ({
    key: (j.backupInstanceId as string).toLowerCase(),
    id: j.backupInstanceId as string,
    name: j.datasource.name,
    workload: j.workload,
    vault: j.vault,
    datasource: j.datasource,
    protectionState: 'Protected',
    everyHours: 24,
    lastGoodAt: new Date(HUGE_NOW.getTime() - (30 + n) * 3_600_000).toISOString(),
    lastAttemptFailed: true,
    lastFailureAt: j.startTime as string,
    failures24h: 3,
    failures14d: 9,
    ...(n % 7 === 0
      ? { runningSince: new Date(HUGE_NOW.getTime() - 20 * 3_600_000).toISOString(), typicalMinutes: 40 }
      : {}),
  }));
  const vaults = Array.from({ length: 60 }, (_, n) => ({
    ...vault(`v${n}`),
    ...hugeVault(n),
    softDelete: 'off' as const,
    mua: 'off' as const,
    securityLevel: 'Poor' as const,
  }));
  const unprotected = Array.from({ length: 3_000 }, (_, n) => ({
    ...unprotectedVm(`${'unprotected-vm-with-a-long-name-'.repeat(2)}${n}`),
    workload: n % 2 ? ('vm' as const) : ('disks' as const),
  }));
  return {
    value: {
      failedJobs: jobs.slice(0, 1_000),
      failedJobsMore: true,
      items,
      vaults,
      unprotected: { datasources: unprotected, stopped: [], complete: true },
    },
    partial: [
      {
        kind: 'throttled',
        detail: '12 subscriptions were throttled',
        subscriptions: Array.from({ length: 12 }, (_, i) => `sub-${i}`),
      },
    ],
    kql: Array.from(
      { length: 11 },
      (_, i) => `RecoveryServicesResources | where id has 'query-${i}' ${'| extend x = 1 '.repeat(40)}`,
    ),
    stats: { requests: 40, rows: 5000, argMs: 9000 },
  };
}
