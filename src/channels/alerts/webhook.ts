// POST /api/alerts/<secret>: Azure Monitor action group webhooks (common alert schema) for failed backups. The secret
// path segment is the only credential (compared in constant time, never logged); old alerts are refused as replays.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { FailureEvent } from '../../core/domain/notify';
import { newErrorRef } from '../../core/errors';
import { readBody } from '../../http/read-body';
import type { Logger } from '../../log';
import { parseCommonAlert } from './common-alert';

/** The route's prefix; the full URL is `https://<bot>/api/alerts/<NOTIFY_WEBHOOK_SECRET>`. */
export const ALERTS_PATH = '/api/alerts';
/** The common schema caps an alert at 256 KB (alerts-common-schema); anything larger is not one of them. */
export const MAX_ALERT_BODY_BYTES = 256 * 1024;
/** A fired time further ahead than this is refused too (a forged or badly skewed timestamp). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
const MIN_SECRET_CHARS = 32;

/** One alert, as core receives it. */
export interface AcceptedAlert {
  /** essentials.alertId: a second delivery of the same alert carries the same id. */
  alertId: string;
  firedAt: Date;
  events: FailureEvent[];
}

export interface AlertWebhookOptions {
  /** NOTIFY_WEBHOOK_SECRET; undefined = the route is not mounted (every path under /api/alerts is then a 404). */
  secret: string | undefined;
  /** NOTIFY_ALERT_MAX_AGE_MINUTES in ms: an alert fired longer ago than this is refused (401) as a replay. */
  maxAgeMs: number;
  clock: () => Date;
  /** Stores and announces the alert; 'duplicate' when this alertId was already received (Store.putNotifyAlert). */
  accept(alert: AcceptedAlert): Promise<'new' | 'duplicate'>;
  log: Logger;
  /** Requests a minute from one source address before 429s; 0 = no limit. Default 120. */
  rateLimitPerMinute?: number;
}

type Reply = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

const REFUSED: Reply = { status: 401, body: { error: 'unauthorized' } };

/**
 * Adds POST /api/alerts/<secret> (and POST /api/alerts, always refused) to the server. Returns false, adding
 * nothing, when no secret is configured. No body parser may run before it (createHttpServer installs none).
 */
export function mountAlertWebhook(server: Server, options: AlertWebhookOptions): boolean {
  const { secret, log } = options;
  if (secret === undefined) {
    log.info('the alert webhook is off (set NOTIFY_WEBHOOK_SECRET to receive Azure Monitor backup alerts)');
    return false;
  }
  if (secret.length < MIN_SECRET_CHARS)
    throw new Error(`the alert webhook secret must have ${MIN_SECRET_CHARS}+ characters`);
  const expected = digest(secret);
  const limiter = createRateLimiter(options.rateLimitPerMinute ?? 120, () => options.clock().getTime());

  // restify tells async handlers from callback ones by their constructor: these must stay `async`.
  const handler = async (req: Request, res: Response): Promise<void> => {
    const reply = await handle(req, expected, limiter, options);
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    res.send(reply.status, reply.body);
  };
  server.post(ALERTS_PATH, handler);
  server.post(`${ALERTS_PATH}/:secret`, handler);
  log.info(`the alert webhook is on: POST ${ALERTS_PATH}/<NOTIFY_WEBHOOK_SECRET>`);
  return true;
}

