// Where a click's answer lands in Teams, button by button on the real cards: a button into another view posts a new
// message and leaves the card being read as it was; paging, refresh and a narrower list of the same view update it.
import {
  type BotConnectorStandIn,
  sendToBot,
  startBotConnector,
  type TestActivity,
  teamsCardAction,
  teamsMessage,
} from '../../standins/bot-connector';
import { button, type Card } from '../support/teams-cards';
import { type RealBot, startRealBot } from './real-bot';
import { cardOf, textsOf } from './support';

jest.setTimeout(90_000);

let bot: RealBot;
let connector: BotConnectorStandIn;

beforeAll(async () => {
  bot = await startRealBot();
  connector = await startBotConnector();
});
afterAll(async () => {
  await bot?.wiring.teams.idle();
  await connector?.close();
  await bot?.close();
});

/** The card answering `text`, and the stand-in's id of it. */
async function ask(text: string): Promise<{ card: Card; id: string }> {
  const message: TestActivity = teamsMessage(connector.serviceUrl, text);
  await sendToBot(bot.messagesUrl, message);
  const reply = await connector.waitFor(
    (c) => c.kind === 'reply' && c.activityId === message.id && c.activity?.type === 'message',
    30_000,
  );
  await bot.wiring.teams.idle();
  const update = connector.calls.find((c) => c.kind === 'update' && c.activityId === reply.newId);
  return { card: cardOf((update ?? reply).activity), id: reply.newId as string };
}

type Placement = 'in place' | 'new message';

/** Clicks `label` on the card of `text` as Teams does (the action's verb and data) and says where the answer went. */
async function placementOf(text: string, label: string | RegExp): Promise<{ placement: Placement; answer: string }> {
  const { card, id } = await ask(text);
  const action = button(card, label);
  const before = connector.calls.length;
  const response = await sendToBot(
    bot.messagesUrl,
    teamsCardAction(connector.serviceUrl, action.data, id, action.verb),
  );
  const body = response.body as { type: string; value: Card };
  if (body.type === 'application/vnd.microsoft.card.adaptive') {
    return { placement: 'in place', answer: textsOf(body.value).join('\n') };
  }
  expect(body.type).toBe('application/vnd.microsoft.activity.message');
  const posted = await connector.waitFor((c) => connector.calls.indexOf(c) >= before && c.kind === 'send', 30_000);
  await bot.wiring.teams.idle();
  // The card being read was left as it was.
  expect(connector.calls.slice(before).filter((c) => c.kind === 'update' && c.activityId === id)).toEqual([]);
  return { placement: 'new message', answer: textsOf(cardOf(posted.activity)).join('\n') };
}

test.each<[string, string | RegExp, Placement, RegExp]>([
  ['summary', /^\d+ failed jobs$/, 'new message', /^Failed jobs/],
  ['summary', 'Vaults', 'new message', /^Vaults/],
  ['jobs failed', 'Next ›', 'in place', /showing 12–/],
  ['jobs failed', 'Running jobs', 'in place', /^Running jobs/],
  ['jobs failed', 'Show', 'in place', /^Failed jobs: /],
  ['jobs failed', /^Show quer/, 'new message', /^Query 1 of 2/],
  ['vaults', 'Details', 'new message', /vault/i],
  ['help', 'Summary', 'new message', /summary/i],
])('%s → "%s" answers %s', async (text, label, placement, answer) => {
  const result = await placementOf(text, label);
  expect(result.placement).toBe(placement);
  expect(result.answer).toMatch(answer);
});
