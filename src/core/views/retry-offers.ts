// What the jobs and item views offer for retry: a Retry button on each failed backup job whose item can be backed
// up now (one lookup for the list's items), the reason instead of a button when it cannot, and "Retry N items (M failed jobs)".
// Only for callers RETRY_ALLOW names (ctx.offerRetry): a button that can only be refused helps nobody.

import { type Command, MAX_RETRY_ITEMS, type RetryCommand } from '../commands/types';
import type { BackupInstance } from '../domain/instances';
import type { Job } from '../domain/jobs';
import type { CardButton } from '../view-models/common';
import type { ViewContext } from './context';
import { commandButton } from './shared/buttons';
import { ICONS } from './shared/status';
import { clipText, countOf, formatCount } from './shared/words';

/** A job row's retry part: a button, or one line saying why there is none. */
export interface RowRetry {
  retry: CardButton[];
  retryNote: string[];
}

/** Reasons are Azure-state sentences; cut so that a page of rows stays within Slack's message ceiling. */
const NOTE_CHARS = 160;
/**
 * Longest inline payload of a Retry button: Teams carries it twice per button (Action.Execute and its fallback), so
 * long SQL/HANA ids would eat the 28 KB card budget; longer commands go to the stash.
 */
const MAX_INLINE_PAYLOAD = 300;

const retryOf = (items: string[]): RetryCommand => ({ verb: 'retry', items, filters: {} });

/** The failed-jobs list a Retry button sits on (with its page): Cancel on the confirmation returns to it. */
function backTo(ctx: ViewContext): { back?: Command } {
  return ctx.answering?.verb === 'jobs' ? { back: ctx.answering } : {};
}

/** Items a list looks up in one Resource Graph request (the data layer's ids per query). */
const ONE_LOOKUP = 100;

/** The item a failed backup job was about (BV: backup instance, RSV: protected item when the row names it). */
export function failedBackupItem(job: Job): string | undefined {
  if (job.status !== 'Failed' || job.operation.kind !== 'backup') return undefined;
  const id = job.backupInstanceId ?? job.protectedItemId;
  return id === undefined || id === '' ? undefined : id;
}

/** The list's items as Azure describes them now (one lookup for all), or why they could not be read. */
type Lookup = { byId: Map<string, BackupInstance>; complete: boolean } | { failed: true };

async function lookUp(ids: readonly string[], ctx: ViewContext): Promise<Lookup | undefined> {
  const lookup = ctx.data.instancesById?.bind(ctx.data);
  if (!ctx.offerRetry || lookup === undefined || ids.length === 0) return undefined;
  try {
    const found = await lookup(ids, ctx.call);
    // A partial answer may have missed an item: say nothing rather than "not found".
    return { byId: new Map(found.value.map((i) => [i.id.toLowerCase(), i])), complete: found.partial.length === 0 };
  } catch {
    return { failed: true };
  }
}

/**
 * The retry parts of the failed-jobs view: per job of the page, its row's Retry button or why there is none; and
 * "Retry 31 items (38 failed jobs)" for every item the list names that still needs it. One lookup serves both.
 */
export async function retryParts(
  jobs: readonly Job[],
  page: readonly Job[],
  ctx: ViewContext,
  withRetryAll: boolean,
): Promise<{ offers: Map<string, RowRetry>; retryAll: CardButton[] }> {
  const idsOf = (list: readonly Job[]) => [...new Set(list.map(failedBackupItem).filter((id) => id !== undefined))];
  const all = withRetryAll ? idsOf(jobs) : [];
  // One Resource Graph request holds about 100 ids: a longer list is not looked up whole (the page's items are), so
  // its button cannot tell which items were fixed since and offers them all.
  const ids = all.length > 0 && all.length <= ONE_LOOKUP ? all : idsOf(page);
  const found = await lookUp(ids, ctx);
  return {
    offers: await rowOffers(page, found, ctx),
    retryAll: withRetryAll ? await retryAllButton(jobs, found, ctx) : [],
  };
}

/** Why a failed backup job of a Recovery Services vault names no item (see Job.itemUnknown). */
const UNKNOWN_ITEM: Record<NonNullable<Job['itemUnknown']>, string> = {
  unmatched: "can't tell which item this job backed up (Azure's job names none, and no item of its vault has its name)",
  ambiguous: "can't tell which item this job backed up: several items of its vault have its name",
};

/** A failed backup job that no item could be tied to: the reason its row offers no Retry. */
function unknownItemNote(job: Job): RowRetry | undefined {
  if (job.itemUnknown === undefined || job.status !== 'Failed' || job.operation.kind !== 'backup') return undefined;
  return note(UNKNOWN_ITEM[job.itemUnknown]);
}

