// View "items": backup items of both vault kinds as one list (Backup center's "Backup instances"), with how their
// protection stands in the unprotected view's words, health, last backup and policy; `items stale` with each item's
// age against what its policy expects. Pure apart from the stash (button payloads, "Show query").
import type { ItemsCommand } from '../commands/types';
import type { BackupInstance } from '../domain/instances';
import { type ItemsList, type ItemsRow, type ItemsState, policyNameOf, type StaleFacts } from '../domain/items';
import type { DataResult } from '../domain/result';
import { WORKLOAD_LABELS } from '../domain/workload';
import { instanceLabel, type SubscriptionNames, subscriptionShort } from '../names';
import type { CardColor, ItemsRowModel, ItemsViewModel } from '../view-models/inventory';
import type { ViewContext } from './context';
import {
  buildResultFrame,
  clipText,
  commandButton,
  describeTotals,
  formatAgo,
  healthLook,
  ICONS,
  iconLabel,
  lastBackupLook,
  pageOf,
  pageOfList,
  pageSizeOf,
  pagingButtons,
  protectionStateLook,
} from './shared';
import { KIND_LABEL } from './vault-words';

const HOUR = 3_600_000;
/**
 * Row buttons name an item by its ARM id and a policy by name and vault: hundreds of characters each, written twice
 * per button on Teams (Action.Execute and its fallback). Longer payloads go to the stash, so a page keeps its rows.
 */
const ROW_PAYLOAD_MAX = 200;

const TITLES: Record<ItemsState | 'all', string> = {
  all: 'Backup items',
  protected: 'Protected backup items',
  stopped: 'Backup items with protection stopped or soft-deleted',
  failing: 'Failing backup items',
  stale: 'Stale backup items',
};

const WHAT: Record<ItemsState | 'all', string> = {
  all: 'Both vault kinds, problems first',
  protected: 'Protection active',
  stopped: 'Stopped (data retained), suspended or soft-deleted: no backups run',
  failing: 'Protection active, last backup failed',
  stale: 'No good backup within the policy’s schedule, oldest first',
};

const EMPTY: Record<ItemsState | 'all', string> = {
  all: 'No backup items match these filters.',
  protected: 'No backup item with active protection matches these filters.',
  stopped: 'No backup item has its protection stopped or soft-deleted. 🎉',
  failing: 'No active backup item’s last backup failed. 🎉',
  stale:
    'Every active backup item has a good backup within its policy’s schedule. 🎉 (Items whose policy has no ' +
    'schedule, such as operational blob backup, are not judged.)',
};

/** How the protection stands, in the unprotected view's words for the stopped ones. */
function stateText(row: ItemsRow): { text: string; color: CardColor } {
  const i = row.instance;
  const raw = i.rawProtectionState === '' ? '' : ` (${i.rawProtectionState})`;
  switch (row.cover) {
    case 'softDeleted':
      return { text: `${ICONS.stopped} Soft-deleted: undelete it and resume it`, color: 'Warning' };
    case 'stopped':
      return {
        text: `${ICONS.stopped} ${i.protectionState === 'Stopped' ? 'Protection stopped (data retained)' : `Backups suspended${raw}`}: resume it`,
        color: 'Warning',
      };
    case 'notConfigured':
      return { text: `${ICONS.warning} Protection not configured${raw}`, color: 'Attention' };
    case 'active': {
      const state = protectionStateLook(i.protectionState);
      const health = healthLook(i.health);
      const bad = state.color === 'Attention' || health.color === 'Attention';
      return {
        text: i.health === 'Unknown' ? iconLabel(state) : `${iconLabel(state)} · ${iconLabel(health)}`,
        color: bad ? 'Attention' : health.color === 'Warning' || state.color !== 'Good' ? 'Warning' : 'Good',
      };
    }
  }
}

function lastText(i: BackupInstance, ctx: ViewContext): string {
  const look = lastBackupLook(i.lastBackupStatus);
  if (i.lastBackupTime === undefined) {
    // A Backup vault instance's last backup is its newest finished backup job, which ARG keeps 14 days.
    const none = i.vault.kind === 'bv' ? 'none in Resource Graph’s 14 days of jobs' : look.label.toLowerCase();
    return `Last backup: ${look.icon} ${none}`;
  }
  return `Last backup: ${iconLabel(look)} · ${ctx.time.dateTime(i.lastBackupTime)} (${formatAgo(i.lastBackupTime, ctx.now)})`;
}

/** "one a day", "one every 4 h", "one a week", "one at least every 4 days" (the policy's longest normal gap). */
export function expectationText(everyHours: number): string {
  if (everyHours === 24) return 'one a day';
  if (everyHours === 168) return 'one a week';
  if (everyHours < 24 || everyHours % 24 !== 0) return `one every ${Number(everyHours.toFixed(1))} h`;
  return `one at least every ${everyHours / 24} days`;
}

