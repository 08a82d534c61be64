// Turns caller values into query parameters both drivers read the same way (JSON text, ISO timestamps).
import { type DigestActor, StoreInputError } from '../store';

export function toJsonParam(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new StoreInputError(`${what} is not JSON-serialisable: ${(err as Error).message}`);
  }
  if (text === undefined) throw new StoreInputError(`${what} is not JSON-serialisable`);
  return text;
}

export function toTimestampParam(value: Date, what: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new StoreInputError(`${what} is not a valid Date`);
  return value.toISOString();
}

export function requireText(value: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new StoreInputError(`${what} must be a non-empty string`);
  return value;
}

/** A DigestActor as JSON text: platform and userId required; name kept only when given (so it reads back as given). */
export function toActorParam(actor: DigestActor, what: string): string {
  if (typeof actor !== 'object' || actor === null) throw new StoreInputError(`${what} must be { platform, userId }`);
  const name = actor.name;
  if (name !== undefined && name !== null && typeof name !== 'string') {
    throw new StoreInputError(`${what}.name must be a string or null`);
  }
  return toJsonParam(
    {
      platform: requireText(actor.platform, `${what}.platform`),
      userId: requireText(actor.userId, `${what}.userId`),
      ...(name === undefined ? {} : { name }),
      // READ_ALLOW's reader of the conversation (src/core/read-access.ts), kept only when given.
      ...(typeof actor.aadObjectId === 'string' ? { aadObjectId: actor.aadObjectId } : {}),
      ...(typeof actor.tenantId === 'string' ? { tenantId: actor.tenantId } : {}),
      ...(typeof actor.personal === 'boolean' ? { personal: actor.personal } : {}),
    },
    what,
  );
}

export function requirePositive(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new StoreInputError(`${what} must be a positive number, not ${value}`);
  }
  return value;
}
