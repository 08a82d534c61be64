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
 * A loopback origin and nothing else (`http://localhost:5000/`), as the Bot Framework Emulator sends: the connector
 * client then reaches only `/v3/conversations/…` there, never a path (or query) the caller chose, such as the Azure
 * stand-in's `/_sim/…` admin routes.
 */
export function isLoopbackOrigin(url: string): boolean {
  if (!isLoopbackUrl(url)) return false;
  const parsed = new URL(url);
  return parsed.pathname === '/' && parsed.search === '' && parsed.hash === '' && !parsed.username && !parsed.password;
}

/** Where an unauthenticated bot may reply: its own playground connector and, when allowed, the Emulator. */
export interface LocalReplyTargets {
  /** The playground's connector on this bot (its exact serviceUrl), once the server listens. */
  ownConnector(): string | undefined;
  /** ALLOW_EMULATOR: any loopback origin as well. */
  emulator: boolean;
}

function isOwnConnector(serviceUrl: string, local: LocalReplyTargets): boolean {
  const own = local.ownConnector();
  if (own === undefined) return false;
  try {
    return new URL(serviceUrl).href === new URL(own).href;
  } catch {
    return false;
  }
}

/**
 * Where the bot may post, inbound replies and its own posts alike. Without authentication the serviceUrl is whatever
 * a local caller wrote, so only the playground's connector (and, opted in, the Emulator's origin); with it, the Bot
 * Connector's https endpoints (its token must never travel in clear text) or this machine.
 */
export function mayPostTo(serviceUrl: string, authenticated: boolean, local: LocalReplyTargets): boolean {
  if (!authenticated) return isOwnConnector(serviceUrl, local) || (local.emulator && isLoopbackOrigin(serviceUrl));
  if (isLoopbackUrl(serviceUrl)) return true;
  try {
    return new URL(serviceUrl).protocol === 'https:';
  } catch {
    return false;
  }
}
