// A digest run: per scope, the failed backup jobs of 24 h, the digest items, the vaults and the unprotected
// datasources, each scope answering on its own; `sub:` names and (many-scope runs) unprotected datasources are read
// once and shared. Also the subscription display names cards show instead of GUIDs.
import { DIGEST_JOB_LIMIT, type DigestData, type DigestScopeRequest } from '../../core/domain/digest';
import { type BackupFilters, isSubscriptionId, validateFilters } from '../../core/domain/filters';
import type { Job } from '../../core/domain/jobs';
import type { DataResult } from '../../core/domain/result';
import type { VaultHealth } from '../../core/domain/vaults';
import type { ArgRow } from '../arg-types';
import { type QueryContext, QueryLog } from '../backup-data-run';
import {
  bindSubscriptionNamesKql,
  type ResolvedFilters,
  readParams,
  readSubscriptions,
  resolveFilters,
} from '../filters';
import { toJob } from '../jobs/job-rows';
import { bindJobListKql } from '../jobs/jobs';
import { str } from '../row-values';
import {
  partitionUnprotected,
  runUnprotectedWorkloads,
  unprotectedWorkloads,
  type WorkloadRows,
} from '../unprotected/unprotected';
import { runVaults } from '../vaults/vaults';
import { toDigestItem } from './digest-item-rows';
import { bindDigestItemsKql } from './digest-kql';
import { DIGEST_UNPROTECTED_LIMIT, runSharedUnprotected, splitUnprotected } from './unprotected-split';

/** Up to this many scopes, each reads its unprotected datasources itself (8 queries); beyond, one shared read. */
export const PER_SCOPE_UNPROTECTED_MAX_SCOPES = 4;
/** Scopes answered at once; the runner paces requests against the quota. */
const SCOPE_CONCURRENCY = 2;

/** A query (or several) read once for the run and lent to every scope that needs it. */
interface Shared<T> {
  value: Promise<T>;
  log: QueryLog;
  /** Its cost is counted in the first scope that uses it only, so that summing the scopes' stats is right. */
  costCounted: boolean;
}

function share<T>(ctx: QueryContext, work: (log: QueryLog) => Promise<T>): Shared<T> {
  const log = new QueryLog(ctx);
  const value = work(log);
  // Scopes await it later (or never); an unobserved rejection must not crash the process.
  value.catch(() => {});
  return { value, log, costCounted: false };
}

/** Adds a shared read's KQL and partial notes to a scope's answer (its cost only once per run). */
function adopt(log: QueryLog, shared: Shared<unknown>): void {
  log.kql.push(...shared.log.kql);
  log.partial.push(...shared.log.partial);
  if (!shared.costCounted) {
    shared.costCounted = true;
    log.stats.requests += shared.log.stats.requests;
    log.stats.rows += shared.log.stats.rows;
    log.stats.argMs += shared.log.stats.argMs;
  }
}

/** Reads lent to every scope of one run. */
class RunShared {
  private readonly names = new Map<string, Shared<string[]>>();
  private unprotected?: Shared<WorkloadRows[]>;
  private vaults?: Shared<VaultHealth[]>;

  constructor(
    private readonly ctx: QueryContext,
    readonly unprotectedShared: boolean,
  ) {}

  /** `sub:<name>` resolved once per run and name (ARG matches names with =~, so case does not matter). */
  subscriptionIds(name: string): Shared<string[]> {
    const key = name.toLowerCase();
    let entry = this.names.get(key);
    if (!entry) {
      entry = share(this.ctx, async (log) => (await resolveFilters(log, { subscription: name })).subscriptionIds ?? []);
      this.names.set(key, entry);
    }
    return entry;
  }

  sharedUnprotected(): Shared<WorkloadRows[]> {
    this.unprotected ??= share(this.ctx, runSharedUnprotected);
    return this.unprotected;
  }

