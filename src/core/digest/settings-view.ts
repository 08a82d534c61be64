// The cards about a conversation's digest rather than the digest itself: its settings (`digest`), the announcement of
// every change (on, changed, off, snooze, unsnooze) and the snooze picker.

import type { DigestSubscription, Snooze } from '../../store/store';
import type { PayloadStash } from '../commands/payload';
import type { CommandFilters } from '../commands/types';
import type { Reply } from '../conversation-port';
import type { CardButton } from '../view-models/common';
import { commandButton } from '../views/shared/buttons';
import { describeFilters } from '../views/shared/frame';
import { createTimeFormat, type TimeFormat } from '../views/shared/time';
import type { DigestFact, DigestSettingsViewModel, SnoozeChoice, SnoozeEntry, SnoozeViewModel } from './view-models';

/** How a schedule reads: "08:00 Europe/Berlin, every day, quiet on days with nothing to report". */
export function describeSchedule(s: Pick<DigestSubscription, 'time' | 'timezone' | 'days' | 'quiet'>): string {
  const days = s.days === 'weekdays' ? 'Monday to Friday' : 'every day';
  return `${s.time} ${s.timezone}, ${days}${s.quiet ? ', quiet on days with nothing to report' : ''}`;
}

export function describeScope(filters: CommandFilters): string {
  const words = describeFilters(filters);
  return words.length === 0 ? 'everything the bot can read' : words.join(' · ');
}

/** "Daily digest" or "Weekday digest". */
export function digestTitle(days: DigestSubscription['days'] | undefined): string {
  return days === 'weekdays' ? 'Weekday digest' : 'Daily digest';
}

const RUN_WORDS: Record<string, string> = {
  posted: 'posted',
  quiet: 'nothing to report, so nothing was posted (quiet)',
  skipped: 'skipped',
  failed: 'could not be posted',
  unknown: 'may not have been posted',
};

function lastRunWords(sub: DigestSubscription, time: TimeFormat, now: Date): string {
  const run = sub.lastRun;
  if (run === null) return 'none yet';
  const when = time.dateTime(run.dueAt.toISOString());
  const late =
    run.late && run.status === 'posted' ? `, late (at ${time.short(run.finishedAt.toISOString(), now)})` : '';
  const detail = run.detail ? `: ${run.detail}` : '';
  return `${when} · ${RUN_WORDS[run.status] ?? run.status}${late}${detail}`;
}

function actorName(sub: DigestSubscription): string {
  return sub.createdBy.name ?? sub.createdBy.userId;
}

export interface SettingsInput {
  sub: DigestSubscription | undefined;
  snoozes: readonly Snooze[];
  now: Date;
  /** The reader's zone for "as of" (the digest's own zone is used for its schedule). */
  time: TimeFormat;
  stash: PayloadStash;
  /** An announcement replaces the default title and subtitle. */
  title?: string;
  subtitle?: string;
  notes?: string[];
}

export async function snoozeEntries(snoozes: readonly Snooze[], time: TimeFormat, now: Date, stash: PayloadStash) {
  return Promise.all(
    snoozes.map(
      async (s): Promise<SnoozeEntry> => ({
        text: `${s.itemName} until ${time.short(s.until.toISOString(), now)}, by ${s.createdBy.name ?? s.createdBy.userId}`,
        buttons: [await commandButton('Unsnooze', { verb: 'unsnooze', item: s.itemKey, filters: {} }, { stash })],
      }),
    ),
  );
}

