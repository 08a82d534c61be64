// Buttons and links for every view: a button runs a command (its payload re-enters the one parser), a link opens a
// URL (Azure portal, Microsoft Learn). Paging buttons carry the page, so "Next" is the same command one page on.

import { type EncodeOptions, encodeAction, serializeAction } from '../../commands/payload';
import { COMMAND_SPECS } from '../../commands/table';
import type { Command, CommandFilters, Verb } from '../../commands/types';
import type { CardButton, CardLink } from '../../view-models/common';

export type { CardButton, CardLink };

/** Slack clips button text at 75 characters; keep labels well under it. */
const MAX_LABEL = 75;

function clipLabel(label: string): string {
  return label.length <= MAX_LABEL ? label : `${label.slice(0, MAX_LABEL - 1)}…`;
}

/** A button that runs `command` when clicked; too-long commands go to the stash in `opts` (see encodeAction). */
export async function commandButton(label: string, command: Command, opts: EncodeOptions = {}): Promise<CardButton> {
  return { label: clipLabel(label), payload: serializeAction(await encodeAction(command, opts)) };
}

export function link(label: string, url: string): CardLink {
  return { label: clipLabel(label), url };
}

type PagedCommand = Extract<Command, { page?: number }>;

export interface PageInfo {
  /** 1-based page shown now. */
  page: number;
  /** There is a page after this one. */
  hasNext: boolean;
}

/**
 * "‹ Previous" and "Next ›" for a paged command; none on a single page. The buttons carry the same command with
 * page ± 1 (encodeAction puts the page in `p`), so a click lands on the neighbouring page of the same answer.
 */
export async function pagingButtons(
  command: PagedCommand,
  info: PageInfo,
  opts: EncodeOptions = {},
): Promise<CardButton[]> {
  const out: CardButton[] = [];
  if (info.page > 1) {
    const previous = info.page - 1;
    out.push(
      await commandButton('‹ Previous', { ...command, page: previous === 1 ? undefined : previous } as Command, opts),
    );
  }
  if (info.hasNext) out.push(await commandButton(`Next ›`, { ...command, page: info.page + 1 } as Command, opts));
  return out;
}

/** The page a paged command asks for (1 when unset or nonsense). */
export function pageOf(command: { page?: number }): number {
  return command.page !== undefined && Number.isInteger(command.page) && command.page >= 1 ? command.page : 1;
}

/**
 * The filters `verb` accepts, taken from `filters` (a summary's tag: filter must not go on a vaults button, whose
 * parser would refuse it). `type:` becomes the positional workload of `unprotected` in the caller.
 */
export function keepFilters(verb: Verb, filters: CommandFilters): CommandFilters {
  const allowed = new Set(COMMAND_SPECS[verb].filters);
  const out: CommandFilters = {};
  if (allowed.has('sub') && filters.subscription !== undefined) out.subscription = filters.subscription;
  if (allowed.has('rg') && filters.resourceGroup !== undefined) out.resourceGroup = filters.resourceGroup;
  if (allowed.has('vault') && filters.vault !== undefined) out.vault = filters.vault;
  if (allowed.has('type') && filters.workload !== undefined) out.workload = filters.workload;
  if (allowed.has('tag') && filters.tags !== undefined) out.tags = filters.tags;
  if (allowed.has('location') && filters.location !== undefined) out.location = filters.location;
  if (allowed.has('since') && filters.since !== undefined) out.since = filters.since;
  return out;
}
