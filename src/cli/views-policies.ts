// Table view of the policies answer: one line per policy with its vault, workload, schedule, retention and the items
// it protects, in the words the chat cards use (src/core/views/policy-words.ts).
import type { PolicyList } from '../core/domain/policies';
import { WORKLOAD_LABELS } from '../core/domain/workload';
import { retentionText, scheduleText } from '../core/views/policy-words';
import { type Column, formatCount, renderTable } from './table';
import type { ViewContext } from './views-lists';

type Policy = PolicyList['policies'][number];

function policyColumns(list: PolicyList, ctx: ViewContext): Column<Policy>[] {
  return [
    { header: 'Policy', cell: (p) => p.name, max: 28 },
    { header: 'Vault', cell: (p) => p.vault.name, max: 24 },
    { header: 'Subscription', cell: (p) => ctx.subscription(p.vault.subscriptionId), max: 26 },
    {
      header: 'Workload',
      cell: (p) => (p.workload === 'other' ? p.datasourceType : WORKLOAD_LABELS[p.workload]),
      max: 22,
    },
    { header: 'Schedule', cell: (p) => scheduleText(list.termsOf(p).schedule), max: 60 },
    { header: 'Retention', cell: (p) => retentionText(list.termsOf(p)), max: 80 },
    { header: 'Items', cell: (p) => p.protectedItems, align: 'right' },
    { header: 'Stopped', cell: (p) => p.stoppedItems, align: 'right' },
  ];
}

export function renderPolicies(
  list: PolicyList & { hasMore?: boolean; total: number },
  ctx: ViewContext,
  shown: string,
): string {
  const title = 'Backup policies: schedule, retention and items protected (filters are the vault’s)';
  if (list.policies.length === 0) return `${title}\n\nNo policies match.`;
  const total = `Showing ${shown} of ${formatCount(list.total)} policies; ${formatCount(list.unused)} protect nothing.`;
  return `${title}\n\n${renderTable(list.policies, policyColumns(list, ctx))}\n\n${total}`;
}
