// Who is calling: the stand-in accepts any non-empty bearer token (no signature check) but records the caller,
// because ARG quotas and role checks are per principal.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ArmError } from './http-util';

export interface Caller {
  /** `oid`, else `sub` of a JWT-shaped token; else `token:<sha256 prefix>` of an opaque token. */
  id: string;
}

export function readCaller(headers: IncomingHttpHeaders): Caller | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const token = match[1];
  return { id: principalFromJwt(token) ?? `token:${createHash('sha256').update(token).digest('hex').slice(0, 16)}` };
}

export function requireCaller(headers: IncomingHttpHeaders): Caller {
  const caller = readCaller(headers);
  if (caller) return caller;
  const hasHeader = headers.authorization !== undefined;
  // ARM's wording for both cases (a missing header, and a header that is not a bearer token).
  throw new ArmError(
    401,
    hasHeader ? 'InvalidAuthenticationToken' : 'AuthenticationFailed',
    hasHeader ? 'The access token is invalid.' : "Authentication failed. The 'Authorization' header is missing.",
    [],
    {
      'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
    },
  );
}

function principalFromJwt(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    const id = payload.oid ?? payload.sub;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}
