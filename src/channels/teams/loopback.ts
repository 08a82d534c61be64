// "On this machine" tests for the unauthenticated mode (no app id): where replies may go and who may ask.
import { isIPv4 } from 'node:net';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    return LOOPBACK_HOSTS.has(parsed.hostname) || (isIPv4(parsed.hostname) && parsed.hostname.startsWith('127.'));
  } catch {
    return false;
  }
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain === '::1' || (isIPv4(plain) && plain.startsWith('127.'));
}

/**
 * Where the bot may post on its own: without authentication only where the inbound route would answer (this machine);
 * with it, the Bot Connector's https endpoints (its token must never travel in clear text) or this machine.
 */
export function mayPostTo(serviceUrl: string, authenticated: boolean): boolean {
  if (isLoopbackUrl(serviceUrl)) return true;
  if (!authenticated) return false;
  try {
    return new URL(serviceUrl).protocol === 'https:';
  } catch {
    return false;
  }
}
