// Turns caller values into query parameters both drivers read the same way (JSON text, ISO timestamps).
import { StoreInputError } from '../store';

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
