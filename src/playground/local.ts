// Whether a request comes from this machine: with live Azure data and no authentication, the playground serves
// only the machine it runs on.
import { isIPv4 } from 'node:net';
import type { Request } from 'restify';

export function isLocalRequest(req: Request): boolean {
  const address = req.socket.remoteAddress ?? '';
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain === '::1' || (isIPv4(plain) && plain.startsWith('127.'));
}
