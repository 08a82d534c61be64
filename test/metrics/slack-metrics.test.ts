// GET /metrics scraped over HTTP while real requests go through the bot: a signed Slack slash command and a click
// through Bolt into the real core over the Azure stand-in move the command, answer-time and Resource Graph counters;
// a 429 storm of the stand-in moves the throttling ones; a scrape without the bearer token is refused.
import { type AzureBackend, connectAzure } from '../../src/compose-azure';
import { loadConfig } from '../../src/config';
import { createConversationCore } from '../../src/core/conversation';
import { mountMetrics, startMetricsServer } from '../../src/http/metrics';
import { createPrometheusMetrics, type PrometheusMetrics } from '../../src/metrics/prometheus';
import {
  actionBody,
  buttonClick,
  FORM,
  postToSlackEvents,
  type SlackBot,
  slashCommandBody,
  startSlackBot,
} from '../channels/slack/support';
import type { RecordedCall } from '../standins/slack-api';
import { captureLog } from '../support/capture-log';
import { sample, scrape } from './scrape';

jest.setTimeout(60_000);

const TOKEN = 'metrics-token-0123456789abcdef0123456789';
const log = captureLog({ level: 'warn' }).log;
let prometheus: PrometheusMetrics;
let azure: AzureBackend;
let bot: SlackBot;
let metricsUrl: string;

beforeAll(async () => {
  prometheus = createPrometheusMetrics();
  const { metrics } = prometheus;
  const config = loadConfig({ DATA_DIR: '/tmp/unused', DEMO_SEED: '3' });
  // No answer cache: each command below asks Resource Graph, so each one's requests are its own.
  azure = await connectAzure(config, log, { arg: { metrics, cacheTtlMs: 0 } });
  const core = createConversationCore({
    data: azure.backupData,
    policy: { rules: [] },
    clock: () => new Date(),
    log,
    metrics,
  });
  bot = await startSlackBot(core);
  mountMetrics(bot.http.server, { source: prometheus, token: TOKEN, log });
  metricsUrl = `${bot.base}/metrics`;
});

afterAll(async () => {
  await bot?.close();
  await azure?.close();
});

/** The "Working on …" placeholder a slow answer shows first (a busy machine); the answer replaces it. */
const isWorking = (call: RecordedCall) =>
  ((call.args.blocks ?? []) as Array<{ block_id?: string }>).some((b) => b.block_id?.startsWith('v:working:'));

/** Sends a slash command and resolves with its answer (not the placeholder) as posted to the response URL. */
async function slash(text: string, id: string): Promise<RecordedCall> {
  const response = await postToSlackEvents(bot.base, slashCommandBody(text, bot.slack.responseUrl(id)), FORM);
  expect(response.status).toBe(200);
  const [answer] = await bot.slack.waitFor('response_url', 1, 30_000, (c) => c.urlId === id && !isWorking(c));
  return answer as RecordedCall;
}

/** A scrape with the token; the answer is counted by core before the channel posts it, so no waiting is needed. */
async function scraped(): Promise<string> {
  const { status, text, type } = await scrape(metricsUrl, TOKEN);
  expect(status).toBe(200);
  expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
  return text;
}

test('a scrape without the bearer token, or with a wrong one, is refused with 401 and no metrics', async () => {
  for (const token of [undefined, 'wrong-token', `${TOKEN}x`]) {
    const refused = await scrape(metricsUrl, token);
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('backup_center_');
  }
  expect((await fetch(metricsUrl, { headers: { authorization: TOKEN } })).status).toBe(401);
});

