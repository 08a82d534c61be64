// Server-sent events for one browser tab: every event of its conversation after the tab's Last-Event-ID, then each
// new one; a comment line every 20 s keeps proxies from closing an idle stream.
import type { Request, Response } from 'restify';
import type { PlaygroundEvent, Transcripts } from './transcripts';

const HEARTBEAT_MS = 20_000;

/** Streams events until the browser goes away or the returned stop() is called; `ended` runs once either way. */
export function followEvents(
  req: Request,
  res: Response,
  transcripts: Transcripts,
  conversationId: string,
  ended: () => void,
): () => void {
  const lastSeen = Number(req.headers['last-event-id'] ?? 0);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const send = (event: PlaygroundEvent) => {
    res.write(`id: ${event.seq}\nevent: ${event.kind}\ndata: ${JSON.stringify(event.activity)}\n\n`);
  };
  const unfollow = transcripts.follow(conversationId, Number.isFinite(lastSeen) ? lastSeen : 0, send);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(heartbeat);
    unfollow();
    res.end();
    ended();
  };
  req.once('close', stop);
  return stop;
}
