// One notification message: what it remembers (stored with it, so a later poll can update it in place: a repeat
// failure, a fix) and the card made of that. Failures group by error code with the catalog's cause and fix; a
// message with more items than `maxItems` shows one line per error code instead, with a button to the full list.

import type { PayloadStash } from '../commands/payload';
import { type CommandFilters, MAX_RETRY_ITEMS, type RetryCommand } from '../commands/types';
import type { Reply } from '../conversation-port';
import type { FailureEvent } from '../domain/notify';
import { explainError } from '../error-catalog';
import { jobLabel, type SubscriptionNames, subscriptionLabel } from '../names';
import type { CardButton } from '../view-models/common';
import type { JobAdvice } from '../view-models/jobs';
import { errorGroupKey, explainJob, toAdvice } from '../views/job-rows';
import { commandButton } from '../views/shared/buttons';
import { ICONS } from '../views/shared/status';
import type { TimeFormat } from '../views/shared/time';
import { clipText, countOf, formatCount } from '../views/shared/words';
import type { NotifyGroup, NotifyViewModel } from './view-models';

/** One item of a message: its failures since the message went out, and whether (and how) it was fixed. */
export interface NotifyItemState {
  itemKey: string;
  /** The ARM id Retry backs up; absent when neither the job nor the alert named the item. */
  itemId?: string;
  /** "vm-web-01 (Contoso Prod)". */
  label: string;
  group: string;
  failures: number;
  /** ISO UTC: the first failure this message announced, and the newest. */
  firstAt: string;
  lastAt: string;
  fixedAt?: string;
  /** "by the schedule", "by a retry from Ana", "by an on-demand backup". */
  fixedBy?: string;
}

export interface NotifyGroupState {
  key: string;
  advice?: JobAdvice;
}

/** What a message stores (JSON); `v` lets a later version read older messages. */
export interface NotifyMessageState {
  v: 1;
  filters: CommandFilters;
  timeZone: string;
  postedAt: string;
  groups: NotifyGroupState[];
  items: NotifyItemState[];
}

/** Retry buttons carry item ids inline up to this many characters (Teams sends each twice, and a message holds up to
 * NOTIFY_MAX_ITEMS of them beside the advice); longer ones go to the stash. */
const MAX_INLINE_PAYLOAD = 200;
/** Elements of one Slack actions block. */
const SLACK_MAX_ACTIONS = 25;
/** Item lines shown per group before "and N more" (a card has room for ~40 lines beside the advice). */
const MAX_LINES_PER_GROUP = 10;

/** The group of a failure: the catalog entry of its error code (as the jobs view groups), else Azure's code. */
export function groupOf(event: FailureEvent): { key: string; advice?: JobAdvice } {
  if (event.job !== undefined) {
    const explained = explainJob(event.job);
    return { key: errorGroupKey(event.job), ...(explained ? { advice: toAdvice(explained) } : {}) };
  }
  const code = event.errorCode ?? '';
  const explained = explainError(
    {
      ...(code === '' ? {} : { code }),
      ...(event.errorMessage ? { message: event.errorMessage.slice(0, 600) } : {}),
      recommendations: [],
    },
    event.workload,
  );
  return { key: explained.code === '' ? `|${event.errorMessage ?? ''}` : explained.code, advice: toAdvice(explained) };
}

export function eventLabel(event: FailureEvent, names: SubscriptionNames): string {
  if (event.job !== undefined) return jobLabel(event.job, names);
  const where = subscriptionLabel(event.subscriptionId, names);
  const name = clipText(event.itemName === '' ? '(unnamed)' : event.itemName, 60);
  return where === '' ? name : `${name} (${where})`;
}

/** Adds failures to a message's state: a known item counts up (and is open again), a new one joins its group. */
export function addFailures(state: NotifyMessageState, events: readonly FailureEvent[], names: SubscriptionNames) {
  for (const event of [...events].sort((a, b) => a.failedAt.localeCompare(b.failedAt))) {
    const known = state.items.find((i) => i.itemKey === event.itemKey);
    if (known !== undefined) {
      known.failures++;
      if (event.failedAt > known.lastAt) known.lastAt = event.failedAt;
      if (known.fixedAt !== undefined && known.fixedAt < event.failedAt) {
        delete known.fixedAt;
        delete known.fixedBy;
      }
      continue;
    }
    const group = groupOf(event);
    if (!state.groups.some((g) => g.key === group.key)) state.groups.push(group);
    state.items.push({
      itemKey: event.itemKey,
      ...(event.itemId === undefined ? {} : { itemId: event.itemId }),
      label: eventLabel(event, names),
      group: group.key,
      failures: 1,
      firstAt: event.failedAt,
      lastAt: event.failedAt,
    });
  }
}

export function newMessageState(filters: CommandFilters, timeZone: string, postedAt: Date): NotifyMessageState {
  return { v: 1, filters, timeZone, postedAt: postedAt.toISOString(), groups: [], items: [] };
}

export const isOpen = (state: NotifyMessageState): boolean => state.items.some((i) => i.fixedAt === undefined);

