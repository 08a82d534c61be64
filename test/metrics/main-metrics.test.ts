// The whole bot as a child process (src/main.ts) with METRICS_TOKEN: the start-up log says where /metrics is, a scrape
// without the token is refused, and a command typed in the playground shows in the counters a scraper reads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardOf, textsOf } from '../channels/teams/support';
import { openSse } from '../playground/sse-client';
import { type MainProcess, spawnMain } from '../support/main-process';
import { sample, scrape } from './scrape';

// A demo start generates the estate and opens PGlite: half a minute on a busy two-core machine, more when loaded.
jest.setTimeout(240_000);

const TOKEN = 'b'.repeat(24) + '0123456789abcdef';
const folder = mkdtempSync(join(tmpdir(), 'bot-metrics-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function logLines(run: MainProcess): Array<Record<string, unknown>> {
  return run
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function waitForLine(run: MainProcess, match: (line: Record<string, unknown>) => boolean) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && run.child.exitCode === null) {
    const line = logLines(run).find(match);
    if (line) return line;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`no such log line:\n${run.stdout()}\n${run.stderr()}`);
}

test('METRICS_TOKEN: /metrics refuses a scrape without it and counts a playground command', async () => {
  const run = spawnMain(folder, { DATA_DIR: join(folder, 'data'), PORT: '0', METRICS_TOKEN: TOKEN });
  try {
    const listening = await waitForLine(run, (l) => typeof l['port'] === 'number' && l['port'] !== 0);
    const port = listening['port'] as number;
    const origin = `http://127.0.0.1:${port}`;
    await waitForLine(run, (l) => l['msg'] === "metrics: GET /metrics on the bot's port (bearer token required)");

    const refused = await scrape(`${origin}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('backup_center_');

    const created = await fetch(`${origin}/playground/api/conversations`, { method: 'POST' });
    const { conversationId } = (await created.json()) as { conversationId: string };
    const events = await openSse(`${origin}/playground/api/conversations/${conversationId}/events`);
    try {
      const welcome = await events.waitFor((e) => e.event === 'activity');
      const sent = await fetch(`${origin}/playground/api/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'summary' }),
      });
      expect(sent.status).toBe(202);
      // The answer (a "Working on …" placeholder may come first on a busy machine and is replaced by it).
      await events.waitFor(
        (e) =>
          e.event === 'activity' &&
          e.data.id !== welcome.data.id &&
          !textsOf(cardOf(e.data)).join('\n').includes('Working on'),
        60_000,
      );
    } finally {
      events.close();
    }

    const { status, text } = await scrape(`${origin}/metrics`, TOKEN);
    expect(status).toBe(200);
    const summary = { platform: 'playground', kind: 'text', verb: 'summary', outcome: 'answered' };
    expect(sample(text, 'backup_center_commands_total', summary)).toBe(1);
    expect(sample(text, 'backup_center_answer_seconds_count', { platform: 'playground' })).toBe(1);
    expect(sample(text, 'backup_center_resource_graph_requests_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(text, 'backup_center_store_errors_total')).toBe(0);
    expect(text).toContain('# TYPE backup_center_backup_requests_total counter');
    expect(run.stdout()).not.toContain(TOKEN);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  } finally {
    run.child.kill('SIGKILL');
  }
});