/** "3 d 4 h", "7 h": how long since the last good backup. */
export function ageText(fromIso: string, now: Date): string {
  const hours = Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / HOUR));
  if (hours < 48) return `${hours} h`;
  const rest = hours % 24;
  return rest === 0 ? `${hours / 24} d` : `${Math.floor(hours / 24)} d ${rest} h`;
}

function staleText(s: StaleFacts, i: BackupInstance, ctx: ViewContext): string {
  const policy = policyNameOf(i) ?? 'its policy';
  const expects = `${policy} expects ${expectationText(s.everyHours)} (+${s.graceHours} h grace)`;
  if (s.lastGoodAt === undefined) {
    const where =
      i.vault.kind === 'bv'
        ? 'no successful backup job in Resource Graph’s 14 days'
        : 'no good backup or recovery point reported, none in 14 days of jobs';
    return `${ICONS.failed} No good backup known (${where}); ${expects}`;
  }
  return `${ICONS.warning} No good backup for ${ageText(s.lastGoodAt, ctx.now)} (since ${ctx.time.dateTime(s.lastGoodAt)}); ${expects}`;
}

async function toRow(row: ItemsRow, ctx: ViewContext, names: SubscriptionNames): Promise<ItemsRowModel> {
  const i = row.instance;
  const v = i.vault;
  const { text, color } = stateText(row);
  const policyName = policyNameOf(i);
  return {
    name: clipText(instanceLabel(i), 120),
    where: clipText(
      `${WORKLOAD_LABELS[i.workload]} · ${KIND_LABEL[v.kind]} ${v.name} · ${subscriptionShort(v.subscriptionId, names)}`,
      240,
    ),
    state: clipText(text, 200),
    last: clipText(lastText(i, ctx), 200),
    policy: clipText(policyName === undefined ? 'No policy' : `Policy: ${policyName}`, 120),
    stale: row.stale === undefined ? [] : [clipText(staleText(row.stale, i, ctx), 400)],
    color: row.stale === undefined ? color : 'Attention',
    item: await commandButton(
      'Item',
      { verb: 'item', ref: i.id, filters: {} },
      { stash: ctx.stash, maxChars: ROW_PAYLOAD_MAX },
    ),
    policyButton:
      policyName === undefined
        ? []
        : [
            await commandButton(
              'Policy',
              {
                verb: 'policies',
                name: policyName,
                filters: { vault: v.name, subscription: v.subscriptionId, resourceGroup: v.resourceGroup },
              },
              { stash: ctx.stash, maxChars: ROW_PAYLOAD_MAX },
            ),
          ],
  };
}

/**
 * Two other states of the same list, as buttons (the Teams menu is full: this is how people find them; Teams shows
 * at most 5 card actions, and paging and Show query take 3). `items stopped` is reached from help and the unprotected
 * view.
 */
async function stateButtons(command: ItemsCommand, ctx: ViewContext) {
  const { page: _p, cursor: _c, state, ...rest } = command;
  const others: (ItemsState | undefined)[] = [undefined, 'stale', 'failing'];
  return Promise.all(
    others
      .filter((s) => s !== state)
      .slice(0, 2)
      .map((s) =>
        commandButton(
          s === undefined ? 'All items' : `${s[0]?.toUpperCase()}${s.slice(1)}`,
          { ...rest, ...(s === undefined ? {} : { state: s }) },
          { stash: ctx.stash },
        ),
      ),
  );
}

/** Builds one page of the "items" view. */
export async function buildItemsView(
  result: DataResult<ItemsList>,
  command: ItemsCommand,
  ctx: ViewContext,
): Promise<ItemsViewModel> {
  const all = result.value.rows;
  const key = command.state ?? 'all';
  const pageSize = pageSizeOf('items', ctx.caller.platform, ctx.pageSize);
  const { page, from, slice, hasNext } = pageOfList(all, pageSize, pageOf(command));
  const names = await ctx.subscriptionNames();
  const rows = await Promise.all(slice.map((r) => toRow(r, ctx, names)));
  // The stale query (the digest's item head) is long: Show query opens it in a new message, as the jobs view does.
  const frame = await buildResultFrame(
    { title: TITLES[key], what: WHAT[key], filters: command.filters, queryInNewMessage: true },
    result,
    ctx,
  );
  const noun = command.state === 'stale' ? (['stale item', 'stale items'] as const) : (['item', 'items'] as const);
  const totals = describeTotals({
    from: from + 1,
    shown: slice.length,
    noun,
    ...(result.value.hasMore ? { atLeast: all.length } : { total: all.length }),
  });
  const empty =
    all.length === 0
      ? [
          result.partial.length > 0
            ? 'No items found in the part of the estate that answered (see the warning above).'
            : EMPTY[key],
        ]
      : [];
  return {
    ...frame,
    totals,
    items: rows,
    entries: rows.flatMap((r) => [
      { row: [r], policy: [] },
      { row: [], policy: [r] },
    ]),
    empty,
    buttons: [
      ...(await pagingButtons(command, { page, hasNext }, { stash: ctx.stash })),
      ...(await stateButtons(command, ctx)),
    ],
  };
}