export interface RenderInput {
  state: NotifyMessageState;
  time: TimeFormat;
  now: Date;
  stash: PayloadStash;
  /** Offer Retry (RETRY_ALLOW names somebody; the click is authorized again). */
  offerRetry: boolean;
  maxItems: number;
  scope: string;
}

const retryOf = (items: string[]): RetryCommand => ({ verb: 'retry', items, filters: {} });

function itemLine(item: NotifyItemState, time: TimeFormat, now: Date): string {
  const when =
    item.failures > 1
      ? `failed ${item.failures} times since ${time.short(item.firstAt, now)}`
      : `failed ${time.short(item.lastAt, now)}`;
  if (item.fixedAt === undefined) return `${ICONS.failed} ${item.label} · ${when}`;
  return `${ICONS.ok} ${item.label} · ${when} · fixed ${time.short(item.fixedAt, now)} ${item.fixedBy ?? ''}`.trimEnd();
}

/** The card of a message's state: new, or updated after a repeat or a fix. */
export async function renderNotification(input: RenderInput): Promise<Reply> {
  const { state, time, now, stash } = input;
  const open = state.items.filter((i) => i.fixedAt === undefined);
  const summaryMode = state.items.length > input.maxItems;
  const groups: NotifyGroup[] = [];
  const sizes = new Map<string, number>();
  for (const i of state.items) sizes.set(i.group, (sizes.get(i.group) ?? 0) + 1);
  const ordered = [...state.groups].sort((a, b) => (sizes.get(b.key) ?? 0) - (sizes.get(a.key) ?? 0));
  for (const g of ordered) {
    const items = state.items.filter((i) => i.group === g.key);
    const failing = items.filter((i) => i.fixedAt === undefined);
    const failures = items.reduce((n, i) => n + i.failures, 0);
    const fixed = items.length - failing.length;
    const heading = `${failing.length === 0 ? ICONS.ok : ICONS.failed} ${g.advice?.heading ?? 'Failed'} — ${countOf(failures, 'failed backup')} on ${countOf(items.length, 'item')}${fixed > 0 ? `, ${formatCount(fixed)} fixed` : ''}`;
    const retryIds = failing.map((i) => i.itemId).filter((id): id is string => id !== undefined);
    const buttons: Promise<CardButton>[] = [];
    if (input.offerRetry && retryIds.length > 1) {
      const ids = retryIds.slice(0, MAX_RETRY_ITEMS);
      buttons.push(
        commandButton(`Retry these ${formatCount(ids.length)}`, retryOf(ids), {
          stash,
          maxChars: MAX_INLINE_PAYLOAD,
          // The notification is no list a command can redraw: Cancel returns to the failed jobs it is about.
          back: { verb: 'jobs', status: 'failed', filters: state.filters },
        }),
      );
    }
    const shown = summaryMode ? [] : items.slice(0, MAX_LINES_PER_GROUP);
    const rows = await Promise.all(
      shown.map(async (item) => ({
        text: itemLine(item, time, now),
        retry:
          input.offerRetry && item.fixedAt === undefined && item.itemId !== undefined
            ? [
                await commandButton(
                  `Retry ${clipText(item.label.split(' (')[0] ?? item.label, 40)}`,
                  retryOf([item.itemId]),
                  {
                    stash,
                    maxChars: MAX_INLINE_PAYLOAD,
                  },
                ),
              ]
            : [],
      })),
    );
    const hidden = items.length - shown.length;
    groups.push({
      heading,
      advice: failing.length === 0 || g.advice === undefined ? [] : [g.advice],
      items: rows,
      more: hidden > 0 && !summaryMode ? [`… and ${formatCount(hidden)} more`] : [],
      buttons: await Promise.all(buttons),
    });
  }
  const failures = state.items.reduce((n, i) => n + i.failures, 0);
  const title =
    open.length === 0
      ? `${ICONS.ok} ${countOf(state.items.length, 'backup failure')} fixed`
      : `${ICONS.failed} ${countOf(failures, 'new backup failure')}${state.items.length > 1 ? ` on ${countOf(state.items.length, 'item')}` : ''}`;
  const fixedCount = state.items.length - open.length;
  const subtitle = [
    input.scope,
    `found ${time.short(state.postedAt, now)}`,
    ...(fixedCount > 0 && open.length > 0
      ? [`${formatCount(fixedCount)} fixed, ${formatCount(open.length)} still failing`]
      : []),
  ].join(' · ');
  const listButton = commandButton(
    'Failed jobs',
    { verb: 'jobs', status: 'failed', filters: state.filters },
    { stash, newMessage: true },
  );
  const model: NotifyViewModel = {
    title,
    subtitle,
    notes: summaryMode
      ? [`${countOf(state.items.length, 'item')} failed at once: one line per error code; Failed jobs lists them all.`]
      : [],
    groups,
    buttons: [await listButton],
    retry: [...groups.flatMap((g) => g.items.flatMap((i) => i.retry)), ...groups.flatMap((g) => g.buttons)].slice(
      0,
      SLACK_MAX_ACTIONS - 1,
    ),
    generatedAt: time.asOf(now),
  };
  return { view: 'notify', model, summaryText: `${title} · ${subtitle}` };
}
