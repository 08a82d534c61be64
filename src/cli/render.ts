// Turns a CLI answer into what is printed: a table view (default) or the domain objects as JSON, partial-answer
// warnings that say what is missing (stderr), a "more rows" hint, and the KQL that was sent (--show-query).

import type { InstanceList, UnprotectedList } from '../azure/backup-data';
import type { AlertList } from '../core/domain/alerts';
import type { ComplianceList } from '../core/domain/compliance';
import type { ItemLookup } from '../core/domain/instances';
import type { ItemsList } from '../core/domain/items';
import type { PolicyList } from '../core/domain/policies';
import type { PartialNote } from '../core/domain/result';
import type { BackupSummary } from '../core/domain/summary';
import type { VaultList, VaultLookup } from '../core/domain/vaults';
import type { CliFlags } from './args';
import type { CliAnswer } from './run-query';
import { formatCount } from './table';
import { renderAlerts } from './views-alerts';
import { renderCompliance } from './views-compliance';
import { type DetailView, renderItem, renderSummary, renderVault } from './views-detail';
import { renderItems } from './views-items';
import {
  type CliJobList,
  renderInstances,
  renderJobs,
  renderUnprotected,
  renderVaults,
  type ViewContext,
} from './views-lists';
import { renderPolicies } from './views-policies';

export interface Rendered {
  stdout: string;
  stderr: string[];
  /** 1 when a lookup (vault, item) found nothing, or when nothing could be read at all. */
  exitCode: 0 | 1;
}

export function renderAnswer(answer: CliAnswer, flags: CliFlags, ctx: ViewContext): Rendered {
  const stderr = describePartial(answer.partial);
  // Nothing read and something failed: an empty list would claim "none" where the truth is "unknown".
  const failed = answer.partial.some(
    (n) => n.kind === 'failed-batch' || n.kind === 'throttled' || n.kind === 'timeout',
  );
  const unanswered = failed && answer.stats.rows === 0;
  if (unanswered) stderr.push('error: Azure Resource Graph returned nothing for this question; the answer is unknown.');
  const found = isFound(answer) && !unanswered;
  if (flags.json) {
    const doc = {
      view: answer.command.verb,
      filters: answer.filters,
      ...(answer.page > 1 ? { page: answer.page } : {}),
      value: answer.value,
      partial: answer.partial,
      stats: answer.stats,
      ...(flags.showQuery ? { kql: answer.kql } : {}),
    };
    return { stdout: JSON.stringify(doc, null, 2), stderr, exitCode: found ? 0 : 1 };
  }
  let text = renderView(answer, flags, ctx);
  if (flags.showQuery) text += `\n\n${describeQueries(answer)}`;
  return { stdout: text, stderr, exitCode: found ? 0 : 1 };
}

function renderView(answer: CliAnswer, flags: CliFlags, ctx: ViewContext): string {
  const { command } = answer;
  switch (command.verb) {
    case 'summary':
      return renderSummary(answer.value as BackupSummary);
    case 'jobs': {
      const list = answer.value as CliJobList;
      return listView(answer, flags, list, list.jobs.length, (rows) => renderJobs(list, command.status, ctx, rows));
    }
    case 'instances': {
      const list = answer.value as InstanceList;
      return listView(answer, flags, list, list.instances.length, (rows) => renderInstances(list, ctx, rows));
    }
    case 'unprotected': {
      const list = answer.value as UnprotectedList;
      return listView(answer, flags, list, list.datasources.length, (rows) => renderUnprotected(list, ctx, rows));
    }
    case 'vaults': {
      const list = answer.value as VaultList & { hasMore: boolean };
      return listView(answer, flags, list, list.vaults.length, (rows) => renderVaults(list, ctx, rows));
    }
    case 'policies': {
      const list = answer.value as PolicyList & { hasMore: boolean; total: number };
      return listView(answer, flags, list, list.policies.length, (rows) => renderPolicies(list, ctx, rows));
    }
    case 'compliance': {
      const list = answer.value as ComplianceList & { hasMore: boolean; total: number };
      return listView(answer, flags, list, list.assignments.length, (rows) => renderCompliance(list, ctx, rows));
    }
    case 'items': {
      const list = answer.value as ItemsList;
      return listView(answer, flags, list, list.rows.length, (rows) => renderItems(list, command.state, ctx, rows));
    }
    case 'alerts': {
      const list = answer.value as AlertList & { hasMore: boolean; total: number };
      return listView(answer, flags, list, list.alerts.length, (rows) => renderAlerts(list, ctx, rows));
    }
    case 'vault':
      return renderVault(answer.value as VaultLookup, ctx).text;
    case 'item':
      return renderItem(answer.value as ItemLookup, ctx).text;
  }
}

function isFound(answer: CliAnswer): boolean {
  if (answer.command.verb !== 'vault' && answer.command.verb !== 'item') return true;
  return (answer.value as { kind: string }).kind !== 'not-found';
}

/** "12" when the list is complete, else the rows shown ("51–100"). */
function shown(answer: CliAnswer, count: number, hasMore: boolean, flags: CliFlags): string {
  if (answer.page === 1 && !hasMore) return formatCount(count);
  const from = (answer.page - 1) * flags.limit + 1;
  return count === 0 ? '0' : `${formatCount(from)}–${formatCount(from + count - 1)}`;
}

/** A list view, told which rows it shows, with a hint under it when more rows match. */
function listView(
  answer: CliAnswer,
  flags: CliFlags,
  list: { hasMore: boolean },
  count: number,
  render: (rows: string) => string,
): string {
  const text = render(shown(answer, count, list.hasMore, flags));
  if (!list.hasMore) return text;
  return `${text}\nMore match: add page:${answer.page + 1}, raise --limit, or narrow the question with filters.`;
}

/** One stderr line per missing part: which kind of gap, and which subscriptions when Azure said. */
export function describePartial(notes: readonly PartialNote[]): string[] {
  if (notes.length === 0) return [];
  const lines = notes.map((n) => {
    const subs = n.subscriptions?.length
      ? ` (missing subscriptions: ${n.subscriptions.slice(0, 5).join(', ')}${n.subscriptions.length > 5 ? `, +${n.subscriptions.length - 5} more` : ''})`
      : '';
    return `warning: partial answer, ${KIND_WORDS[n.kind]}: ${n.detail}${subs}`;
  });
  lines.push('warning: the counts and lists above are incomplete; run the query again later or narrow its scope.');
  return lines;
}

const KIND_WORDS: Record<PartialNote['kind'], string> = {
  throttled: 'Azure throttled part of the query',
  'failed-batch': 'part of the query failed',
  truncated: 'Azure truncated the result',
  'inaccessible-subscriptions': 'some subscriptions are not readable',
  'row-limit': 'row limit reached',
  timeout: 'part of the query timed out',
};

function describeQueries(answer: CliAnswer): string {
  const { stats } = answer;
  const head =
    `Resource Graph queries sent (${answer.kql.length} queries, ${formatCount(stats.requests)} requests, ` +
    `${formatCount(stats.rows)} rows, ${formatCount(Math.round(stats.argMs))} ms waiting on Azure):`;
  return [head, ...answer.kql.map((kql, i) => `-- query ${i + 1}\n${kql.trim()}`)].join('\n\n');
}

export type { DetailView };
