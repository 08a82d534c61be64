// The whole bot as a child process with Slack configured: a signed /backup on the bot's one port is answered through
// response_url, with the real core over the demo-mode Azure stand-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RecordedCall, type SlackStandIn, startSlackStandIn } from '../../standins/slack-api';
import { freePort, type MainProcess, spawnMain } from '../../support/main-process';
import { FORM, postToSlackEvents, SIGNING_SECRET, slashCommandBody } from './support';

let slack: SlackStandIn;
let main: MainProcess | undefined;
let folder: string;

beforeAll(async () => {
  slack = await startSlackStandIn();
  folder = mkdtempSync(join(tmpdir(), 'bot-slack-'));
});

afterAll(async () => {
  main?.child.kill('SIGKILL');
  await slack.close();
  rmSync(folder, { recursive: true, force: true });
});

test('main mounts Slack at POST /slack/events on the bot port and answers a signed /backup', async () => {
  const port = await freePort();
  main = spawnMain(folder, {
    DATA_DIR: join(folder, 'data'),
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-main-wiring',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  });
  const out = main.output;
  for (let i = 0; i < 300 && !out().includes('listening on port'); i++) await new Promise((r) => setTimeout(r, 100));
  expect(out()).toContain('POST /slack/events');

  const base = `http://127.0.0.1:${port}`;
  const response = await postToSlackEvents(base, slashCommandBody('help', slack.responseUrl('main')), FORM);
  expect(response.status).toBe(200);
  // A cold process may show the working placeholder first (the answer then replaces it): wait for the answer.
  const isHelp = (call: RecordedCall) => JSON.stringify(call.args.blocks).includes('v:help:0');
  const [post] = await slack.waitFor('response_url', 1, 20_000, isHelp);
  expect(post?.args.response_type).toBe('in_channel');

  const refused = await postToSlackEvents(base, slashCommandBody('help', slack.responseUrl('x')), FORM, {
    signature: 'v0=0000',
  });
  expect(refused.status).toBe(401);
  expect(out()).not.toContain(SIGNING_SECRET);
  expect(out()).not.toContain('xoxb-main-wiring');

  main.child.kill('SIGTERM');
  expect(await main.exited).toBe(0);
}, 60_000);
