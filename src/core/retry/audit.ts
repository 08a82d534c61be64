// `audit [since:7d]`: the bot's record of every backup it was asked to start and how the jobs ended, shown only to
// people RETRY_ALLOW lets start backups, and only for the scopes it lets them act in.

import type { AuditRecord } from '../../store/store';
import { type AccessPolicy, scopesFor } from '../authorize';
import type { Caller } from '../caller';
import type { PayloadStash } from '../commands/payload';
import type { AuditCommand } from '../commands/types';
import type { Reply } from '../conversation-port';
import { armIdName } from '../domain/arm-id';
import { NotAuthorizedError } from '../errors';
import type { AuditRow, AuditViewModel } from '../view-models/retry';
import { pageOf, pagingButtons } from '../views/shared/buttons';
import { ICONS } from '../views/shared/status';
import { createTimeFormat, describeWindow, type TimeFormat } from '../views/shared/time';
import { describeTotals } from '../views/shared/words';
import type { RetryStore } from './ports';
import { clipEscaped } from './view-common';

export const AUDIT_PAGE_SIZE = 10;
/** Records read per request, already narrowed to the caller's scopes by the store; the view pages them. */
const AUDIT_READ_LIMIT = 1_000;
const DEFAULT_SINCE = '7d';

export interface AuditDeps {
  store: RetryStore;
  policy: AccessPolicy;
  stash?: PayloadStash;
}

function sinceDate(since: string, now: Date): Date {
  const m = /^(\d+)([hd])$/.exec(since);
  const hours = m ? Number(m[1]) * (m[2] === 'd' ? 24 : 1) : 7 * 24;
  return new Date(now.getTime() - hours * 3_600_000);
}

const RESULTS: Record<string, [string, string]> = {
  starting: [ICONS.running, 'Asking Azure to start it'],
  started: [ICONS.ok, 'Started'],
  'already-running': [ICONS.running, 'Already running'],
  denied: [ICONS.stopped, 'Refused: not allowed'],
  'denied-repeated': [ICONS.stopped, 'Refused again and again: counted, not listed'],
  'not-possible': [ICONS.stopped, 'Not possible'],
  failed: [ICONS.failed, 'Failed to start'],
  unknown: [ICONS.unknown, 'Outcome unknown'],
  'not-found': [ICONS.unknown, 'Item not found'],
  'lookup-failed': [ICONS.warning, 'Not started: item lookup failed'],
  completed: [ICONS.ok, 'Backup completed'],
  completedwithwarnings: [ICONS.warning, 'Backup completed with warnings'],
  cancelled: [ICONS.stopped, 'Backup cancelled'],
  untracked: [ICONS.unknown, 'No longer followed'],
};

/** Changes of what a conversation receives (digest, notifications, snoozes), recorded by those features. */
const DIGEST_ACTIONS: Record<string, string> = {
  'digest-on': 'Digest turned on',
  'digest-change': 'Digest changed',
  'digest-off': 'Digest turned off',
  'digest-paused': 'Digest paused',
  'notify-on': 'Notifications turned on',
  'notify-change': 'Notifications changed',
  'notify-off': 'Notifications turned off',
  'notify-paused': 'Notifications paused',
  'digest-skipped': 'Digest run skipped',
  'notify-skipped': 'Notifications skipped a poll',
  snooze: 'Item snoozed',
  unsnooze: 'Item unsnoozed',
};

function resultLook(r: AuditRecord): [string, string] {
  const digest = DIGEST_ACTIONS[r.action];
  if (digest !== undefined) {
    // A run the guardrail stopped (READ_ALLOW lost, or a group lookup failed) is the bot's, not a refused person's.
    if (r.action.endsWith('-skipped')) return [ICONS.warning, digest];
    return r.result === 'denied' ? [ICONS.stopped, `Refused: ${digest.toLowerCase()}`] : [ICONS.ok, digest];
  }
  if (r.action === 'retry-cancel' && r.result === 'denied') return [ICONS.stopped, 'Refused: Cancel not allowed'];
  if (r.result.startsWith('refused:')) return [ICONS.stopped, 'Refused by Azure'];
  if (r.action === 'retry-job' && r.result === 'failed') return [ICONS.failed, 'Backup failed'];
  return RESULTS[r.result] ?? [ICONS.unknown, r.result];
}

/** One record as a row; sizes in Slack-escaped characters, so ten rows stay within one message. */
export function toAuditRow(r: AuditRecord, time: TimeFormat): AuditRow {
  const d = (r.details ?? {}) as Record<string, unknown>;
  const [icon, label] = resultLook(r);
  const item = typeof d.item === 'string' ? d.item : r.target ? armIdName(r.target) : 'unknown item';
  const parts = [time.dateTime(r.at.toISOString()), `${r.actor.name ?? r.actor.userId} (${r.actor.platform})`];
  if (r.channel) parts.push(`in ${r.channel}`);
  if (typeof d.vault === 'string') parts.push(`vault ${d.vault}`);
  if (r.azureJobId) parts.push(`job ${armIdName(r.azureJobId)}`);
  if (typeof d.count === 'number' && typeof d.last === 'string') {
    const per = typeof d.windowMs === 'number' ? ` per ${Math.round(d.windowMs / 1000)} s` : '';
    parts.push(`${d.count} more refusals until ${time.dateTime(d.last)}, beyond ${String(d.max)}${per}`);
  }
  if (typeof d.reason === 'string') parts.push(d.reason);
  return { title: clipEscaped(`${icon} ${label} · ${item}`, 140), detail: clipEscaped(parts.join(' · '), 600) };
}

export async function buildAuditReply(
  deps: AuditDeps,
  command: AuditCommand,
  caller: Caller,
  now: Date,
): Promise<Reply> {
  const scopes = scopesFor(caller, deps.policy);
  if (scopes !== 'all' && scopes.length === 0) {
    throw new NotAuthorizedError('only people listed in RETRY_ALLOW may read the audit log; ask your bot admin');
  }
  const since = command.since ?? DEFAULT_SINCE;
  // The store filters by scope before the limit: records elsewhere cannot push the caller's own out of the read.
  const shown = await deps.store.queryAudit({
    since: sinceDate(since, now),
    limit: AUDIT_READ_LIMIT,
    ...(scopes === 'all' ? {} : { scopes }),
  });
  const page = pageOf(command);
  const from = (page - 1) * AUDIT_PAGE_SIZE;
  const rows = shown.slice(from, from + AUDIT_PAGE_SIZE);
  const time = createTimeFormat(caller.timeZone);
  const notes =
    shown.length >= AUDIT_READ_LIMIT
      ? [`Only the newest ${AUDIT_READ_LIMIT} records were read; use a shorter since: to see older ones.`]
      : [];
  const model: AuditViewModel = {
    title: 'Audit log: backups started from chat',
    subtitle: `${describeWindow(since)} · ${scopes === 'all' ? 'every item' : 'items in the scopes you may act in'}`,
    totals: describeTotals({ from: from + 1, shown: rows.length, total: shown.length, noun: ['record', 'records'] }),
    rows: rows.map((r) => toAuditRow(r, time)),
    notes,
    buttons: await pagingButtons(
      command,
      { page, hasNext: from + AUDIT_PAGE_SIZE < shown.length },
      deps.stash ? { stash: deps.stash } : {},
    ),
    generatedAt: time.asOf(now),
  };
  return { view: 'audit', model, summaryText: `${model.title}: ${model.totals}` };
}
