// What Slack requests tell the real core besides the question: the conversation to post to later (every surface but
// App Home) and the asker's time zone from users.info, which then shows on the cards' times instead of UTC.
import { type AzureBackend, connectAzure } from '../../../src/compose-azure';
import { loadConfig } from '../../../src/config';
import { createConversationCore } from '../../../src/core/conversation';
import type { ConversationAddress } from '../../../src/core/conversation-port';
import { createViewHandlers } from '../../../src/core/views/handlers';
import type { RecordedCall } from '../../standins/slack-api';
import { captureLog } from '../../support/capture-log';
import {
  actionBody,
  buttonClick,
  eventBody,
  FORM,
  JSON_TYPE,
  postToSlackEvents,
  type SlackBot,
  slashCommandBody,
  startSlackBot,
} from './support';

jest.setTimeout(60_000);

interface Seen {
  conversation: ConversationAddress | undefined;
  timeZone: string | undefined;
}

const seen: Seen[] = [];
let bot: SlackBot;
let azure: AzureBackend;

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: '/tmp/unused', DEMO_SEED: '3' });
  const log = captureLog({ level: 'warn' }).log;
  azure = await connectAzure(config, log);
  const builtIn = createViewHandlers();
  const core = createConversationCore({
    data: azure.backupData,
    policy: { rules: [] },
    clock: () => new Date(),
    log,
    handlers: {
      help: async (cmd, ctx) => {
        seen.push({ conversation: ctx.conversation, timeZone: ctx.caller.timeZone });
        return builtIn.help(cmd, ctx);
      },
    },
  });
  bot = await startSlackBot(core);
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await azure?.close();
});

beforeEach(() => bot.slack.reset());

/** Sends a signed request and resolves with what the help handler saw. */
async function ask(body: string, type: string): Promise<Seen | undefined> {
  const before = seen.length;
  expect((await postToSlackEvents(bot.base, body, type)).status).toBe(200);
  for (let i = 0; i < 100 && seen.length === before; i++) await new Promise((r) => setTimeout(r, 20));
  expect(seen.length).toBe(before + 1);
  return seen.at(-1);
}

const channelAddress = (channel: string) => ({ platform: 'slack', key: channel, data: { channel } });

test('a slash command carries its channel and the asker’s zone', async () => {
  const heard = await ask(slashCommandBody('help', bot.slack.responseUrl('a1')), FORM);
  expect(heard).toEqual({ conversation: channelAddress('C0000CHN'), timeZone: 'Europe/Berlin' });
  expect(bot.slack.calls('users.info')[0]?.args.user).toBe('U0000AAA');
});

test('a mention carries its channel; a DM carries the DM', async () => {
  const mention = { type: 'app_mention', user: 'U0000BBB', text: '<@UBOT0001> help', channel: 'C0000CHN', ts: '1.1' };
  expect((await ask(eventBody(mention), JSON_TYPE))?.conversation).toEqual(channelAddress('C0000CHN'));
  const dm = { type: 'message', channel_type: 'im', user: 'U0000BBB', text: 'help', channel: 'D0000DM1', ts: '1.2' };
  expect((await ask(eventBody(dm), JSON_TYPE))?.conversation).toEqual(channelAddress('D0000DM1'));
});

test('a click in a message carries its channel; a click in App Home carries none', async () => {
  const click = buttonClick({ value: '{"v":1,"c":"help"}', view: 'help', responseUrl: bot.slack.responseUrl('a2') });
  expect((await ask(actionBody(click), FORM))?.conversation).toEqual(channelAddress('C0000CHN'));
  const home = buttonClick({ value: '{"v":1,"c":"help"}', view: 'help', home: true });
  const heard = await ask(actionBody(home), FORM);
  expect(heard?.conversation).toBeUndefined();
  expect(heard?.timeZone).toBe('Europe/Berlin');
});

/** The zone labels in the answer to `/backup summary` (the "as of" stamp shows one). */
async function zoneLabels(id: string, user: string): Promise<string[]> {
  const body = slashCommandBody('summary', bot.slack.responseUrl(id), user);
  expect((await postToSlackEvents(bot.base, body, FORM)).status).toBe(200);
  const posts = () => bot.slack.calls('response_url').filter((c) => c.urlId === id);
  const isWorking = (c: RecordedCall) => JSON.stringify(c.args.blocks).includes('v:working:');
  await bot.slack.waitFor('response_url', 1, 20_000, (c) => c.urlId === id);
  for (let i = 0; i < 200 && posts().every(isWorking); i++) await new Promise((r) => setTimeout(r, 50));
  const text = JSON.stringify(posts().at(-1)?.args.blocks);
  return [...new Set(text.match(/\b(UTC|CET|CEST)\b/g) ?? [])];
}

test('a card’s times are in the asker’s zone (Europe/Berlin: CET/CEST), not UTC', async () => {
  const labels = await zoneLabels('z1', 'U0000ZZ1');
  expect(labels.length).toBeGreaterThan(0);
  expect(labels.every((label) => label === 'CET' || label === 'CEST')).toBe(true);
});

test('someone without a zone, or a workspace that refuses users.info, gets UTC; the refusal is logged once', async () => {
  bot.slack.setTimeZone('U0000ZZ2', undefined);
  expect(await zoneLabels('z2', 'U0000ZZ2')).toEqual(['UTC']);
  bot.slack.failNext('users.info', { error: 'missing_scope' });
  bot.slack.failNext('users.info', { error: 'missing_scope' });
  expect(await zoneLabels('z3', 'U0000ZZ3')).toEqual(['UTC']);
  expect(await zoneLabels('z4', 'U0000ZZ4')).toEqual(['UTC']);
  const refusals = bot.logs.lines().filter((l) => l.code === 'missing_scope');
  expect(refusals).toHaveLength(1);
  expect(refusals[0]?.level).toBe(20);
});

test('a person’s zone is asked once and then remembered', async () => {
  await zoneLabels('z5', 'U0000ZZ5');
  await zoneLabels('z6', 'U0000ZZ5');
  expect(bot.slack.calls('users.info').filter((c) => c.args.user === 'U0000ZZ5')).toHaveLength(1);
});
