// Table view of the alerts answer: one line per Azure Monitor alert for backup, grouped as the chat card groups them
// (src/core/views/alerts.ts groupAlerts: worst severity first, then by rule and error), times in UTC.
import type { AlertList } from '../core/domain/alerts';
import { groupAlerts } from '../core/views/alerts';
import { type Column, describeWindow, formatCount, formatUtc, renderTable } from './table';
import type { ViewContext } from './views-lists';

type Alert = AlertList['alerts'][number];

function alertColumns(ctx: ViewContext): Column<Alert>[] {
  return [
    { header: 'Fired (UTC)', cell: (a) => formatUtc(a.firedAt), max: 16 },
    { header: 'Severity', cell: (a) => a.severity, max: 8 },
    { header: 'State', cell: (a) => (a.condition === 'Resolved' ? `${a.state}, resolved` : a.state), max: 22 },
    { header: 'Rule', cell: (a) => a.rule, max: 32 },
    { header: 'Error', cell: (a) => a.errorCode ?? '', max: 36 },
    { header: 'Item', cell: (a) => a.itemName ?? a.itemId?.split('/').pop() ?? '', max: 30 },
    { header: 'Vault', cell: (a) => a.vault.name, max: 24 },
    { header: 'Subscription', cell: (a) => ctx.subscription(a.vault.subscriptionId), max: 26 },
  ];
}

/** `alerts` comes grouped; the CLI pages the grouped order, so page 2 continues where page 1 stopped. */
export function orderAlerts(list: AlertList): Alert[] {
  return groupAlerts(list.alerts).flatMap((g) => g.alerts);
}

export function renderAlerts(list: AlertList & { total: number }, ctx: ViewContext, shown: string): string {
  const window = list.since === undefined ? 'any age' : describeWindow(list.since);
  const title = `${list.kind === 'active' ? 'Active' : 'All'} Azure Monitor alerts for backup (${window}), by rule and error`;
  if (list.alerts.length === 0) return `${title}\n\nNo alerts match.`;
  const total = `Showing ${shown} of ${formatCount(list.total)} alerts.`;
  return `${title}\n\n${renderTable(list.alerts, alertColumns(ctx))}\n\n${total}`;
}
