// One job as a row of a card (jobs view, item detail), and the "what to do" of a failed job from the error catalog.
// Azure's texts are clipped so that a page of rows stays within every platform limit whatever Azure writes.
import type { JobAdvice, JobRow } from '../../render/jobs-view-model';
import type { Job } from '../domain/jobs';
import { WORKLOAD_LABELS } from '../domain/workload';
import { type ErrorExplanation, explainError } from '../error-catalog';
import { itemPortalUrl, jobPortalUrl, type PortalOptions, vaultPortalUrl } from '../portal-links';
import { link } from './shared/buttons';
import { jobStatusLook } from './shared/status';
import { formatDuration, type TimeFormat } from './shared/time';
import { clipText } from './shared/words';

/** Longest texts a row or advice shows (Slack's 10,000-character message ceiling holds a page of them). */
export const TEXT_LIMITS = { name: 80, vault: 60, cause: 240, fix: 320, heading: 120 } as const;

export interface RowContext {
  time: TimeFormat;
  now: Date;
  portal: PortalOptions;
}

/** The first 8 characters of a subscription id: enough to tell subscriptions apart at a glance. */
export function shortSubscription(id: string | undefined): string {
  if (id === undefined || id === '') return '';
  return `sub ${id.length > 8 ? id.slice(0, 8) : id}`;
}

/** What to do about a job's first error; undefined for jobs that did not fail. */
export function explainJob(job: Job): ErrorExplanation | undefined {
  if (job.status !== 'Failed') return undefined;
  const first = job.errors[0];
  return explainError(
    {
      ...((first?.code ?? job.errorCode) ? { code: first?.code ?? job.errorCode } : {}),
      ...((first?.message ?? job.errorMessage) ? { message: first?.message ?? job.errorMessage } : {}),
      ...(first?.title ? { title: first.title } : {}),
      recommendations: first?.recommendations ?? job.recommendations,
    },
    job.workload,
  );
}

/** "UserErrorX · VM agent not reachable"; unknown codes: "Error 400001" or Azure's title beside the code. */
function adviceHeading(e: ErrorExplanation): string {
  if (e.code === '' || e.title === `Error ${e.code}`) return e.title;
  return `${e.code} · ${e.title}`;
}

export function toAdvice(e: ErrorExplanation): JobAdvice {
  return {
    heading: clipText(adviceHeading(e), TEXT_LIMITS.heading),
    cause: clipText(e.cause, TEXT_LIMITS.cause),
    fix: clipText(e.fix, TEXT_LIMITS.fix),
    learn: link('Microsoft Learn: troubleshooting', e.learnUrl),
  };
}

function whenOf(job: Job, ctx: RowContext): string {
  if (job.startTime === undefined) return 'start time unknown';
  const started = `started ${ctx.time.short(job.startTime, ctx.now)}`;
  if (job.status === 'InProgress' || job.status === 'Cancelling') {
    const running = formatDuration(ctx.now.getTime() - new Date(job.startTime).getTime());
    return running === '' ? started : `${started} · running for ${running}`;
  }
  const ran = formatDuration(job.durationMs);
  return ran === '' ? started : `${started} · ran ${ran}`;
}

function operationOf(job: Job): string {
  const raw = job.operation.raw === '' ? job.operation.kind : job.operation.raw;
  const name = raw.charAt(0).toUpperCase() + raw.slice(1);
  return job.operation.adhoc ? `${name} (on demand)` : name;
}

/** Portal links of a job: the job, the item when the job names it, the vault. */
export function jobLinks(job: Job, portal: PortalOptions) {
  const opts = job.tenantId === undefined ? portal : { ...portal, tenantId: job.tenantId };
  const itemId = job.backupInstanceId ?? job.protectedItemId;
  return [
    link('Job', jobPortalUrl(job, opts)),
    ...(itemId === undefined || itemId === '' ? [] : [link('Item', itemPortalUrl({ id: itemId }, opts))]),
    link('Vault', vaultPortalUrl(job.vault, opts)),
  ];
}

/** A job as a row; `withAdvice` adds what to do to a failed job (outside the failed view's groups). */
export function toJobRow(job: Job, ctx: RowContext, withAdvice: boolean): JobRow {
  const look = jobStatusLook(job.status);
  const ds = job.datasource;
  const facts = [
    WORKLOAD_LABELS[job.workload],
    operationOf(job),
    `vault ${clipText(job.vault.name, TEXT_LIMITS.vault)}`,
    ds.resourceGroup ?? job.vault.resourceGroup,
    shortSubscription(ds.subscriptionId ?? job.subscriptionId),
  ].filter((part) => part !== '');
  const explanation = withAdvice ? explainJob(job) : undefined;
  return {
    icon: look.icon,
    color: look.color,
    title: clipText(ds.name === '' ? '(unnamed datasource)' : ds.name, TEXT_LIMITS.name),
    status: job.status === 'Unknown' && job.rawStatus !== '' ? clipText(job.rawStatus, 40) : look.label,
    facts: facts.join(' · '),
    when: whenOf(job, ctx),
    advice: explanation === undefined ? [] : [toAdvice(explanation)],
    links: jobLinks(job, ctx.portal),
    retry: [],
  };
}