/** The `digest` card, and (with a title) the announcement of a change in the conversation. */
export async function settingsReply(input: SettingsInput): Promise<Reply> {
  const { sub, now, stash } = input;
  const zone = sub === undefined ? input.time : createTimeFormat(sub.timezone);
  const facts: DigestFact[] = [];
  const notes = [...(input.notes ?? [])];
  const buttons: Promise<CardButton>[] = [];
  if (sub === undefined) {
    facts.push({ label: 'Digest', value: 'off in this conversation' });
    buttons.push(commandButton('Turn on (08:00 daily)', { verb: 'digest', action: 'on', filters: {} }, { stash }));
    buttons.push(
      commandButton('Preview a digest', { verb: 'digest', action: 'now', filters: {} }, { stash, newMessage: true }),
    );
  } else {
    const filters = sub.filters as CommandFilters;
    facts.push({ label: 'Schedule', value: describeSchedule(sub) });
    facts.push({ label: 'Covers', value: describeScope(filters) });
    if (sub.pausedAt === null) facts.push({ label: 'Next digest', value: zone.dateTime(sub.nextRunAt.toISOString()) });
    else
      notes.push(
        `⏸️ Paused ${zone.dateTime(sub.pausedAt.toISOString())}: ${sub.pausedReason ?? 'no reason given'}. \`digest on\` resumes it.`,
      );
    facts.push({ label: 'Last digest', value: lastRunWords(sub, zone, now) });
    facts.push({ label: 'Set up by', value: `${actorName(sub)}, ${zone.dateTime(sub.updatedAt.toISOString())}` });
    buttons.push(
      commandButton('Post a digest now', { verb: 'digest', action: 'now', filters }, { stash, newMessage: true }),
    );
    buttons.push(commandButton('Turn off', { verb: 'digest', action: 'off', filters: {} }, { stash }));
  }
  buttons.push(commandButton('Snooze an item', { verb: 'snooze', filters: {} }, { stash, newMessage: true }));
  const title = input.title ?? digestTitle(sub?.days);
  const subtitle =
    input.subtitle ??
    (sub === undefined
      ? 'No digest is scheduled here.'
      : `${describeSchedule(sub)} · ${describeScope(sub.filters as CommandFilters)}`);
  const model: DigestSettingsViewModel = {
    title,
    subtitle,
    facts,
    notes,
    snoozes: await snoozeEntries(input.snoozes, zone, now, stash),
    buttons: await Promise.all(buttons),
    generatedAt: input.time.asOf(now),
  };
  return { view: 'digest-settings', model, summaryText: `${title}: ${subtitle}` };
}

/** What changed between two schedules, in words ("time 08:00 → 07:30; days every day → Monday to Friday"). */
export function describeChanges(before: DigestSubscription, after: DigestSubscription): string {
  const changes: string[] = [];
  if (before.time !== after.time) changes.push(`time ${before.time} → ${after.time}`);
  if (before.timezone !== after.timezone) changes.push(`zone ${before.timezone} → ${after.timezone}`);
  if (before.days !== after.days) {
    const days = (d: string) => (d === 'weekdays' ? 'Monday to Friday' : 'every day');
    changes.push(`days ${days(before.days)} → ${days(after.days)}`);
  }
  if (before.quiet !== after.quiet)
    changes.push(after.quiet ? 'now quiet on days with nothing to report' : 'no longer quiet');
  if (before.scopeKey !== after.scopeKey) {
    changes.push(
      `covers ${describeScope(before.filters as CommandFilters)} → ${describeScope(after.filters as CommandFilters)}`,
    );
  }
  if (before.pausedAt !== null) changes.push('resumed');
  return changes.length === 0 ? 'nothing changed' : changes.join('; ');
}

const SLACK_OPTION_VALUE_CHARS = 150;

const LENGTH_LABELS = [
  ['1 day', '1d'],
  ['7 days', '7d'],
  ['30 days', '30d'],
] as const;

export interface SnoozeOffer {
  /** The item's ARM id (what the buttons carry). */
  id: string;
  text: string;
}

/** The snooze picker: each item with 1 / 7 / 30 day buttons; `more` items only named in a note. */
export async function snoozePickerReply(input: {
  offers: readonly SnoozeOffer[];
  title: string;
  subtitle: string;
  notes: string[];
  time: TimeFormat;
  now: Date;
  stash: PayloadStash;
}): Promise<Reply> {
  const choices = await Promise.all(
    input.offers.map(
      async (o): Promise<SnoozeChoice> => ({
        text: o.text,
        buttons: await Promise.all(
          // Slack carries these in an overflow menu, whose option values hold 150 characters: long ids are stashed.
          LENGTH_LABELS.map(([label, length]) =>
            commandButton(
              label,
              { verb: 'snooze', item: o.id, length, filters: {} },
              { stash: input.stash, maxChars: SLACK_OPTION_VALUE_CHARS },
            ),
          ),
        ),
      }),
    ),
  );
  const model: SnoozeViewModel = {
    title: input.title,
    subtitle: input.subtitle,
    choices,
    notes: input.notes,
    generatedAt: input.time.asOf(input.now),
  };
  return { view: 'snooze', model, summaryText: `${input.title}: ${input.subtitle}` };
}
