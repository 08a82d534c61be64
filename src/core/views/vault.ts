// View "vault <name>": one vault with every setting, its recent failures, what to fix, a portal link and buttons to
// its failed and running jobs; or the same-named vaults to pick from; or "not found" with what to try instead.

import type { CommandFilters, JobsCommand, VaultCommand } from '../commands/types';
import type { DataResult } from '../domain/result';
import type { VaultHealth, VaultLookup } from '../domain/vaults';
import { type SubscriptionNames, subscriptionWithId } from '../names';
import { vaultPortalUrl } from '../portal-links';
import type { CardButton, CardLink } from '../view-models/common';
import type { VaultCandidate, VaultDetail, VaultViewModel } from '../view-models/inventory';
import type { ViewContext } from './context';
import { buildResultFrame, clipText, commandButton, link, securityLevelLook } from './shared';
import { describeFailures, fixSteps, KIND_LABEL, vaultFacts } from './vault-words';
import { sortVaultsWorstFirst, tenantPortal, vaultDetailCommand } from './vaults';

/** Slack allows 10 fields per section; the facts are split in two sections at this index. */
const FIELDS_PER_SECTION = 10;
/** Candidates shown when a name is ambiguous (each is a button; Slack: 25 per actions block). */
const MAX_CANDIDATES = 10;

function detailOf(v: VaultHealth, since: string, names: SubscriptionNames): VaultDetail {
  const look = securityLevelLook(v.securityLevel);
  const facts = vaultFacts(v, since).map((f) => ({
    label: f.label,
    value: clipText(f.label === 'Subscription' ? subscriptionWithId(f.value, names) : f.value, 300),
  }));
  return {
    name: v.name,
    level: `${look.icon} ${look.label}`,
    color: look.color,
    where: `${KIND_LABEL[v.kind]} in ${v.resourceGroup} (${v.location})`,
    facts: facts.slice(0, FIELDS_PER_SECTION),
    moreFacts: facts.slice(FIELDS_PER_SECTION),
    fix: fixSteps(v).map((s) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`),
    failures: describeFailures(v, since),
  };
}

/** Jobs of this vault by name (jobs' sub:/rg: mean the datasource's, so a namesake vault elsewhere may mix in). */
function jobsCommand(v: VaultHealth, status: JobsCommand['status'], since: CommandFilters['since']): JobsCommand {
  const filters: CommandFilters = { vault: v.name };
  if (since !== undefined) filters.since = since;
  return { verb: 'jobs', status, filters };
}

async function foundParts(v: VaultHealth, command: VaultCommand, ctx: ViewContext) {
  const since = command.filters.since;
  const opts = { stash: ctx.stash };
  const buttons: CardButton[] = [
    await commandButton(
      v.failedJobs > 0 ? `Failed jobs (${v.failedJobs})` : 'Failed jobs',
      jobsCommand(v, 'failed', since),
      opts,
    ),
    await commandButton('Running jobs', jobsCommand(v, 'running', since), opts),
    await commandButton('All vaults', { verb: 'vaults', filters: {} }, opts),
  ];
  const links: CardLink[] = [link('Open in Azure portal', vaultPortalUrl(v, tenantPortal(ctx, v.tenantId)))];
  return { buttons, links };
}

async function candidatesOf(list: VaultHealth[], command: VaultCommand, ctx: ViewContext): Promise<VaultCandidate[]> {
  const names = await ctx.subscriptionNames();
  return Promise.all(
    sortVaultsWorstFirst(list)
      .slice(0, MAX_CANDIDATES)
      .map(async (v) => {
        const look = securityLevelLook(v.securityLevel);
        return {
          name: v.name,
          where: `${KIND_LABEL[v.kind]} in ${v.resourceGroup} (${v.location}) · subscription ${subscriptionWithId(v.subscriptionId, names)}`,
          level: `${look.icon} ${look.label}`,
          pick: await commandButton(
            clipText(`${v.name} in ${v.resourceGroup}`, 70),
            vaultDetailCommand(v, command.filters),
            { stash: ctx.stash },
          ),
        };
      }),
  );
}

/** Builds the "vault" view from a lookup answer. */
export async function buildVaultView(
  result: DataResult<VaultLookup>,
  command: VaultCommand,
  ctx: ViewContext,
): Promise<VaultViewModel> {
  const lookup = result.value;
  const since = command.filters.since ?? '24h';
  const frame = await buildResultFrame(
    {
      title: lookup.kind === 'found' ? `Vault ${lookup.vault.name}` : `Vault ${clipText(command.name, 100)}`,
      showWindow: true,
      filters: command.filters,
    },
    result,
    ctx,
  );
  if (lookup.kind === 'found') {
    const { buttons, links } = await foundParts(lookup.vault, command, ctx);
    const names = await ctx.subscriptionNames();
    return { ...frame, vault: [detailOf(lookup.vault, since, names)], candidates: [], message: [], buttons, links };
  }
  const vaultsButton = await commandButton('List all vaults', { verb: 'vaults', filters: {} }, { stash: ctx.stash });
  if (lookup.kind === 'ambiguous') {
    const n = lookup.candidates.length;
    const shown = Math.min(n, MAX_CANDIDATES);
    const more = n > shown ? ` (showing ${shown}; add sub: or rg: to narrow)` : '';
    return {
      ...frame,
      vault: [],
      candidates: await candidatesOf(lookup.candidates, command, ctx),
      message: [`${n} vaults are called "${clipText(command.name, 100)}". Pick one${more}.`],
      buttons: [vaultsButton],
      links: [],
    };
  }
  const where = result.partial.length > 0 ? ' in the part of the estate that answered' : '';
  return {
    ...frame,
    vault: [],
    candidates: [],
    message: [
      `No Recovery Services or Backup vault called "${clipText(lookup.query, 100)}"${where}. ` +
        'Check the spelling, or list the vaults you can see.',
    ],
    buttons: [vaultsButton],
    links: [],
  };
}
