// Backup policies for the policies view tests: the longest names and fullest schedules and retention Azure allows
// (every tier set, every weekday, stopped items), so that a page of them is the hardest page there is.
import type { BackupPolicy, PolicyList } from '../../../../src/core/domain/policies';
import { SUB_A, TENANT } from './inventory-estates';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function hugePolicy(n: number): BackupPolicy {
  const vaultName = `vault-${String(n % 40).padStart(4, '0')}-${'v'.repeat(39)}`;
  const rg = `rg-${'g'.repeat(87)}`;
  const vaultId = `/subscriptions/${SUB_A}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vaultName}`;
  const name = `policy-${String(n).padStart(5, '0')}-${'p'.repeat(140)}`;
  return {
    id: `${vaultId}/backupPolicies/${name}`,
    name,
    tenantId: TENANT,
    vault: {
      id: vaultId,
      name: vaultName,
      kind: 'rsv',
      subscriptionId: `${SUB_A.slice(0, -4)}${String(n % 10_000).padStart(4, '0')}`,
      resourceGroup: rg,
      location: 'australiasoutheast',
    },
    workload: 'hana',
    datasourceType: 'SAPHanaDatabase',
    variant: 'Enhanced',
    schedule: {
      frequency: 'weekly',
      days: DAYS,
      times: ['01:00', '09:30', '17:45'],
      timeZone: 'Central Pacific Standard Time',
      logEveryMinutes: 120,
      partialKind: 'Incremental',
    },
    retention: {
      snapshotDays: 30,
      operational: { count: 365, unit: 'day' },
      vault: { count: 520, unit: 'week' },
      daily: { count: 9999, unit: 'day' },
      weekly: { count: 5163, unit: 'week' },
      monthly: { count: 1188, unit: 'month' },
      yearly: { count: 99, unit: 'year' },
      log: { count: 35, unit: 'day' },
      archive: { mode: 'after', after: { count: 180, unit: 'day' }, keep: { text: 'P10Y6M15DT12H' } },
    },
    protectedItems: n % 2 === 0 ? 0 : 123_456,
    stoppedItems: 98_765,
  };
}

/** A list of policies that carry their own terms, as the view reads a list. */
export function policyList(policies: BackupPolicy[]): PolicyList {
  const byId = new Map(policies.map((p) => [p.id, p]));
  return {
    policies,
    unused: policies.filter((p) => p.protectedItems === 0).length,
    termsOf: (p) => {
      const held = byId.get(p.id);
      return held
        ? { schedule: held.schedule, retention: held.retention }
        : { schedule: { frequency: 'unknown', times: [], days: [] }, retention: {} };
    },
  };
}

export function hugePolicies(count = 600): PolicyList {
  return policyList(Array.from({ length: count }, (_, n) => hugePolicy(n)));
}
