// View "policies": backup policies of both vault kinds, by vault, with schedule, retention per tier and the items
// each protects; those that protect nothing are flagged and can be listed alone (`policies unused`).
import type { PoliciesCommand } from '../commands/types';
import type { PolicyList, PolicySummary, PolicyTerms } from '../domain/policies';
import type { DataResult } from '../domain/result';
import { type SubscriptionNames, subscriptionShort } from '../names';
import { vaultPortalUrl } from '../portal-links';
import type { PoliciesViewModel, PolicyRow } from '../view-models/inventory';
import type { ViewContext } from './context';
import { itemsText, policyWhat, retentionText, scheduleText } from './policy-words';
import {
  buildResultFrame,
  clipText,
  commandButton,
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
import { KIND_LABEL } from './vault-words';
import { tenantPortal } from './vaults';

async function toRow(
  p: PolicySummary,
  terms: PolicyTerms,
  ctx: ViewContext,
  names: SubscriptionNames,
): Promise<PolicyRow> {
  const unused = p.protectedItems === 0;
  const v = p.vault;
  const region = v.location === '' ? '' : ` (${v.location})`;
  return {
    name: clipText(p.name, 80),
    what: clipText(policyWhat(p), 160),
    where: clipText(
      `${KIND_LABEL[v.kind]} ${v.name} in ${v.resourceGroup}${region} · ${subscriptionShort(v.subscriptionId, names)}`,
      240,
    ),
    schedule: clipText(scheduleText(terms.schedule), 300),
    retention: clipText(retentionText(terms), 400),
    items: `${unused ? ICONS.warning : ICONS.ok} ${itemsText(p)}`,
    color: unused ? 'Warning' : 'Good',
    vault: await commandButton(
      'Vault',
      { verb: 'vault', name: v.name, filters: { subscription: v.subscriptionId, resourceGroup: v.resourceGroup } },
      { stash: ctx.stash },
    ),
    portal: link('Open vault in Azure portal', vaultPortalUrl(v, tenantPortal(ctx, p.tenantId))),
  };
}

/** Builds one page of the "policies" view. */
export async function buildPoliciesView(
  result: DataResult<PolicyList>,
  command: PoliciesCommand,
  ctx: ViewContext,
): Promise<PoliciesViewModel> {
  const all = result.value.policies;
  const pageSize = pageSizeOf('policies', ctx.caller.platform, ctx.pageSize);
  const { page, from, slice, hasNext } = pageOfList(all, pageSize, pageOf(command));
  const names = await ctx.subscriptionNames();
  // Only the page's policies have their terms read (the list can hold thousands).
  const rows = await Promise.all(slice.map((p) => toRow(p, result.value.termsOf(p), ctx, names)));
  // A vault's policies share its object: lower-case each distinct one, not thousands of ids.
  const vaults = new Set([...new Set(all.map((p) => p.vault))].map((v) => v.id.toLowerCase())).size;
  const unused = result.value.unused;
  const what = [
    command.unused ? 'Policies that protect nothing' : 'Schedule, retention and items protected, by vault',
    ...(command.name === undefined ? [] : [`named ${command.name}`]),
  ].join(' · ');
  const frame = await buildResultFrame(
    { title: command.unused ? 'Unused backup policies' : 'Backup policies', what, filters: command.filters },
    result,
    ctx,
  );
  const totals =
    all.length === 0
      ? command.unused
        ? 'no policy protects nothing'
        : 'no policies'
      : describeTotals({
          from: from + 1,
          shown: slice.length,
          total: all.length,
          noun: ['policy', 'policies'],
          across: ['vault', 'vaults', vaults],
        }) + (command.unused || unused === 0 ? '' : ` · ${formatCount(unused)} protect nothing`);
  const empty =
    all.length === 0
      ? [
          result.partial.length > 0
            ? 'No policies found in the part of the estate that answered (see the warning above).'
            : command.unused
              ? 'Every backup policy that matches these filters protects at least one item.'
              : 'No backup policies match these filters (filters here are the vault’s: sub: rg: vault: tag: location:).',
        ]
      : [];
  const { page: _p, cursor: _c, unused: _u, ...rest } = command;
  const toggle =
    command.unused || unused > 0
      ? [
          await commandButton(
            command.unused ? 'All policies' : `Only the ${countOf(unused, 'unused one', 'unused ones')}`,
            command.unused ? rest : { ...rest, unused: true },
            { stash: ctx.stash },
          ),
        ]
      : [];
  return {
    ...frame,
    totals,
    policies: rows,
    empty,
    buttons: [...(await pagingButtons(command, { page, hasNext }, { stash: ctx.stash })), ...toggle],
  };
}
