// The bulk retry's summary card: how many started, were already running, were refused or failed, and one line per
// item, problems first.

import { itemNameFromId, looksLikeArmId } from '../domain/arm-id';
import type { RetryViewModel } from '../view-models/retry';
import { ICONS } from '../views/shared/status';
import { countOf } from '../views/shared/words';
import type { ItemOutcome } from './outcome';
import { retryModel } from './view-common';
import type { ProgressEnv } from './views-progress';

const BULK_ICON: Record<ItemOutcome['kind'], string> = {
  started: ICONS.ok,
  'already-running': ICONS.running,
  'backed-up': ICONS.ok,
  'not-found': ICONS.unknown,
  'lookup-failed': ICONS.warning,
  ambiguous: ICONS.unknown,
  blocked: ICONS.stopped,
  denied: ICONS.stopped,
  refused: ICONS.stopped,
  failed: ICONS.failed,
};

/** An ARM id by the item's name (the full id is in the audit log). */
export function shortRef(ref: string): string {
  return looksLikeArmId(ref) ? itemNameFromId(ref) : ref;
}

function bulkLine(o: ItemOutcome): string {
  const icon = BULK_ICON[o.kind];
  switch (o.kind) {
    case 'started':
      return `${icon} ${o.item.name} · started (job ${o.job.jobId})`;
    case 'already-running':
      return `${icon} ${o.item.name} · already running (by ${o.by})`;
    case 'backed-up':
      return `${icon} ${o.item.name} · backed up already (started by ${o.by})`;
    case 'not-found':
      return `${icon} ${shortRef(o.query)} · not found`;
    case 'ambiguous':
      return `${icon} ${shortRef(o.query)} · ${o.candidates.length} items have this name`;
    case 'lookup-failed':
      return `${icon} ${shortRef(o.query)} · not started: Resource Graph did not answer (${o.notes[0] ?? 'partial answer'})`;
    case 'blocked':
      return `${icon} ${o.item.name} · not possible: ${o.reason}`;
    case 'denied':
      return `${icon} ${o.item.name} · not allowed: ${o.error.reason}`;
    case 'refused':
      return `${icon} ${o.item.name} · refused by Azure: ${o.error.message}`;
    case 'failed':
      return `${icon} ${o.item.name} · ${o.accepted ? 'outcome unknown' : 'failed'}: ${o.message}`;
  }
}

export function bulkSummaryView(outcomes: ItemOutcome[], by: string, env: ProgressEnv): RetryViewModel {
  const count = (kinds: ItemOutcome['kind'][]) => outcomes.filter((o) => kinds.includes(o.kind)).length;
  const started = count(['started']);
  const parts = [
    `${ICONS.ok} ${started} started`,
    `${ICONS.running} ${count(['already-running'])} already running`,
    ...(count(['backed-up']) > 0 ? [`${ICONS.ok} ${count(['backed-up'])} backed up already`] : []),
    `${ICONS.stopped} ${count(['denied', 'refused', 'blocked'])} refused`,
    `${ICONS.failed} ${count(['failed', 'not-found', 'ambiguous', 'lookup-failed'])} failed`,
  ];
  // Problems first, in the order of the status line: failed, refused, already running, started.
  const RANK: Record<ItemOutcome['kind'], number> = {
    failed: 0,
    'not-found': 0,
    'lookup-failed': 0,
    ambiguous: 0,
    refused: 1,
    denied: 1,
    blocked: 1,
    'already-running': 2,
    'backed-up': 2,
    started: 3,
  };
  const rank = (o: ItemOutcome) => RANK[o.kind];
  return retryModel({
    state: 'bulk-summary',
    title: `Backups started: ${started} of ${countOf(outcomes.length, 'item')}`,
    status: parts.join(' · '),
    statusColor: started === outcomes.length ? 'Good' : started === 0 ? 'Attention' : 'Warning',
    notes: ['Each started backup runs on in Azure; its outcome lands in the audit log (audit).'],
    lines: [...outcomes].sort((a, b) => rank(a) - rank(b)).map(bulkLine),
    footer: `Started by ${by} · ${env.time.asOf(env.now)}`,
  });
}
