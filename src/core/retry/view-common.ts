// Pieces every retry card shares: the item's facts, what the backup will do (retention, rule), the footer, and the
// Reply wrapper, all within the platform limits src/core/view-models/retry.ts promises.

import type { Reply } from '../conversation-port';
import { WORKLOAD_LABELS } from '../domain/workload';
import type { RetryFact, RetryViewModel } from '../view-models/retry';
import type { TimeFormat } from '../views/shared/time';
import { clipText } from '../views/shared/words';
import type { TriggerRequestInfo } from './ports';
import type { ItemSummary } from './records';

// Budgets in Slack-escaped characters (the renderer turns & < > into entities, and Slack counts those): with them
// a retry card stays under Slack's 3,000 per text and ~10,000 per message however odd the names it shows.
const MAX_FACTS = 10;
const MAX_FACT_CHARS = 250;
const MAX_NOTES = 4;
const MAX_NOTE_CHARS = 700;
const MAX_LINES = 25;
const MAX_LINE_CHARS = 100;
const MAX_LINES_TOTAL = 2_400;
const MAX_ACTIONS = 5;

/** Length once & < > are escaped as entities. */
export function escapedLength(text: string): number {
  let n = text.length;
  for (const ch of text)
    if (ch === '&') n += 4;
    else if (ch === '<' || ch === '>') n += 3;
  return n;
}

/** Cuts `text` so that its escaped length is at most `max`, ending with an ellipsis when cut. */
export function clipEscaped(text: string, max: number): string {
  if (escapedLength(text) <= max) return text;
  let used = 1;
  let end = 0;
  for (const ch of text) {
    const cost = ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch.length;
    if (used + cost > max) break;
    used += cost;
    end += ch.length;
  }
  return `${text.slice(0, end).trimEnd()}…`;
}

export function fact(label: string, value: string): RetryFact {
  return { label, value: clipEscaped(value, MAX_FACT_CHARS) };
}

export function itemFacts(item: ItemSummary): RetryFact[] {
  const out = [fact('Item', item.name)];
  if (item.datasource) out.push(fact('Protects', item.datasource));
  out.push(fact('Workload', WORKLOAD_LABELS[item.workload]));
  out.push(fact(item.vaultKind === 'rsv' ? 'Recovery Services vault' : 'Backup vault', item.vaultName));
  // The id stays beside the name: this is where a backup is about to be written.
  const sub =
    item.subscriptionName === undefined ? item.subscriptionId : `${item.subscriptionName} (${item.subscriptionId})`;
  out.push(fact('Subscription', sub));
  out.push(fact('Resource group', item.resourceGroup));
  return out;
}

/** What the backup does: its type and how long the recovery point is kept, or the policy rule and retention tag. */
export function requestFacts(request: TriggerRequestInfo | undefined, time: TimeFormat, now: Date): RetryFact[] {
  if (request === undefined) return [];
  const out: RetryFact[] = [];
  if (request.backupType) out.push(fact('Backup type', request.backupType));
  if (request.expiresAt) {
    const days = Math.round((Date.parse(request.expiresAt) - now.getTime()) / 86_400_000);
    const why = request.keptBecause ? `: ${request.keptBecause}` : '';
    out.push(fact('Kept until', `${time.dateTime(request.expiresAt)} (${days} days${why})`));
  }
  if (request.ruleName) out.push(fact('Policy rule', request.ruleName));
  if (request.retentionTag) out.push(fact('Retention tag', request.retentionTag));
  if (request.objectType === 'TriggerBackupRequest' && !request.ruleName) {
    out.push(fact('Policy rule', 'read from the backup policy when it starts'));
  }
  return out;
}

export type RetryModelInput = Pick<RetryViewModel, 'state' | 'title' | 'status' | 'statusColor' | 'footer'> &
  Partial<Pick<RetryViewModel, 'facts' | 'notes' | 'lines' | 'buttons' | 'links'>>;

/** A retry card within its limits: facts, notes and lines cut (a cut list says how many it left out). */
export function retryModel(input: RetryModelInput): RetryViewModel {
  const lines = (input.lines ?? []).map((l) => clipEscaped(l, MAX_LINE_CHARS));
  const shownLines: string[] = [];
  let budget = MAX_LINES_TOTAL - 20; // room for the "… and N more" line
  for (const [i, line] of lines.entries()) {
    const cost = escapedLength(line) + 1;
    const last = i === lines.length - 1;
    if (shownLines.length >= (last ? MAX_LINES : MAX_LINES - 1) || cost > budget + (last ? 20 : 0)) {
      shownLines.push(`… and ${lines.length - i} more`);
      break;
    }
    shownLines.push(line);
    budget -= cost;
  }
  const buttons = (input.buttons ?? []).slice(0, MAX_ACTIONS);
  return {
    state: input.state,
    title: clipEscaped(input.title, 150),
    status: clipEscaped(input.status, 300),
    statusColor: input.statusColor,
    facts: (input.facts ?? []).slice(0, MAX_FACTS).map((f) => ({
      label: clipEscaped(f.label, 40),
      value: clipEscaped(f.value, MAX_FACT_CHARS),
    })),
    notes: (input.notes ?? [])
      .filter((n) => n.trim() !== '')
      .slice(0, MAX_NOTES)
      .map((n) => clipEscaped(n, MAX_NOTE_CHARS)),
    lines: shownLines,
    buttons,
    // Teams shows at most 5 actions (the adaptivecards parser refuses more): buttons first, links after.
    links: (input.links ?? []).slice(0, Math.min(3, MAX_ACTIONS - buttons.length)),
    footer: clipEscaped(input.footer, 300),
  };
}

export function retryReply(model: RetryViewModel, options: { ephemeral?: boolean } = {}): Reply {
  const text = [model.title, model.status, ...model.notes.slice(0, 1)].join(' · ');
  return {
    view: 'retry',
    model,
    summaryText: clipText(text, 300),
    ...(options.ephemeral ? { ephemeral: true } : {}),
  };
}