test('a slash command and a click move the command counters, the answer-time histogram and Resource Graph requests', async () => {
  const before = await scraped();
  const jobs = { platform: 'slack', kind: 'text', verb: 'jobs', outcome: 'answered' };
  expect(sample(before, 'backup_center_commands_total', jobs)).toBe(0);

  const list = await slash('jobs failed since:14d', 'm1');
  const after = await scraped();
  expect(sample(after, 'backup_center_commands_total', jobs)).toBe(1);
  const answers = { platform: 'slack', kind: 'text' };
  expect(sample(after, 'backup_center_answer_seconds_count', answers)).toBe(
    sample(before, 'backup_center_answer_seconds_count', answers) + 1,
  );
  const ok = { outcome: 'ok' };
  expect(sample(after, 'backup_center_resource_graph_requests_total', ok)).toBeGreaterThan(
    sample(before, 'backup_center_resource_graph_requests_total', ok),
  );

  // A typo is counted as not understood, under no verb.
  await slash('jbos failed', 'm2');
  const typo = { platform: 'slack', kind: 'text', verb: 'none', outcome: 'not-understood' };
  expect(sample(await scraped(), 'backup_center_commands_total', typo)).toBe(1);

  // A click on one of the list's own buttons (another page, another status): kind "click", verb "jobs".
  type Block = { elements?: Array<{ type: string; value?: string }>; accessory?: { type: string; value?: string } };
  const blocks = (list.args.blocks ?? []) as Block[];
  const buttons = blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]);
  const jobsButton = buttons.find((b) => b.type === 'button' && /^\{"v":1,"c":"jobs /.test(b.value ?? ''));
  expect(jobsButton).toBeDefined();
  const click = buttonClick({ value: jobsButton?.value ?? '', view: 'jobs', responseUrl: bot.slack.responseUrl('m4') });
  await postToSlackEvents(bot.base, actionBody(click), FORM);
  await bot.slack.waitFor('response_url', 1, 30_000, (c) => c.urlId === 'm4' && !isWorking(c));
  const clicked = { platform: 'slack', kind: 'click', verb: 'jobs', outcome: 'answered' };
  expect(sample(await scraped(), 'backup_center_commands_total', clicked)).toBe(1);
});

test('a throttled Resource Graph (429 with Retry-After) moves the throttling and waiting counters', async () => {
  const before = await scraped();
  const throttled = { outcome: 'throttled' };
  const retryWait = { reason: 'retry' };
  azure.sim?.admin.setFaults({ rules: [{ target: 'arg', throttleNext: 2, retryAfterSeconds: 1 }] });
  try {
    await slash('vaults', 'm5');
  } finally {
    azure.sim?.admin.clearFaults();
  }
  const after = await scraped();
  expect(sample(after, 'backup_center_resource_graph_requests_total', throttled)).toBe(
    sample(before, 'backup_center_resource_graph_requests_total', throttled) + 2,
  );
  // Each 429 asked for a second; the client waited at least that before trying again.
  const waited =
    sample(after, 'backup_center_resource_graph_wait_seconds_total', retryWait) -
    sample(before, 'backup_center_resource_graph_wait_seconds_total', retryWait);
  expect(waited).toBeGreaterThanOrEqual(1.9);
});

test('an answer Resource Graph cut short (truncated) counts as a partial answer', async () => {
  const truncated = { reason: 'truncated' };
  const before = sample(await scraped(), 'backup_center_partial_answers_total', truncated);
  azure.sim?.admin.setFaults({ rules: [{ target: 'arg', truncateTo: 1 }] });
  try {
    const answer = await slash('jobs all since:14d', 'm6');
    expect(JSON.stringify(answer.args.blocks)).toContain('Partial answer');
  } finally {
    azure.sim?.admin.clearFaults();
  }
  expect(sample(await scraped(), 'backup_center_partial_answers_total', truncated)).toBeGreaterThan(before);
});

test('METRICS_PORT: the same metrics alone on a port of their own, anything else there is 404', async () => {
  const own = await startMetricsServer(0, '127.0.0.1', { source: prometheus, log });
  try {
    const base = `http://127.0.0.1:${own.port}`;
    const { status, text } = await scrape(`${base}/metrics`);
    expect(status).toBe(200);
    // The same registry as the bot's port serves (the commands of the tests above).
    const shared = await scraped();
    for (const name of ['backup_center_commands_total', 'backup_center_resource_graph_requests_total']) {
      expect(sample(text, name)).toBe(sample(shared, name));
    }
    expect(text).toContain('process_cpu_seconds_total');
    expect((await fetch(`${base}/healthz`)).status).toBe(404);
  } finally {
    await own.close();
  }
});
