// Failure events of one poll: failed backup jobs as events, alerts matched to a scope's filters, and what each
// conversation is told: not what it was told before, not what a later backup already fixed, not snoozed items.
import type { CommandFilters } from '../commands/types';
import { isSubscriptionId } from '../domain/filters';
import type { Job } from '../domain/jobs';
import { type FailureEvent, NOTIFY_MATCH_MINUTES } from '../domain/notify';
import type { SubscriptionNames } from '../names';
import { failedBackupItem } from '../views/retry-offers';

const MINUTE = 60_000;

/** The instant a job ended (else started): when it failed or succeeded. */
export function jobTime(job: Job): string | undefined {
  return job.endTime ?? job.startTime;
}

/** A failed backup job as a failure event; the item is the job's backup item, else its vault and datasource. */
export function eventOfJob(job: Job): FailureEvent | undefined {
  const at = jobTime(job);
  if (at === undefined) return undefined;
  const itemId = failedBackupItem(job);
  return {
    eventKey: job.id.toLowerCase(),
    source: 'poll',
    itemKey: itemKeyOf(job),
    ...(itemId === undefined ? {} : { itemId }),
    itemName: job.datasource.name,
    workload: job.workload,
    vault: job.vault,
    subscriptionId: job.datasource.subscriptionId ?? job.subscriptionId,
    ...(job.datasource.resourceGroup ? { resourceGroup: job.datasource.resourceGroup } : {}),
    ...(job.datasource.location ? { location: job.datasource.location } : {}),
    ...(job.errorCode ? { errorCode: job.errorCode } : {}),
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    failedAt: at,
    job,
  };
}

/** The key failures and fixes of one item share, from a job of either outcome. */
export function itemKeyOf(job: Job): string {
  const id = job.backupInstanceId ?? job.protectedItemId;
  if (id !== undefined && id !== '') return id.toLowerCase();
  return `${job.vault.id}|${job.datasource.id ?? job.datasource.name}`.toLowerCase();
}

/**
 * Whether an alert's event belongs to a scope. An alert names the vault, the item and its workload, but not the
 * datasource's resource group, region or tags: a scope filtering on those is left to the poll (which has them).
 */
export function alertMatches(event: FailureEvent, filters: CommandFilters, names: SubscriptionNames): boolean {
  if (filters.resourceGroup !== undefined || filters.location !== undefined) return false;
  if (filters.tags !== undefined && filters.tags.length > 0) return false;
  if (filters.vault !== undefined && filters.vault.toLowerCase() !== event.vault.name.toLowerCase()) return false;
  if (filters.workload !== undefined && filters.workload !== event.workload) return false;
  if (filters.subscription !== undefined) {
    const wanted = filters.subscription.toLowerCase();
    const id = event.subscriptionId.toLowerCase();
    const ok = isSubscriptionId(wanted) ? id === wanted : names.get(id)?.toLowerCase() === wanted;
    if (!ok) return false;
  }
  return true;
}

/** The newest good backup of each item (ISO end time, and the job). */
export function goodByItem(good: readonly Job[]): Map<string, Job> {
  const out = new Map<string, Job>();
  for (const job of good) {
    const key = itemKeyOf(job);
    const at = jobTime(job) ?? '';
    const known = out.get(key);
    if (known === undefined || (jobTime(known) ?? '') < at) out.set(key, job);
  }
  return out;
}

/** A later good backup fixed it before anyone was told: nothing to announce. */
export function fixedAlready(event: FailureEvent, good: ReadonlyMap<string, Job>): boolean {
  const fix = good.get(event.itemKey);
  return fix !== undefined && (jobTime(fix) ?? '') > event.failedAt;
}

/**
 * The same failure from the other source: a polled job and an alert about one item, failing within
 * NOTIFY_MATCH_MINUTES of each other, are one failure (an alert rarely names its job).
 */
export function sameFailure(a: { itemKey: string; failedAt: Date }, b: FailureEvent): boolean {
  return (
    a.itemKey === b.itemKey && Math.abs(a.failedAt.getTime() - Date.parse(b.failedAt)) <= NOTIFY_MATCH_MINUTES * MINUTE
  );
}
