// Retry cards before anything starts: the confirmation (one item or many), the choice between same-named items,
// and the answers that end the flow early (not found, cannot be backed up, not allowed, expired, cancelled).

import type { PayloadStash } from '../commands/payload';
import type { RetryCommand } from '../commands/types';
import type { Reply } from '../conversation-port';
import { armIdName, itemNameFromId, looksLikeArmId, parseArmId } from '../domain/arm-id';
import type { BackupInstance } from '../domain/instances';
import { WORKLOAD_LABELS } from '../domain/workload';
import type { NotAuthorizedError } from '../errors';
import { instanceLabel } from '../names';
import type { CardButton, CardLink } from '../view-models/common';
import type { RetryViewModel } from '../view-models/retry';
import { commandButton } from '../views/shared/buttons';
import { ICONS } from '../views/shared/status';
import type { TimeFormat } from '../views/shared/time';
import { countOf } from '../views/shared/words';
import type { TriggerRequestInfo } from './ports';
import { type Actor, describeActor, type ItemSummary } from './records';
import { itemFacts, requestFacts, retryModel } from './view-common';

export interface ViewEnv {
  time: TimeFormat;
  now: Date;
  stash?: PayloadStash;
}

export const CANCEL_PREFIX = 'cancel-';

const retryCommand = (items: string[], confirm?: string): RetryCommand => ({
  verb: 'retry',
  items,
  filters: {},
  ...(confirm === undefined ? {} : { confirm }),
});

async function startCancel(firstItem: string, token: string, env: ViewEnv, label: string): Promise<CardButton[]> {
  const opts = env.stash ? { stash: env.stash } : {};
  return [
    await commandButton(label, retryCommand([firstItem], token), opts),
    await commandButton('Cancel', retryCommand([firstItem], `${CANCEL_PREFIX}${token}`), opts),
  ];
}

const requestedFooter = (by: Actor, env: ViewEnv): string =>
  `Requested by ${describeActor(by)} · ${env.time.asOf(env.now)}`;

export async function confirmView(
  item: ItemSummary,
  request: TriggerRequestInfo,
  token: string,
  by: Actor,
  env: ViewEnv,
  links: CardLink[] = [],
  /** A backup from chat that completed lately: said first, so nobody starts a second one unawares. */
  last?: { by: string; at: string; status: string },
): Promise<RetryViewModel> {
  const lastLine =
    last === undefined
      ? []
      : [
          `${ICONS.ok} Backed up from chat ${env.time.short(last.at, env.now)} (${last.status === 'CompletedWithWarnings' ? 'completed with warnings' : 'completed'}), started by ${last.by}. Start runs another.`,
        ];
  return retryModel({
    state: 'confirm',
    title: `Back up ${item.name} now?`,
    status: `${ICONS.warning} Waiting for confirmation: nothing has started yet`,
    statusColor: 'Warning',
    facts: [...itemFacts(item), ...requestFacts(request, env.time, env.now)],
    notes: [...lastLine, 'Start runs an on-demand backup in Azure now, besides the scheduled ones.'],
    buttons: await startCancel(item.id, token, env, 'Start backup'),
    links,
    footer: requestedFooter(by, env),
  });
}

/** Several items at once: named from their ids as people name them (no lookup yet: each is checked at its start). */
export async function bulkConfirmView(
  items: string[],
  token: string,
  by: Actor,
  env: ViewEnv,
): Promise<RetryViewModel> {
  const vaults = new Set(items.map((id) => parseArmId(id).pairs[0]?.[1]?.toLowerCase() ?? ''));
  const lines = items.map((id) => {
    const p = parseArmId(id);
    const vault = p.pairs[0]?.[1];
    return vault ? `• ${itemNameFromId(id)} · vault ${vault}` : `• ${id}`;
  });
  return retryModel({
    state: 'bulk-confirm',
    title: `Back up ${countOf(items.length, 'item')} now?`,
    status: `${ICONS.warning} Waiting for confirmation: nothing has started yet`,
    statusColor: 'Warning',
    facts: [],
    notes: [
      `Start runs an on-demand backup of each item (${countOf(vaults.size, 'vault')}), a few at a time. Items already backing up, or that cannot be backed up, are skipped and listed at the end.`,
    ],
    lines,
    buttons: await startCancel(items[0] ?? '', token, env, `Start ${countOf(items.length, 'backup')}`),
    footer: requestedFooter(by, env),
  });
}

