// A deterministic "huge" estate of domain objects, built to stress every platform limit: thousands of failed jobs
// across many vaults and error codes, the longest names Azure allows, and Azure texts far longer than any view shows.
import type { BackupInstance, ItemDetail } from '../../../src/core/domain/instances';
import { emptyStatusCounts, type Job, type JobStatus, type JobSummary } from '../../../src/core/domain/jobs';
import type { VaultRef } from '../../../src/core/domain/refs';
import type { BackupSummary } from '../../../src/core/domain/summary';
import { WORKLOADS, type Workload } from '../../../src/core/domain/workload';

export const HUGE_NOW = new Date('2025-11-24T10:02:00Z');

/** Known catalog codes, RSV numbers and codes nobody catalogues, so groups mix our advice and Azure's words. */
const CODES = [
  'UserErrorGuestAgentStatusUnavailable',
  'UserErrorVmNotInDesirableState',
  'UserErrorSQLPODoesNotExist',
  'UserErrorMissingRequiredPermissions',
  'UserErrorMaxConcurrentOperationLimitReached',
  '400239',
  '400175',
  '999999',
  'UserErrorSomethingNobodyHasCatalogued',
  'KubernetesBackupCustomResourcesTrackingTimeOutError',
] as const;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Resource group names may be 90 characters; vault names 50; VM names 64 (Linux), SQL databases 128. */
const longRg = (n: number) => `rg-${'production-workloads-west-europe-'.repeat(3)}${pad(n, 4)}`.slice(0, 90);
const longName = (prefix: string, n: number, max: number) =>
  `${prefix}-${'a-very-long-resource-name-segment-'.repeat(5)}${pad(n, 5)}`.slice(0, max);
const sub = (n: number) => `${pad(n, 8)}-aaaa-4bbb-8ccc-${pad(n, 12)}`;
const longText = (what: string, n: number) =>
  `${what} ${n}: ${'Azure says a great deal about this error, with <angle brackets> & ampersands, and "quotes"; '.repeat(25)}`;

export function hugeVault(n: number): VaultRef {
  const s = sub(n % 40);
  const rg = longRg(n);
  const kind = n % 3 === 0 ? 'bv' : 'rsv';
  const name = longName(kind === 'rsv' ? 'rsv' : 'bv', n, 50);
  const provider = kind === 'rsv' ? 'Microsoft.RecoveryServices/vaults' : 'Microsoft.DataProtection/backupVaults';
  return {
    id: `/subscriptions/${s}/resourceGroups/${rg}/providers/${provider}/${name}`,
    name,
    kind,
    subscriptionId: s,
    resourceGroup: rg,
  };
}

export function hugeJob(n: number, status: JobStatus = 'Failed'): Job {
  const vault = hugeVault(n % 60);
  const workload: Workload = WORKLOADS[n % WORKLOADS.length] as Workload;
  const code = CODES[n % CODES.length] as string;
  const dsName = longName(workload, n, 128);
  const start = new Date(HUGE_NOW.getTime() - (n + 1) * 7 * 60_000).toISOString();
  const errors =
    status === 'Failed'
      ? [
          {
            code,
            message: longText('Message', n),
            title: n % 2 === 0 ? longText('Title', n) : undefined,
            recommendations: [longText('Recommendation one', n), longText('Recommendation two', n)],
          },
        ]
      : [];
  const id = `${vault.id}/backupJobs/${pad(n, 8)}-1111-4222-8333-${pad(n, 12)}`;
  return {
    id,
    tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    subscriptionId: vault.subscriptionId,
    vault,
    datasource: {
      id: `/subscriptions/${vault.subscriptionId}/resourceGroups/${longRg(n + 1)}/providers/Microsoft.Compute/virtualMachines/${dsName}`,
      name: dsName,
      subscriptionId: vault.subscriptionId,
      resourceGroup: longRg(n + 1),
      location: 'westeurope',
    },
    workload,
    operation: { kind: 'backup', raw: 'Backup', adhoc: n % 5 === 0 },
    status,
    rawStatus: status,
    startTime: start,
    ...(status === 'InProgress' ? {} : { endTime: start, durationMs: 3_723_000 + n * 1000 }),
    ...(errors[0] ? { errorCode: code, errorMessage: errors[0].message } : {}),
    recommendations: errors[0]?.recommendations ?? [],
    errors: errors.map((e) => ({
      code: e.code,
      message: e.message,
      recommendations: e.recommendations,
      ...(e.title ? { title: e.title } : {}),
    })),
    backupInstanceId: `${vault.id}/backupInstances/${dsName}-${'b'.repeat(40)}`,
  };
}

export function hugeJobs(count: number, status: JobStatus = 'Failed'): Job[] {
  return Array.from({ length: count }, (_, n) => hugeJob(n, status));
}

export function hugeJobSummary(failed: number, running: number): JobSummary {
  const byStatus = emptyStatusCounts();
  byStatus.Failed = failed;
  byStatus.InProgress = running;
  byStatus.Completed = 1_204_311;
  byStatus.CompletedWithWarnings = 20_004;
  byStatus.Cancelled = 313;
  byStatus.Cancelling = 2;
  byStatus.Paused = 1;
  byStatus.Unknown = 7;
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { since: '14d', total, byStatus, byWorkload: {}, rows: [] };
}

export function hugeSummary(): BackupSummary {
  return {
    jobs: hugeJobSummary(31_245, 812),
    instances: {
      total: 104_220,
      byState: {
        Protected: 98_001,
        Pending: 120,
        Error: 4_021,
        Paused: 800,
        Stopped: 1_020,
        SoftDeleted: 255,
        NotProtected: 3,
        Unknown: 0,
      },
      byHealth: { Healthy: 96_000, Warning: 3_100, Unhealthy: 5_000, Unknown: 120 },
      byWorkload: {},
      rows: [],
    },
    vaults: { total: 512, bySecurityLevel: { Excellent: 40, Good: 300, Fair: 72, Poor: 100 } },
    alerts: { active: 2_000, bySeverity: { Sev0: 667, Sev1: 0, Sev2: 1_333, Sev3: 0, Sev4: 0, unknown: 0 } },
  };
}

export function hugeInstance(): BackupInstance {
  const job = hugeJob(3);
  return {
    id: `${job.vault.id}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;${longRg(4)};${job.datasource.name}/protectedItems/VM;iaasvmcontainerv2;${longRg(4)};${job.datasource.name}`,
    tenantId: job.tenantId,
    name: `VM;iaasvmcontainerv2;${longRg(4)};${job.datasource.name}`,
    friendlyName: job.datasource.name,
    vault: job.vault,
    workload: 'vm',
    datasource: job.datasource,
    protectionState: 'Error',
    rawProtectionState: 'ProtectionError',
    health: 'Unhealthy',
    lastBackupStatus: 'Failed',
    rawLastBackupStatus: 'Failed',
    lastBackupTime: '2025-11-20T23:10:00Z',
    lastBackupSource: 'item',
    policy: { id: `${job.vault.id}/backupPolicies/${'p'.repeat(150)}`, name: 'p'.repeat(150) },
    lastError: job.errors[0],
    retry: { possible: false, reason: 'state', message: longText('Protection is in an error state', 1) },
  };
}

export function hugeItemDetail(): ItemDetail {
  return { instance: hugeInstance(), jobs: hugeJobs(200) };
}
