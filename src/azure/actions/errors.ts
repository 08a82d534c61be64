// Turns what Azure answers to an on-demand backup into a BackupActionError the user can act on: the role to grant
// on which vault, "already running", why a stopped or soft-deleted item cannot be backed up, "item gone".
// A 429 reaches this point only after the SDK pipeline's retries gave up; a trigger's 5xx on its first answer (writes
// are not retried on 5xx: src/azure/write-safe-retry.ts).
import { BackupActionError } from '../../core/retry/action-error';
import { isArmTimeout } from '../arm-timeout';

export interface ErrorContext {
  vaultName: string;
  subscriptionId: string;
  /** What the user calls the item (friendly name, else the Azure name). */
  itemName: string;
  /**
   * 'trigger': the initial POST (an HTTP error answer means nothing started);
   * 'operation': after Azure accepted it (a backup may be running whatever happens next); 'status': reading a job.
   */
  phase: 'trigger' | 'operation' | 'status';
  /** Azure answered with a refusal that carries no HTTP status (a failed operation): nothing was started. */
  answered?: boolean;
}

interface AzureFailure {
  status?: number;
  code?: string;
  message: string;
}

// Codes seen in Backup docs for "something else is running on this item" (docs/azure-facts.md §4.2); which of them
// arrive as a synchronous answer rather than a failed job is unverified, so both paths use this list.
const RUNNING_CODES = /inprogress|objectlocked|conflictingprotectionoperation|anotheroperationinprogress/i;
const SOFT_DELETED_CODES = /softdelet/i;
const STOPPED_CODES = /protectionstopped|notprotected|suspended|notinprotectedstate|protectionnotconfigured/i;

function readFailure(err: unknown): AzureFailure {
  const e = err as { statusCode?: unknown; status?: unknown; code?: unknown; message?: unknown } | undefined;
  const status =
    typeof e?.statusCode === 'number' ? e.statusCode : typeof e?.status === 'number' ? e.status : undefined;
  const code = typeof e?.code === 'string' && e.code !== '' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return { ...(status === undefined ? {} : { status }), ...(code === undefined ? {} : { code }), message };
}

/** True for errors that mean "the caller gave up" rather than "Azure said no". */
export function isAbort(err: unknown): boolean {
  return (err as { name?: unknown } | undefined)?.name === 'AbortError';
}

export function toBackupActionError(err: unknown, ctx: ErrorContext): BackupActionError {
  if (err instanceof BackupActionError) return err;
  const f = readFailure(err);
  const vault = `vault ${ctx.vaultName} (subscription ${ctx.subscriptionId})`;
  const base = { cause: err, ...(f.code ? { azureCode: f.code } : {}), ...(f.status ? { httpStatus: f.status } : {}) };
  // Once Azure accepted the request, a backup may be running whatever went wrong afterwards.
  const answered = f.status !== undefined || ctx.answered === true;
  const accepted = ctx.phase === 'operation' || (ctx.phase === 'trigger' && !answered);
  const code = f.code ?? '';
  if (isArmTimeout(err)) {
    // No answer proves nothing either way: the request may have reached Azure and started a backup.
    const status = ctx.phase === 'status';
    return new BackupActionError({
      ...base,
      kind: 'timeout',
      accepted: !status,
      message: status
        ? `Azure did not answer when asked about the backup job of ${ctx.itemName} in ${vault} (${f.message}).`
        : `Azure did not confirm the backup request for ${ctx.itemName} in ${vault} (${f.message}): a backup may have started.`,
      hint: 'Check the item (item <name>) before trying again.',
    });
  }
  if (f.status === 403 || /^AuthorizationFailed$|LinkedAuthorizationFailed/i.test(code)) {
    return new BackupActionError({
      ...base,
      kind: 'forbidden',
      accepted: ctx.phase === 'operation',
      message: `The bot's Azure identity is not allowed to start backups in ${vault} (Azure said ${code || '403'}).`,
      hint: `Give the bot's identity the Backup Operator role on vault ${ctx.vaultName} (or on its resource group or subscription), then retry.`,
    });
  }
  if (f.status === 409 || RUNNING_CODES.test(code)) {
    return new BackupActionError({
      ...base,
      kind: 'already-running',
      accepted: ctx.phase === 'operation',
      message: `A backup or another protection operation is already running on ${ctx.itemName} in ${vault}.`,
      hint: 'Wait for it to finish; the item shows its jobs (item <name>).',
    });
  }
  if (SOFT_DELETED_CODES.test(code)) {
    return new BackupActionError({
      ...base,
      kind: 'not-protected',
      accepted: false,
      message: `${ctx.itemName} is soft-deleted in ${vault}, so it cannot be backed up.`,
      hint: 'Undelete it in the vault (Backup items) and resume protection before starting a backup.',
    });
  }
  if (STOPPED_CODES.test(code)) {
    return new BackupActionError({
      ...base,
      kind: 'not-protected',
      accepted: false,
      message: `Protection of ${ctx.itemName} is stopped in ${vault}, so it cannot be backed up on demand.`,
      hint: 'Resume protection (vault > Backup items > Resume backup) first.',
    });
  }
  if (f.status === 404) {
    return new BackupActionError({
      ...base,
      kind: 'not-found',
      accepted: false,
      message: `${ctx.itemName} no longer exists in ${vault}: it was deleted, moved, or its protection was removed.`,
      hint: 'Run item <name> to see what Azure knows about it now.',
    });
  }
  if (f.status === 429) {
    return new BackupActionError({
      ...base,
      kind: 'throttled',
      accepted,
      message: `Azure is throttling requests to ${vault}.`,
      hint: 'Try again in a minute.',
    });
  }
  if ((f.status !== undefined && f.status >= 400 && f.status < 500) || (f.status === undefined && ctx.answered)) {
    return new BackupActionError({
      ...base,
      kind: 'rejected',
      accepted: ctx.phase === 'operation',
      message: `Azure refused the backup of ${ctx.itemName} in ${vault}: ${f.message}`,
      hint: 'If the backup policy changed recently, run retry again so the bot reads it afresh.',
    });
  }
  if (ctx.phase === 'trigger' && f.status !== undefined && f.status >= 500) {
    return new BackupActionError({
      ...base,
      kind: 'unavailable',
      accepted: false,
      message:
        `Azure answered the backup request for ${ctx.itemName} in ${vault} with an error (HTTP ${f.status}` +
        `${f.code ? ` ${f.code}` : ''}: ${f.message}). Azure normally starts nothing when it answers so; the bot did not send it again.`,
      hint: 'Check the item (item <name>) for a backup Azure may have started anyway, then try again.',
    });
  }
  return new BackupActionError({
    ...base,
    kind: 'unavailable',
    accepted,
    message: accepted
      ? `Azure accepted the backup of ${ctx.itemName} in ${vault} but the bot lost track of it (${f.message}).`
      : `Azure did not answer the backup request for ${ctx.itemName} in ${vault} (${f.message}).`,
    hint: accepted ? 'Check the item (item <name>) before starting another backup.' : 'Try again in a few minutes.',
  });
}
