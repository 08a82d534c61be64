// End to end with everything real but the cloud: Bot Connector stand-in → /api/messages → botbuilder → the real
// conversation core → the real backup data layer → the Azure stand-in over a generated estate → cards back at the
// stand-in; installs and removals go to the real store (embedded PGlite).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../../src/store';
import {
  type BotConnectorStandIn,
  CHANNEL_ID,
  sendToBot,
  startBotConnector,
  type TestActivity,
  teamsCardAction,
  teamsInstall,
  teamsMessage,
  teamsRemoval,
} from '../../standins/bot-connector';
import { countFailedJobs, type RealBot, startRealBot } from './real-bot';
import { cardOf, textsOf } from './support';

jest.setTimeout(90_000);

let dir: string;
let store: Store;
let bot: RealBot;
let connector: BotConnectorStandIn;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bcb-teams-e2e-'));
  store = await openStore({ dataDir: dir });
  bot = await startRealBot({ store });
});
afterAll(async () => {
  await bot?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  connector = await startBotConnector();
});
afterEach(async () => {
  await bot.wiring.teams.idle();
  await connector.close();
});

// biome-ignore lint/suspicious/noExplicitAny: cards are JSON.
type Card = any;
const executeActions = (card: Card): Array<{ title: string; data: unknown }> => {
  const found: Array<{ title: string; data: unknown }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute') found.push({ title: String(record.title), data: record.data });
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(card);
  return found;
};

/** The bot's final answer to a message: the reply, or the update of its placeholder when the answer was slow. */
async function answerTo(message: TestActivity): Promise<Card> {
  const reply = await connector.waitFor(
    (c) => c.kind === 'reply' && c.activityId === message.id && c.activity.type === 'message',
  );
  await bot.wiring.teams.idle();
  const update = connector.calls.find((c) => c.kind === 'update' && c.activityId === reply.newId);
  return cardOf((update ?? reply).activity);
}

test('install in a channel: the welcome card with the top commands, and the reference is stored', async () => {
  for (const activity of teamsInstall(connector.serviceUrl, 'channel')) {
    expect((await sendToBot(bot.messagesUrl, activity)).status).toBe(200);
  }
  const welcome = connector.messages();
  expect(welcome).toHaveLength(1);
  const card = cardOf(welcome[0]?.activity);
  expect(textsOf(card)[0]).toBe('Azure Backup, in chat');
  expect(executeActions(card).map((a) => a.title)).toEqual(
    expect.arrayContaining(['Summary', 'Failed jobs', 'Vaults']),
  );
  expect(await store.getConversation('teams', CHANNEL_ID)).toBeDefined();
});

test('a personal message "jobs failed": the jobs card counts exactly the failed jobs of the last 24 h', async () => {
  const expected = countFailedJobs(bot.estate);
  expect(expected).toBeGreaterThan(4);
  const message = teamsMessage(connector.serviceUrl, 'jobs failed');
  expect((await sendToBot(bot.messagesUrl, message)).status).toBe(200);
  const card = await answerTo(message);
  const texts = textsOf(card).join('\n');
  expect(texts).toContain('Failed jobs');
  expect(texts).toMatch(new RegExp(`of ${expected.toLocaleString('en-US')} failed jobs`));
  expect(JSON.stringify(card)).not.toContain('${');
});

test('a 190 KB message through /api/messages gets the too-long card, and the next message is answered', async () => {
  // "jobs failed" then 190 KB: parsed, it would be the jobs card; refused by its length, it is the error alone.
  const huge = teamsMessage(connector.serviceUrl, `jobs failed ${'x '.repeat(95_000)}`);
  expect((await sendToBot(bot.messagesUrl, huge)).status).toBe(200);
  const texts = textsOf(await answerTo(huge)).join('\n');
  expect(texts).toContain('That message is too long to be a command (190,011 characters; commands are at most 4,000).');
  expect(texts).not.toContain('Failed jobs');
  const next = teamsMessage(connector.serviceUrl, 'help');
  expect((await sendToBot(bot.messagesUrl, next)).status).toBe(200);
  expect(textsOf(await answerTo(next)).join('\n')).toContain('help');
});

test('a channel @mention "summary" is answered in its thread with the summary card', async () => {
  const message = teamsMessage(connector.serviceUrl, 'summary', 'channel');
  await sendToBot(bot.messagesUrl, message);
  const card = await answerTo(message);
  expect(textsOf(card)[0]).toMatch(/summary/i);
  const reply = connector.messages()[0];
  expect(reply?.conversationId).toBe(message.conversation.id);
});

test('clicking "Next page" on the jobs card answers the second page in the invoke response', async () => {
  const message = teamsMessage(connector.serviceUrl, 'jobs failed');
  await sendToBot(bot.messagesUrl, message);
  const first = await answerTo(message);
  const next = executeActions(first).find((a) => /next/i.test(a.title));
  expect(next).toBeDefined();
  const click = teamsCardAction(connector.serviceUrl, next?.data, 'the-jobs-card');
  const response = await sendToBot(bot.messagesUrl, click);
  expect(response.status).toBe(200);
  const body = response.body as { statusCode: number; type: string; value: Card };
  expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  const expected = countFailedJobs(bot.estate);
  expect(textsOf(body.value).join('\n')).toMatch(new RegExp(`showing 12–29 of ${expected} failed jobs`));
});

test('removal: the stored reference is deleted', async () => {
  for (const activity of teamsRemoval(connector.serviceUrl, 'channel')) {
    expect((await sendToBot(bot.messagesUrl, activity)).status).toBe(200);
  }
  expect(await store.getConversation('teams', CHANNEL_ID)).toBeUndefined();
  expect(connector.messages()).toEqual([]);
});

test('a click shows the times of the zone the person’s messages carry (Teams sends none with a click)', async () => {
  const message = { ...teamsMessage(connector.serviceUrl, 'jobs failed'), localTimezone: 'America/New_York' };
  await sendToBot(bot.messagesUrl, message);
  const first = await answerTo(message);
  expect(textsOf(first).join('\n')).toMatch(/as of .* EST/);
  const next = executeActions(first).find((a) => /next/i.test(a.title));
  const click: TestActivity = teamsCardAction(connector.serviceUrl, next?.data, 'the-jobs-card');
  delete click.localTimezone;
  const response = await sendToBot(bot.messagesUrl, click);
  const body = response.body as { value: Card };
  expect(textsOf(body.value).join('\n')).toMatch(/as of .* EST/);
  expect(await store.getSetting(`time-zone:teams:${String((message as TestActivity).from?.id)}`)).toBe(
    'America/New_York',
  );
});
