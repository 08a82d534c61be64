// What the jobs and item views offer for retry: a Retry button on each failed backup job whose item can be backed
// up now (one lookup for the page's items), the reason instead of a button when it cannot, and "Retry N items (M failed jobs)".
// Only for callers RETRY_ALLOW names (ctx.offerRetry): a button that can only be refused helps nobody.
import type { CardButton } from '../../render/view-models';
import { MAX_RETRY_ITEMS, type RetryCommand } from '../commands/types';
import type { BackupInstance } from '../domain/instances';
import type { Job } from '../domain/jobs';
import type { ViewContext } from './context';
import { commandButton } from './shared/buttons';
import { ICONS } from './shared/status';
import { clipText, countOf } from './shared/words';

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
const MAX_INLINE_PAYLOAD = 700;

const retryOf = (items: string[]): RetryCommand => ({ verb: 'retry', items, filters: {} });

/** The item a failed backup job was about (BV: backup instance, RSV: protected item when the row names it). */
export function failedBackupItem(job: Job): string | undefined {
  if (job.status !== 'Failed' || job.operation.kind !== 'backup') return undefined;
  const id = job.backupInstanceId ?? job.protectedItemId;
  return id === undefined || id === '' ? undefined : id;
}

/** Per job id, its row's retry part; empty when the caller is offered no retry (or the data port cannot tell). */
export async function retryOffers(jobs: readonly Job[], ctx: ViewContext): Promise<Map<string, RowRetry>> {
  const out = new Map<string, RowRetry>();
  const lookup = ctx.data.instancesById?.bind(ctx.data);
  const ids = [...new Set(jobs.map(failedBackupItem).filter((id) => id !== undefined))];
  if (!ctx.offerRetry || lookup === undefined || ids.length === 0) return out;
  let found: Awaited<ReturnType<typeof lookup>>;
  try {
    found = await lookup(ids, ctx.call);
  } catch {
    // The list still answers; its rows say why they offer no Retry this time (ARG throttling, mostly).
    for (const job of jobs) {
      if (failedBackupItem(job))
        out.set(job.id, note('Azure did not answer about its item just now; ask again in a minute'));
    }
    return out;
  }
  const byId = new Map<string, BackupInstance>(found.value.map((i) => [i.id.toLowerCase(), i]));
  // A partial answer may have missed an item: say nothing rather than "not found".
  const complete = found.partial.length === 0;
  for (const job of jobs) {
    const id = failedBackupItem(job);
    if (id === undefined) continue;
    const instance = byId.get(id.toLowerCase());
    if (instance === undefined) {
      if (complete) out.set(job.id, note('its backup item was not found (deleted, or outside what the bot may read)'));
    } else if (!instance.retry.possible) {
      out.set(job.id, note(instance.retry.message));
    } else if (instance.retryTarget !== undefined) {
      const button = await commandButton(`Retry ${instance.friendlyName}`, retryOf([instance.id]), {
        stash: ctx.stash,
        maxChars: MAX_INLINE_PAYLOAD,
      });
      out.set(job.id, { retry: [button], retryNote: [] });
    }
  }
  return out;
}

function note(why: string): RowRetry {
  return { retry: [], retryNote: [`${ICONS.stopped} No Retry: ${clipText(why, NOTE_CHARS)}`] };
}

/**
 * "Retry 33 items (38 failed jobs)": every item a failed backup job of the list names (the newest first, at most 500),
 * behind one confirmation; the label counts both, since an item that failed twice is backed up once. The list travels in the stash (hundreds of ARM ids); items that cannot be backed up are skipped
 * and listed when the backups start.
 */
export async function retryAllButton(jobs: readonly Job[], ctx: ViewContext): Promise<CardButton[]> {
  if (!ctx.offerRetry) return [];
  const seen = new Map<string, string>();
  let failedJobs = 0;
  for (const job of jobs) {
    const id = failedBackupItem(job);
    if (id === undefined) continue;
    failedJobs++;
    if (!seen.has(id.toLowerCase())) seen.set(id.toLowerCase(), id);
  }
  const items = [...seen.values()].slice(0, MAX_RETRY_ITEMS);
  if (items.length === 0) return [];
  const label = `Retry ${countOf(items.length, 'item')} (${countOf(failedJobs, 'failed job')})`;
  return [await commandButton(label, retryOf(items), { stash: ctx.stash, maxChars: MAX_INLINE_PAYLOAD })];
}

/** The item view's "Back up now", when the caller may and the item can be backed up. */
export async function itemRetryButton(instance: BackupInstance, ctx: ViewContext): Promise<CardButton[]> {
  if (!ctx.offerRetry || !instance.retry.possible || instance.retryTarget === undefined) return [];
  return [
    await commandButton('Back up now', retryOf([instance.id]), { stash: ctx.stash, maxChars: MAX_INLINE_PAYLOAD }),
  ];
}
