// Section slack: signed /backup slash commands over HTTP into the real Bolt app on the bot's restify server, answered by
// the real core over the demo-mode Azure stand-in; ack time (p99 target ≤ 100 ms, Slack allows 3 s) and time to the
// posted answer (response_url, recorded by the Slack API stand-in), with Resource Graph fast and made slow.
import { createSlackChannel } from '../../src/channels/slack/slack-channel';
import { signSlackRequest } from '../../src/channels/slack/verify';
import { connectAzure } from '../../src/azure/connect';
import { loadConfig } from '../../src/config';
import { createConversationCore } from '../../src/core/conversation';
import { createHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/log';
import { startSlackStandIn, type SlackStandIn } from '../../test/standins/slack-api';
import { note, progress, report, runSection } from '../lib/report';

const SECRET = 'bench-signing-secret';
const COMMANDS = ['summary', 'jobs failed', 'jobs running', 'vaults', 'unprotected vm', 'jobs all since:7d'];
const ACK_P99_TARGET_MS = 100;
/** Latency added to every Resource Graph answer in the slow phase: a big tenant on a bad day. */
const SLOW_ARG_MS = 2_000;
const PER_PHASE = 120;
const CONCURRENCY = 6;

interface Sample {
  ackMs: number;
  answerMs: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * p) - 1)] ?? Number.NaN;
}

async function oneCommand(base: string, slack: SlackStandIn, text: string, id: string): Promise<Sample> {
  const body = new URLSearchParams({
    team_id: 'T0000001',
    channel_id: 'C0000CHN',
    user_id: 'U0000AAA',
    user_name: 'bench',
    command: '/backup',
    text,
    response_url: slack.responseUrl(id),
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const startedWall = Date.now();
  const response = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(SECRET, timestamp, body),
    },
    body,
  });
  await response.arrayBuffer();
  const ackMs = performance.now() - started;
  if (response.status !== 200) throw new Error(`slash command answered ${response.status}`);
  // The answer is the last post to this response_url that is not the working placeholder.
  const [answer] = await slack.waitFor(
    'response_url',
    1,
    60_000,
    (c) => c.urlId === id && !JSON.stringify(c.args.blocks ?? []).includes('"v:working:'),
  );
  return { ackMs, answerMs: (answer?.at ?? Number.NaN) - startedWall };
}

async function phase(base: string, slack: SlackStandIn, label: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  const worker = async () => {
    while (next < PER_PHASE) {
      const n = next++;
      samples.push(await oneCommand(base, slack, COMMANDS[n % COMMANDS.length] as string, `${label}-${n}`));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return samples;
}

function reportPhase(label: string, samples: Sample[], withTarget: boolean): void {
  const acks = samples.map((s) => s.ackMs);
  const answers = samples.map((s) => s.answerMs);
  report({
    name: `${label}: ack p99`,
    value: percentile(acks, 0.99),
    unit: 'ms',
    better: 'lower',
    ...(withTarget ? { target: ACK_P99_TARGET_MS } : {}),
  });
  report({ name: `${label}: ack p50`, value: percentile(acks, 0.5), unit: 'ms', better: 'lower' });
  report({ name: `${label}: answer posted p50`, value: percentile(answers, 0.5), unit: 'ms', better: 'lower' });
  report({ name: `${label}: answer posted p99`, value: percentile(answers, 0.99), unit: 'ms', better: 'lower' });
}

runSection(async () => {
  const log = createLogger({ log: { level: 'error', format: 'json' } });
  const config = loadConfig({ DATA_DIR: '/tmp/unused', DEMO_SEED: '1' });
  // No answer cache: every command really goes to Resource Graph, so the slow phase is slow throughout.
  const azure = await connectAzure(config, log, { arg: { cacheTtlMs: 0 } });
  const core = createConversationCore({ data: azure.backupData, policy: { rules: [] }, clock: () => new Date(), log });
  const slack = await startSlackStandIn();
  const http = createHttpServer({ log, readiness: async () => {} });
  const channel = createSlackChannel({
    slack: { botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl: slack.apiUrl, socketMode: false },
    core,
    log,
    server: http.server,
    minPostIntervalMs: 0,
  });
  await channel.start();
  const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  try {
    progress('warming up');
    for (const [i, text] of COMMANDS.entries()) await oneCommand(base, slack, text, `warm-${i}`);
    progress(`${PER_PHASE} slash commands, ${CONCURRENCY} at a time, Resource Graph at full speed`);
    reportPhase('fast ARG', await phase(base, slack, 'fast'), true);
    azure.sim?.admin.setFaults({ rules: [{ target: 'arg', latencyMs: SLOW_ARG_MS }] });
    progress(`${PER_PHASE} slash commands with ${SLOW_ARG_MS} ms added to every Resource Graph answer`);
    reportPhase('slow ARG', await phase(base, slack, 'slow'), true);
    note(
      `ack = signed POST /slack/events until its 200 (restify + signature + replay check + Bolt); answer = until the ` +
        `final response_url post reached the Slack stand-in (a placeholder comes first after 1.2 s). ` +
        `${CONCURRENCY} commands in flight; the slow phase adds ${SLOW_ARG_MS} ms to each Resource Graph request; ` +
        `answer cache off.`,
    );
  } finally {
    await channel.stop();
    await http.close();
    await slack.close();
    await azure.close();
  }
});
