// The backup data facade: what Backup center shows, across both vault kinds, every workload and subscription.
// Each answer carries its value, whether it is partial, the exact bound KQL ("Show query") and its cost.

import type { AlertList, AlertListKind } from '../core/domain/alerts';
import type { ComplianceList } from '../core/domain/compliance';
import type { DigestData, DigestScopeRequest } from '../core/domain/digest';
import type { BackupFilters } from '../core/domain/filters';
import type { BackupInstance, ItemLookup } from '../core/domain/instances';
import type { ItemsList, ItemsQuery } from '../core/domain/items';
import type { JobListKind, JobSummary } from '../core/domain/jobs';
import type { NotifyJobs, NotifyScopeRequest } from '../core/domain/notify';
import type { PolicyList } from '../core/domain/policies';
import type { DataResult } from '../core/domain/result';
import type { BackupSummary } from '../core/domain/summary';
import type { VaultList, VaultLookup } from '../core/domain/vaults';
import type { Workload } from '../core/domain/workload';
import type { ReadScope } from '../core/ports';
import { queryAlerts, runAlertCounts } from './alerts/alerts';
import type { ArgQueryRunner, ArgScope } from './arg-types';
import { type QueryContext, QueryLog } from './backup-data-run';
import { queryCompliance } from './compliance/compliance';
import { queryDigests, querySubscriptionNames } from './digest/digest';
import { readParams, resolveFilters } from './filters';
import {
  type InstanceList,
  queryInstances,
  queryInstancesById,
  queryItem,
  runInstanceCounts,
} from './instances/instances';
import { queryItems } from './instances/items';
import {
  type JobList,
  type JobPage,
  type JobStreamItem,
  queryJobSummary,
  queryJobs,
  runJobSummary,
  streamJobs,
} from './jobs/jobs';
import { queryNotifyJobs } from './notify/notify';
import { type PolicyQuery, queryPolicies } from './policies/policies';
import { queryUnprotected, type UnprotectedList } from './unprotected/unprotected';
import { queryVault, queryVaults, runVaults } from './vaults/vaults';

export type { StreamEnd } from './backup-data-run';
export type { InstanceList, JobList, JobPage, JobStreamItem, PolicyQuery, UnprotectedList };

/** Per call: the scope the caller may see (from core's authorization), cache bypass, cancellation, deadline. */
export interface CallOptions {
  scope?: ArgScope;
  /** READ_ALLOW's guardrail: only these subscriptions and resource groups are read (QueryContext.read). */
  read?: readonly ReadScope[];
  fresh?: boolean;
  signal?: AbortSignal;
  /** Past it, queries answer with what came back, labelled partial. */
  deadline?: QueryContext['deadline'];
}

export interface ListOptions extends CallOptions {
  /** Most rows to return; `hasMore` says when there were more. */
  limit?: number;
}