  /**
   * Every vault, read once per run and split per scope: the vaults query counts each vault's items and failed jobs
   * over every job row, so 50 scopes reading it each would scan the jobs 50 times for a few hundred vault rows.
   */
  sharedVaults(): Shared<VaultHealth[]> {
    this.vaults ??= share(this.ctx, async (log) => (await runVaults(log, { since: '24h', ...readParams(log) })).vaults);
    return this.vaults;
  }
}

/**
 * The vaults a scope covers, by the rules vaults.kql applies to a vault's own fields: sub:, rg:, location: and vault:
 * compared ignoring case (ARG's `=~` and `in~`). A digest drops tag: and type: for vaults (they are the datasource's).
 */
export function splitVaults(vaults: readonly VaultHealth[], f: ResolvedFilters): VaultHealth[] {
  const same = (a: string, b: string | undefined) => b === undefined || a.toLowerCase() === b.toLowerCase();
  const subs = f.subscriptionIds?.map((id) => id.toLowerCase());
  return vaults.filter(
    (v) =>
      (subs === undefined || subs.includes(v.subscriptionId.toLowerCase())) &&
      same(v.resourceGroup, f.resourceGroup) &&
      same(v.location, f.location) &&
      same(v.name, f.vault),
  );
}

/** The scope's filters, validated, with `sub:<name>` resolved through the run's shared lookup. */
async function resolveScope(log: QueryLog, filters: BackupFilters, shared: RunShared): Promise<ResolvedFilters> {
  const valid = validateFilters(filters);
  // A digest covers the last 24 h of jobs whatever the scope's since: says.
  const f: ResolvedFilters = { ...valid, since: '24h', ...readParams(log) };
  if (valid.subscription !== undefined) {
    if (isSubscriptionId(valid.subscription)) {
      f.subscriptionIds = [valid.subscription.toLowerCase()];
    } else {
      const lookup = shared.subscriptionIds(valid.subscription);
      try {
        f.subscriptionIds = await lookup.value;
      } finally {
        adopt(log, lookup);
      }
    }
  }
  return f;
}

