// Interfaces core depends on, written in domain types: the azure layer's BackupData satisfies BackupDataPort
// structurally (a test pins it), so core never imports src/azure.

import type { AlertList, AlertListKind } from './domain/alerts';
import type { ComplianceList } from './domain/compliance';
import type { DigestData, DigestScopeRequest } from './domain/digest';
import type { BackupFilters } from './domain/filters';
import type { BackupInstance, InstanceCounts, ItemLookup } from './domain/instances';
import type { ItemsList, ItemsQuery } from './domain/items';
import type { Job, JobListKind, JobSummary } from './domain/jobs';
import type { NotifyJobs, NotifyScopeRequest } from './domain/notify';
import type { PolicyList } from './domain/policies';
import type { DataResult } from './domain/result';
import type { BackupSummary } from './domain/summary';
import type { UnprotectedDatasource } from './domain/unprotected';
import type { VaultList, VaultLookup } from './domain/vaults';
import type { Workload } from './domain/workload';

/** What the caller may see; same shape as the azure layer's ArgScope. */
export interface DataScope {
  subscriptions?: string[];
  managementGroups?: string[];
  tenants?: string[];
}

/** One scope a conversation may read (READ_ALLOW): a subscription, or one resource group of it. */
export interface ReadScope {
  subscriptionId: string;
  resourceGroup?: string;
}

export interface DataCallOptions {
  scope?: DataScope;
  /**
   * READ_ALLOW's guardrail: only these scopes may be read (datasources in them, through vaults of their
   * subscriptions). Undefined: the whole BACKUP_SCOPE. Never empty (a conversation without scope is refused before).
   */
  read?: readonly ReadScope[];
  /** Bypass the short-lived query cache. */
  fresh?: boolean;
  signal?: AbortSignal;
  /** When the asker stops waiting (core's answer deadline): data calls then answer with what came back, as partial. */
  deadline?: AnswerDeadline;
}

/**
 * A deadline handed to data calls. When `signal` aborts, stop waiting (requests in flight, retries, quota pauses) and
 * answer with the rows read so far, labelled partial; a wait longer than `remainingMs()` is not started at all.
 */
export interface AnswerDeadline {
  signal: AbortSignal;
  remainingMs(): number;
}

export interface DataListOptions extends DataCallOptions {
  /** Most rows to return; `hasMore` says when there were more. */
  limit?: number;
}

export interface JobPage {
  /** Newest first. */
  jobs: Job[];
  hasMore: boolean;
}

export interface InstancePage {
  counts: InstanceCounts;
  /** Problems first. */
  instances: BackupInstance[];
  hasMore: boolean;
}

export interface UnprotectedPage {
  workloads: Workload[];
  /** Datasources with no backup (Backup center's protectable resources). */
  datasources: UnprotectedDatasource[];
  /** Per workload, of `datasources`. */
  counts: Partial<Record<Workload, number>>;
  /** Datasources whose only protection is stopped or soft-deleted: shown apart (resume them), never as unprotected. */
  stopped: UnprotectedDatasource[];
  hasMore: boolean;
}

/** Backup Center's data, as core reads it. */
export interface BackupDataPort {
  summary(filters: BackupFilters, options?: DataCallOptions): Promise<DataResult<BackupSummary>>;
  jobSummary(filters: BackupFilters, options?: DataCallOptions): Promise<DataResult<JobSummary>>;
  jobs(kind: JobListKind, filters: BackupFilters, options?: DataListOptions): Promise<DataResult<JobPage>>;
  instances(filters: BackupFilters, options?: DataListOptions): Promise<DataResult<InstancePage>>;
  /**
   * `items [state]`: backup items of both vault kinds with how their protection stands (`stale`: judged at
   * `query.now`, oldest first). Optional: without it `items` says it is not available.
   */
  items?(filters: BackupFilters, query: ItemsQuery, options?: DataListOptions): Promise<DataResult<ItemsList>>;
  item(nameOrId: string, filters?: BackupFilters, options?: DataCallOptions): Promise<DataResult<ItemLookup>>;
  /**
   * The instances with these ARM ids (any casing; unknown ids are left out), with their retryability: the jobs view
   * asks it for the items of the failed jobs it shows. Optional: without it job rows offer no Retry.
   */
  instancesById?(ids: readonly string[], options?: DataCallOptions): Promise<DataResult<BackupInstance[]>>;
  unprotected(
    workload: Workload | undefined,
    filters: BackupFilters,
    options?: DataListOptions,
  ): Promise<DataResult<UnprotectedPage>>;
  vaults(filters: BackupFilters, options?: DataCallOptions): Promise<DataResult<VaultList>>;
  vault(name: string, filters?: BackupFilters, options?: DataCallOptions): Promise<DataResult<VaultLookup>>;
  /**
   * Backup policies of both vault kinds with the items each protects (`name`: one policy name; `unused`: only those
   * protecting nothing). Filters are the vault's. Optional: without it `policies` says it is not available.
   */
  policies?(
    filters: BackupFilters,
    query?: { name?: string; unused?: boolean },
    options?: DataCallOptions,
  ): Promise<DataResult<PolicyList>>;
  /**
   * Azure Policy compliance of the backup-related assignments in scope; filters are the evaluated resource's.
   * Optional: without it `compliance` says it is not available.
   */
  compliance?(filters: BackupFilters, options?: DataCallOptions): Promise<DataResult<ComplianceList>>;
  /**
   * Azure Monitor alerts for backup (`active`: fired and not closed, any age unless since: is set; `all`: fired in the
   * window). Filters are the vault's; type: is the item's. Optional: without it `alerts` says it is not available.
   */
  alerts?(kind: AlertListKind, filters: BackupFilters, options?: DataCallOptions): Promise<DataResult<AlertList>>;
  /**
   * A digest run: one answer per scope, in the order asked. What does not depend on the scope's queries (unprotected
   * datasources of a many-scope run) is read once and shared. Optional: without it there are no digests.
   */
  digests?(scopes: readonly DigestScopeRequest[], options?: DataCallOptions): Promise<DataResult<DigestData>[]>;
  /** Display names of the subscriptions the bot can read, by lower-case id (cards show names, not GUIDs). */
  subscriptionNames?(options?: DataCallOptions): Promise<ReadonlyMap<string, string>>;
  /**
   * A notification poll: per scope, the backup jobs that ended since `from`, in the order asked. One query per scope
   * (and subscription batch), whatever the number of conversations sharing it. Optional: without it nothing is polled.
   */
  notifyJobs?(scopes: readonly NotifyScopeRequest[], options?: DataCallOptions): Promise<DataResult<NotifyJobs>[]>;
}
