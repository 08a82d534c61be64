// The metrics port: what the bot counts (answers, Resource Graph requests and waits, backups, pushes, store errors),
// in domain words with closed sets of label values. Core, azure/ and store/ report here; src/metrics implements it.
import type { Platform } from './caller';
import type { Verb } from './commands/types';
import type { PartialNote } from './domain/result';
import { FINISHED_STATUSES, type FinishedStatus } from './retry/job-state';

/** A typed message (or slash command) or a button click. */
export type AskKind = 'text' | 'click';

/** The verb a request ran; `show-query` is a "Show query" click, `none` a request that never became a command. */
export type AskedVerb = Verb | 'show-query' | 'none';

/**
 * How a request ended: `answered` (its view), `not-understood` (a typo, an expired button), `user-error` (an error
 * card the asker can act on: a refusal, nothing found), `failed` ("something went wrong (ref …)"), `timeout` (the
 * answer deadline's card).
 */
export type AskOutcome = 'answered' | 'not-understood' | 'user-error' | 'failed' | 'timeout';

export interface AskEvent {
  platform: Platform;
  kind: AskKind;
  verb: AskedVerb;
  outcome: AskOutcome;
  /** From the request reaching core to its reply. */
  seconds: number;
}

// The closed sets of label values, as lists (the metrics adapter starts a counter at 0 for each value).

/** One Resource Graph HTTP request: `ok`, a classified failure, or `aborted` (the asker gave up while it ran). */
export const GRAPH_REQUEST_OUTCOMES = [
  'ok',
  'throttled',
  'server',
  'network',
  'timeout',
  'bad-request',
  'payload-too-large',
  'not-authorized',
  'deadline',
  'aborted',
] as const;
export type GraphRequestOutcome = (typeof GRAPH_REQUEST_OUTCOMES)[number];

/** Time held back on purpose: the identity's quota (after a 429 too), a retry's backoff, a free concurrency slot. */
export const GRAPH_WAIT_REASONS = ['quota', 'retry', 'concurrency'] as const;
export type GraphWaitReason = (typeof GRAPH_WAIT_REASONS)[number];

/** Why a Resource Graph answer came back partial (the kinds of PartialNote). */
export const PARTIAL_KINDS = [
  'throttled',
  'failed-batch',
  'truncated',
  'inaccessible-subscriptions',
  'row-limit',
  'timeout',
] as const satisfies readonly PartialNote['kind'][];

/** What one item's on-demand backup request came to (the audit record's result, its refusals folded into one). */
export const BACKUP_REQUEST_RESULTS = [
  'started',
  'already-running',
  'backed-up',
  'denied',
  'not-possible',
  'refused',
  'failed',
  'unknown',
  'not-found',
  'lookup-failed',
] as const;
export type BackupRequestResult = (typeof BACKUP_REQUEST_RESULTS)[number];

/** How a followed on-demand backup job ended; `untracked` when it could no longer be read. */
export const BACKUP_JOB_ENDS = [...FINISHED_STATUSES, 'untracked'] as const;
export type BackupJobEnd = FinishedStatus | 'untracked';

/** What became of one scheduler round's digest runs. */
export const DIGEST_RESULTS = ['posted', 'quiet', 'skipped', 'failed'] as const;
export type DigestCounts = Record<(typeof DIGEST_RESULTS)[number], number>;

/** One poll's notification messages: new ones posted, old ones updated in place, posts that failed. */
export const NOTIFY_RESULTS = ['posted', 'updated', 'failed'] as const;
export type NotifyCounts = Record<(typeof NOTIFY_RESULTS)[number], number>;

export interface Metrics {
  asked(event: AskEvent): void;
  graphRequest(outcome: GraphRequestOutcome, seconds: number): void;
  graphWaited(reason: GraphWaitReason, seconds: number): void;
  /** An answer of Resource Graph that came back partial, once per kind of shortfall. */
  partialAnswer(kind: PartialNote['kind']): void;
  backupRequested(result: BackupRequestResult): void;
  backupJobEnded(end: BackupJobEnd): void;
  digests(counts: DigestCounts): void;
  notifications(counts: NotifyCounts): void;
  /** A store call that rejected; `operation` is the Store method's name (a closed set). */
  storeError(operation: string): void;
}

/** Counts nothing: the default wherever metrics are not wired (tests, the CLI, METRICS=off). */
export const NO_METRICS: Metrics = {
  asked() {},
  graphRequest() {},
  graphWaited() {},
  partialAnswer() {},
  backupRequested() {},
  backupJobEnded() {},
  digests() {},
  notifications() {},
  storeError() {},
};
