// What the Resource Graph client throws: a programming error for a query Azure (or our own check) refuses, and a
// user-facing error when the bot's identity may not read Resource Graph at all. Everything transient becomes a partial.
import { UserFacingError } from '../../core/errors';
import type { ArgFailure } from './retry';

/**
 * Our own query was wrong (ARG 400, or a query that could not page to the end). Not shown to users: toUserMessage
 * logs it under a reference. `azureError` is ARG's `{error:{code,message,details}}` when Azure refused it.
 */
export class ArgQueryError extends Error {
  override name = 'ArgQueryError';
  readonly code: string | undefined;
  readonly azureError: unknown;

  constructor(message: string, options: { code?: string; azureError?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.azureError = options.azureError;
  }
}

/** ARG's message plus every nested detail message, so a bad query names its cause (line, token) in the log. */
export function describeAzureError(failure: ArgFailure): string {
  const parts = [failure.message];
  const seen = new Set(parts);
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 4) return;
    const record = node as Record<string, unknown>;
    const { code, message } = record;
    if (typeof message === 'string' && !seen.has(message)) {
      seen.add(message);
      parts.push(typeof code === 'string' ? `${code}: ${message}` : message);
    }
    for (const child of [record.error, ...(Array.isArray(record.details) ? record.details : [])])
      visit(child, depth + 1);
  };
  visit(failure.details, 0);
  return parts.join(' | ');
}

export function toQueryError(failure: ArgFailure, kql: string): ArgQueryError {
  const firstLine = kql.trim().split('\n')[0]?.slice(0, 120) ?? '';
  return new ArgQueryError(`Resource Graph refused the query (${firstLine}…): ${describeAzureError(failure)}`, {
    ...(failure.code === undefined ? {} : { code: failure.code }),
    azureError: failure.details,
  });
}

/** For the operator: the bot's identity lacks read access (401/403 everywhere it asked). */
export function toNotAuthorizedError(failures: ArgFailure[], where: string): UserFacingError {
  const status = failures[0]?.status;
  const azure = failures[0] ? ` (Azure said: ${failures[0].code ?? status}: ${failures[0].message})` : '';
  const hint =
    status === 401
      ? "Check the bot's Azure credential (AZURE_TENANT_ID, AZURE_CLIENT_ID, secret or managed identity) and that it is valid for this tenant."
      : `Ask an Azure administrator to grant the bot's identity the Reader (or Backup Reader) role on ${where}.`;
  return new UserFacingError(`The bot's Azure identity cannot read Azure Resource Graph${azure}.`, { hint });
}
