// POST /api/messages at the HTTP edge: malformed requests get a 4xx that says why; a failing core or a broken card
// gets a short answer with a ref for the person and the details in the log, never a stack trace.
import { isLoopbackAddress, isLoopbackUrl } from '../../../src/channels/teams/loopback';
import type { ConversationCore } from '../../../src/core/conversation-port';
import {
  type BotConnectorStandIn,
  sendToBot,
  startBotConnector,
  teamsCardAction,
  teamsMessage,
} from '../../standins/bot-connector';
import { cardOf, createHelpCore, startTestBot, type TestBot, textsOf } from './support';

let connector: BotConnectorStandIn;
beforeAll(async () => {
  connector = await startBotConnector();
});
afterAll(async () => connector.close());

describe('malformed requests', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ core: createHelpCore() });
  });
  afterAll(async () => bot.close());

  test('a body that is not JSON is a 400', async () => {
    const response = await fetch(bot.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toMatch(/\n\s+at /);
  });

  test('an activity without a type or a serviceUrl is a 400 that names what is missing', async () => {
    const noType = await sendToBot(bot.url, { conversation: { id: 'c' }, serviceUrl: connector.serviceUrl });
    expect(noType).toMatchObject({ status: 400, body: { message: 'the activity has no type' } });
    const noServiceUrl = await sendToBot(bot.url, { type: 'message', conversation: { id: 'c' } });
    expect(noServiceUrl).toMatchObject({
      status: 400,
      body: { message: 'the activity needs serviceUrl and conversation.id' },
    });
  });

  test('without an app id, replies may only go to this machine (no open relay)', async () => {
    const response = await sendToBot(bot.url, teamsMessage('https://smba.trafficmanager.net/emea/', 'help'));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ message: expect.stringContaining('MICROSOFT_APP_ID') });
  });

  test('an activity type the bot does not handle is acknowledged and ignored', async () => {
    const before = connector.calls.length;
    const response = await sendToBot(bot.url, { ...teamsMessage(connector.serviceUrl, ''), type: 'messageReaction' });
    expect(response.status).toBe(200);
    expect(connector.calls.length).toBe(before);
  });
});

describe('failures inside the bot', () => {
  const broken: ConversationCore = {
    handleText: async () => {
      throw new Error('boom: secret internals at /src/core/x.ts:12');
    },
    handleAction: async () => ({ view: 'help', model: { not: 'a help model' }, summaryText: 'Broken card' }),
    welcome: async () => {
      throw new Error('boom');
    },
    working: (_caller, what) => ({ view: 'help', model: {}, summaryText: `Working on ${what}` }),
  };
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ core: broken });
  });
  afterAll(async () => bot.close());

  test('a core that throws: the person gets "something went wrong (ref …)", the log gets the error', async () => {
    await sendToBot(bot.url, teamsMessage(connector.serviceUrl, 'jobs'));
    const answer = await connector.waitForMessage('reply');
    const [text] = textsOf(cardOf(answer.activity));
    expect(text).toMatch(/^Something went wrong \(ref [0-9a-f]{8}\)\.$/);
    const ref = /ref ([0-9a-f]{8})/.exec(text ?? '')?.[1] ?? 'none';
    expect(JSON.stringify(answer.activity)).not.toContain('boom');
    expect(bot.logText()).toContain(ref);
    expect(bot.logText()).toContain('boom');
  });

  test('a card that cannot be rendered becomes a text card with the summary and a ref', async () => {
    const response = await sendToBot(bot.url, teamsCardAction(connector.serviceUrl, { v: 1, c: 'summary' }, 'm'));
    expect(response.status).toBe(200);
    const [text] = textsOf((response.body as { value: unknown }).value);
    expect(text).toMatch(/^Broken card\n\n\(The card could not be shown; ref [0-9a-f]{8}\.\)$/);
  });
});

describe('what counts as "this machine" without an app id', () => {
  test.each([
    ['http://localhost:3978/', true],
    ['http://127.0.0.1:50123/playground/connector/', true],
    ['http://[::1]:9000/', true],
    ['https://smba.trafficmanager.net/amer/', false],
    ['http://127.0.0.1.evil.example/', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('serviceUrl %s → %s', (url, local) => {
    expect(isLoopbackUrl(url)).toBe(local);
  });

  test.each([
    ['127.0.0.1', true],
    ['::ffff:127.0.0.1', true],
    ['::1', true],
    ['10.0.0.5', false],
    ['::ffff:192.168.1.9', false],
    [undefined, false],
  ])('client address %s → %s', (address, local) => {
    expect(isLoopbackAddress(address)).toBe(local);
  });
});
