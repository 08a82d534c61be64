// Retry cards once Start was pressed: started, in progress, completed, failed (with the error and its fix), already
// running, refused by Azure, outcome unknown, and tracking given up.

import { encodeActionInline, serializeAction } from '../commands/payload';
import { armIdPrefix } from '../domain/arm-id';
import { explainError } from '../error-catalog';
import { jobPortalUrl, type PortalOptions, vaultPortalUrl } from '../portal-links';
import type { CardButton, CardLink } from '../view-models/common';
import type { RetryViewModel } from '../view-models/retry';
import { link } from '../views/shared/buttons';
import { ICONS } from '../views/shared/status';
import { formatDuration } from '../views/shared/time';
import type { BackupActionError } from './action-error';
import type { ItemOutcome } from './outcome';
import type { JobState, TriggerRequestInfo, TriggerWait } from './ports';
import { describeActor, type ItemSummary, type PendingJob } from './records';
import { fact, itemFacts, requestFacts, retryModel } from './view-common';
import type { ViewEnv } from './views-confirm';

export interface ProgressEnv extends ViewEnv {
  portal?: PortalOptions;
  /** Subscription display names (lower-case id → name), read once per request; empty when unknown. */
  names?: ReadonlyMap<string, string>;
}

export function vaultLink(item: ItemSummary, env: ProgressEnv): CardLink[] {
  const vaultId = armIdPrefix(item.id, item.vaultKind === 'rsv' ? 'vaults' : 'backupVaults');
  return vaultId ? [link('Open vault in Azure portal', vaultPortalUrl({ id: vaultId }, env.portal ?? {}))] : [];
}

/**
 * The facts of a started job: the item, what was asked, who started it when, and Azure's job id. A job that failed or
 * was cancelled kept nothing, so its card promises no retention ("Kept until").
 */
function jobFacts(p: PendingJob, env: ProgressEnv, kept = true) {
  const asked = requestFacts(p.request, env.time, new Date(p.startedAt));
  return [
    ...itemFacts(p.item),
    ...(kept ? asked : asked.filter((f) => f.label !== 'Kept until')),
    fact('Started by', `${describeActor(p.by)}, ${env.time.short(p.startedAt, env.now)}`),
    fact('Azure job', p.job.jobId),
  ];
}

/** How a started job's card goes on: updated in place, with the result as a new message (Web Chat), or not at all. */
type Follow = 'in-place' | 'new-message' | 'none';

function followOf(p: PendingJob): Follow {
  if (p.messageRef === undefined) return 'none';
  return p.messageRef.updatesInPlace === false ? 'new-message' : 'in-place';
}

function footer(env: ProgressEnv, follow: Follow): string {
  if (follow === 'in-place') return `This card updates as the job runs · ${env.time.asOf(env.now)}`;
  if (follow === 'new-message') return `The result follows as a new message · ${env.time.asOf(env.now)}`;
  return env.time.asOf(env.now);
}

/**
 * Azure accepted the request and asked the bot to wait (Retry-After, 60 s on both vault kinds) before it names the
 * job: the card says what it waits for and until when, instead of standing still for a minute.
 */
export function acceptedView(
  p: { item: ItemSummary; request: TriggerRequestInfo; by: PendingJob['by']; startedAt: string },
  wait: TriggerWait,
  env: ProgressEnv,
): RetryViewModel {
  const seconds = Math.max(1, Math.round(wait.delayMs / 1000));
  const at = env.time.short(new Date(env.now.getTime() + wait.delayMs).toISOString(), env.now);
  const who = wait.retryAfterSeconds === undefined ? 'The bot checks' : 'Azure asked to check';
  return retryModel({
    state: 'accepted',
    title: `Starting the backup of ${p.item.name}`,
    status: `${ICONS.running} Azure accepted the request. ${who} again in ${seconds} s (${at}) for the job it started.`,
    statusColor: 'Accent',
    facts: [
      ...itemFacts(p.item),
      ...requestFacts(p.request, env.time, new Date(p.startedAt)),
      fact('Started by', `${describeActor(p.by)}, ${env.time.short(p.startedAt, env.now)}`),
    ],
    links: vaultLink(p.item, env),
    footer: `This card updates when Azure names the job · ${env.time.asOf(env.now)}`,
  });
}

export function startedView(p: PendingJob, env: ProgressEnv): RetryViewModel {
  return retryModel({
    state: 'started',
    title: `Backup of ${p.item.name} started`,
    status: `${ICONS.running} Started ${env.time.short(p.startedAt, env.now)} by ${describeActor(p.by)}`,
    statusColor: 'Accent',
    facts: jobFacts(p, env),
    links: vaultLink(p.item, env),
    footer: footer(env, followOf(p)),
  });
}

export function inProgressView(p: PendingJob, state: JobState, env: ProgressEnv): RetryViewModel {
  const since = state.startTime ?? p.startedAt;
  const running = formatDuration(env.now.getTime() - Date.parse(since));
  return retryModel({
    state: 'in-progress',
    title: `Backing up ${p.item.name}`,
    status: `${ICONS.running} In progress${running ? ` for ${running}` : ''}`,
    statusColor: 'Accent',
    facts: jobFacts(p, env),
    links: vaultLink(p.item, env),
    footer: footer(env, 'in-place'),
  });
}

