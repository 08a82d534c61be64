// Buttons marked "new message" (`n: 1`, a digest's links into other views): the clicked card stays as it was and the
// answer is posted as a new message, for Action.Execute and for the Action.Submit fallback of older clients.
import {
  type BotConnectorStandIn,
  sendToBot,
  startBotConnector,
  teamsCardAction,
  teamsMessage,
} from '../../standins/bot-connector';
import { cardOf, createHelpCore, startTestBot, type TestBot, textsOf } from './support';

let connector: BotConnectorStandIn;
beforeEach(async () => {
  connector = await startBotConnector();
});
afterEach(async () => {
  await connector.close();
});

const NEW_MESSAGE = { v: 1, c: 'jobs failed', n: 1 };

describe('a fast core', () => {
  const core = createHelpCore();
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ core });
  });
  afterAll(async () => bot.close());

  test('Action.Execute: a message invoke response, the answer as a new post, the clicked card untouched', async () => {
    const click = teamsCardAction(connector.serviceUrl, NEW_MESSAGE, 'digest-card-1');
    const response = await sendToBot(bot.url, click);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Opening jobs failed…',
    });
    const posted = await connector.waitForMessage('send');
    expect(posted.conversationId).toBe(click.conversation.id);
    expect(textsOf(cardOf(posted.activity))[0]).toBe('You clicked: jobs failed page 1');
    await bot.channel.idle();
    expect(connector.messages().map((c) => c.kind)).toEqual(['send']);
    // Nothing may later update the digest either: the request carried no ref of the clicked card.
    expect(core.calls.at(-1)?.options?.messageRef).toBeUndefined();
    expect(core.calls.at(-1)?.options?.conversation).toMatchObject({ platform: 'teams' });
  });

  test('a stashed (long) payload with the flag opens a new message too', async () => {
    const click = teamsCardAction(connector.serviceUrl, '{"v":1,"s":"stash-id","n":1}', 'digest-card-2');
    const response = await sendToBot(bot.url, click);
    expect((response.body as { type: string }).type).toBe('application/vnd.microsoft.activity.message');
    await connector.waitForMessage('send');
    await bot.channel.idle();
    expect(connector.calls.some((c) => c.kind === 'update')).toBe(false);
  });

  test('Action.Submit fallback with the flag posts a new message and never updates the clicked card', async () => {
    const submit = teamsMessage(connector.serviceUrl, '');
    submit.value = NEW_MESSAGE;
    submit.replyToId = 'digest-card-3';
    await sendToBot(bot.url, submit);
    const answer = await connector.waitFor((c) => c.activity?.type === 'message');
    expect(answer.kind).toBe('reply');
    expect(textsOf(cardOf(answer.activity))[0]).toBe('You clicked: jobs failed page 1');
    await bot.channel.idle();
    expect(connector.calls.some((c) => c.kind === 'update')).toBe(false);
    expect(core.calls.at(-1)?.options?.messageRef).toBeUndefined();
  });
});

describe('a slow core', () => {
  const core = createHelpCore({ delayMs: 1_500 });
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ core, timing: { placeholderAfterMs: 100, invokeBudgetMs: 100 } });
  });
  afterAll(async () => bot.close());

  test('Action.Execute: answered at once; a working card is posted, then updated with the answer', async () => {
    const click = teamsCardAction(connector.serviceUrl, NEW_MESSAGE, 'digest-card-4');
    const started = Date.now();
    const response = await sendToBot(bot.url, click);
    expect(Date.now() - started).toBeLessThan(1_200); // the answer takes 1.5 s; a loaded runner stalls for a few hundred ms
    expect((response.body as { type: string }).type).toBe('application/vnd.microsoft.activity.message');
    const placeholder = await connector.waitForMessage('send');
    expect(textsOf(cardOf(placeholder.activity))[0]).toBe('Working on jobs failed…');
    const update = await connector.waitForMessage('update');
    expect(update.activityId).toBe(placeholder.newId);
    expect(textsOf(cardOf(update.activity))[0]).toBe('You clicked: jobs failed page 1');
    expect(connector.calls.some((c) => c.activityId === 'digest-card-4')).toBe(false);
  });

  test('a placeholder that can no longer be updated: the answer is posted as a new message instead', async () => {
    const click = teamsCardAction(connector.serviceUrl, NEW_MESSAGE, 'digest-card-6');
    connector.failNext(click.conversation.id, { status: 404, code: 'ActivityNotFound', on: 'update' });
    await sendToBot(bot.url, click);
    await connector.waitForMessage('send');
    await bot.channel.idle();
    const sent = connector.messages().filter((c) => c.kind === 'send');
    expect(sent.map((c) => textsOf(cardOf(c.activity))[0])).toEqual([
      'Working on jobs failed…',
      'You clicked: jobs failed page 1',
    ]);
  });

  test('Action.Submit fallback: a working reply first, updated in place; the clicked card untouched', async () => {
    const submit = teamsMessage(connector.serviceUrl, '');
    submit.value = NEW_MESSAGE;
    submit.replyToId = 'digest-card-5';
    await sendToBot(bot.url, submit);
    const placeholder = await connector.waitForMessage('reply');
    expect(textsOf(cardOf(placeholder.activity))[0]).toBe('Working on jobs failed…');
    const update = await connector.waitForMessage('update');
    expect(update.activityId).toBe(placeholder.newId);
    expect(connector.calls.some((c) => c.activityId === 'digest-card-5' && c.kind === 'update')).toBe(false);
  });
});
