// Backup policies of both vault kinds with how many items each protects: one query (policies.kql), so one Resource
// Graph request per subscription batch and page.
import type { BackupFilters } from '../../core/domain/filters';
import type { BackupPolicy, PolicyList } from '../../core/domain/policies';
import type { DataResult } from '../../core/domain/result';
import { type QueryContext, QueryLog } from '../backup-data-run';
import { datasourceParams, type ResolvedFilters, refuseFilters, resolveFilters } from '../filters';
import { bindKql, loadKqlTemplate } from '../kql-binder';
import { toBackupPolicy } from './policy-rows';

/** What narrows a policy list besides the filters. */
export interface PolicyQuery {
  /** One policy name (any case); same-named policies of other vaults are all listed. */
  name?: string;
  /** Only the policies that protect nothing. */
  unused?: boolean;
}

/** Filters mean the vault's subscription, group, name, region and tags here (a policy has no datasource). */
export function bindPoliciesListKql(f: ResolvedFilters, q: PolicyQuery = {}): string {
  return bindKql(loadKqlTemplate(__dirname, 'policies.kql'), {
    ...datasourceParams(f),
    vault: f.vault,
    workload: f.workload,
    policyName: q.name,
    ...(q.unused ? { ifUnused: '' } : {}),
  });
}

// One collator for the whole sort: String.prototype.localeCompare builds one per call, thousands of times here.
const COLLATOR = new Intl.Collator();

/**
 * By vault name, then policy name (the collator's order), then id. Collator calls are most of the cost of sorting
 * thousands of policies, so vault names are ranked once (a vault holds several policies; names the collator finds
 * equal share a rank) and a comparison calls it only for two policies of the same vault.
 */
function byVaultThenName(policies: ReadonlyArray<{ policy: BackupPolicy; key: string }>): BackupPolicy[] {
  const names = [...new Set(policies.map(({ policy }) => policy.vault.name))].sort(COLLATOR.compare);
  const rank = new Map<string, number>();
  names.forEach((name, i) => {
    const previous = names[i - 1];
    rank.set(name, previous !== undefined && COLLATOR.compare(previous, name) === 0 ? (rank.get(previous) ?? i) : i);
  });
  return policies
    .map(({ policy, key }) => ({ policy, key, vault: rank.get(policy.vault.name) ?? 0 }))
    .sort(
      (a, b) =>
        a.vault - b.vault ||
        COLLATOR.compare(a.policy.name, b.policy.name) ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    )
    .map(({ policy }) => policy);
}

export async function runPolicies(log: QueryLog, f: ResolvedFilters, q: PolicyQuery = {}): Promise<PolicyList> {
  const rows = await log.run(bindPoliciesListKql(f, q));
  const seen = new Set<string>();
  const keyed: Array<{ policy: BackupPolicy; key: string }> = [];
  for (const row of rows) {
    const policy = toBackupPolicy(row);
    const key = policy?.id.toLowerCase();
    // Subscription batches never split a vault, but a row repeated across pages must not count twice.
    if (!policy || key === undefined || seen.has(key)) continue;
    seen.add(key);
    keyed.push({ policy, key });
  }
  const policies = byVaultThenName(keyed);
  return { policies, unused: policies.filter((p) => p.protectedItems === 0).length };
}

export async function queryPolicies(
  ctx: QueryContext,
  filters: BackupFilters,
  q: PolicyQuery = {},
): Promise<DataResult<PolicyList>> {
  const log = new QueryLog(ctx);
  refuseFilters(filters, ['since'], 'policies');
  const f = await resolveFilters(log, filters);
  return log.result(await runPolicies(log, f, q));
}
