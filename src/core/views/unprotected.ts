// View "unprotected": datasources nobody backs up, grouped by workload, with counts, portal links and paging, and
// apart from them (first page) those whose protection is stopped or soft-deleted. Pure apart from the stash (button
// payloads, "Show query"): the handler fetches, this shapes one page.

import type { UnprotectedCommand } from '../commands/types';
import type { DataResult } from '../domain/result';
import type { UnprotectedDatasource } from '../domain/unprotected';
import { WORKLOAD_LABELS, WORKLOADS, type Workload } from '../domain/workload';
import { type SubscriptionNames, subscriptionShort } from '../names';
import { datasourcePortalUrl } from '../portal-links';
import type { UnprotectedPage } from '../ports';
import type { UnprotectedGroup, UnprotectedRow, UnprotectedViewModel } from '../view-models/inventory';
import type { ViewContext } from './context';
import {
  buildResultFrame,
  clipText,
  countOf,
  describeTotals,
  formatCount,
  pageOf,
  pageOfList,
  pageSizeOf,
  pagingButtons,
} from './shared';

/** What the totals line calls each workload's datasources ("VMs 120, disks 40"). */
const SHORT_NOUNS: Record<Workload, readonly [string, string]> = {
  vm: ['VM', 'VMs'],
  sql: ['SQL VM', 'SQL VMs'],
  hana: ['HANA database', 'HANA databases'],
  files: ['storage account (files)', 'storage accounts (files)'],
  blobs: ['storage account (blobs)', 'storage accounts (blobs)'],
  disks: ['disk', 'disks'],
  postgres: ['PostgreSQL server', 'PostgreSQL servers'],
  aks: ['AKS cluster', 'AKS clusters'],
};

const MAX_NAME = 120;
/** The stopped datasources' names on one line, at most this long ("+4 more"): the page's rows keep their room. */
const MAX_STOPPED_TEXT = 400;
const MAX_TAGS = 200;
const MAX_NOTE = 200;

function tagWords(tags: Record<string, string>): string[] {
  return Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`));
}

function describeTags(tags: Record<string, string>): string {
  const words = tagWords(tags);
  if (words.length === 0) return 'no tags';
  return clipText(`tags: ${words.join(', ')}`, MAX_TAGS);
}

/**
 * The tags one by one within the same budget, for templates that set each in a code span (Slack: inside one, `*`,
 * `_`, `~`, domains and addresses stay as typed). A backtick would end the span early, so it shows as the look-alike
 * "ˋ" (U+02CB); tag text is Azure's, not ours, and a lone backtick in a tag is rare.
 */
function listTags(tags: Record<string, string>): Pick<UnprotectedRow, 'tagList' | 'tagsMore'> {
  const words = tagWords(tags).map((w) => clipText(w.replace(/`/g, 'ˋ'), MAX_TAGS));
  const tagList: string[] = [];
  let used = 0;
  for (const word of words) {
    if (tagList.length > 0 && used + word.length > MAX_TAGS) break;
    tagList.push(word);
    used += word.length;
  }
  const more = words.length - tagList.length;
  return { tagList, tagsMore: more > 0 ? [`+${formatCount(more)} more`] : [] };
}

/** The part of `reason` after the workload's standard sentence: what the data layer adds (attached VM, host VM). */
function noteOf(d: UnprotectedDatasource): string[] {
  if (d.workload === 'disks' && d.managedBy) {
    const vm = d.managedBy.split('/').pop() ?? d.managedBy;
    return [clipText(`Attached to VM ${vm}, which has no backup of all its disks.`, MAX_NOTE)];
  }
  const extra = /\bIt runs on VM (.+?)\.?$/.exec(d.reason);
  return extra?.[1] ? [clipText(`Runs on VM ${extra[1]}.`, MAX_NOTE)] : [];
}

function toRow(d: UnprotectedDatasource, ctx: ViewContext, names: SubscriptionNames): Omit<UnprotectedRow, 'opens'> {
  const sub = d.subscriptionId === '' ? '' : subscriptionShort(d.subscriptionId, names);
  const where = [sub, `rg ${d.resourceGroup}`, d.location].filter((p) => p.trim() !== '' && p !== 'rg ').join(' · ');
  const tenantId = d.tenantId ?? ctx.portal.tenantId;
  return {
    name: clipText(d.name, MAX_NAME),
    where: clipText(where, 200),
    tags: describeTags(d.tags),
    ...listTags(d.tags),
    note: noteOf(d),
    url: datasourcePortalUrl(d.id, { ...ctx.portal, ...(tenantId === undefined ? {} : { tenantId }) }),
  };
}

