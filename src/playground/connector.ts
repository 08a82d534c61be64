// The playground's local channel, Bot Connector side: the endpoints the bot posts its replies, typing indicators and
// updates to (the activity's serviceUrl points here), recorded in the transcripts the browser follows.
import { randomUUID } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { jsonBody } from '../http/json-body';
import type { ActivityJson, Transcripts } from './transcripts';

/** serviceUrl of playground activities, relative to the bot's own origin. */
export const CONNECTOR_BASE = '/playground/connector/';
const ACTIVITIES = `${CONNECTOR_BASE}v3/conversations/:conversationId/activities`;

type Next = (err?: unknown) => void;

function activityOf(req: Request): ActivityJson | undefined {
  const body = req.body as unknown;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as ActivityJson) : undefined;
}

export function mountConnector(server: Server, transcripts: Transcripts, guard: (req: Request) => boolean): void {
  // Bounded as read and as inflated (restify's parser reads a whole upload first); see src/http/json-body.ts.
  const parser = [jsonBody(1024 * 1024)];

  const post = (req: Request, res: Response, next: Next) => {
    const activity = activityOf(req);
    const conversationId = String(req.params.conversationId ?? '');
    if (!guard(req)) return void res.send(403, { message: 'the playground answers only this machine' });
    if (activity === undefined || !transcripts.has(conversationId)) {
      res.send(404, { error: { code: 'ConversationNotFound', message: 'no such playground conversation' } });
      return next();
    }
    const id = `pg-${randomUUID()}`;
    transcripts.append(conversationId, activity.type === 'typing' ? 'typing' : 'activity', { ...activity, id });
    res.send(200, { id });
    return next();
  };

  const update = (req: Request, res: Response, next: Next) => {
    const activity = activityOf(req);
    const conversationId = String(req.params.conversationId ?? '');
    const activityId = String(req.params.activityId ?? '');
    if (!guard(req)) return void res.send(403, { message: 'the playground answers only this machine' });
    if (activity === undefined || transcripts.find(conversationId, activityId) === undefined) {
      res.send(404, { error: { code: 'ActivityNotFound', message: 'no such activity' } });
      return next();
    }
    transcripts.append(conversationId, 'update', { ...activity, id: activityId });
    res.send(200, { id: activityId });
    return next();
  };

  const remove = (req: Request, res: Response, next: Next) => {
    const conversationId = String(req.params.conversationId ?? '');
    const activityId = String(req.params.activityId ?? '');
    if (!guard(req)) return void res.send(403, { message: 'the playground answers only this machine' });
    if (transcripts.find(conversationId, activityId) !== undefined) {
      transcripts.append(conversationId, 'delete', { id: activityId });
    }
    res.send(200);
    return next();
  };

  server.post(ACTIVITIES, ...parser, post);
  server.post(`${ACTIVITIES}/:activityId`, ...parser, post);
  server.put(`${ACTIVITIES}/:activityId`, ...parser, update);
  server.del(`${ACTIVITIES}/:activityId`, remove);
}
