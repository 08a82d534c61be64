// Table view of the compliance answer: one line per backup-related policy assignment with its scope, definition,
// counts and a few non-compliant resources (the chat cards' words, shorter).
import { armIdName } from '../core/domain/arm-id';
import type { ComplianceAssignment, ComplianceList } from '../core/domain/compliance';
import { type Column, formatCount, renderTable } from './table';
import type { ViewContext } from './views-lists';

function scopeText(a: ComplianceAssignment, ctx: ViewContext): string {
  const s = a.scope;
  if (s.kind === 'subscription') return `sub ${ctx.subscription(s.subscriptionId)}`;
  if (s.kind === 'resource-group') return `rg ${s.resourceGroup} in ${ctx.subscription(s.subscriptionId)}`;
  if (s.kind === 'management-group') return `mg ${s.managementGroup}`;
  return s.id;
}

function columns(ctx: ViewContext): Column<ComplianceAssignment>[] {
  return [
    { header: 'Assignment', cell: (a) => a.displayName ?? a.name, max: 32 },
    { header: 'Scope', cell: (a) => scopeText(a, ctx), max: 32 },
    {
      header: 'Definition',
      cell: (a) =>
        `${a.definitionName ?? armIdName(a.definitionId)}${a.enforcementMode?.toLowerCase() === 'donotenforce' ? ' (not enforced)' : ''}`,
      max: 56,
    },
    {
      header: 'Non-compliant',
      cell: (a) => (a.evaluated === 0 ? 'not evaluated' : a.counts.nonCompliant),
      align: 'right',
    },
    { header: 'Compliant', cell: (a) => a.counts.compliant, align: 'right' },
    { header: 'Exempt', cell: (a) => a.counts.exempt, align: 'right' },
    { header: 'Examples', cell: (a) => a.nonCompliantSample.map(armIdName).join(', '), max: 60 },
  ];
}

export function renderCompliance(
  list: ComplianceList & { hasMore?: boolean; total: number },
  ctx: ViewContext,
  shown: string,
): string {
  const title = 'Backup policy compliance: Azure Policy assignments of backup policies (filters are the resource’s)';
  if (list.assignments.length === 0) return `${title}\n\nNo backup-related assignment evaluates resources that match.`;
  const nonCompliant = list.assignments.reduce((n, a) => n + a.counts.nonCompliant, 0);
  const total = `Showing ${shown} of ${formatCount(list.total)} assignments; ${formatCount(nonCompliant)} non-compliant resources on this page.`;
  return `${title}\n\n${renderTable(list.assignments, columns(ctx))}\n\n${total}`;
}
