// The Slack load of the slack section: the whole bot (src/main.ts in demo mode, as `npm start` runs it) in a child
// process, and N people typing /backup at once, each sending the next command when the answer to the last one came.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signSlackRequest } from '../../src/channels/slack/verify';
import { freePort, type MainProcess, spawnMain } from '../../test/support/main-process';

const SECRET = 'bench-load-signing-secret';

export interface LoadOptions {
  users: number;
  durationMs: number;
  commands: readonly string[];
  /** More settings for the bot (e.g. NODE_OPTIONS=--cpu-prof to see where its time goes). */
  botEnv?: Record<string, string>;
}

export interface LoadResult {
  acksMs: number[];
  answersMs: number[];
  /** Commands whose answer never came (counted, not timed). */
  unanswered: number;
  commandsPerS: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  /** The kernel's peak RSS of the bot process over its life (VmHWM). */
  rssPeakMb: number;
  /** What the bot wrote to stdout and stderr during the load. */
  logLinesPerCommand: number;
}

/**
 * A Slack Web API stand-in cut down to what the load needs, with O(1) bookkeeping per post (the test stand-in keeps
 * every call and rescans them per waiter, which at 200 posts a second would measure itself).
 */
async function startLoadSlack(): Promise<{
  apiUrl: string;
  responseUrl: (id: string) => string;
  answerOf: (id: string) => Promise<number>;
  close: () => Promise<void>;
}> {
  const waiting = new Map<string, (at: number) => void>();
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const path = req.url ?? '/';
    const send = (payload: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (path.startsWith('/response/')) {
      // The working placeholder comes first when an answer is slow; the answer is the post that is not it.
      if (!body.includes('v:working:')) {
        const id = decodeURIComponent(path.slice('/response/'.length));
        waiting.get(id)?.(Date.now());
        waiting.delete(id);
      }
      return send({ ok: true });
    }
    if (path.startsWith('/api/auth.test')) return send({ ok: true, user_id: 'UBOT0001', bot_id: 'BBOT0001' });
    if (path.startsWith('/api/users.info')) return send({ ok: true, user: { id: 'U', tz: 'Europe/Berlin' } });
    return send({ ok: true, ts: '1700000000.000100', channel: 'C0000CHN' });
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    answerOf: (id) =>
      new Promise<number>((done) => {
        waiting.set(id, done);
      }),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** VmRSS and VmHWM of a process in MB (Linux /proc). */
export function processRssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Posts a signed `/backup <text>` as Slack would and returns when the bot acknowledged it (ms), or throws on a non-200. */
export async function postSlashCommand(
  base: string,
  secret: string,
  fields: { text: string; user: string; responseUrl: string },
): Promise<number> {
  const body = new URLSearchParams({
    team_id: 'T0000001',
    channel_id: 'C0000CHN',
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: '/backup',
    text: fields.text,
    response_url: fields.responseUrl,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(secret, timestamp, body),
    },
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`slash command answered ${response.status}`);
  return performance.now() - started;
}

async function startBot(
  apiUrl: string,
  botEnv: Record<string, string>,
): Promise<{ main: MainProcess; base: string; folder: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-slack-load-'));
  const port = await freePort();
  const main = spawnMain(folder, {
    DATA_DIR: join(folder, 'data'),
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-bench-load',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: apiUrl,
    ...botEnv,
  });
  const deadline = Date.now() + 120_000;
  while (!main.output().includes('listening on port')) {
    if (main.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the bot did not start:\n${main.output().slice(-2000)}`);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return { main, base: `http://127.0.0.1:${port}`, folder };
}

/** Starts the bot, warms it up (one of each command), runs the load, lets the answers settle, stops the bot. */
export async function runSlackLoad(
  options: LoadOptions,
  progress: (text: string) => void = () => {},
): Promise<LoadResult> {
  const slack = await startLoadSlack();
  progress('starting the bot in demo mode with Slack (src/main.ts in a child process)');
  const { main, base, folder } = await startBot(slack.apiUrl, options.botEnv ?? {});
  const pid = main.child.pid as number;
  let sequence = 0;
  const ask = async (text: string, user: string) => {
    const id = `load-${sequence++}`;
    const sentAt = Date.now();
    const answered = slack.answerOf(id);
    const ackMs = await postSlashCommand(base, SECRET, { text, user, responseUrl: slack.responseUrl(id) });
    return { ackMs, answer: answered.then((at) => at - sentAt) };
  };
  try {
    for (const text of options.commands) await (await ask(text, 'UWARMUP01')).answer;
    const before = processRssMb(pid);
    const linesBefore = main.output().split('\n').length;
    progress(`${options.users} people typing /backup for ${options.durationMs / 1000} s`);
    const acksMs: number[] = [];
    const answersMs: number[] = [];
    let unanswered = 0;
    const ends = Date.now() + options.durationMs;
    const person = async (n: number) => {
      const user = `ULOAD${String(n).padStart(4, '0')}`;
      for (let i = n; Date.now() < ends; i++) {
        const { ackMs, answer } = await ask(options.commands[i % options.commands.length] as string, user);
        acksMs.push(ackMs);
        // A person waits for the answer before asking again (at most 30 s: then they ask anyway).
        const ms = await Promise.race([
          answer,
          new Promise<undefined>((r) => setTimeout(() => r(undefined), 30_000).unref()),
        ]);
        if (ms === undefined) unanswered++;
        else answersMs.push(ms);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: options.users }, (_, n) => person(n)));
    const elapsedS = (Date.now() - started) / 1000;
    // Memory after the load, once what it left behind had a moment to be collected.
    await new Promise((wait) => setTimeout(wait, 3_000));
    const after = processRssMb(pid);
    const lines = main.output().split('\n').length - linesBefore;
    return {
      acksMs,
      answersMs,
      unanswered,
      commandsPerS: acksMs.length / elapsedS,
      rssBeforeMb: before.rss,
      rssAfterMb: after.rss,
      rssPeakMb: after.peak,
      logLinesPerCommand: lines / Math.max(1, acksMs.length),
    };
  } finally {
    // SIGTERM first, so that a profile asked for through botEnv is written; SIGKILL if it does not stop in time.
    main.child.kill('SIGTERM');
    const killer = setTimeout(() => main.child.kill('SIGKILL'), 15_000);
    await main.exited;
    clearTimeout(killer);
    await slack.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
