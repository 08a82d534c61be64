// Install and removal end to end, with the real store (embedded PGlite): Teams announces an install twice and the bot
// welcomes once and keeps the conversation reference; removal deletes it; a later re-install welcomes again.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../../src/store';
import {
  BOT,
  type BotConnectorStandIn,
  CHANNEL_ID,
  sendToBot,
  startBotConnector,
  TENANT_ID,
  teamsActivity,
  teamsInstall,
  teamsMessage,
  teamsRemoval,
} from '../../standins/bot-connector';
import { cardOf, createHelpCore, startTestBot, type TestBot, textsOf } from './support';

jest.setTimeout(60_000);

let dir: string;
let store: Store;
let connector: BotConnectorStandIn;
let bot: TestBot;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bcb-teams-'));
  store = await openStore({ dataDir: dir });
  connector = await startBotConnector();
  bot = await startTestBot({ core: createHelpCore(), store });
});
afterAll(async () => {
  await bot.close();
  await connector.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const welcomes = () =>
  connector.messages().filter((call) => textsOf(cardOf(call.activity))[0] === 'Welcome to Backup Center');

test('installing in a team channel: one welcome card, and the channel’s reference is stored', async () => {
  for (const activity of teamsInstall(connector.serviceUrl, 'channel')) {
    expect((await sendToBot(bot.url, activity)).status).toBe(200);
  }
  expect(welcomes()).toHaveLength(1);
  expect(welcomes()[0]?.conversationId).toBe(CHANNEL_ID);
  const stored = await store.getConversation('teams', CHANNEL_ID);
  expect(stored).toMatchObject({ tenantId: TENANT_ID, channel: CHANNEL_ID });
  expect(stored?.reference).toMatchObject({
    serviceUrl: connector.serviceUrl,
    channelId: 'msteams',
    bot: { id: BOT.id },
    conversation: { id: CHANNEL_ID },
  });
});

test('someone else joining the channel gets no welcome', async () => {
  const joined = teamsActivity(connector.serviceUrl, 'channel', {
    type: 'conversationUpdate',
    membersAdded: [{ id: '29:someone-else' }],
  });
  await sendToBot(bot.url, joined);
  expect(welcomes()).toHaveLength(1);
});

test('removing the bot deletes the reference; installing again welcomes again', async () => {
  for (const activity of teamsRemoval(connector.serviceUrl, 'channel')) {
    expect((await sendToBot(bot.url, activity)).status).toBe(200);
  }
  expect(await store.getConversation('teams', CHANNEL_ID)).toBeUndefined();
  for (const activity of teamsInstall(connector.serviceUrl, 'channel')) await sendToBot(bot.url, activity);
  expect(welcomes()).toHaveLength(2);
  expect(await store.getConversation('teams', CHANNEL_ID)).toBeDefined();
});

test('a personal install is stored under the chat’s id', async () => {
  const [install] = teamsInstall(connector.serviceUrl, 'personal');
  await sendToBot(bot.url, install as object);
  const stored = await store.getConversation('teams', install?.conversation.id);
  expect(stored?.channel).toBe('personal');
});

test('a conversation the store has never seen is remembered on its first message', async () => {
  const message = teamsMessage(connector.serviceUrl, 'summary', 'groupChat');
  await sendToBot(bot.url, message);
  await bot.channel.idle();
  expect(await store.getConversation('teams', '19:group-chat@thread.v2')).toMatchObject({ channel: 'groupChat' });
});

test('a channel thread is remembered as its channel: proactive posts start a new thread', async () => {
  await store.deleteConversation('teams', CHANNEL_ID);
  const message = teamsMessage(connector.serviceUrl, 'summary', 'channel');
  expect(message.conversation.id).toContain(';messageid=');
  await sendToBot(bot.url, message);
  await bot.channel.idle();
  const stored = await store.getConversation('teams', CHANNEL_ID);
  expect(stored?.reference).toMatchObject({ conversation: { id: CHANNEL_ID } });
});
