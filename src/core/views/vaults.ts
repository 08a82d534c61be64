// View "vaults": every vault's security posture (ABCC level, soft delete, immutability, MUA, redundancy, CRR, …),
// worst first, with a "what to fix" line per weak vault, a details button and a portal link per vault.

import type { CommandFilters, VaultCommand, VaultsCommand } from '../commands/types';
import type { DataResult } from '../domain/result';
import { SECURITY_LEVELS, type SecurityLevel, type VaultHealth, type VaultList } from '../domain/vaults';
import { type SubscriptionNames, subscriptionShort } from '../names';
import { vaultPortalUrl } from '../portal-links';
import type { VaultRow, VaultsViewModel } from '../view-models/inventory';
import type { ViewContext } from './context';
import {
  buildResultFrame,
  clipText,
  commandButton,
  describeTotals,
  formatCount,
  link,
  pageOf,
  pageOfList,
  pageSizeOf,
  pagingButtons,
  securityLevelLook,
} from './shared';
import { describeFix, describeSettings, describeStats, KIND_LABEL } from './vault-words';

const WORST_FIRST: readonly SecurityLevel[] = ['Poor', 'Fair', 'Good', 'Excellent'];

/** Poor before Fair before Good before Excellent; then most failures; then name (ids break ties). */
export function sortVaultsWorstFirst(vaults: readonly VaultHealth[]): VaultHealth[] {
  const rank = (v: VaultHealth) => WORST_FIRST.indexOf(v.securityLevel);
  return [...vaults].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      b.failedJobs - a.failedJobs ||
      a.name.localeCompare(b.name) ||
      (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : a.id.toLowerCase() > b.id.toLowerCase() ? 1 : 0),
  );
}

/** `vault <name>` narrowed by the vault's own subscription and group, keeping the window the list used. */
export function vaultDetailCommand(v: VaultHealth, filters: CommandFilters): VaultCommand {
  const f: CommandFilters = { subscription: v.subscriptionId, resourceGroup: v.resourceGroup };
  if (filters.since !== undefined) f.since = filters.since;
  return { verb: 'vault', name: v.name, filters: f };
}

export function tenantPortal(ctx: ViewContext, tenantId: string | undefined) {
  const tenant = tenantId ?? ctx.portal.tenantId;
  return { ...ctx.portal, ...(tenant === undefined ? {} : { tenantId: tenant }) };
}

async function toRow(
  v: VaultHealth,
  since: string,
  command: VaultsCommand,
  ctx: ViewContext,
  names: SubscriptionNames,
): Promise<VaultRow> {
  const look = securityLevelLook(v.securityLevel);
  return {
    name: clipText(v.name, 80),
    level: `${look.icon} ${look.label}`,
    color: look.color,
    where: clipText(
      `${KIND_LABEL[v.kind]} in ${v.resourceGroup} (${v.location}) · ${subscriptionShort(v.subscriptionId, names)}`,
      200,
    ),
    settings: describeSettings(v),
    stats: describeStats(v, since),
    fix: describeFix(v),
    details: await commandButton('Details', vaultDetailCommand(v, command.filters), { stash: ctx.stash }),
    portal: link('Open in Azure portal', vaultPortalUrl(v, tenantPortal(ctx, v.tenantId))),
  };
}

/** "❌ 21 Poor · ⚠️ 5 Fair · ✅ 20 Good · 🛡️ 2 Excellent", worst first, levels with no vault left out. */
export function describeLevels(bySecurityLevel: Record<SecurityLevel, number>): string {
  return WORST_FIRST.filter((l) => (bySecurityLevel[l] ?? 0) > 0)
    .map((l) => `${securityLevelLook(l).icon} ${formatCount(bySecurityLevel[l])} ${l}`)
    .join(' · ');
}

function levelsOf(list: VaultList): Record<SecurityLevel, number> {
  const counts = Object.fromEntries(SECURITY_LEVELS.map((l) => [l, 0])) as Record<SecurityLevel, number>;
  for (const v of list.vaults) counts[v.securityLevel]++;
  return counts;
}

/** Builds one page of the "vaults" view. */
export async function buildVaultsView(
  result: DataResult<VaultList>,
  command: VaultsCommand,
  ctx: ViewContext,
): Promise<VaultsViewModel> {
  const since = command.filters.since ?? '24h';
  const all = sortVaultsWorstFirst(result.value.vaults);
  const pageSize = pageSizeOf('vaults', ctx.caller.platform, ctx.pageSize);
  const { page, from, slice, hasNext } = pageOfList(all, pageSize, pageOf(command));
  const names = await ctx.subscriptionNames();
  const rows = await Promise.all(slice.map((v) => toRow(v, since, command, ctx, names)));
  const vaultCount = all.length;
  const weak = all.filter((v) => v.securityLevel === 'Poor' || v.securityLevel === 'Fair').length;

  const frame = await buildResultFrame(
    {
      title: 'Vaults',
      what: 'Security posture, worst first',
      showWindow: true,
      filters: command.filters,
    },
    result,
    ctx,
  );
  const totals =
    vaultCount === 0
      ? 'no vaults'
      : `${describeTotals({ from: from + 1, shown: slice.length, total: vaultCount, noun: ['vault', 'vaults'] })}` +
        (weak > 0 ? ` · ${formatCount(weak)} below Good` : '');
  const empty =
    vaultCount === 0
      ? [
          result.partial.length > 0
            ? 'No vaults found in the part of the estate that answered (see the warning above).'
            : 'No Recovery Services or Backup vaults match these filters.',
        ]
      : [];
  return {
    ...frame,
    totals,
    levels: vaultCount === 0 ? [] : [describeLevels(levelsOf(result.value))],
    vaults: rows,
    empty,
    buttons: await pagingButtons(command, { page, hasNext }, { stash: ctx.stash }),
  };
}