export interface BackupData {
  /** Jobs by status (default window 24h), instances by state/health, vaults by security level. */
  summary(filters: BackupFilters, options?: CallOptions): Promise<DataResult<BackupSummary>>;
  jobSummary(filters: BackupFilters, options?: CallOptions): Promise<DataResult<JobSummary>>;
  /** Newest first; default kind in the bot is `failed` over 24h. */
  jobs(kind: JobListKind, filters: BackupFilters, options?: ListOptions): Promise<DataResult<JobList>>;
  /**
   * Every matching job, a page at a time as Resource Graph answers, then one `end` item with the partial notes, KQL and
   * cost: for exports that must not hold every job (CLI `--all`). Newest first within a subscription batch only.
   */
  streamJobs(kind: JobListKind, filters: BackupFilters, options?: CallOptions): AsyncIterable<JobStreamItem>;
  instances(filters: BackupFilters, options?: ListOptions): Promise<DataResult<InstanceList>>;
  /** `items [state]`: backup items with how their protection stands; `stale` judged at `query.now`. */
  items(filters: BackupFilters, query: ItemsQuery, options?: ListOptions): Promise<DataResult<ItemsList>>;
  item(nameOrId: string, filters?: BackupFilters, options?: CallOptions): Promise<DataResult<ItemLookup>>;
  /** The instances with these ARM ids (unknown ones left out), e.g. to tell which failed jobs' items can be retried. */
  instancesById(ids: readonly string[], options?: CallOptions): Promise<DataResult<BackupInstance[]>>;
  /** No workload (and no type: filter): all eight workloads. */
  unprotected(
    workload: Workload | undefined,
    filters: BackupFilters,
    options?: ListOptions,
  ): Promise<DataResult<UnprotectedList>>;
  vaults(filters: BackupFilters, options?: CallOptions): Promise<DataResult<VaultList>>;
  vault(name: string, filters?: BackupFilters, options?: CallOptions): Promise<DataResult<VaultLookup>>;
  /** Backup policies of both vault kinds, with the items each protects; filters are the vault's (no since:). */
  policies(filters: BackupFilters, query?: PolicyQuery, options?: CallOptions): Promise<DataResult<PolicyList>>;
  /** Azure Policy compliance of the backup-related assignments; filters are the evaluated resource's. */
  compliance(filters: BackupFilters, options?: CallOptions): Promise<DataResult<ComplianceList>>;
  /** Azure Monitor alerts for backup; filters are the vault's, type: the item's; `active` without since: is any age. */
  alerts(kind: AlertListKind, filters: BackupFilters, options?: CallOptions): Promise<DataResult<AlertList>>;
  /**
   * A digest run: one answer per scope, in the order asked (see digest/digest.ts for what each part reads and how a
   * failed part is reported). `sub:` names, and the unprotected datasources of runs over 4 scopes, are read once.
   */
  digests(scopes: readonly DigestScopeRequest[], options?: CallOptions): Promise<DataResult<DigestData>[]>;
  /** Display names of the subscriptions the bot can read, by lower-case id. */
  subscriptionNames(options?: CallOptions): Promise<ReadonlyMap<string, string>>;
  /**
   * A notification poll: per scope, in the order asked, the backup jobs that ended since its `from` (failed and good,
   * newest first), one Resource Graph query per scope (see notify/notify.ts). `sub:` names are looked up once.
   */
  notifyJobs(scopes: readonly NotifyScopeRequest[], options?: CallOptions): Promise<DataResult<NotifyJobs>[]>;
}

export function createBackupData(runner: ArgQueryRunner): BackupData {
  const ctx = (o: CallOptions = {}): QueryContext => ({ runner, ...o });
  const limitOf = (o: ListOptions = {}) => (o.limit === undefined ? {} : { limit: o.limit });
  return {
    async summary(filters, options) {
      const log = new QueryLog(ctx(options));
      const f = await resolveFilters(log, filters);
      // Vaults have no datasource: only the subscription, vault and window filters apply to their part.
      const vaultFilters = {
        since: f.since,
        ...readParams(log),
        ...(f.subscriptionIds ? { subscriptionIds: f.subscriptionIds } : {}),
        ...(f.vault ? { vault: f.vault } : {}),
      };
      // Alerts target vaults: like the vaults part, only sub and vault apply; active alerts of any age count.
      const [jobs, instances, vaults, alerts] = await Promise.all([
        runJobSummary(log, f),
        runInstanceCounts(log, f),
        runVaults(log, vaultFilters),
        runAlertCounts(log, vaultFilters),
      ]);
      return log.result({
        jobs,
        instances,
        vaults: { total: vaults.vaults.length, bySecurityLevel: vaults.bySecurityLevel },
        alerts,
      });
    },
    jobSummary: (filters, options) => queryJobSummary(ctx(options), filters),
    jobs: (kind, filters, options) => queryJobs(ctx(options), kind, filters, limitOf(options)),
    streamJobs: (kind, filters, options) => streamJobs(ctx(options), kind, filters),
    instances: (filters, options) => queryInstances(ctx(options), filters, limitOf(options)),
    items: (filters, query, options) => queryItems(ctx(options), filters, query, limitOf(options)),
    item: (nameOrId, filters, options) => queryItem(ctx(options), nameOrId, filters ?? {}),
    instancesById: (ids, options) => queryInstancesById(ctx(options), ids),
    unprotected: (workload, filters, options) => queryUnprotected(ctx(options), workload, filters, limitOf(options)),
    vaults: (filters, options) => queryVaults(ctx(options), filters),
    vault: (name, filters, options) => queryVault(ctx(options), name, filters ?? {}),
    policies: (filters, query, options) => queryPolicies(ctx(options), filters, query ?? {}),
    compliance: (filters, options) => queryCompliance(ctx(options), filters),
    alerts: (kind, filters, options) => queryAlerts(ctx(options), kind, filters),
    digests: (scopes, options) => queryDigests(ctx(options), scopes),
    subscriptionNames: (options) => querySubscriptionNames(ctx(options)),
    notifyJobs: (scopes, options) => queryNotifyJobs(ctx(options), scopes),
  };
}