export async function chooseView(query: string, candidates: BackupInstance[], env: ViewEnv): Promise<RetryViewModel> {
  const opts = env.stash ? { stash: env.stash } : {};
  const buttons: CardButton[] = [];
  for (const c of candidates.slice(0, 5)) {
    buttons.push(await commandButton(`${instanceLabel(c)} · ${c.vault.name}`, retryCommand([c.id]), opts));
  }
  return retryModel({
    state: 'choose',
    title: `Which "${query}"?`,
    status: `${ICONS.unknown} ${countOf(candidates.length, 'item')} match that name`,
    statusColor: 'Default',
    lines: candidates.map(
      (c) =>
        `• ${c.friendlyName} · ${WORKLOAD_LABELS[c.workload]} · vault ${c.vault.name} · rg ${c.vault.resourceGroup}`,
    ),
    notes: candidates.length > 5 ? ['Narrow it down with vault:, rg: or sub:, or pick one of the first five.'] : [],
    buttons,
    footer: env.time.asOf(env.now),
  });
}

/**
 * Resource Graph failed or answered in part and the item was not among what it returned: it may well exist, so the
 * card says the lookup failed (never "not found"), with Azure's reason and a Try again button.
 */
export async function lookupFailedView(
  query: string,
  notes: readonly string[],
  again: RetryCommand,
  env: ViewEnv,
): Promise<RetryViewModel> {
  const name = looksLikeArmId(query) ? armIdName(query) : query;
  return retryModel({
    state: 'lookup-failed',
    title: `Could not look up "${name}"`,
    status: `${ICONS.warning} Nothing was started: Resource Graph did not answer completely`,
    statusColor: 'Warning',
    notes: [
      'The bot could not check this item (it may well exist), so it started nothing. Try again in a minute.',
      ...notes.slice(0, 2),
    ],
    buttons: [await commandButton('Try again', again, env.stash ? { stash: env.stash } : {})],
    footer: env.time.asOf(env.now),
  });
}

export const tryAgainCommand = (ref: string, confirm?: string): RetryCommand => retryCommand([ref], confirm);

export function notFoundView(query: string, env: ViewEnv): RetryViewModel {
  return retryModel({
    state: 'not-found',
    title: `No backup item named "${looksLikeArmId(query) ? armIdName(query) : query}"`,
    status: `${ICONS.unknown} Not found`,
    statusColor: 'Default',
    notes: ['Check the name (the VM, database, share, disk … or the ARM id), or narrow with vault: and rg:.'],
    footer: env.time.asOf(env.now),
  });
}

export function blockedView(item: ItemSummary, why: string, env: ViewEnv, links: CardLink[] = []): RetryViewModel {
  return retryModel({
    state: 'blocked',
    title: `${item.name} cannot be backed up on demand`,
    status: `${ICONS.stopped} Not possible`,
    statusColor: 'Warning',
    facts: itemFacts(item),
    notes: [why],
    links,
    footer: env.time.asOf(env.now),
  });
}

export function deniedView(error: NotAuthorizedError, env: ViewEnv, item?: ItemSummary): RetryViewModel {
  return retryModel({
    state: 'denied',
    title: item ? `You cannot back up ${item.name}` : 'You cannot start backups here',
    status: `${ICONS.stopped} Not allowed`,
    statusColor: 'Attention',
    facts: item ? itemFacts(item) : [],
    notes: [error.message, error.hint ?? ''],
    footer: `This refusal was recorded in the audit log · ${env.time.asOf(env.now)}`,
  });
}

export function expiredView(env: ViewEnv): RetryViewModel {
  return retryModel({
    state: 'expired',
    title: 'This confirmation has expired',
    status: `${ICONS.stopped} Nothing was started`,
    statusColor: 'Default',
    notes: ['Run retry <item> again for a fresh confirmation.'],
    footer: env.time.asOf(env.now),
  });
}

export function cancelledView(by: Actor, env: ViewEnv): RetryViewModel {
  return retryModel({
    state: 'cancelled',
    title: 'Nothing started',
    status: `${ICONS.stopped} Cancelled by ${describeActor(by)}: nothing was started`,
    statusColor: 'Default',
    footer: env.time.asOf(env.now),
  });
}

/** A list shown again after Cancel: its title says first that nothing started ("Nothing started · Failed jobs"). */
export function nothingStarted(list: Reply): Reply {
  const model = list.model as { title?: unknown };
  if (typeof model.title !== 'string') return list;
  const title = `Nothing started · ${model.title}`;
  return { ...list, model: { ...model, title }, summaryText: `Nothing started. ${list.summaryText}` };
}
