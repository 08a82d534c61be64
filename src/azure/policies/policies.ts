// Backup policies of both vault kinds with how many items each protects: one query (policies.kql), so one Resource
// Graph request per subscription batch and page.
import type { BackupFilters } from '../../core/domain/filters';
import type { PolicyList, PolicySummary } from '../../core/domain/policies';
import type { DataResult } from '../../core/domain/result';
import { type QueryContext, QueryLog } from '../backup-data-run';
import { datasourceParams, type ResolvedFilters, refuseFilters, resolveFilters } from '../filters';
import { bindKql, loadKqlTemplate } from '../kql-binder';
import { PolicyRows } from './policy-rows';

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

/** Ids compared in any case: only policies of one vault name with one policy name get this far. */
function byId(a: PolicySummary, b: PolicySummary): number {
  const x = a.id.toLowerCase();
  const y = b.id.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * By vault name, then policy name (the collator's order), then id. Collator calls are most of the cost of sorting
 * thousands of policies, so vault names are ranked once (a vault holds several policies; names the collator finds
 * equal share a rank) and a comparison calls it only for two policies of the same vault.
 */
function byVaultThenName(policies: readonly PolicySummary[]): PolicySummary[] {
  const distinct = new Set<string>();
  for (const p of policies) distinct.add(p.vault.name);
  const names = [...distinct].sort(COLLATOR.compare);
  const rank = new Map<string, number>();
  names.forEach((name, i) => {
    const previous = names[i - 1];
    rank.set(name, previous !== undefined && COLLATOR.compare(previous, name) === 0 ? (rank.get(previous) ?? i) : i);
  });
  // Plain loops: Array.from and Int32Array.from over an array go through its iterator and allocate as much again.
  const vault = new Int32Array(policies.length);
  const order = new Array<number>(policies.length);
  for (let i = 0; i < policies.length; i++) {
    vault[i] = rank.get((policies[i] as PolicySummary).vault.name) ?? 0;
    order[i] = i;
  }
  order.sort((i, j) => {
    const a = policies[i] as PolicySummary;
    const b = policies[j] as PolicySummary;
    return (vault[i] as number) - (vault[j] as number) || COLLATOR.compare(a.name, b.name) || byId(a, b);
  });
  return order.map((i) => policies[i] as PolicySummary);
}

export async function runPolicies(log: QueryLog, f: ResolvedFilters, q: PolicyQuery = {}): Promise<PolicyList> {
  const rows = await log.run(bindPoliciesListKql(f, q));
  const reader = new PolicyRows();
  const listed: PolicySummary[] = [];
  for (const row of rows) {
    // Subscription batches never split a vault, but a row repeated across pages (the same row, its id written the
    // same way) must not count twice: the reader reads an id once.
    const policy = reader.read(row);
    if (policy) listed.push(policy);
  }
  const policies = byVaultThenName(listed);
  return {
    policies,
    unused: policies.reduce((n, p) => (p.protectedItems === 0 ? n + 1 : n), 0),
    termsOf: (policy) => reader.termsOf(policy),
  };
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