/** "vm-old-02 (Azure VM, rsv-prod) · vm-soft-03 (Azure VM, soft-deleted, rsv-prod) · +4 more", within the budget. */
function stoppedList(stopped: readonly UnprotectedDatasource[]): string {
  const words = ordered(stopped).map((d) => {
    const parts = [
      WORKLOAD_LABELS[d.workload],
      d.stopped?.state === 'softDeleted' ? 'soft-deleted' : '',
      d.stopped?.vaultName,
    ];
    return `${clipText(d.name, MAX_NAME)} (${parts.filter((p) => p).join(', ')})`;
  });
  const shown: string[] = [];
  let used = 0;
  for (const word of words) {
    const more = words.length - shown.length - 1 > 0 ? 12 : 0;
    if (shown.length > 0 && used + word.length + 3 + more > MAX_STOPPED_TEXT) break;
    shown.push(word);
    used += word.length + 3;
  }
  const rest = words.length - shown.length;
  return [...shown, ...(rest > 0 ? [`+${formatCount(rest)} more`] : [])].join(' · ');
}

/**
 * "⏸️ 3 with protection stopped or soft-deleted — resume them (not counted as unprotected)"; "at least 3" when the
 * answer was cut (the per-workload row caps count both lists' rows).
 */
function stoppedHeading(stopped: readonly UnprotectedDatasource[], cut: boolean): string {
  const soft = stopped.filter((d) => d.stopped?.state === 'softDeleted').length;
  const what = soft === 0 ? 'stopped' : soft === stopped.length ? 'soft-deleted' : 'stopped or soft-deleted';
  const them = stopped.length === 1 ? 'it' : 'them';
  const count = `${cut ? 'At least ' : ''}${formatCount(stopped.length)}`;
  return `⏸️ ${count} with protection ${what} — resume ${them} (not counted as unprotected)`;
}

/** Workload order, then name: stable pages whatever order the queries answered in. */
function ordered(list: readonly UnprotectedDatasource[]): UnprotectedDatasource[] {
  const rank = (w: Workload) => WORKLOADS.indexOf(w);
  return [...list].sort(
    (a, b) =>
      rank(a.workload) - rank(b.workload) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function breakdown(counts: Partial<Record<Workload, number>>): string {
  const parts = WORKLOADS.filter((w) => (counts[w] ?? 0) > 0).map((w) => {
    const n = counts[w] ?? 0;
    const [one, many] = SHORT_NOUNS[w];
    return `${n === 1 ? one : many} ${formatCount(n)}`;
  });
  return parts.length > 1 ? ` (${parts.join(', ')})` : '';
}

function emptyMessage(command: UnprotectedCommand, partial: boolean, stopped: number): string {
  const what = command.workload === undefined ? 'datasource' : SHORT_NOUNS[command.workload][0];
  if (partial) return `No unprotected ${what} found in the part of the estate that answered (see the warning above).`;
  if (stopped > 0)
    return `Every ${what} in scope has a backup configured; ${countOf(stopped, 'has', 'have')} protection stopped (below).`;
  return `Every ${what} in scope has a backup. 🎉`;
}

/** Builds one page of the "unprotected" view from the data answer. */
export async function buildUnprotectedView(
  result: DataResult<UnprotectedPage>,
  command: UnprotectedCommand,
  ctx: ViewContext,
): Promise<UnprotectedViewModel> {
  const { value } = result;
  const pageSize = pageSizeOf('unprotected', ctx.caller.platform, ctx.pageSize);
  const all = ordered(value.datasources);
  const { page, from, slice, hasNext } = pageOfList(all, pageSize, pageOf(command));

  const groups: UnprotectedGroup[] = [];
  const names = await ctx.subscriptionNames();
  for (const d of slice) {
    let group = groups.at(-1);
    const heading = `${WORKLOAD_LABELS[d.workload]} · ${formatCount(value.counts[d.workload] ?? 0)} unprotected`;
    if (group?.heading !== heading) {
      group = { heading, rows: [] };
      groups.push(group);
    }
    group.rows.push({ ...toRow(d, ctx, names), opens: group.rows.length === 0 ? [heading] : [] });
  }

  const noun = ['unprotected datasource', 'unprotected datasources'] as const;
  const totals =
    all.length === 0
      ? `no ${noun[1]}`
      : describeTotals({
          from: from + 1,
          shown: slice.length,
          noun,
          ...(value.hasMore ? { atLeast: all.length } : { total: all.length }),
        }) + breakdown(value.counts);

  const title =
    command.workload === undefined ? 'Unprotected datasources' : `Unprotected: ${WORKLOAD_LABELS[command.workload]}`;
  const frame = await buildResultFrame(
    {
      title,
      filters: command.filters,
    },
    result,
    ctx,
  );
  const buttons = await pagingButtons(command, { page, hasNext }, { stash: ctx.stash });
  return {
    ...frame,
    totals,
    groups,
    rows: groups.flatMap((g) => g.rows),
    empty: all.length === 0 ? [emptyMessage(command, result.partial.length > 0, value.stopped.length)] : [],
    // The stopped list is short and not paged: on the first page only, so that paging does not repeat it.
    stoppedHeading: page === 1 && value.stopped.length > 0 ? [stoppedHeading(value.stopped, value.hasMore)] : [],
    stoppedList: page === 1 && value.stopped.length > 0 ? [stoppedList(value.stopped)] : [],
    buttons,
  };
}
