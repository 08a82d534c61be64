// POST /api/messages: the Bot Framework endpoint. JSON body (a parser on this route only: Slack's route needs its raw
// body), token check → 401, the turn → 200 or the invoke response; failures answer a ref, never a stack trace.
import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { newErrorRef } from '../../core/errors';
import { jsonBody } from '../../http/json-body';
import type { Logger } from '../../log';
import { type TeamsAdapter, TokenRejectedError } from './adapter';
import { isLoopbackAddress } from './loopback';

export const MESSAGES_PATH = '/api/messages';
/** Teams messages are at most ~100 KB; anything far larger is not an activity. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface MessagesRouteOptions {
  adapter: TeamsAdapter;
  /** Runs one turn; `log` carries the request's correlation id. */
  handleTurn(context: TurnContext, log: Logger): Promise<void>;
  log: Logger;
  /** Logger of the request (with its correlation id), when the HTTP server made one. */
  requestLog?(req: Request): Logger | undefined;
  /**
   * Without an app id nothing is authenticated, so replies may only go where `allowsServiceUrl` says (the playground's
   * connector, the Emulator when allowed); `localClientsOnly` also refuses requests from other machines.
   */
  unauthenticated?: { localClientsOnly: boolean; allowsServiceUrl(serviceUrl: string): boolean };
}

type Problem = { status: number; code: string; message: string };

function checkActivity(body: unknown, options: MessagesRouteOptions): Activity | Problem {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { status: 400, code: 'BadRequest', message: 'expected a JSON activity (content-type: application/json)' };
  }
  const activity = body as Partial<Activity>;
  if (typeof activity.type !== 'string' || activity.type === '') {
    return { status: 400, code: 'BadRequest', message: 'the activity has no type' };
  }
  if (typeof activity.serviceUrl !== 'string' || typeof activity.conversation?.id !== 'string') {
    return { status: 400, code: 'BadRequest', message: 'the activity needs serviceUrl and conversation.id' };
  }
  if (options.unauthenticated && !options.unauthenticated.allowsServiceUrl(activity.serviceUrl)) {
    const message =
      'without MICROSOFT_APP_ID the bot replies only to its playground (and, with ALLOW_EMULATOR=true, to a ' +
      'serviceUrl that is a localhost origin)';
    return { status: 403, code: 'Forbidden', message };
  }
  return activity as Activity;
}

export function mountMessagesRoute(server: Server, options: MessagesRouteOptions): void {
  // Our parser, not restify's: restify reads a whole upload (and inflates gzip unbounded) before it answers 413.
  server.post(MESSAGES_PATH, jsonBody(MAX_BODY_BYTES), (req: Request, res: Response, next: (err?: unknown) => void) => {
    handle(req, res, options).then(
      () => next(),
      (err: unknown) => next(err),
    );
  });
}

async function handle(req: Request, res: Response, options: MessagesRouteOptions): Promise<void> {
  const log = options.requestLog?.(req) ?? options.log;
  if (options.unauthenticated?.localClientsOnly && !isLoopbackAddress(req.socket.remoteAddress)) {
    res.send(403, { code: 'Forbidden', message: 'set MICROSOFT_APP_ID to accept activities from other machines' });
    return;
  }
  const activity = checkActivity(req.body, options);
  if ('status' in activity) {
    res.send(activity.status, { code: activity.code, message: activity.message });
    return;
  }
  const header = req.headers.authorization ?? '';
  let auth: Awaited<ReturnType<TeamsAdapter['authenticate']>>;
  try {
    auth = await options.adapter.authenticate(activity, header);
  } catch (err) {
    if (!(err instanceof TokenRejectedError)) throw err;
    log.warn({ reason: err.message, hadToken: header !== '' }, 'rejected an activity: bad or missing token');
    res.send(401, { code: 'Unauthorized', message: 'a valid Bot Framework token is required' });
    return;
  }
  try {
    const invoke = await options.adapter.run(auth, activity, (context) => options.handleTurn(context, log));
    if (invoke?.body === undefined) res.send(invoke?.status ?? 200);
    else res.send(invoke.status, invoke.body);
  } catch (err) {
    const ref = newErrorRef();
    log.error({ err, ref, activityType: activity.type }, `a ${activity.type} activity failed (ref ${ref})`);
    res.send(500, { code: 'Internal', message: `something went wrong (ref ${ref})` });
  }
}
