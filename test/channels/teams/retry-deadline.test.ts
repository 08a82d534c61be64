// Retry's item lookups under the answer deadline in Teams, end to end: Bot Framework activities → the real core and
// retry workflow (ANSWER_DEADLINE_SECONDS=3) → the Azure stand-in with Resource Graph hanging → the card posted to the
// Bot Connector stand-in. `retry <item>` is "Azure did not answer in time" with Try again by the deadline (never "no
// backup item matches"), and once Azure answers the next `retry` is confirmed in time (the lookups let go of their slots).
import {
  type BotConnectorStandIn,
  sendToBot,
  startBotConnector,
  type TestActivity,
  teamsMessage,
  USER,
} from '../../standins/bot-connector';
import { pickRetryVms, type RetryBot, startRetryBot } from '../support/retry-bot';
import { type Card, executeActions, readCard } from '../support/teams-cards';
import { cardOf } from './support';

jest.setTimeout(120_000);

const DEADLINE_MS = 3_000;
let bot: RetryBot;
let connector: BotConnectorStandIn;

beforeAll(async () => {
  bot = await startRetryBot({
    allow: [`teams:user:${USER.aadObjectId}`],
    env: { ANSWER_DEADLINE_SECONDS: '3' },
  });
  connector = await startBotConnector();
});
afterAll(async () => {
  await connector?.close();
  await bot?.close();
});
afterEach(() => bot.sim.admin.clearFaults());

/** The card answering a typed message (the retry bot posts no working card before 15 s), and how long it took. */
async function say(text: string): Promise<{ card: Card; ms: number }> {
  const started = Date.now();
  const message: TestActivity = teamsMessage(connector.serviceUrl, text);
  expect((await sendToBot(bot.messagesUrl, message)).status).toBe(200);
  const reply = await connector.waitFor(
    (c) => c.kind === 'reply' && c.activityId === message.id && c.activity?.type === 'message',
    30_000,
  );
  return { card: cardOf(reply.activity), ms: Date.now() - started };
}

const labels = (card: Card) => executeActions(card).map((a) => a.title);

test('Resource Graph hangs: `retry <item>` is "did not answer in time" by the deadline, then confirmed once Azure answers', async () => {
  const item = pickRetryVms(bot.estate).vms[0];
  if (!item) throw new Error('the demo estate has a retryable VM');
  bot.sim.admin.setFaults({ rules: [{ target: 'arg', timeoutMs: 'forever' }] });
  const asked = await Promise.all([1, 2, 3, 4, 5].map(() => say(`retry ${item.id}`)));
  for (const { card, ms } of asked) {
    expect(ms).toBeLessThan(DEADLINE_MS + 5_000);
    expect(readCard(card)).toContain('Azure did not answer in time');
    expect(readCard(card)).not.toMatch(/No backup item matches|not found/i);
    expect(labels(card)).toEqual(['Try again']);
  }

  bot.sim.admin.clearFaults();
  const { card } = await say(`retry ${item.id}`);
  expect(readCard(card)).not.toContain('Azure did not answer in time');
  expect(labels(card)).toContain('Start backup');
});