function newestFirst(a: Job, b: Job): number {
  return (b.startTime ?? '').localeCompare(a.startTime ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

async function readFailedJobs(
  log: QueryLog,
  f: ResolvedFilters,
): Promise<Pick<DigestData, 'failedJobs' | 'failedJobsMore'>> {
  // One row over the limit tells "more" without a count query.
  const rows = await log.run(bindJobListKql(f, 'failed'), { maxRows: DIGEST_JOB_LIMIT + 1 });
  const backups = rows
    .map(toJob)
    .filter((j): j is Job => j !== undefined && j.operation.kind === 'backup')
    .sort(newestFirst);
  return {
    failedJobs: backups.slice(0, DIGEST_JOB_LIMIT),
    // Rows were cut at the limit: backup failures may lie beyond them even if some of those read were restores.
    failedJobsMore: backups.length > DIGEST_JOB_LIMIT || rows.length > DIGEST_JOB_LIMIT,
  };
}

async function readUnprotected(
  log: QueryLog,
  f: ResolvedFilters,
  shared: RunShared,
): Promise<DigestData['unprotected']> {
  if (shared.unprotectedShared) {
    const read = shared.sharedUnprotected();
    try {
      return splitUnprotected(await read.value, f);
    } finally {
      adopt(log, read);
    }
  }
  const answers = await runUnprotectedWorkloads(log, f, unprotectedWorkloads(undefined, f), DIGEST_UNPROTECTED_LIMIT);
  const { datasources, stopped } = partitionUnprotected(answers);
  return { datasources, stopped, complete: !answers.some((a) => a.capped) };
}

function failureNote(what: string, error: unknown): { kind: 'failed-batch'; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'failed-batch', detail: `${what}: ${message.slice(0, 300)}` };
}

/**
 * One scope's digest. A failure never fails the run; it is reported in the scope's answer as one partial note
 * `{ kind: 'failed-batch', detail: '<what> could not be read: <why>' }`, and what it concerns stays empty:
 * - filters that cannot be applied (invalid, unknown `sub:` name): detail "The scope's filters could not be
 *   applied, so nothing was read: <why>"; every part is empty (`failedJobs: []`, `failedJobsMore: false`,
 *   `items: []`, `vaults: []`, and `unprotected: { datasources: [], stopped: [], complete: false }` unless a vault is named);
 * - one part failing ("Failed backup jobs", "Backup items", "Vaults", "Unprotected datasources"): that part is
 *   empty as above, the other parts are complete.
 * Core labels any answer with partial notes as partial. A cancelled run (the caller's signal) throws instead.
 */
async function digestScope(
  ctx: QueryContext,
  req: DigestScopeRequest,
  shared: RunShared,
): Promise<DataResult<DigestData>> {
  const log = new QueryLog(ctx);
  const value: DigestData = { failedJobs: [], failedJobsMore: false, items: [], vaults: [] };
  const hasVault = req.filters.vault !== undefined;
  const guard = async (what: string, work: () => Promise<void>): Promise<boolean> => {
    try {
      await work();
      return true;
    } catch (error) {
      if (ctx.signal?.aborted) throw error;
      log.partial.push(failureNote(what, error));
      return false;
    }
  };
  let f: ResolvedFilters | undefined;
  const resolved = await guard("The scope's filters could not be applied, so nothing was read", async () => {
    f = await resolveScope(log, req.filters, shared);
  });
  if (!resolved || !f) {
    if (!hasVault) value.unprotected = { datasources: [], stopped: [], complete: false };
    return log.result(value);
  }
  const scope = f;
  await Promise.all([
    guard('Failed backup jobs could not be read', async () => {
      Object.assign(value, await readFailedJobs(log, scope));
    }),
    guard('Backup items could not be read', async () => {
      const rows: ArgRow[] = await log.run(bindDigestItemsKql(scope, req.recoveredSince));
      // Subscription batches answer one after another: restore the query's id order across them.
      value.items = rows
        .map(toDigestItem)
        .filter((i) => i !== undefined)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }),
    guard('Vaults could not be read', async () => {
      const read = shared.sharedVaults();
      try {
        value.vaults = splitVaults(await read.value, scope);
      } finally {
        adopt(log, read);
      }
    }),
    // Unprotected datasources belong to no vault: a scope naming one has none to report.
    hasVault
      ? Promise.resolve(true)
      : guard('Unprotected datasources could not be read', async () => {
          value.unprotected = await readUnprotected(log, scope, shared);
        }).then((ok) => {
          if (!ok) value.unprotected = { datasources: [], stopped: [], complete: false };
        }),
  ]);
  // The limits that cut rows are ours (jobs, unprotected caps): "more" is said by failedJobsMore / complete.
  log.dropRowLimitNotes();
  return log.result(value);
}

/** Every scope's digest in the order asked, SCOPE_CONCURRENCY at a time. */
export async function queryDigests(
  ctx: QueryContext,
  scopes: readonly DigestScopeRequest[],
): Promise<DataResult<DigestData>[]> {
  const shared = new RunShared(ctx, scopes.length > PER_SCOPE_UNPROTECTED_MAX_SCOPES);
  const out: DataResult<DigestData>[] = new Array(scopes.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < scopes.length) {
      const i = next++;
      out[i] = await digestScope(ctx, scopes[i] as DigestScopeRequest, shared);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SCOPE_CONCURRENCY, scopes.length) }, worker));
  return out;
}

/** Display names by lower-case subscription id, through the runner (whose cache keeps the answer a while). */
export async function querySubscriptionNames(ctx: QueryContext): Promise<Map<string, string>> {
  const log = new QueryLog(ctx);
  const names = new Map<string, string>();
  for (const row of await log.run(bindSubscriptionNamesKql(readSubscriptions(log)))) {
    const id = str(row, 'subscriptionId') ?? str(row, 'id')?.split('/')[2];
    const name = str(row, 'name');
    if (id && name) names.set(id.toLowerCase(), name);
  }
  return names;
}
