// The digest card: one scope's answer, compared with the snapshot of this conversation's previous digest, turned into
// a headline read in five seconds, failures by error code with what to do, what changed, and buttons into the views.
// Pure: the scheduler, `digest now` and the CLI feed it; it returns the view model and the snapshot to remember.

import type { Snooze } from '../../store/store';
import type { EncodeOptions, PayloadStash } from '../commands/payload';
import type { Command, CommandFilters } from '../commands/types';
import type { DigestData, DigestItem } from '../domain/digest';
import type { Job } from '../domain/jobs';
import type { DataResult } from '../domain/result';
import { itemLabel, jobLabel, nameList, type SubscriptionNames, subscriptionLabel } from '../names';
import type { PortalOptions } from '../portal-links';
import type { CardButton } from '../view-models/common';
import { errorGroupKey, explainJob, toAdvice } from '../views/job-rows';
import { failedBackupItem } from '../views/retry-offers';
import { commandButton, keepFilters } from '../views/shared/buttons';
import { buildFrame } from '../views/shared/frame';
import { ICONS } from '../views/shared/status';
import { formatDuration, type TimeFormat } from '../views/shared/time';
import { clipText, countOf, formatCount } from '../views/shared/words';
import { type NewDatasource, protectionNews, stoppedWords, unprotectedWords } from './protection-news';
import {
  type DigestSnapshot,
  isFailing,
  keyHash,
  overdueHours,
  runningLongMinutes,
  takeSnapshot,
  vaultLosses,
} from './snapshot';
import type { DigestFailureGroup, DigestSection, DigestViewModel } from './view-models';

export interface DigestInput {
  result: DataResult<DigestData>;
  names: SubscriptionNames;
  filters: CommandFilters;
  now: Date;
  /** The digest's zone (scheduled) or the asker's (preview). */
  time: TimeFormat;
  /** The previous digest of this conversation for the same scope. */
  previous?: { snapshot: DigestSnapshot; at: Date };
  snoozes: readonly Snooze[];
  kind: 'scheduled' | 'preview';
  /** "Daily digest", "Weekday digest". */
  title: string;
  /** Scheduled for this time and posted later (the bot was down, or another replica took over). */
  lateFrom?: Date;
  /** A Retry button helps only when RETRY_ALLOW names somebody. */
  offerRetry: boolean;
  stash: PayloadStash;
  portal?: PortalOptions;
}

export interface DigestOutput {
  model: DigestViewModel;
  summaryText: string;
  /** Something to report (a quiet digest posts nothing without it). */
  hasNews: boolean;
  snapshot: DigestSnapshot;
}

/** Error codes shown with their advice; names per list; lines per section; characters per line. */
const MAX_GROUPS = 5;
const MAX_NAMES = 8;
const MAX_LINES = 6;
const MAX_LINE = 220;
/**
 * Characters of text the card may carry: Slack refuses messages near 10,000 characters of text (limits.ts), and the
 * template adds labels and links. Failure groups come first, then the sections, each only while it fits; what does
 * not fit is counted ("… and 4 more"), so a huge day still gives a card that posts.
 */
const TEXT_BUDGET = 8_000;

/** What a text costs in a Slack message: &, < and > become entities of up to five characters. */
function cost(...texts: readonly string[]): number {
  let n = 0;
  for (const t of texts) n += t.length + 4 * (t.match(/[&<>]/g)?.length ?? 0);
  return n;
}

class Budget {
  constructor(private left: number) {}
  /** Spends `n` when it fits (or when `must`), and says whether it did. */
  take(n: number, must = false): boolean {
    if (n > this.left && !must) return false;
    this.left -= n;
    return true;
  }
}
/** A retry of many items goes through the stash; retry takes at most 500 items at once. */
const MAX_RETRY = 500;

interface Facts {
  jobs: Job[];
  failing: DigestItem[];
  newlyFailing: DigestItem[];
  fixed: DigestItem[];
  overdue: { item: DigestItem; hours: number }[];
  runningLong: { item: DigestItem; minutes: number }[];
  newUnprotected: NewDatasource[];
  newStopped: NewDatasource[];
  vaultDrops: string[];
  deltas: boolean;
}

/** Not failing, and a good backup after `since` (an item failing then that is backed up again). */
function goodSince(item: DigestItem, since: Date): boolean {
  return !isFailing(item) && item.lastGoodAt !== undefined && Date.parse(item.lastGoodAt) > since.getTime();
}

