// The answer deadline end to end in Teams: Bot Connector stand-in → /api/messages → the real core (4 s deadline) →
// the real data layer → the Azure stand-in with its fault flags. A hang gives the working card, then "Azure did not
// answer in time" with Try again (which answers once Azure is back), as do dropped connections and a trickling
// answer; pages that came before a hang are a labelled partial answer; a 429 with Retry-After: 120 is answered at once.
import {
  type BotConnectorStandIn,
  type ConnectorCall,
  sendToBot,
  startBotConnector,
  type TestActivity,
  teamsCardAction,
  teamsMessage,
} from '../../standins/bot-connector';
import { type RealBot, startRealBot } from './real-bot';
import { cardOf, textsOf } from './support';

jest.setTimeout(60_000);

const DEADLINE_MS = 4_000;
let bot: RealBot;
let connector: BotConnectorStandIn;

beforeAll(async () => {
  // Five rows a page, so a vault list takes two Resource Graph pages (the second can be made to hang).
  bot = await startRealBot({ answerDeadlineMs: DEADLINE_MS, arg: { pageSize: 5 } });
});
afterAll(async () => {
  await bot?.close();
});
beforeEach(async () => {
  connector = await startBotConnector();
});
afterEach(async () => {
  bot.azure.sim?.admin.clearFaults();
  await bot.wiring.teams.idle();
  await connector.close();
});

const faults = () => {
  const sim = bot.azure.sim;
  if (!sim) throw new Error('the real bot runs the stand-in in process');
  return sim.admin;
};

// biome-ignore lint/suspicious/noExplicitAny: cards are JSON.
type Card = any;
function executeActions(card: Card): Array<{ title: string; data: unknown }> {
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
}

/** Sends `text` and returns the first reply (placeholder or answer) and the final answer, with their times. */
async function ask(
  text: string,
): Promise<{ first: ConnectorCall; final: ConnectorCall; firstMs: number; finalMs: number }> {
  const message: TestActivity = teamsMessage(connector.serviceUrl, text);
  const started = Date.now();
  expect((await sendToBot(bot.messagesUrl, message)).status).toBe(200);
  const first = await connector.waitFor(
    (c) => c.kind === 'reply' && c.activityId === message.id && c.activity.type === 'message',
    15_000,
  );
  const firstMs = Date.now() - started;
  const isWorking = textsOf(cardOf(first.activity)).some((t) => /Working on/.test(t));
  if (!isWorking) return { first, final: first, firstMs, finalMs: firstMs };
  const final = await connector.waitFor((c) => c.kind === 'update' && c.activityId === first.newId, 15_000);
  return { first, final, firstMs, finalMs: Date.now() - started };
}

test('Resource Graph hangs: the working card, then "did not answer in time" with Try again, which answers once Azure is back', async () => {
  faults().setFaults({ rules: [{ target: 'arg', timeoutMs: 'forever' }] });
  const { first, final, firstMs, finalMs } = await ask('jobs failed since:7d');
  expect(textsOf(cardOf(first.activity))[0]).toMatch(/Working on/);
  // Placeholder after 1.5 s, the deadline at 4 s: bounds loose enough for a loaded runner.
  expect(firstMs).toBeLessThan(DEADLINE_MS);
  expect(finalMs).toBeGreaterThanOrEqual(DEADLINE_MS - 2_000);
  expect(finalMs).toBeLessThan(DEADLINE_MS + 4_000);
  const card = cardOf(final.activity);
  const texts = textsOf(card).join('\n');
  expect(texts).toContain('Azure did not answer in time');
  expect(texts).toContain('Azure did not answer within 4 s, so the bot stopped waiting.');
  const tryAgain = executeActions(card).find((a) => a.title === 'Try again');
  expect(tryAgain).toBeDefined();

  // Azure is back: Try again runs the same command, and its answer is posted as a new message.
  faults().clearFaults();
  const click = teamsCardAction(connector.serviceUrl, tryAgain?.data, final.activityId ?? '', 'cmd:error');
  expect((await sendToBot(bot.messagesUrl, click)).status).toBe(200);
  const answered = await connector.waitFor(
    (c) =>
      c.activity?.type === 'message' &&
      textsOf(cardOf(c.activity)).some((t) => /failed jobs/i.test(t)) &&
      !textsOf(cardOf(c.activity)).some((t) => /Working on/.test(t)),
    15_000,
  );
  expect(textsOf(cardOf(answered.activity)).join('\n')).toMatch(/last 7 days/);
});

test('pages that came before Resource Graph stopped answering: a partial answer labelled with what is missing', async () => {
  // The first of the vault list's two pages comes, then every request hangs.
  faults().setFaults({ rules: [{ target: 'arg', afterRequests: 1, timeoutMs: 'forever' }] });
  const { final, finalMs } = await ask('vaults');
  expect(finalMs).toBeLessThan(DEADLINE_MS + 4_000);
  const texts = textsOf(cardOf(final.activity)).join('\n');
  expect(texts).not.toContain('did not answer in time');
  expect(texts).toMatch(
    /Partial answer: .*had not answered when the answer was due \(only its first 5 rows were read\)/,
  );
});

test.each([
  ['drops every connection', 'jobs running', { timeoutMs: 50 }],
  ['trickles its answers a few bytes at a time', 'jobs all', { trickleMs: 60_000 }],
])('Resource Graph %s: "did not answer in time" by the deadline', async (_what, command, fault) => {
  faults().setFaults({ rules: [{ target: 'arg', ...fault }] });
  const { final, finalMs } = await ask(command);
  expect(finalMs).toBeLessThan(DEADLINE_MS + 4_000);
  const card = cardOf(final.activity);
  expect(textsOf(card).join('\n')).toContain('Azure did not answer in time');
  expect(executeActions(card).map((a) => a.title)).toEqual(['Try again']);
});

test('a 429 with Retry-After: 120 is answered within the deadline, saying how long Azure asked to wait', async () => {
  // Last in this file: the client holds back every request of the identity for the 120 s Azure asked.
  faults().setFaults({ rules: [{ target: 'arg', throttleNext: 1_000, retryAfterSeconds: 120 }] });
  const { final, finalMs } = await ask('unprotected vm');
  expect(finalMs).toBeLessThan(DEADLINE_MS + 3_000);
  const texts = textsOf(cardOf(final.activity)).join('\n');
  expect(texts).toContain('Azure did not answer in time');
  expect(texts).toContain(
    'Azure is throttling the bot and asked it to wait about 120 s; Try again runs the same command.',
  );
});
