// Pieces every retry card shares: the item's facts, what the backup will do (retention, rule), the footer, and the
// Reply wrapper, all within the platform limits view-models-retry.ts promises.
import type { RetryFact, RetryViewModel } from '../../render/view-models-retry';
import type { Reply } from '../conversation-port';
import { WORKLOAD_LABELS } from '../domain/workload';
import { clipText } from '../views/shared/words';
import type { TimeFormat } from '../views/shared/time';
import type { TriggerRequestInfo } from './ports';
import type { ItemSummary } from './records';

const MAX_FACTS = 10;
const MAX_FACT_CHARS = 300;
const MAX_NOTES = 4;
const MAX_NOTE_CHARS = 1_000;
const MAX_LINES = 25;
const MAX_LINE_CHARS = 110;

export function fact(label: string, value: string): RetryFact {
  return { label, value: clipText(value, MAX_FACT_CHARS) };
}

export function itemFacts(item: ItemSummary): RetryFact[] {
  const out = [fact('Item', item.name)];
  if (item.datasource) out.push(fact('Protects', item.datasource));
  out.push(fact('Workload', WORKLOAD_LABELS[item.workload]));
  out.push(fact(item.vaultKind === 'rsv' ? 'Recovery Services vault' : 'Backup vault', item.vaultName));
  out.push(fact('Subscription', item.subscriptionId));
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
    out.push(fact('Kept until', `${time.dateTime(request.expiresAt)} (${days} days)`));
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
  const lines = input.lines ?? [];
  const shownLines =
    lines.length <= MAX_LINES
      ? lines
      : [...lines.slice(0, MAX_LINES - 1), `… and ${lines.length - (MAX_LINES - 1)} more`];
  return {
    state: input.state,
    title: clipText(input.title, 150),
    status: clipText(input.status, 300),
    statusColor: input.statusColor,
    facts: (input.facts ?? []).slice(0, MAX_FACTS),
    notes: (input.notes ?? [])
      .filter((n) => n.trim() !== '')
      .slice(0, MAX_NOTES)
      .map((n) => clipText(n, MAX_NOTE_CHARS)),
    lines: shownLines.map((l) => clipText(l, MAX_LINE_CHARS)),
    buttons: (input.buttons ?? []).slice(0, 5),
    links: (input.links ?? []).slice(0, 3),
    footer: clipText(input.footer, 300),
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