function gatherFacts(input: DigestInput, snoozed: ReadonlySet<string>): Facts {
  const { result, now, previous, names } = input;
  const data = result.value;
  const keep = (key: string | undefined) => key === undefined || !snoozed.has(key.toLowerCase());
  const jobs = data.failedJobs.filter((j) => keep(failedBackupItem(j)));
  const items = data.items.filter((i) => keep(i.key));
  const complete = result.partial.length === 0;
  const deltas = previous?.snapshot.complete === true && complete;
  const before = new Set(previous?.snapshot.failing ?? []);
  const failing = items.filter(isFailing);
  const since = previous?.at ?? now;
  const { newUnprotected, newStopped } = protectionNews(data, previous?.snapshot, deltas, names);
  const vaultDrops: string[] = [];
  if (previous !== undefined && deltas) {
    for (const v of data.vaults) {
      const mark = previous.snapshot.vaults[keyHash(v.id)];
      const lost = mark === undefined ? [] : vaultLosses(mark, v);
      if (lost.length > 0)
        vaultDrops.push(`${v.name} (${subscriptionLabel(v.subscriptionId, names)}): ${lost.join('; ')}`);
    }
  }
  return {
    jobs,
    failing,
    newlyFailing: deltas ? failing.filter((i) => !before.has(keyHash(i.key))) : [],
    fixed: deltas ? items.filter((i) => before.has(keyHash(i.key)) && goodSince(i, since)) : [],
    overdue: items
      .map((item) => ({ item, hours: overdueHours(item, now) }))
      .filter((o): o is { item: DigestItem; hours: number } => o.hours !== undefined)
      .sort((a, b) => b.hours - a.hours),
    runningLong: items
      .map((item) => ({ item, minutes: runningLongMinutes(item, now) }))
      .filter((r): r is { item: DigestItem; minutes: number } => r.minutes !== undefined)
      .sort((a, b) => b.minutes - a.minutes),
    newUnprotected,
    newStopped,
    vaultDrops,
    deltas,
  };
}

/** "since yesterday" for a digest about a day ago, else "since Fri 08:00 CET". */
function sinceWords(previous: DigestInput['previous'], input: DigestInput): string {
  if (previous === undefined) return '';
  const hours = (input.now.getTime() - previous.at.getTime()) / 3_600_000;
  return hours >= 20 && hours <= 28
    ? 'since yesterday'
    : `since ${input.time.short(previous.at.toISOString(), input.now)}`;
}

function headline(f: Facts, data: DigestData, input: DigestInput): string {
  const parts: string[] = [];
  const since = sinceWords(input.previous, input);
  const jobs = f.jobs.length;
  const items = new Set(f.jobs.map((j) => failedBackupItem(j) ?? `${j.vault.id}|${j.datasource.name}`)).size;
  if (jobs > 0) {
    const count = data.failedJobsMore ? `At least ${formatCount(jobs)} failed backups` : countOf(jobs, 'failed backup');
    const moves = [
      ...(f.newlyFailing.length > 0 ? [`${formatCount(f.newlyFailing.length)} newly failing`] : []),
      ...(f.fixed.length > 0 ? [`${formatCount(f.fixed.length)} fixed`] : []),
    ];
    const changes = f.deltas && moves.length > 0 ? ` (${moves.join(', ')} ${since})` : '';
    parts.push(`${count} in the last 24 h on ${countOf(items, 'item')}${changes}`);
  } else if (f.deltas && f.fixed.length > 0) {
    parts.push(`No failed backups in the last 24 h (${formatCount(f.fixed.length)} fixed ${since})`);
  }
  if (f.overdue.length > 0) {
    const oldest = f.overdue[0]?.hours ?? 0;
    parts.push(
      `${countOf(f.overdue.length, 'item')} without a good backup within policy (the oldest for ${formatDuration(oldest * 3_600_000)})`,
    );
  }
  if (f.newUnprotected.length > 0) parts.push(`${unprotectedWords(f.newUnprotected)}`);
  if (f.newStopped.length > 0) parts.push(stoppedWords(f.newStopped));
  if (f.vaultDrops.length > 0) {
    parts.push(`${countOf(f.vaultDrops.length, 'vault')} lost a security setting`);
  }
  if (f.runningLong.length > 0) parts.push(`${countOf(f.runningLong.length, 'backup')} running far longer than usual`);
  if (parts.length === 0) {
    const calm = ['no failed backups in the last 24 h', 'every item backed up within its policy'];
    if (f.deltas) calm.push('no new unprotected datasources', 'vault security unchanged');
    return `${ICONS.ok} All good: ${calm.join(', ')}.`;
  }
  const [first, ...rest] = parts;
  return `${ICONS.warning} ${[first, ...rest.map((p) => p.charAt(0).toLowerCase() + p.slice(1))].join(', ')}.`;
}

