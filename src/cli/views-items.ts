// Table view of the items answer: one line per backup item with how its protection stands, its last backup and
// policy, and for `items stale` its newest good backup and what the policy expects (the chat card's words).
import { type ItemsList, type ItemsRow, type ItemsState, policyNameOf } from '../core/domain/items';
import { expectationText } from '../core/views/items';
import { type Column, formatUtc, renderTable } from './table';
import type { ViewContext } from './views-lists';

const COVER_WORDS: Record<ItemsRow['cover'], string> = {
  active: 'active',
  stopped: 'stopped',
  softDeleted: 'soft-deleted',
  notConfigured: 'not configured',
};

function columns(ctx: ViewContext, stale: boolean): Column<ItemsRow>[] {
  const out: Column<ItemsRow>[] = [
    { header: 'Name', cell: (r) => r.instance.friendlyName, max: 32 },
    { header: 'Workload', cell: (r) => r.instance.workload, max: 8 },
    { header: 'Protection', cell: (r) => COVER_WORDS[r.cover], max: 14 },
    { header: 'State', cell: (r) => r.instance.protectionState, max: 12 },
    { header: 'Health', cell: (r) => r.instance.health, max: 9 },
    { header: 'Last backup', cell: (r) => r.instance.lastBackupStatus, max: 9 },
    { header: 'Last backup (UTC)', cell: (r) => formatUtc(r.instance.lastBackupTime), max: 17 },
  ];
  if (stale) {
    out.push(
      { header: 'Last good (UTC)', cell: (r) => formatUtc(r.stale?.lastGoodAt) || 'none known', max: 17 },
      { header: 'Policy expects', cell: (r) => (r.stale ? expectationText(r.stale.everyHours) : ''), max: 26 },
    );
  }
  out.push(
    { header: 'Vault', cell: (r) => r.instance.vault.name, max: 24 },
    { header: 'Subscription', cell: (r) => ctx.subscription(r.instance.vault.subscriptionId), max: 22 },
    { header: 'Policy', cell: (r) => policyNameOf(r.instance), max: 24 },
  );
  return out;
}

const TITLES: Record<ItemsState | 'all', string> = {
  all: 'Backup items, problems first',
  protected: 'Backup items with active protection',
  stopped: 'Backup items with protection stopped or soft-deleted',
  failing: 'Backup items whose last backup failed',
  stale: 'Stale backup items (no good backup within the policy’s schedule), oldest first',
};

export function renderItems(list: ItemsList, state: ItemsState | undefined, ctx: ViewContext, shown: string): string {
  const title = TITLES[state ?? 'all'];
  if (list.rows.length === 0) return `${title}\n\nNo items match.`;
  const more = list.hasMore ? ' (more match)' : '';
  return `${title}\n\n${renderTable(list.rows, columns(ctx, state === 'stale'))}\n\nShowing ${shown} items${more}.`;
}
