// Section teams: Teams messages over HTTP through the Bot Connector stand-in → POST /api/messages → botbuilder → the
// real core over the demo-mode Azure stand-in (no added latency, answer cache off) → the card posted back at the
// stand-in. End-to-end p95 (target ≤ 300 ms) and the bot's own share (total minus time waiting on Resource Graph);
// then 50 conversations at once without errors; resident memory after the run.

import { mountTeams } from '../../src/channels/teams/mount';
import { connectAzure } from '../../src/compose-azure';
import { loadConfig } from '../../src/config';
import { parseAccessPolicy } from '../../src/core/authorize';
import { createConversationCore } from '../../src/core/conversation';
import { createHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/log';
import {
  type BotConnectorStandIn,
  type ConnectorCall,
  sendToBot,
  startBotConnector,
  teamsMessage,
} from '../../test/standins/bot-connector';
import { collectGarbage } from '../lib/memory';
import { MB, note, progress, report, runSection } from '../lib/report';
import { WireTiming } from '../lib/wire-timing';

const COMMANDS = ['jobs failed', 'summary', 'jobs running', 'vaults', 'unprotected vm', 'jobs all since:7d'];
const SEQUENTIAL = 60;
const CONVERSATIONS = 50;
const MESSAGES_EACH = 3;
const P95_TARGET_MS = 300;

interface Sample {
  totalMs: number;
  argMs: number;
  ok: boolean;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * p) - 1)] ?? Number.NaN;
}

const isPlaceholder = (call: ConnectorCall) => String(call.activity?.summary ?? '').startsWith('Working on');
const isFailure = (call: ConnectorCall) =>
  /something went wrong|could not be shown/i.test(JSON.stringify(call.activity));

/** Sends one message and resolves when its card (or the update of its placeholder) reached the stand-in. */
async function oneMessage(bot: string, connector: BotConnectorStandIn, text: string, conversation: string) {
  const message = teamsMessage(connector.serviceUrl, text);
  message.conversation = { ...message.conversation, id: conversation };
  const started = performance.now();
  const response = await sendToBot(bot, message);
  if (response.status !== 200) return { ms: performance.now() - started, ok: false };
  const reply = await connector.waitFor(
    (c) => c.kind === 'reply' && c.activityId === message.id && c.activity?.type === 'message',
    30_000,
  );
  const answer = isPlaceholder(reply)
    ? await connector.waitFor((c) => c.kind === 'update' && c.activityId === reply.newId, 60_000)
    : reply;
  return { ms: performance.now() - started, ok: !isFailure(answer) };
}

runSection(async () => {
  const log = createLogger({ log: { level: 'error', format: 'json' } });
  // Without an app id the bot answers its playground only, and with ALLOW_EMULATOR a loopback serviceUrl too: the
  // Bot Connector stand-in's.
  const config = loadConfig({ DATA_DIR: '/tmp/unused', DEMO_SEED: '1', ALLOW_EMULATOR: 'true' });
  const wire = new WireTiming();
  const azure = await connectAzure(config, log, {
    arg: { cacheTtlMs: 0, metrics: wire.metrics() },
    // The ARG quota (15 / 5 s per caller) is the data layer's business; here it would only measure waiting.
    sim: { quota: { limit: 100_000, windowMs: 5_000 } },
    wrapHttpClient: (inner) => wire.wrap(inner),
  });
  const core = createConversationCore({
    data: azure.backupData,
    policy: parseAccessPolicy([], { demo: true }),
    clock: () => new Date(),
    log,
  });
  const http = createHttpServer({ log, readiness: async () => {} });
  const teams = mountTeams(http.server, { config, core, log });
  const bot = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/api/messages`;
  const connector = await startBotConnector();
  try {
    progress('warming up');
    for (const text of COMMANDS) await oneMessage(bot, connector, text, 'a:warm-up');

    progress(`${SEQUENTIAL} messages, one at a time, Resource Graph at full speed`);
    const samples: Sample[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      wire.reset();
      const { ms, ok } = await oneMessage(bot, connector, COMMANDS[i % COMMANDS.length] as string, 'a:sequential');
      samples.push({ totalMs: ms, argMs: wire.read().waitMs, ok });
    }
    const totals = samples.map((s) => s.totalMs);
    const own = samples.map((s) => s.totalMs - s.argMs);
    report({
      name: 'message → card p95',
      value: percentile(totals, 0.95),
      unit: 'ms',
      target: P95_TARGET_MS,
      better: 'lower',
    });
    report({ name: 'message → card p50', value: percentile(totals, 0.5), unit: 'ms', better: 'lower' });
    report({ name: 'bot share (total − ARG) p95', value: percentile(own, 0.95), unit: 'ms', better: 'lower' });
    report({ name: 'bot share (total − ARG) p50', value: percentile(own, 0.5), unit: 'ms', better: 'lower' });
    report({
      name: 'ARG wait p50',
      value: percentile(
        samples.map((s) => s.argMs),
        0.5,
      ),
      unit: 'ms',
      better: 'lower',
    });
    report({
      name: 'sequential errors',
      value: samples.filter((s) => !s.ok).length,
      unit: 'errors',
      target: 1,
      better: 'lower',
    });

    progress(`${CONVERSATIONS} conversations at once, ${MESSAGES_EACH} messages each`);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, c) => {
        const out: Array<{ ms: number; ok: boolean }> = [];
        for (let m = 0; m < MESSAGES_EACH; m++) {
          const text = COMMANDS[(c + m) % COMMANDS.length] as string;
          out.push(await oneMessage(bot, connector, text, `a:bench-${c}`).catch(() => ({ ms: Number.NaN, ok: false })));
        }
        return out;
      }),
    );
    const wallS = (performance.now() - started) / 1000;
    const all = results.flat();
    report({
      name: `${CONVERSATIONS} conversations: errors`,
      value: all.filter((r) => !r.ok).length,
      unit: 'errors',
      target: 1,
      better: 'lower',
    });
    report({
      name: `${CONVERSATIONS} conversations: p95`,
      value: percentile(
        all.map((r) => r.ms),
        0.95,
      ),
      unit: 'ms',
      better: 'lower',
    });
    report({
      name: `${CONVERSATIONS} conversations: messages/s`,
      value: all.length / wallS,
      unit: 'msg/s',
      better: 'higher',
    });
    await teams.idle();
    collectGarbage();
    const memory = process.memoryUsage();
    report({ name: 'RSS after the run', value: memory.rss / MB, unit: 'MB', better: 'lower' });
    report({ name: 'heap used after the run', value: memory.heapUsed / MB, unit: 'MB', better: 'lower' });
    note(
      'end to end = POST of a Teams-shaped activity to /api/messages until the card (or the update of its ' +
        'placeholder, posted after 1.5 s) reached the Bot Connector stand-in; ARG wait = wall time with a Resource ' +
        'Graph request in flight or the client holding back (stand-in on this thread, small demo estate, answer ' +
        'cache off, quota lifted); ' +
        'RSS includes the in-process Azure stand-in and its estate.',
    );
  } finally {
    await connector.close();
    await http.close();
    await azure.close();
  }
});
