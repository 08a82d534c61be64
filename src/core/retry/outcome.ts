// What came of one item's start request: the single-item card shows it, the bulk summary lists one line per item,
// and the audit log records it under the same name (`result`).
import type { BackupInstance } from '../domain/instances';
import type { NotAuthorizedError } from '../errors';
import type { BackupRequestResult } from '../metrics';
import type { BackupActionError } from './action-error';
import type { JobRef, TriggerRequestInfo } from './ports';
import type { Actor, ItemSummary } from './records';

export type ItemOutcome =
  | { kind: 'started'; item: ItemSummary; job: JobRef; request: TriggerRequestInfo; by: Actor; startedAt: string }
  /** `by`: who started the running backup ("Ana (teams)", "the backup schedule"); `since`: ISO, when known. */
  | { kind: 'already-running'; item: ItemSummary; by: string; since?: string }
  /**
   * A backup started from chat completed after this Start's confirmation was shown (a redelivered or second click on
   * an old card): nothing new started; a fresh `retry` asks again, naming that backup.
   */
  | { kind: 'backed-up'; item: ItemSummary; by: string; at: string; status: string }
  | { kind: 'not-found'; query: string }
  /** Resource Graph failed or answered in part, so the item may exist: `notes` say what was missing. */
  | { kind: 'lookup-failed'; query: string; notes: string[] }
  | { kind: 'ambiguous'; query: string; candidates: BackupInstance[] }
  | { kind: 'blocked'; item: ItemSummary; reason: string }
  | { kind: 'denied'; item: ItemSummary; error: NotAuthorizedError }
  /** Azure refused the request: nothing started. */
  | { kind: 'refused'; item: ItemSummary; error: BackupActionError }
  /** Something failed; `accepted`: a backup may have started anyway (the item stays claimed). */
  | { kind: 'failed'; item: ItemSummary; message: string; hint?: string; accepted: boolean };

/** The outcome for metrics: the audit's result with Azure's refusals (`refused:<kind>`) counted as one. */
export function requestResult(o: ItemOutcome): BackupRequestResult {
  return o.kind === 'refused' ? 'refused' : (auditResult(o) as BackupRequestResult);
}

/** The audit record's `result` for an outcome. */
export function auditResult(o: ItemOutcome): string {
  switch (o.kind) {
    case 'started':
      return 'started';
    case 'already-running':
      return 'already-running';
    case 'backed-up':
      return 'backed-up';
    case 'denied':
      return 'denied';
    case 'blocked':
      return 'not-possible';
    case 'refused':
      return `refused:${o.error.kind}`;
    case 'failed':
      return o.accepted ? 'unknown' : 'failed';
    case 'not-found':
    case 'ambiguous':
      return 'not-found';
    case 'lookup-failed':
      return 'lookup-failed';
  }
}