function failureGroups(f: Facts, input: DigestInput, budget: Budget): { groups: DigestFailureGroup[]; more: string[] } {
  const groups = new Map<string, Job[]>();
  for (const job of f.jobs) {
    const key = errorGroupKey(job);
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  const sorted = [...groups.values()].sort((a, b) => b.length - a.length);
  const shown: DigestFailureGroup[] = [];
  for (const jobs of sorted.slice(0, MAX_GROUPS)) {
    const explanation = explainJob(jobs[0] as Job);
    const advice = explanation === undefined ? undefined : toAdvice(explanation);
    const perItem = new Map<string, number>();
    for (const j of jobs) perItem.set(jobLabel(j, input.names), (perItem.get(jobLabel(j, input.names)) ?? 0) + 1);
    const labels = [...perItem].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name));
    const group: DigestFailureGroup = {
      heading: `${ICONS.failed} ${advice?.heading ?? 'Failed'} — ${countOf(jobs.length, 'failed backup')} on ${countOf(perItem.size, 'item')}`,
      advice: advice === undefined ? [] : [advice],
      items: clipText(nameList(labels, MAX_NAMES), 2 * MAX_LINE),
    };
    const text = [group.heading, group.items, ...(advice ? [advice.cause, advice.fix, advice.learn.url] : [])];
    if (!budget.take(cost(...text), shown.length === 0)) break;
    shown.push(group);
  }
  const rest = sorted.slice(shown.length);
  const restJobs = rest.reduce((n, g) => n + g.length, 0);
  const more =
    rest.length === 0
      ? []
      : [
          `+ ${countOf(rest.length, 'more error code')} (${countOf(restJobs, 'failed backup')}): Failed jobs lists them all.`,
        ];
  return { groups: shown, more };
}

/** A section of one line per entry: as many as fit the budget (at most MAX_LINES), then "… and N more". */
function lines(title: string, all: readonly string[], budget: Budget): DigestSection[] {
  if (all.length === 0) return [];
  const heading = `${title} (${formatCount(all.length)})`;
  if (!budget.take(cost(heading) + 40)) return [];
  const shown: string[] = [];
  for (const line of all.slice(0, MAX_LINES)) {
    const clipped = clipText(line, MAX_LINE);
    if (!budget.take(cost(clipped))) break;
    shown.push(clipped);
  }
  const rest = all.length - shown.length;
  return [{ title: heading, lines: rest > 0 ? [...shown, `… and ${formatCount(rest)} more`] : shown }];
}

/** A section of names on one line. */
function names(title: string, labels: readonly string[], budget: Budget): DigestSection[] {
  const line = clipText(nameList(labels, MAX_NAMES), 2 * MAX_LINE);
  if (labels.length === 0 || !budget.take(cost(title, line) + 40)) return [];
  return [{ title, lines: [line] }];
}

function sections(f: Facts, input: DigestInput, budget: Budget): DigestSection[] {
  const since = sinceWords(input.previous, input);
  const label = (i: DigestItem) => itemLabel(i, input.names);
  const ago = (iso: string | undefined) =>
    iso === undefined ? 'no good backup in 14 days' : `last good backup ${input.time.short(iso, input.now)}`;
  return [
    ...names(`🆕 Newly failing ${since} (${formatCount(f.newlyFailing.length)})`, f.newlyFailing.map(label), budget),
    ...names(`${ICONS.ok} Fixed ${since} (${formatCount(f.fixed.length)})`, f.fixed.map(label), budget),
    ...lines(
      '⏰ No good backup within policy',
      f.overdue.map(({ item, hours }) => {
        const policy = item.everyHours === undefined ? '' : `, ${policyWords(item.everyHours)} policy`;
        const failing = isFailing(item) ? `; failing for ${formatDuration(hours * 3_600_000)}` : '';
        return `${label(item)}: ${ago(item.lastGoodAt)}${policy}${failing}`;
      }),
      budget,
    ),
    ...lines(
      '🐢 Running far longer than usual',
      f.runningLong.map(({ item, minutes }) => {
        const usual =
          item.typicalMinutes === undefined ? '' : ` (usually ${formatDuration(item.typicalMinutes * 60_000)})`;
        return `${label(item)}: running ${formatDuration(minutes * 60_000)}${usual}`;
      }),
      budget,
    ),
    ...(f.newUnprotected.length === 0
      ? []
      : names(
          `🛡️ ${unprotectedWords(f.newUnprotected).replace(/^./, (c) => c.toUpperCase())}`,
          f.newUnprotected.map((d) => d.name),
          budget,
        )),
    ...(f.newStopped.length === 0
      ? []
      : names(
          `⏸️ ${stoppedWords(f.newStopped).replace(/^./, (c) => c.toUpperCase())}`,
          f.newStopped.map((d) => d.name),
          budget,
        )),
    ...lines('🔓 Vault security dropped', f.vaultDrops, budget),
  ];
}

