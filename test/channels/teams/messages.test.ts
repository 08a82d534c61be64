// Teams messages and card actions end to end: Bot Connector stand-in → POST /api/messages → botbuilder → a
// ConversationCore answering with the help view → replies, placeholders and updates back at the stand-in.
import {
  BOT,
  type BotConnectorStandIn,
  CHANNEL_ID,
  sendToBot,
  startBotConnector,
  type TestActivity,
  teamsCardAction,
  teamsMessage,
  USER,
} from '../../standins/bot-connector';
import { cardOf, createHelpCore, startTestBot, type TestBot, textsOf } from './support';

let connector: BotConnectorStandIn;
beforeEach(async () => {
  connector = await startBotConnector();
});
afterEach(async () => {
  await connector.close();
});

describe('a fast core', () => {
  const core = createHelpCore();
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ core });
  });
  afterAll(async () => bot.close());

  test('a personal-chat message gets a typing indicator, then the answer card as a reply', async () => {
    const message = teamsMessage(connector.serviceUrl, 'jobs failed');
    const response = await sendToBot(bot.url, message);
    expect(response.status).toBe(200);
    const [typing, answer] = connector.calls;
    expect(typing?.activity.type).toBe('typing');
    expect(answer?.kind).toBe('reply');
    expect(answer?.activityId).toBe(message.id);
    expect(answer?.conversationId).toBe(message.conversation.id);
    expect(textsOf(cardOf(answer?.activity))[0]).toBe('You asked: jobs failed');
    expect(answer?.activity.summary).toBe('You asked: jobs failed');
    const asked = core.calls.at(-1);
    expect(asked?.caller).toMatchObject({
      platform: 'teams',
      userId: USER.id,
      userName: USER.name,
      aadObjectId: USER.aadObjectId,
      timeZone: 'Europe/Berlin',
    });
  });

  test('a channel @mention is answered in its thread, without the mention in the question', async () => {
    const message = teamsMessage(connector.serviceUrl, 'jobs failed since:7d', 'channel');
    expect(message.text).toBe('<at>Backup</at> jobs failed since:7d');
    await sendToBot(bot.url, message);
    const answer = await connector.waitForMessage('reply');
    expect(answer.conversationId).toBe(message.conversation.id);
    expect(textsOf(cardOf(answer.activity))[0]).toBe('You asked: jobs failed since:7d');
    expect(core.calls.at(-1)?.caller.channelId).toBe(CHANNEL_ID);
  });

  test('a group chat message with a mention is answered in the chat', async () => {
    const message = teamsMessage(connector.serviceUrl, 'summary', 'groupChat');
    await sendToBot(bot.url, message);
    const answer = await connector.waitForMessage('reply');
    expect(answer.conversationId).toBe('19:group-chat@thread.v2');
    expect(textsOf(cardOf(answer.activity))[0]).toBe('You asked: summary');
  });

  test('Action.Execute answers the refreshed card in the invoke response, with nothing posted', async () => {
    const click = teamsCardAction(connector.serviceUrl, { v: 1, c: 'jobs failed', p: 2 }, 'card-message-1');
    const response = await sendToBot(bot.url, click);
    expect(response.status).toBe(200);
    const body = response.body as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textsOf(body.value)[0]).toBe('You clicked: jobs failed page 2');
    expect(connector.calls).toEqual([]);
  });

  test('an older client’s Action.Submit (a message with value) updates the clicked card in place', async () => {
    const submit = teamsMessage(connector.serviceUrl, '');
    submit.value = { v: 1, c: 'jobs failed', p: 3 };
    submit.replyToId = 'card-message-2';
    await sendToBot(bot.url, submit);
    const update = await connector.waitForMessage('update');
    expect(update.activityId).toBe('card-message-2');
    expect(textsOf(cardOf(update.activity))[0]).toBe('You clicked: jobs failed page 3');
  });

  test('Bot Framework Emulator (no app id, no token): the bot joins with a welcome and answers', async () => {
    const emulator = { channelId: 'emulator', channelData: {}, from: { id: 'emulator-user', name: 'User' } };
    const joined = {
      ...teamsMessage(connector.serviceUrl, ''),
      ...emulator,
      type: 'conversationUpdate',
      membersAdded: [{ id: 'emulator-user' }, { id: BOT.id }],
    };
    expect((await sendToBot(bot.url, joined)).status).toBe(200);
    expect(textsOf(cardOf((await connector.waitForMessage('reply')).activity))[0]).toBe('Welcome to Backup Center');
    const message: TestActivity = { ...teamsMessage(connector.serviceUrl, 'vaults'), ...emulator };
    await sendToBot(bot.url, message);
    const answer = await connector.waitFor(
      (c) => c.kind === 'reply' && c.activityId === message.id && c.activity.type === 'message',
    );
    expect(textsOf(cardOf(answer.activity))[0]).toBe('You asked: vaults');
    expect(core.calls.at(-1)?.caller).toMatchObject({ platform: 'playground', userId: 'emulator-user' });
  });

  test('a click that is not Action.Execute gets an error invoke response, not a crash', async () => {
    const click = teamsCardAction(connector.serviceUrl, { v: 1, c: 'jobs' }, 'm');
    click.value.action.type = 'Action.Submit';
    const response = await sendToBot(bot.url, click);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
  });
});

describe('a slow core', () => {
  const core = createHelpCore({ delayMs: 1_500 });
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ core, timing: { placeholderAfterMs: 100, invokeBudgetMs: 100 } });
  });
  afterAll(async () => bot.close());

  test('a message posts the working placeholder, then updates it in place with the answer', async () => {
    const message = teamsMessage(connector.serviceUrl, 'jobs failed');
    await sendToBot(bot.url, message);
    const placeholder = await connector.waitForMessage('reply');
    expect(textsOf(cardOf(placeholder.activity))[0]).toBe('Working on jobs failed…');
    const update = await connector.waitForMessage('update');
    expect(update.activityId).toBe(placeholder.newId);
    expect(textsOf(cardOf(update.activity))[0]).toBe('You asked: jobs failed');
    expect(update.at - placeholder.at).toBeGreaterThanOrEqual(200);
    expect(connector.messages().map((call) => call.kind)).toEqual(['reply', 'update']);
  });

  test('a click answers the working card at once, then updates the clicked message', async () => {
    const click = teamsCardAction(connector.serviceUrl, '{"v":1,"c":"jobs failed","p":2}', 'card-message-3');
    const started = Date.now();
    const response = await sendToBot(bot.url, click);
    expect(Date.now() - started).toBeLessThan(1_200); // the answer takes 1.5 s; a loaded runner stalls for a few hundred ms
    expect(textsOf((response.body as { value: unknown }).value)[0]).toBe('Working on jobs failed…');
    const update = await connector.waitForMessage('update');
    expect(update.activityId).toBe('card-message-3');
    expect(textsOf(cardOf(update.activity))[0]).toBe('You clicked: jobs failed page 2');
  });
});
