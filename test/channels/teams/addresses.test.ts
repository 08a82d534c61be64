// Every Teams request tells core where it came from (RequestOptions.conversation), as a channel-level address that
// the bot can post to later: seen by a handler plugged into the real core, then used by the real delivery.
import type { ConversationAddress } from '../../../src/core/conversation-port';
import { createViewHandlers } from '../../../src/core/views/handlers';
import {
  BOT,
  type BotConnectorStandIn,
  CHANNEL_ID,
  sendToBot,
  startBotConnector,
  teamsCardAction,
  teamsMessage,
  USER,
} from '../../standins/bot-connector';
import { type RealBot, startRealBot } from './real-bot';
import { cardOf, textsOf } from './support';

jest.setTimeout(60_000);

const seen: Array<ConversationAddress | undefined> = [];
let bot: RealBot;
let connector: BotConnectorStandIn;

beforeAll(async () => {
  const builtIn = createViewHandlers();
  bot = await startRealBot({
    handlers: {
      // The built-in help, plus a record of the conversation core handed to the handler (ViewContext.conversation).
      help: async (cmd, ctx) => {
        seen.push(ctx.conversation);
        return builtIn.help(cmd, ctx);
      },
    },
  });
  connector = await startBotConnector();
});
afterAll(async () => {
  await connector?.close();
  await bot?.close();
});

async function addressOf(activity: Record<string, unknown>): Promise<ConversationAddress | undefined> {
  const before = seen.length;
  expect((await sendToBot(bot.messagesUrl, activity)).status).toBe(200);
  await bot.wiring.teams.idle();
  expect(seen.length).toBe(before + 1);
  return seen.at(-1);
}

test('a personal-chat message carries the chat as its address', async () => {
  const message = teamsMessage(connector.serviceUrl, 'help');
  expect(await addressOf(message)).toEqual({
    platform: 'teams',
    key: message.conversation.id,
    data: expect.objectContaining({
      serviceUrl: connector.serviceUrl,
      channelId: 'msteams',
      conversation: expect.objectContaining({ id: message.conversation.id }),
      bot: expect.objectContaining({ id: BOT.id }),
      user: expect.objectContaining({ id: USER.id }),
    }),
  });
});

test('a message in a channel thread carries the channel, so a later post starts a new thread there', async () => {
  const message = teamsMessage(connector.serviceUrl, 'help', 'channel');
  expect(message.conversation.id).toContain(';messageid=');
  const address = await addressOf(message);
  expect(address).toMatchObject({ platform: 'teams', key: CHANNEL_ID, data: { conversation: { id: CHANNEL_ID } } });
  expect(JSON.parse(JSON.stringify(address))).toEqual(address);

  connector.calls.length = 0;
  const help = await bot.wiring.delivery.post(address as ConversationAddress, {
    view: 'help',
    model: { title: 'Posted later', intro: '', commands: [], notes: [], buttons: [], generatedAt: '' },
    summaryText: 'Posted later',
  });
  expect(help).toBeDefined();
  const [posted] = connector.messages();
  expect(posted).toMatchObject({ kind: 'send', conversationId: CHANNEL_ID });
  expect(textsOf(cardOf(posted?.activity))[0]).toBe('Posted later');
});

test('an Action.Execute click and an Action.Submit fallback carry their conversation too', async () => {
  const click = teamsCardAction(connector.serviceUrl, { v: 1, c: 'help' }, 'card-1');
  expect(await addressOf(click)).toMatchObject({ platform: 'teams', key: click.conversation.id });
  const submit = teamsMessage(connector.serviceUrl, '');
  submit.value = { v: 1, c: 'help' };
  submit.replyToId = 'card-2';
  expect(await addressOf(submit)).toMatchObject({ platform: 'teams', key: submit.conversation.id });
});

test('a playground message carries a playground address on the local connector', async () => {
  const started = await fetch(`${bot.origin}/playground/api/conversations`, { method: 'POST' });
  const { conversationId } = (await started.json()) as { conversationId: string };
  const before = seen.length;
  const said = await fetch(`${bot.origin}/playground/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'help' }),
  });
  expect(said.status).toBe(202);
  await bot.wiring.teams.idle();
  expect(seen.length).toBe(before + 1);
  expect(seen.at(-1)).toMatchObject({
    platform: 'playground',
    key: conversationId,
    data: { serviceUrl: `${bot.origin}/playground/connector/`, conversation: { id: conversationId } },
  });
});
