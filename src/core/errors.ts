// Errors a user may see, and the one function that turns any error into a chat-safe message.
// Anything unexpected is logged in full under a fresh reference and shown only as "something went wrong (ref …)".
import { randomBytes } from 'node:crypto';

/** The slice of a logger that core needs (pino's Logger fits), so that core stays free of logging libraries. */
export interface ErrorLogger {
  error(details: object, message: string): void;
  /** Answers given up at the deadline (expected under a slow Azure, not a bug). */
  warn?(details: object, message: string): void;
}

/** An error whose message is safe and useful to show to the person who asked; `hint` says what to do next. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
  readonly hint: string | undefined;
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/** Azure (or a chat platform) asked us to slow down; `retryAfterMs` is how long it asked us to wait. */
export class ThrottledError extends UserFacingError {
  override name = 'ThrottledError';
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, options: { message?: string; hint?: string; cause?: unknown } = {}) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(options.message ?? 'Azure is throttling requests right now.', {
      hint: options.hint ?? `Try again in about ${seconds} s.`,
      cause: options.cause,
    });
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The caller may not do this. `reason` is shown to the caller, so write it for them
 * (e.g. "retry is limited to the people listed in RETRY_ALLOW").
 */
export class NotAuthorizedError extends UserFacingError {
  override name = 'NotAuthorizedError';
  readonly reason: string;
  constructor(reason: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`You are not allowed to do that: ${reason}.`, options);
    this.reason = reason;
  }
}

/** A short reference a user can quote and an operator can find in the logs. */
export function newErrorRef(): string {
  return randomBytes(4).toString('hex');
}

/**
 * What to tell the user about `err`. Known errors: their message and hint. Anything else: logged with its stack
 * under a fresh ref, and the user gets only `something went wrong (ref <ref>)` (no internals, no secrets).
 */
export function toUserMessage(err: unknown, log: ErrorLogger): string {
  if (err instanceof UserFacingError) {
    return err.hint === undefined ? err.message : `${err.message} ${err.hint}`;
  }
  const ref = newErrorRef();
  log.error({ err, ref }, `unexpected error (ref ${ref})`);
  return `something went wrong (ref ${ref})`;
}
