// Digests and notifications counted as they go out, scraped over HTTP: the whole bot wired as main.ts wires it (the
// digest test bot) with a Prometheus registry, Slack through its stand-in, the scheduler and poller on a driven clock.
import { startMetricsServer } from '../../src/http/metrics';
import { createPrometheusMetrics } from '../../src/metrics/prometheus';
import type { Row } from '../../src/sim/estate/types';
import { slackSays } from '../digest/support/chat';
import { type DigestBot, startDigestBot } from '../digest/support/digest-bot';
import { backupJob, failableInstances } from '../notify/support/rows';
import { sample, scrape } from './scrape';

jest.setTimeout(120_000);

const START = new Date('2026-12-08T07:30:00Z');
const MIN = 60_000;
const prometheus = createPrometheusMetrics({ processMetrics: false });
let bot: DigestBot & { db: { drop(): Promise<void> } };
let server: Awaited<ReturnType<typeof startMetricsServer>>;

beforeAll(async () => {
  bot = await startDigestBot({ start: START, metrics: prometheus.metrics });
  server = await startMetricsServer(0, '127.0.0.1', { source: prometheus, log: bot.log.log });
});
afterAll(async () => {
  await server?.close();
  await bot?.close();
});

async function scraped(): Promise<string> {
  const { status, text } = await scrape(`http://127.0.0.1:${server.port}/metrics`);
  expect(status).toBe(200);
  return text;
}

test('a scheduled digest posted in Slack counts as posted, a missed one as skipped; the command that turned it on as a Slack digest command', async () => {
  expect(sample(await scraped(), 'backup_center_digests_total', { result: 'posted' })).toBe(0);
  expect(await slackSays(bot, 'digest on 08:00 tz:UTC')).toContain('turned on the daily digest');
  const on = { platform: 'slack', kind: 'text', verb: 'digest', outcome: 'answered' };
  expect(sample(await scraped(), 'backup_center_commands_total', on)).toBe(1);

  bot.clock.set('2026-12-08T08:00:05Z');
  expect(await bot.tick()).toMatchObject({ posted: 1 });
  const text = await scraped();
  expect(sample(text, 'backup_center_digests_total', { result: 'posted' })).toBe(1);
  expect(sample(text, 'backup_center_digests_total', { result: 'failed' })).toBe(0);

  // The bot was down past the next morning's run by more than DIGEST_MAX_LATE_HOURS (6): skipped, not posted late.
  bot.clock.set('2026-12-09T15:00:00Z');
  expect(await bot.tick()).toMatchObject({ posted: 0, skipped: 1 });
  expect(sample(await scraped(), 'backup_center_digests_total', { result: 'skipped' })).toBe(1);
});

test('a failure notification posted, then updated in place by a repeat, counts once each', async () => {
  expect(await slackSays(bot, 'notify on', 'U0000AAA', 'C0000NTF')).toContain('turned on failure notifications');
  const instance = failableInstances(bot.estate)[0] as Row;
  const failNow = () => {
    bot.clock.advance(10 * MIN);
    const at = new Date(bot.clock.now().getTime() - MIN);
    bot.sim.admin.putRows('RecoveryServicesResources', [backupJob(instance, 'Failed', at)]);
  };
  failNow();
  expect(await bot.poll()).toMatchObject({ posted: 1 });
  failNow();
  expect(await bot.poll()).toMatchObject({ posted: 0, updated: 1 });
  const text = await scraped();
  expect(sample(text, 'backup_center_notifications_total', { result: 'posted' })).toBe(1);
  expect(sample(text, 'backup_center_notifications_total', { result: 'updated' })).toBe(1);
  expect(sample(text, 'backup_center_notifications_total', { result: 'failed' })).toBe(0);
});
