// Proactive posts in Teams: an address taken from a real request, posted to through the real adapter and connector
// client at the Bot Connector stand-in, and every refusal the stand-in can play classified as the scheduler needs it.
import { DeliveryRouter } from '../../../src/channels/delivery';
import type { ConversationAddress, Reply } from '../../../src/core/conversation-port';
import { DeliveryError } from '../../../src/core/delivery';
import {
  type BotConnectorStandIn,
  CHANNEL_ID,
  sendToBot,
  startBotConnector,
  teamsMessage,
  teamsRemoval,
} from '../../standins/bot-connector';
import { cardOf, createHelpCore, startTestBot, type TestBot, textsOf } from './support';

const digest: Reply = {
  view: 'help',
  model: {
    title: 'Daily backup digest',
    intro: 'Test',
    commands: [],
    notes: [],
    buttons: [],
    generatedAt: 'test',
  },
  summaryText: 'Daily backup digest',
};

const core = createHelpCore();
let connector: BotConnectorStandIn;
let bot: TestBot;
const removed: ConversationAddress[] = [];

beforeAll(async () => {
  connector = await startBotConnector();
  bot = await startTestBot({
    core,
    outbound: { maxRetryAfterS: 2, timeoutMs: 500 },
    onConversationRemoved: (address) => {
      removed.push(address);
    },
  });
});
afterAll(async () => {
  await bot.close();
  await connector.close();
});
beforeEach(() => {
  connector.calls.length = 0;
  connector.attempts.length = 0;
});

/** The address core gets with a channel message: the channel, not the thread the message is in. */
async function channelAddress(): Promise<ConversationAddress> {
  await sendToBot(bot.url, teamsMessage(connector.serviceUrl, 'summary', 'channel'));
  const address = core.calls.at(-1)?.options?.conversation;
  expect(address).toBeDefined();
  connector.calls.length = 0;
  connector.attempts.length = 0;
  return address as ConversationAddress;
}

async function refusal(promise: Promise<unknown>): Promise<DeliveryError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

const sends = (calls = connector.attempts) => calls.filter((c) => c.kind === 'send' || c.kind === 'reply');

test('a post is one new message with the card in the channel; its ref lets a later update land on it', async () => {
  const address = await channelAddress();
  expect(address).toMatchObject({ platform: 'teams', key: CHANNEL_ID });
  const ref = await bot.channel.delivery.post(address, digest);
  expect(connector.calls.map((c) => c.kind)).toEqual(['send']);
  const [sent] = connector.calls;
  // A new post in the channel (a new thread), not a reply in the thread the address was learnt from.
  expect(sent?.conversationId).toBe(CHANNEL_ID);
  expect(textsOf(cardOf(sent?.activity))[0]).toBe('Daily backup digest');
  expect(ref).toMatchObject({ platform: 'teams', data: { activityId: sent?.newId } });

  await bot.channel.progress.update(ref as NonNullable<typeof ref>, { ...digest, summaryText: 'Updated' });
  const update = connector.calls.at(-1);
  expect(update).toMatchObject({ kind: 'update', conversationId: CHANNEL_ID, activityId: sent?.newId });
});

test.each([
  [403, 'BotNotInConversationRoster'],
  [404, 'ConversationNotFound'],
])('a %i (%s) means the conversation is gone, after one attempt', async (status, code) => {
  const address = await channelAddress();
  connector.failNext(CHANNEL_ID, { status, code, message: 'The bot is not part of the conversation roster.' });
  const err = await refusal(bot.channel.delivery.post(address, digest));
  expect(err).toMatchObject({ kind: 'gone', code });
  expect(sends()).toHaveLength(1);
  expect(connector.calls).toEqual([]);
});

test('a 429 is waited out (Retry-After) and sent again: exactly one message', async () => {
  const address = await channelAddress();
  connector.failNext(CHANNEL_ID, { status: 429, code: 'TooManyRequests', retryAfter: 1 });
  const started = Date.now();
  const ref = await bot.channel.delivery.post(address, digest);
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  expect(sends().map((c) => c.status)).toEqual([429, 200]);
  expect(connector.calls.filter((c) => c.kind === 'send')).toHaveLength(1);
  expect(ref).toBeDefined();
});