function policyWords(hours: number): string {
  if (hours === 24) return 'daily';
  if (hours === 168) return 'weekly';
  return hours < 24 ? `every ${hours} h` : `every ${formatDuration(hours * 3_600_000)}`;
}

function notes(f: Facts, input: DigestInput): string[] {
  const out: string[] = [];
  if (input.lateFrom !== undefined) {
    out.push(
      `⏰ Late: due ${input.time.short(input.lateFrom.toISOString(), input.now)}, posted ${input.time.short(input.now.toISOString(), input.now)}.`,
    );
  }
  if (input.kind === 'preview') {
    out.push('Preview: “digest on” posts a digest here every day; from the second one on, it says what changed.');
  } else if (input.previous === undefined) {
    out.push('First digest here: from tomorrow on, it says what changed since the one before.');
  } else if (!f.deltas) {
    out.push('What changed is left out this time: Resource Graph answered only in part (now or last time).');
  }
  if (input.snoozes.length > 0) {
    out.push(`💤 ${countOf(input.snoozes.length, 'snoozed item')} left out (“digest” lists them).`);
  }
  return out;
}

async function buttons(
  f: Facts,
  input: DigestInput,
): Promise<{ buttons: CardButton[]; views: CardButton[]; manage: CardButton[] }> {
  const opts: EncodeOptions = { stash: input.stash, newMessage: true };
  const button = (label: string, command: Command) => commandButton(label, command, opts);
  const filters = input.filters;
  const out: Promise<CardButton>[] = [
    button('Failed jobs', { verb: 'jobs', status: 'failed', filters: keepFilters('jobs', filters) }),
  ];
  const retryable = [...new Set(f.failing.map((i) => i.id))].slice(0, MAX_RETRY);
  if (input.offerRetry && retryable.length > 0) {
    out.push(button(`Retry ${countOf(retryable.length, 'item')}`, { verb: 'retry', items: retryable, filters: {} }));
  }
  const views: Promise<CardButton>[] = [];
  if (filters.vault === undefined) {
    const { workload, ...rest } = keepFilters('unprotected', filters);
    views.push(
      button('Unprotected', { verb: 'unprotected', filters: rest, ...(workload === undefined ? {} : { workload }) }),
    );
  }
  views.push(button('Vaults', { verb: 'vaults', filters: keepFilters('vaults', filters) }));
  const manage = [button('Snooze an item', { verb: 'snooze', filters: {} })];
  if (input.kind === 'scheduled') manage.push(button('Turn off', { verb: 'digest', action: 'off', filters: {} }));
  return { buttons: await Promise.all(out), views: await Promise.all(views), manage: await Promise.all(manage) };
}

/** The digest of one conversation, and the snapshot its next digest compares with. */
export async function buildDigest(input: DigestInput): Promise<DigestOutput> {
  const snoozed = new Set(input.snoozes.map((s) => s.itemKey.toLowerCase()));
  const data = input.result.value;
  const f = gatherFacts(input, snoozed);
  const frame = await buildFrame({
    title: input.kind === 'preview' ? `${input.title} (preview)` : input.title,
    filters: input.filters,
    partial: input.result.partial,
    kql: input.result.kql,
    stash: input.stash,
    time: input.time,
    now: input.now,
    ...(input.portal ? { portal: input.portal } : {}),
  });
  const budget = new Budget(TEXT_BUDGET);
  const top = { headline: headline(f, data, input), notes: notes(f, input) };
  budget.take(cost(frame.title, frame.subtitle, frame.generatedAt, top.headline, ...top.notes, ...frame.partial), true);
  const { groups, more } = failureGroups(f, input, budget);
  const model: DigestViewModel = {
    ...frame,
    ...top,
    failures: groups,
    failuresMore: more,
    sections: sections(f, input, budget),
    ...(await buttons(f, input)),
  };
  const news = [f.jobs, f.overdue, f.runningLong, f.newUnprotected, f.newStopped, f.vaultDrops, input.result.partial];
  const hasNews = news.some((list) => list.length > 0);
  const summaryText = `${model.title}: ${model.headline.replace(/^\S+ /, '')}`;
  const snapshot = takeSnapshot(data, input.result.partial.length === 0, snoozed);
  return { model, summaryText, hasNews, snapshot };
}
