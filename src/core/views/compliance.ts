// View "compliance": Azure Policy compliance of the backup-related assignments, most non-compliant resources first,
// with a few non-compliant resources by name and a portal link to each assignment.
import type { ComplianceCommand } from '../commands/types';
import { armIdName } from '../domain/arm-id';
import { type AssignmentScope, type ComplianceAssignment, type ComplianceList, totalOf } from '../domain/compliance';
import type { DataResult } from '../domain/result';
import { type SubscriptionNames, subscriptionShort } from '../names';
import { resourcePortalUrl } from '../portal-links';
import type { ComplianceRow, ComplianceViewModel } from '../view-models/compliance';
import type { CardColor } from '../view-models/inventory';
import type { ViewContext } from './context';
import {
  buildResultFrame,
  clipText,
  countOf,
  describeTotals,
  formatCount,
  ICONS,
  link,
  pageOf,
  pageOfList,
  pageSizeOf,
  pagingButtons,
} from './shared';
import { tenantPortal } from './vaults';

function whereText(scope: AssignmentScope, names: SubscriptionNames): string {
  const sub = scope.subscriptionId === undefined ? '' : subscriptionShort(scope.subscriptionId, names);
  switch (scope.kind) {
    case 'subscription':
      return `Assigned to subscription ${sub}`;
    case 'resource-group':
      return `Assigned to resource group ${scope.resourceGroup} in ${sub}`;
    case 'management-group':
      return `Assigned to management group ${scope.managementGroup}`;
    default:
      return scope.id === '' ? 'Scope not shown by Azure' : `Assigned to ${scope.id}`;
  }
}

function statusOf(a: ComplianceAssignment): { status: string; color: CardColor } {
  const total = totalOf(a.counts);
  const nc = a.counts.nonCompliant;
  if (a.evaluated === 0) return { status: `${ICONS.running} Not evaluated yet`, color: 'Accent' };
  if (nc > 0)
    return { status: `${ICONS.failed} ${formatCount(nc)} of ${formatCount(total)} non-compliant`, color: 'Attention' };
  if (a.counts.compliant === 0) {
    // Only exempt, conflicting or unknown states: no verdict either way.
    return { status: `${ICONS.unknown} No verdict for ${countOf(total, 'resource')}`, color: 'Default' };
  }
  if (a.counts.compliant === total) return { status: `${ICONS.ok} All ${formatCount(total)} compliant`, color: 'Good' };
  return { status: `${ICONS.ok} None non-compliant`, color: 'Good' };
}

function countsText(a: ComplianceAssignment): string {
  if (a.evaluated === 0)
    return 'Azure Policy has not evaluated this assignment yet (a new assignment takes up to a day).';
  const c = a.counts;
  const parts = [
    `${formatCount(c.compliant)} compliant`,
    ...(c.exempt > 0 ? [`${formatCount(c.exempt)} exempt`] : []),
    ...(c.conflict > 0 ? [countOf(c.conflict, 'conflict')] : []),
    ...(c.other > 0 ? [`${formatCount(c.other)} unknown`] : []),
  ];
  return parts.join(' · ');
}

function sampleText(a: ComplianceAssignment): string[] {
  if (a.nonCompliantSample.length === 0) return [];
  const more = a.counts.nonCompliant - a.nonCompliantSample.length;
  const names = a.nonCompliantSample.map(armIdName).join(', ');
  return [`Non-compliant: ${names}${more > 0 ? ` and ${formatCount(more)} more` : ''}`];
}

function toRow(a: ComplianceAssignment, ctx: ViewContext, names: SubscriptionNames): ComplianceRow {
  const what = [
    a.definitionName ?? (a.definitionId === '' ? 'Definition not shown by Azure' : armIdName(a.definitionId)),
    ...(a.enforcementMode?.toLowerCase() === 'donotenforce' ? ['not enforced (audit only)'] : []),
  ].join(' · ');
  return {
    name: clipText(a.displayName ?? a.name, 120),
    ...statusOf(a),
    what: clipText(what, 200),
    where: clipText(whereText(a.scope, names), 200),
    counts: countsText(a),
    nonCompliant: sampleText(a).map((t) => clipText(t, 400)),
    // (unverified) that the portal's generic resource route opens a policy assignment's blade.
    portal: link('Open assignment in Azure portal', resourcePortalUrl(a.id, tenantPortal(ctx, a.tenantId))),
  };
}

/** Builds one page of the "compliance" view. */
export async function buildComplianceView(
  result: DataResult<ComplianceList>,
  command: ComplianceCommand,
  ctx: ViewContext,
): Promise<ComplianceViewModel> {
  const all = result.value.assignments;
  const pageSize = pageSizeOf('compliance', ctx.caller.platform, ctx.pageSize);
  const { page, from, slice, hasNext } = pageOfList(all, pageSize, pageOf(command));
  const names = await ctx.subscriptionNames();
  const frame = await buildResultFrame(
    {
      title: 'Backup policy compliance',
      what: 'Azure Policy assignments of backup policies · non-compliant resources first',
      filters: command.filters,
    },
    result,
    ctx,
  );
  const nonCompliant = all.reduce((n, a) => n + a.counts.nonCompliant, 0);
  const totals =
    all.length === 0
      ? 'no backup policy assignments'
      : describeTotals({
          from: from + 1,
          shown: slice.length,
          total: all.length,
          noun: ['assignment', 'assignments'],
        }) + ` · ${countOf(nonCompliant, 'non-compliant resource')}`;
  const empty =
    all.length === 0
      ? [
          result.partial.length > 0
            ? 'No assignments found in the part of the estate that answered (see the warning above).'
            : 'No backup-related Azure Policy assignment evaluates resources that match these filters. Assign the built-in "Azure Backup should be enabled for Virtual Machines" or the vault policies (category Backup) to audit backup coverage.',
        ]
      : [];
  return {
    ...frame,
    totals,
    assignments: slice.map((a) => toRow(a, ctx, names)),
    empty,
    buttons: await pagingButtons(command, { page, hasNext }, { stash: ctx.stash }),
  };
}