export function finishedView(p: PendingJob, state: JobState, env: ProgressEnv): RetryViewModel {
  const ended = state.endTime ?? env.now.toISOString();
  const took = formatDuration(Date.parse(ended) - Date.parse(state.startTime ?? p.startedAt));
  const at = `${env.time.short(ended, env.now)}${took ? ` after ${took}` : ''}`;
  if (state.status === 'Completed' || state.status === 'CompletedWithWarnings') {
    const warn = state.status === 'CompletedWithWarnings';
    return retryModel({
      state: 'completed',
      title: `Backup of ${p.item.name} ${warn ? 'completed with warnings' : 'completed'}`,
      status: `${warn ? ICONS.warning : ICONS.ok} ${warn ? 'Completed with warnings' : 'Completed'} ${at}`,
      statusColor: warn ? 'Warning' : 'Good',
      facts: jobFacts(p, env),
      notes: state.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')),
      links: [
        link('Open the job in Azure portal', jobPortalUrl({ id: p.job.id }, env.portal ?? {})),
        ...vaultLink(p.item, env),
      ],
      footer: footer(env, 'none'),
    });
  }
  const first = state.errors[0];
  // The job is the on-demand backup the bot started: a restore-only code's fix does not apply to it.
  const why = first ? explainError({ ...first, operation: 'Backup' }, p.item.workload) : undefined;
  const cancelled = state.status === 'Cancelled';
  const notes = why
    ? [
        `${why.title}${why.code ? ` (${why.code})` : ''}: ${why.cause}`,
        `Fix: ${why.fix}`,
        ...(why.known && why.azureMessage ? [`Azure says: ${why.azureMessage}`] : []),
      ]
    : [
        cancelled
          ? 'The job was cancelled in Azure.'
          : 'Azure gave no error details; open the job in the Azure portal.',
      ];
  return retryModel({
    state: 'failed',
    title: `Backup of ${p.item.name} ${cancelled ? 'was cancelled' : 'failed'}`,
    status: `${cancelled ? ICONS.stopped : ICONS.failed} ${cancelled ? 'Cancelled' : 'Failed'} ${at}`,
    statusColor: cancelled ? 'Warning' : 'Attention',
    facts: jobFacts(p, env, false),
    notes,
    buttons: tryAgain(p.item),
    links: [...(why ? [link('How to fix it', why.learnUrl)] : []), ...vaultLink(p.item, env)],
    footer: footer(env, 'none'),
  });
}

/** "Try again": a fresh confirmation for the item (the failed job freed it). Omitted if the id is too long to inline. */
function tryAgain(item: ItemSummary): CardButton[] {
  const payload = encodeActionInline({ verb: 'retry', items: [item.id], filters: {} });
  return payload ? [{ label: 'Try again', payload: serializeAction(payload) }] : [];
}

export function untrackedView(p: PendingJob, env: ProgressEnv, why: string): RetryViewModel {
  return retryModel({
    state: 'untracked',
    title: `Backup of ${p.item.name}: no longer followed`,
    status: `${ICONS.unknown} ${why}`,
    statusColor: 'Default',
    facts: jobFacts(p, env),
    notes: ['The job may still be running; its state shows under the item (item <name>) and in the vault.'],
    links: vaultLink(p.item, env),
    footer: footer(env, 'none'),
  });
}

export function alreadyRunningView(o: Extract<ItemOutcome, { kind: 'already-running' }>, env: ProgressEnv) {
  const since = o.since ? ` ${env.time.short(o.since, env.now)}` : '';
  return retryModel({
    state: 'already-running',
    title: `A backup of ${o.item.name} is already running`,
    status: `${ICONS.running} Already running, started${since} by ${o.by}`,
    statusColor: 'Accent',
    facts: itemFacts(o.item),
    notes: ['Nothing new was started: one backup per item at a time.'],
    links: vaultLink(o.item, env),
    footer: env.time.asOf(env.now),
  });
}

export function backedUpView(o: Extract<ItemOutcome, { kind: 'backed-up' }>, env: ProgressEnv) {
  return retryModel({
    state: 'backed-up',
    title: `${o.item.name} was backed up already`,
    status: `${ICONS.ok} ${o.status === 'CompletedWithWarnings' ? 'Completed with warnings' : 'Completed'} ${env.time.short(o.at, env.now)}, started by ${o.by}`,
    statusColor: 'Good',
    facts: itemFacts(o.item),
    notes: ['Nothing new was started from this card. retry <item> asks again, to start another backup.'],
    links: vaultLink(o.item, env),
    footer: env.time.asOf(env.now),
  });
}

export function refusedView(item: ItemSummary, error: BackupActionError, env: ProgressEnv): RetryViewModel {
  return retryModel({
    state: 'refused',
    title: `Azure refused the backup of ${item.name}`,
    status: `${ICONS.stopped} Not started${error.azureCode ? ` (${error.azureCode})` : ''}`,
    statusColor: 'Attention',
    facts: itemFacts(item),
    notes: [error.message, error.hint ?? ''],
    links: vaultLink(item, env),
    footer: env.time.asOf(env.now),
  });
}

export function requestFailedView(o: Extract<ItemOutcome, { kind: 'failed' }>, env: ProgressEnv): RetryViewModel {
  return retryModel({
    state: 'failed',
    title: o.accepted ? `Backup of ${o.item.name}: outcome unknown` : `Backup of ${o.item.name} did not start`,
    status: o.accepted ? `${ICONS.unknown} Azure may have started it` : `${ICONS.failed} Not started`,
    statusColor: o.accepted ? 'Warning' : 'Attention',
    facts: itemFacts(o.item),
    notes: [o.message, o.hint ?? ''],
    links: vaultLink(o.item, env),
    footer: env.time.asOf(env.now),
  });
}
