// Retry cards once Start was pressed: started, in progress, completed, failed (with the error and its fix), already
// running, refused by Azure, outcome unknown, tracking given up, and the bulk summary with one line per item.
import type { CardLink } from '../../render/view-models';
import type { RetryViewModel } from '../../render/view-models-retry';
import { armIdPrefix } from '../domain/arm-id';
import { explainError } from '../error-catalog';
import { type PortalOptions, vaultPortalUrl } from '../portal-links';
import { link } from '../views/shared/buttons';
import { ICONS } from '../views/shared/status';
import { formatDuration } from '../views/shared/time';
import { countOf } from '../views/shared/words';
import type { BackupActionError } from './action-error';
import type { ItemOutcome } from './outcome';
import type { JobState } from './ports';
import { describeActor, type ItemSummary, type PendingJob } from './records';
import { fact, itemFacts, requestFacts, retryModel } from './view-common';
import type { ViewEnv } from './views-confirm';

export interface ProgressEnv extends ViewEnv {
  portal?: PortalOptions;
}

export function vaultLink(item: ItemSummary, env: ProgressEnv): CardLink[] {
  const vaultId = armIdPrefix(item.id, item.vaultKind === 'rsv' ? 'vaults' : 'backupVaults');
  return vaultId ? [link('Open vault in Azure portal', vaultPortalUrl({ id: vaultId }, env.portal ?? {}))] : [];
}

/** The facts of a started job: the item, what was asked, who started it when, and Azure's job id. */
function jobFacts(p: PendingJob, env: ProgressEnv) {
  return [
    ...itemFacts(p.item),
    ...requestFacts(p.request, env.time, new Date(p.startedAt)),
    fact('Started by', `${describeActor(p.by)}, ${env.time.short(p.startedAt, env.now)}`),
    fact('Azure job', p.job.jobId),
  ];
}

const footer = (env: ProgressEnv, live: boolean): string =>
  live ? `This card updates as the job runs · ${env.time.asOf(env.now)}` : env.time.asOf(env.now);

export function startedView(p: PendingJob, env: ProgressEnv): RetryViewModel {
  return retryModel({
    state: 'started',
    title: `Backup of ${p.item.name} started`,
    status: `${ICONS.running} Started ${env.time.short(p.startedAt, env.now)} by ${describeActor(p.by)}`,
    statusColor: 'Accent',
    facts: jobFacts(p, env),
    links: vaultLink(p.item, env),
    footer: footer(env, p.messageRef !== undefined),
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
    footer: footer(env, true),
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
      links: vaultLink(p.item, env),
      footer: footer(env, false),
    });
  }
  const first = state.errors[0];
  const why = first ? explainError(first, p.item.workload) : undefined;
  const cancelled = state.status === 'Cancelled';
  const notes = why
    ? [
        `${why.title}${why.code ? ` (${why.code})` : ''}: ${why.cause}`,
        `Fix: ${why.fix}`,
        ...(why.known && why.azureMessage ? [`Azure says: ${why.azureMessage}`] : []),
      ]
    : [cancelled ? 'The job was cancelled in Azure.' : 'Azure gave no error details; open the job in the Azure portal.'];
  return retryModel({
    state: 'failed',
    title: `Backup of ${p.item.name} ${cancelled ? 'was cancelled' : 'failed'}`,
    status: `${cancelled ? ICONS.stopped : ICONS.failed} ${cancelled ? 'Cancelled' : 'Failed'} ${at}`,
    statusColor: cancelled ? 'Warning' : 'Attention',
    facts: jobFacts(p, env),
    notes,
    links: [...(why ? [link('How to fix it', why.learnUrl)] : []), ...vaultLink(p.item, env)],
    footer: footer(env, false),
  });
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
    footer: footer(env, false),
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

const BULK_ICON: Record<ItemOutcome['kind'], string> = {
  started: ICONS.ok,
  'already-running': ICONS.running,
  'not-found': ICONS.unknown,
  ambiguous: ICONS.unknown,
  blocked: ICONS.stopped,
  denied: ICONS.stopped,
  refused: ICONS.stopped,
  failed: ICONS.failed,
};

function bulkLine(o: ItemOutcome): string {
  const icon = BULK_ICON[o.kind];
  switch (o.kind) {
    case 'started':
      return `${icon} ${o.item.name} · started (job ${o.job.jobId})`;
    case 'already-running':
      return `${icon} ${o.item.name} · already running (by ${o.by})`;
    case 'not-found':
      return `${icon} ${o.query} · not found`;
    case 'ambiguous':
      return `${icon} ${o.query} · ${o.candidates.length} items have this name`;
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
    `${ICONS.stopped} ${count(['denied', 'refused', 'blocked'])} refused`,
    `${ICONS.failed} ${count(['failed', 'not-found', 'ambiguous'])} failed`,
  ];
  const order: ItemOutcome['kind'][] = ['failed', 'refused', 'denied', 'blocked', 'not-found', 'ambiguous'];
  const rank = (o: ItemOutcome) => (order.includes(o.kind) ? order.indexOf(o.kind) : order.length);
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
