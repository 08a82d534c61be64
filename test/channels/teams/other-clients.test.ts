// Bot Framework clients other than Teams (here the Emulator's channelId) through the whole bot and the Bot Connector
// stand-in: cards carry Action.Submit with Teams' button data and escaped <placeholders>, a click's answer is a new
// message, and proactive posts and their later updates go out as new messages, never as PUTs the client cannot show.
import { conversationAddressOf } from '../../../src/channels/teams/address';
import type { Reply } from '../../../src/core/conversation-port';
import {
  type BotConnectorStandIn,
  sendToBot,
  startBotConnector,
  type TestActivity,
  teamsActivity,
  teamsMessage,
} from '../../standins/bot-connector';
import { type Card, executeActions, readCard } from '../support/teams-cards';
import { type RealBot, startRealBot } from './real-bot';
import { cardOf } from './support';

jest.setTimeout(60_000);

let bot: RealBot;
let connector: BotConnectorStandIn;

beforeAll(async () => {
  // No "Working on …" placeholder here, however busy the machine: these tests read each click's first answer.
  bot = await startRealBot({ timing: { placeholderAfterMs: 30_000 } });
  connector = await startBotConnector();
});
afterAll(async () => {
  await connector?.close();
  await bot?.close();
});

/** An activity as the Bot Framework Emulator sends it: channelId "emulator", no Teams channelData. */
function emulatorActivity(fields: TestActivity): TestActivity {
  const activity = teamsActivity(connector.serviceUrl, 'personal', fields);
  return {
    ...activity,
    channelId: 'emulator',
    channelData: { clientActivityID: `client-${activity.id}` },
    conversation: { id: 'emulator-conversation-1' },
  };
}

/** Action.Submit buttons of a card: title and data. */
function submitActions(card: Card): Array<{ title: string; data: unknown }> {
  const found: Array<{ title: string; data: unknown }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Submit') found.push({ title: String(record.title), data: record.data });
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(card);
  return found;
}

async function replyTo(activity: TestActivity): Promise<Card> {
  expect((await sendToBot(bot.messagesUrl, activity)).status).toBe(200);
  const reply = await connector.waitFor(
    (c) => c.kind === 'reply' && c.activityId === activity.id && c.activity?.type === 'message',
    20_000,
  );
  return cardOf(reply.activity);
}

test('help: the Emulator gets Action.Submit with the data Teams gets in Action.Execute, and escaped placeholders', async () => {
  const teams = await replyTo(teamsMessage(connector.serviceUrl, 'help'));
  const emulator = await replyTo(emulatorActivity({ type: 'message', text: 'help', textFormat: 'plain' }));
  expect(executeActions(emulator)).toEqual([]);
  expect(JSON.stringify(emulator)).not.toContain('"verb"');
  const teamsButtons = executeActions(teams);
  expect(teamsButtons.length).toBeGreaterThan(0);
  expect(submitActions(emulator)).toEqual(teamsButtons.map(({ title, data }) => ({ title, data })));
  // Teams renders no HTML in cards: its text stays as written; Web Chat's markdown needs the backslash.
  expect(readCard(teams)).toContain('retry <item> [<item> …]');
  expect(readCard(emulator)).toContain('retry \\<item> [\\<item> …]');
});

test('an Action.Submit click from the Emulator is answered with a new message, never an update', async () => {
  connector.calls.length = 0;
  const click = emulatorActivity({ type: 'message', value: { v: 1, c: 'jobs failed', p: 2 } });
  const card = await replyTo(click);
  expect(readCard(card)).toMatch(/showing 12–29 of \d+ failed jobs/);
  await bot.wiring.teams.idle();
  expect(connector.calls.filter((c) => c.kind === 'update')).toEqual([]);
});

test('a proactive post to the Emulator carries Action.Submit, and its later update arrives as a new message', async () => {
  connector.calls.length = 0;
  const address = conversationAddressOf(emulatorActivity({ type: 'message', text: 'notify on' }));
  const reply: Reply = {
    view: 'help',
    model: {
      title: 'Backup failures',
      intro: 'vm-web-01 failed',
      commands: [],
      notes: [],
      buttons: [{ label: 'Failed jobs', payload: '{"v":1,"c":"jobs failed"}' }],
      generatedAt: 'test',
    },
    summaryText: 'Backup failures',
  };
  const ref = await bot.wiring.delivery.post(address, reply);
  const posted = await connector.waitForMessage('send');
  expect(submitActions(cardOf(posted.activity))).toEqual([{ title: 'Failed jobs', data: { v: 1, c: 'jobs failed' } }]);
  expect(ref?.updatesInPlace).toBe(false);

  const fixed = { ...reply, model: { ...reply.model, intro: 'vm-web-01 backed up since' } };
  await bot.wiring.progress.update(ref as NonNullable<typeof ref>, fixed);
  const again = await connector.waitFor(
    (c) => c.kind === 'send' && /backed up since/.test(readCard(cardOf(c.activity))),
  );
  expect(again.conversationId).toBe('emulator-conversation-1');
  expect(connector.calls.filter((c) => c.kind === 'update')).toEqual([]);
});