/** Per job id, its row's retry part; empty when the caller is offered no retry (or the data port cannot tell). */
async function rowOffers(jobs: readonly Job[], found: Lookup | undefined, ctx: ViewContext) {
  const out = new Map<string, RowRetry>();
  if (!ctx.offerRetry || ctx.data.instancesById === undefined) return out;
  for (const job of jobs) {
    const unknown = unknownItemNote(job);
    if (unknown !== undefined) out.set(job.id, unknown);
  }
  if (found === undefined) return out;
  if ('failed' in found) {
    // The list still answers; its rows say why they offer no Retry this time (ARG throttling, mostly).
    for (const job of jobs) {
      if (failedBackupItem(job))
        out.set(job.id, note('Azure did not answer about its item just now; ask again in a minute'));
    }
    return out;
  }
  for (const job of jobs) {
    const id = failedBackupItem(job);
    if (id === undefined) continue;
    const instance = found.byId.get(id.toLowerCase());
    if (instance === undefined) {
      if (found.complete)
        out.set(job.id, note('its backup item was not found (deleted, or outside what the bot may read)'));
    } else if (!instance.retry.possible) {
      out.set(job.id, note(instance.retry.message));
    } else if (instance.retryTarget !== undefined) {
      const button = await commandButton(`Retry ${instance.friendlyName}`, retryOf([instance.id]), {
        stash: ctx.stash,
        maxChars: MAX_INLINE_PAYLOAD,
        ...backTo(ctx),
      });
      out.set(job.id, { retry: [button], retryNote: [] });
    }
  }
  return out;
}

function note(why: string): RowRetry {
  return { retry: [], retryNote: [`${ICONS.stopped} No Retry: ${clipText(why, NOTE_CHARS)}`] };
}

/** Backed up well after its newest failure in the list (Azure's last backup of the item succeeded later). */
function fixedSince(instance: BackupInstance | undefined, failedAt: string | undefined): boolean {
  if (instance === undefined || instance.lastBackupStatus !== 'Succeeded' || instance.lastBackupTime === undefined) {
    return false;
  }
  return failedAt !== undefined && instance.lastBackupTime > failedAt;
}

/**
 * "Retry 31 items (38 failed jobs)": every item a failed backup job of the list names (the newest first, at most 500),
 * each backed up once, behind one confirmation; items backed up well since they failed are left out, and the label
 * says how many. The list travels in the stash (hundreds of ARM ids).
 */
async function retryAllButton(
  jobs: readonly Job[],
  found: Lookup | undefined,
  ctx: ViewContext,
): Promise<CardButton[]> {
  if (!ctx.offerRetry) return [];
  const newestFailure = new Map<string, { id: string; at: string | undefined }>();
  let failedJobs = 0;
  // Jobs of no known item (Job.itemUnknown) are not counted: their rows say why they offer no Retry.
  for (const job of jobs) {
    const id = failedBackupItem(job);
    if (id === undefined) continue;
    failedJobs++;
    const at = job.endTime ?? job.startTime;
    const known = newestFailure.get(id.toLowerCase());
    if (known === undefined || (at !== undefined && (known.at === undefined || at > known.at))) {
      newestFailure.set(id.toLowerCase(), { id, at });
    }
  }
  const byId = found !== undefined && !('failed' in found) ? found.byId : undefined;
  const still = [...newestFailure].filter(([key, f]) => !fixedSince(byId?.get(key), f.at)).map(([, f]) => f.id);
  const fixed = newestFailure.size - still.length;
  const items = still.slice(0, MAX_RETRY_ITEMS);
  if (items.length === 0) return [];
  const left = fixed > 0 ? `; ${formatCount(fixed)} fixed since left out` : '';
  const label = `Retry ${countOf(items.length, 'item')} (${countOf(failedJobs, 'failed job')}${left})`;
  return [
    await commandButton(label, retryOf(items), { stash: ctx.stash, maxChars: MAX_INLINE_PAYLOAD, ...backTo(ctx) }),
  ];
}

/** The item view's "Back up now", when the caller may and the item can be backed up. */
export async function itemRetryButton(instance: BackupInstance, ctx: ViewContext): Promise<CardButton[]> {
  if (!ctx.offerRetry || !instance.retry.possible || instance.retryTarget === undefined) return [];
  return [
    await commandButton('Back up now', retryOf([instance.id]), { stash: ctx.stash, maxChars: MAX_INLINE_PAYLOAD }),
  ];
}