async function handle(
  req: Request,
  expected: Buffer,
  limiter: (key: string) => boolean,
  options: AlertWebhookOptions,
): Promise<Reply> {
  const { log } = options;
  if (!limiter(req.socket.remoteAddress ?? 'unknown')) {
    log.warn('refused an alert request: too many from one address');
    return { status: 429, body: { error: 'too many requests' }, headers: { 'retry-after': '60' } };
  }
  // The raw path segment, before any decoding: the secret is made of unreserved URL characters only.
  const given = secretSegment(req.url ?? '');
  // Hashing first makes both sides 32 bytes, so neither the length nor the content of the secret leaks in timing.
  if (!timingSafeEqual(digest(given ?? ''), expected) || given === undefined) {
    log.warn('refused an alert request: wrong or missing secret in the URL');
    return REFUSED;
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_ALERT_BODY_BYTES) return tooLarge(log);
  let raw: string;
  try {
    raw = await readBody(req, MAX_ALERT_BODY_BYTES);
  } catch {
    return tooLarge(log);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    log.warn('refused an alert request: the body is not JSON');
    return { status: 400, body: { error: 'the body is not JSON' } };
  }
  const parsed = parseCommonAlert(json);
  if (parsed.kind === 'invalid') {
    log.warn({ reason: parsed.reason }, `refused an alert request: ${parsed.reason}`);
    return { status: 400, body: { error: parsed.reason } };
  }
  if (parsed.kind === 'ignored') {
    log.info({ alertId: parsed.alertId, reason: parsed.reason }, `ignored an alert: ${parsed.reason}`);
    return { status: 202, body: { accepted: 0, ignored: parsed.reason } };
  }
  // Only alerts that would be announced are checked: an ignored one does nothing, so replaying it is harmless, and
  // the portal's "Test action group" sample (not a backup alert) then proves the URL works whatever its time.
  const { alertId, firedAt, events } = parsed;
  const ageMs = options.clock().getTime() - firedAt.getTime();
  if (ageMs > options.maxAgeMs || -ageMs > MAX_FUTURE_SKEW_MS) {
    log.warn(
      { alertId, firedAt: firedAt.toISOString() },
      'refused an alert as a replay: its fired time is outside the accepted window (NOTIFY_ALERT_MAX_AGE_MINUTES)',
    );
    return REFUSED;
  }
  let outcome: 'new' | 'duplicate';
  try {
    outcome = await options.accept({ alertId, firedAt, events });
  } catch (err) {
    // 503 is one of the codes on which an action group retries the call (action-groups: webhook rules).
    const ref = newErrorRef();
    log.error({ err, ref, alertId }, `could not take an alert (ref ${ref}); the sender may retry`);
    return { status: 503, body: { error: `something went wrong (ref ${ref})` } };
  }
  if (outcome === 'duplicate') {
    log.info({ alertId }, 'an alert was delivered again; it was taken already');
    return { status: 200, body: { duplicate: true } };
  }
  log.info(
    { alertId, events: events.map((event) => event.eventKey) },
    `took an alert with ${events.length} failure(s)`,
  );
  return { status: 202, body: { accepted: events.length } };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** `/api/alerts/<segment>` → segment; undefined for `/api/alerts`, `/api/alerts/` or anything deeper. */
function secretSegment(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const prefix = `${ALERTS_PATH}/`;
  if (!path.startsWith(prefix)) return undefined;
  const segment = path.slice(prefix.length);
  return segment === '' || segment.includes('/') ? undefined : segment;
}

function tooLarge(log: Logger): Reply {
  log.warn(`refused an alert request: the body is over ${MAX_ALERT_BODY_BYTES} bytes`);
  return { status: 413, body: { error: 'request body too large' }, headers: { connection: 'close' } };
}

/**
 * A fixed one-minute window per source address. The map is bounded: when full, the oldest windows go first (an
 * address that floods from many sources can at worst reset others' counts, never grow memory).
 */
function createRateLimiter(perMinute: number, now: () => number): (key: string) => boolean {
  if (perMinute <= 0) return () => true;
  const windows = new Map<string, { start: number; count: number }>();
  const MAX_KEYS = 10_000;
  return (key) => {
    const at = now();
    const current = windows.get(key);
    if (current !== undefined && at - current.start < 60_000) {
      current.count++;
      return current.count <= perMinute;
    }
    windows.delete(key);
    for (const [old, window] of windows) {
      if (windows.size < MAX_KEYS && at - window.start < 60_000) break;
      windows.delete(old);
    }
    windows.set(key, { start: at, count: 1 });
    return true;
  };
}
