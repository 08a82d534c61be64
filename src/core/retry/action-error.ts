// How a refused or failed on-demand backup reaches core: a user-facing message and hint (written by the Azure
// side, which knows the vault and the code), what kind of refusal it is, and whether Azure may have started anything.
import { UserFacingError } from '../errors';

export type BackupActionErrorKind =
  /** 403: the bot's own Azure identity lacks the backup action on the vault (Backup Operator). */
  | 'forbidden'
  /** Another backup (or protection operation) is running on the item. */
  | 'already-running'
  /** Protection is stopped, suspended or the item is soft-deleted. */
  | 'not-protected'
  /** The item or vault is gone (404). */
  | 'not-found'
  /** Azure rejected the request (400): a policy rule that changed, a body Azure no longer accepts. */
  | 'rejected'
  /** 429 that outlasted the SDK's retries. */
  | 'throttled'
  /** 5xx or network failures that outlasted the SDK's retries. */
  | 'unavailable'
  /** Azure accepted the request but did not name the job in time. */
  | 'timeout';

export interface BackupActionErrorInit {
  kind: BackupActionErrorKind;
  message: string;
  hint?: string;
  /** Azure's error code, e.g. AuthorizationFailed, UserErrorBackupOperationInProgress. */
  azureCode?: string;
  httpStatus?: number;
  /**
   * True when Azure accepted (or may have accepted) the request, so a backup may be running: the caller must not
   * offer to start it again at once. False for answers that refused the request outright.
   */
  accepted: boolean;
  cause?: unknown;
}

export class BackupActionError extends UserFacingError {
  override name = 'BackupActionError';
  readonly kind: BackupActionErrorKind;
  readonly azureCode: string | undefined;
  readonly httpStatus: number | undefined;
  readonly accepted: boolean;

  constructor(init: BackupActionErrorInit) {
    super(init.message, {
      ...(init.hint === undefined ? {} : { hint: init.hint }),
      ...(init.cause === undefined ? {} : { cause: init.cause }),
    });
    this.kind = init.kind;
    this.azureCode = init.azureCode;
    this.httpStatus = init.httpStatus;
    this.accepted = init.accepted;
  }
}