test('a Retry-After longer than allowed is not waited for: failed, nothing posted', async () => {
  const address = await channelAddress();
  connector.failNext(CHANNEL_ID, { status: 429, code: 'TooManyRequests', retryAfter: 30 });
  const err = await refusal(bot.channel.delivery.post(address, digest));
  expect(err.kind).toBe('failed');
  expect(sends()).toHaveLength(1);
});

test('a 500 fails at once and is never re-sent (the library would have tried three more times)', async () => {
  const address = await channelAddress();
  connector.failNext(CHANNEL_ID, { status: 500, code: 'ServiceError' });
  const err = await refusal(bot.channel.delivery.post(address, digest));
  expect(err).toMatchObject({ kind: 'failed', code: 'ServiceError' });
  // The library's own retry would come after about a second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(sends()).toHaveLength(1);
});

test('no answer within the timeout: failed and not re-sent, since the connector may have posted', async () => {
  const address = await channelAddress();
  connector.latencyMs = 1_000;
  try {
    const err = await refusal(bot.channel.delivery.post(address, digest));
    expect(err.kind).toBe('failed');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sends()).toHaveLength(1);
  } finally {
    connector.latencyMs = 0;
  }
});

test('an address naming a service URL the bot was not set up for is refused, unsent', async () => {
  const address = await channelAddress();
  const data = address.data as { serviceUrl: string };
  for (const serviceUrl of ['https://smba.example.net/teams/', 'http://10.1.2.3/', 'file:///etc/passwd']) {
    const err = await refusal(bot.channel.delivery.post({ ...address, data: { ...data, serviceUrl } }, digest));
    expect(err).toMatchObject({ kind: 'failed', code: 'service-url-refused' });
  }
  const malformed = await refusal(bot.channel.delivery.post({ ...address, data: { serviceUrl: 'x' } }, digest));
  expect(malformed).toMatchObject({ kind: 'failed', code: 'bad-address' });
  expect(connector.attempts).toEqual([]);
});

test('a card update (PUT, safe to repeat) gets past a passing 502; a 404 reaches the caller instead of vanishing', async () => {
  const address = await channelAddress();
  const ref = (await bot.channel.delivery.post(address, digest)) as NonNullable<
    Awaited<ReturnType<typeof bot.channel.delivery.post>>
  >;
  connector.failNext(CHANNEL_ID, { status: 502, code: 'BadGateway', on: 'update' });
  await bot.channel.progress.update(ref, digest);
  expect(connector.attempts.filter((c) => c.kind === 'update').map((c) => c.status)).toEqual([502, 200]);
  connector.failNext(CHANNEL_ID, { status: 404, code: 'ActivityNotFound', on: 'update' });
  await expect(bot.channel.progress.update(ref, digest)).rejects.toMatchObject({ statusCode: 404 });
});

test('tell is unsupported in Teams (no chat with a person without their own reference)', async () => {
  const err = await refusal(bot.channel.delivery.tell('teams', '29:someone', digest));
  expect(err).toMatchObject({ kind: 'failed', code: 'unsupported' });
});

test('the router sends each address to its platform and refuses one with no running channel', async () => {
  const router = new DeliveryRouter();
  router.register(['teams', 'playground'], bot.channel.delivery);
  const address = await channelAddress();
  await router.post(address, digest);
  expect(connector.calls.map((c) => c.kind)).toEqual(['send']);
  const err = await refusal(router.post({ platform: 'slack', key: 'C1', data: { channel: 'C1' } }, digest));
  expect(err).toMatchObject({ kind: 'failed', code: 'no-channel' });
  expect(await refusal(router.tell('slack', 'U1', digest))).toMatchObject({ code: 'no-channel' });
});

test('removing the bot from a channel tells the rest of the bot which conversation is gone', async () => {
  removed.length = 0;
  for (const activity of teamsRemoval(connector.serviceUrl, 'channel')) await sendToBot(bot.url, activity);
  expect(removed.length).toBeGreaterThanOrEqual(1);
  expect(removed[0]).toMatchObject({
    platform: 'teams',
    key: CHANNEL_ID,
    data: { serviceUrl: connector.serviceUrl, conversation: { id: CHANNEL_ID } },
  });
});
