// One job as a row of a card (jobs view, item detail), and the "what to do" of a failed job from the error catalog.
// Azure's texts are clipped so that a page of rows stays within every platform limit whatever Azure writes.

import type { Job } from '../domain/jobs';
import { WORKLOAD_LABELS } from '../domain/workload';
import { type ErrorExplanation, explainError, findErrorEntry, findErrorEntryByNumber } from '../error-catalog';
import { nameOnHost, type SubscriptionNames, subscriptionShort } from '../names';
import { itemPortalUrl, jobPortalUrl, type PortalOptions, vaultPortalUrl } from '../portal-links';
import type { JobAdvice, JobRow } from '../view-models/jobs';
import type { RowRetry } from './retry-offers';
import { link } from './shared/buttons';
import { jobStatusLook } from './shared/status';
import { formatDuration, type TimeFormat } from './shared/time';
import { clipText } from './shared/words';

/** Longest texts a row or advice shows (Slack's 10,000-character message ceiling holds a page of them). */
export const TEXT_LIMITS = { name: 64, vault: 50, group: 30, cause: 200, fix: 240, heading: 100 } as const;

const NO_NAMES: SubscriptionNames = new Map();

export interface RowContext {
  time: TimeFormat;
  now: Date;
  portal: PortalOptions;
  /** Per job id, its Retry button or why there is none (retry-offers.ts); absent: no retry part. */
  retry?: ReadonlyMap<string, RowRetry>;
  /** Subscription display names: rows name the subscription, not its GUID. */
  names?: SubscriptionNames;
}

/**
 * Azure's texts can run to kilobytes; documented messages are one sentence and views show ~200 characters, so the
 * catalog matches on the start only (matching whole texts cost ~0.15 ms a job, too slow for a list of 500).
 */
const MATCH_CHARS = 600;

/** What to do about a job's first error; undefined for jobs that did not fail. */
export function explainJob(job: Job): ErrorExplanation | undefined {
  if (job.status !== 'Failed') return undefined;
  const first = job.errors[0];
  const code = first?.code ?? job.errorCode;
  const message = first?.message ?? job.errorMessage;
  return explainError(
    {
      ...(code ? { code } : {}),
      ...(message ? { message: message.slice(0, MATCH_CHARS) } : {}),
      ...(first?.title ? { title: first.title.slice(0, MATCH_CHARS) } : {}),
      recommendations: (first?.recommendations ?? job.recommendations).slice(0, 5),
      // What failed, so a backup is never told the fix of a code Microsoft documents for restores only.
      ...(job.operation.kind === 'other' ? {} : { operation: job.operation.raw || job.operation.kind }),
    },
    job.workload,
  );
}

/** Azure's code of a job's first error, trimmed ('' when it has none). */
function rawCodeOf(job: Job): string {
  return (job.errors[0]?.code ?? job.errorCode ?? '').trim();
}

/**
 * The code a failed job is listed under (the overview, `jobs failed code:`): our catalog's code when Azure's code or
 * documented number is catalogued (400239 and its named twin are one code), else Azure's code; '' when there is none.
 */
export function errorCodeOf(job: Job): string {
  const code = rawCodeOf(job);
  const entry = code === '' ? undefined : (findErrorEntry(code) ?? findErrorEntryByNumber(code));
  return entry?.code ?? code;
}

/**
 * Whether `job` answers `jobs failed code:<code>` (any case): the asked code, its documented number or alias all mean
 * the catalog's code; an uncatalogued code matches Azure's own; `none` matches failures without a code.
 */
export function hasErrorCode(job: Job, code: string): boolean {
  const listed = errorCodeOf(job);
  if (code.toLowerCase() === 'none') return listed === '';
  const entry = findErrorEntry(code) ?? findErrorEntryByNumber(code);
  const wanted = (entry?.code ?? code).toLowerCase();
  return listed.toLowerCase() === wanted || rawCodeOf(job).toLowerCase() === code.toLowerCase();
}

/**
 * The error-code group of a failed job, cheaply: its code as errorCodeOf names it (one group per code, even when
 * Azure's messages name each resource); a failure without a code groups by the start of its message.
 */
export function errorGroupKey(job: Job): string {
  const code = errorCodeOf(job);
  return code !== '' ? code : `|${(job.errors[0]?.message ?? job.errorMessage ?? '').slice(0, MATCH_CHARS)}`;
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
    learn: link('Troubleshooting guide', e.learnUrl),
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

/** "Backup", "Restore (on demand)". */
export function operationOf(job: Job): string {
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
    clipText(ds.resourceGroup ?? job.vault.resourceGroup, TEXT_LIMITS.group),
    subscriptionShort(ds.subscriptionId ?? job.subscriptionId, ctx.names ?? NO_NAMES),
  ].filter((part) => part !== '');
  const explanation = withAdvice ? explainJob(job) : undefined;
  return {
    icon: look.icon,
    color: look.color,
    // A database names its server: "master on sqlvm-02".
    title: ds.name === '' ? '(unnamed datasource)' : nameOnHost(ds.name, job.workload, ds, TEXT_LIMITS.name),
    status: job.status === 'Unknown' && job.rawStatus !== '' ? clipText(job.rawStatus, 40) : look.label,
    facts: facts.join(' · '),
    when: whenOf(job, ctx),
    advice: explanation === undefined ? [] : [toAdvice(explanation)],
    error: [],
    links: jobLinks(job, ctx.portal),
    retry: ctx.retry?.get(job.id)?.retry ?? [],
    retryNote: ctx.retry?.get(job.id)?.retryNote ?? [],
  };
}
