// The playground with the bot posting on its own: a button that opens a new message leaves its card as it was and the
// answer arrives as a new activity; a proactive post to a playground address appears in the transcript. The real
// core answers, with its help handler swapped for one whose buttons open new messages (as a digest's do).
import { serializeAction } from '../../src/core/commands/payload';
import type { ConversationAddress } from '../../src/core/conversation-port';
import type { HelpViewModel } from '../../src/core/view-models/common';
import { createViewHandlers } from '../../src/core/views/handlers';
import { type RealBot, startRealBot } from '../channels/teams/real-bot';
import { cardOf, textsOf } from '../channels/teams/support';
import { openSse, type SseStream } from './sse-client';

jest.setTimeout(60_000);

let bot: RealBot;
const seen: Array<ConversationAddress | undefined> = [];

beforeAll(async () => {
  const builtIn = createViewHandlers();
  bot = await startRealBot({
    handlers: {
      help: async (cmd, ctx) => {
        seen.push(ctx.conversation);
        const reply = await builtIn.help(cmd, ctx);
        const model = reply.model as HelpViewModel;
        const buttons = model.buttons.map((b) => ({
          ...b,
          payload: serializeAction({ ...JSON.parse(b.payload), n: 1 }),
        }));
        return { ...reply, model: { ...model, buttons } };
      },
    },
  });
});
afterAll(async () => bot?.close());

const post = (path: string, body: object) =>
  fetch(`${bot.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function chatWithHelp(): Promise<{ id: string; events: SseStream; help: { id: string; card: unknown } }> {
  const response = await fetch(`${bot.origin}/playground/api/conversations`, { method: 'POST' });
  const { conversationId: id } = (await response.json()) as { conversationId: string };
  const events = await openSse(`${bot.origin}/playground/api/conversations/${id}/events`);
  const welcome = await events.waitFor((e) => e.event === 'activity');
  expect((await post(`/playground/api/conversations/${id}/messages`, { text: 'help' })).status).toBe(202);
  const help = await events.waitFor((e) => e.event === 'activity' && e.data.id !== welcome.data.id);
  return { id, events, help: { id: help.data.id, card: cardOf(help.data) } };
}

test('a new-message button: the clicked card stays, the answer arrives as a new activity', async () => {
  const chat = await chatWithHelp();
  try {
    const actions = (chat.help.card as { actions: Array<{ type: string; title: string; verb: string; data: object }> })
      .actions;
    const button = actions.find((a) => a.title === 'Failed jobs');
    expect(button?.type).toBe('Action.Execute');
    expect(button?.data).toMatchObject({ c: 'jobs failed', n: 1 });
    const known = new Set(chat.events.events.map((e) => e.data.id));
    const clicked = await post(`/playground/api/conversations/${chat.id}/actions`, {
      activityId: chat.help.id,
      verb: button?.verb,
      data: button?.data,
    });
    expect(clicked.status).toBe(202);
    const answer = await chat.events.waitFor((e) => e.event === 'activity' && !known.has(e.data.id), 20_000);
    // A slow answer first posts "Working on …" and then replaces it: read the answer once the stream carries it
    // (the bot being idle does not mean the page has received its last update yet).
    await chat.events.waitFor(
      (e) => e.data.id === answer.data.id && textsOf(cardOf(e.data)).join('\n').includes('Failed jobs'),
      20_000,
    );
    await bot.wiring.teams.idle();
    expect(chat.events.events.some((e) => e.event === 'update' && e.data.id === chat.help.id)).toBe(false);
  } finally {
    chat.events.close();
  }
});

test('a post by the bot to a playground conversation shows in its transcript', async () => {
  const chat = await chatWithHelp();
  try {
    const address = seen.at(-1) as ConversationAddress;
    expect(address).toMatchObject({ platform: 'playground', key: chat.id });
    const ref = await bot.wiring.delivery.post(address, {
      view: 'help',
      model: { title: 'Daily backup digest', intro: '', commands: [], notes: [], buttons: [], generatedAt: '' },
      summaryText: 'Daily backup digest',
    });
    const posted = await chat.events.waitFor(
      (e) => e.event === 'activity' && textsOf(cardOf(e.data))[0] === 'Daily backup digest',
    );
    expect(ref).toMatchObject({ platform: 'playground', data: { activityId: posted.data.id } });
  } finally {
    chat.events.close();
  }
});

test('a playground conversation the page no longer has is gone for the bot', async () => {
  const chat = await chatWithHelp();
  chat.events.close();
  const address = seen.at(-1) as ConversationAddress;
  const gone = { ...address, data: { ...(address.data as object), conversation: { id: 'playground-forgotten' } } };
  await expect(bot.wiring.delivery.post(gone, { view: 'help', model: {}, summaryText: 'x' })).rejects.toMatchObject({
    kind: 'gone',
    code: 'ConversationNotFound',
  });
});
