// The playground's local channel over HTTP (no browser): a chat starts with the welcome card, a typed command goes
// through /api/messages and comes back on the event stream, a card click is an Action.Execute invoke whose card
// replaces the clicked one, and a reconnect replays what was missed. The real core over the demo estate answers.
import { describePlaygroundData } from '../../src/channels/teams/wire';
import { countFailedJobs, type RealBot, startRealBot } from '../channels/teams/real-bot';
import { cardOf, textsOf } from '../channels/teams/support';
import { openSse, type SseStream } from './sse-client';

jest.setTimeout(60_000);

let bot: RealBot;
beforeAll(async () => {
  bot = await startRealBot();
});
afterAll(async () => bot?.close());

async function startChat(): Promise<{ id: string; events: SseStream }> {
  const response = await fetch(`${bot.origin}/playground/api/conversations`, { method: 'POST' });
  expect(response.status).toBe(201);
  const { conversationId } = (await response.json()) as { conversationId: string };
  const events = await openSse(`${bot.origin}/playground/api/conversations/${conversationId}/events`);
  return { id: conversationId, events };
}

const post = (path: string, body: object) =>
  fetch(`${bot.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('the page is served with the renderer, markdown-it and a strict content security policy', async () => {
  const page = await fetch(`${bot.origin}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  const html = await page.text();
  expect(html).toContain('Demo data');
  expect(html).toMatch(/generated demo estate \(\d+ subscriptions, \d+ vaults/);
  for (const asset of ['adaptivecards.min.js', 'markdown-it.min.js', 'playground.js', 'playground.css']) {
    expect((await fetch(`${bot.origin}/playground/assets/${asset}`)).status).toBe(200);
  }
  expect((await fetch(`${bot.origin}/playground/assets/../../package.json`)).status).toBe(404);
});

test('a new chat starts with the welcome card, then a typed command is answered on the event stream', async () => {
  const chat = await startChat();
  try {
    const welcome = await chat.events.waitFor((e) => e.event === 'activity');
    expect(textsOf(cardOf(welcome.data))[0]).toBe('Azure Backup, in chat');
    const sent = await post(`/playground/api/conversations/${chat.id}/messages`, {
      text: 'jobs failed',
      timeZone: 'Europe/Berlin',
    });
    expect(sent.status).toBe(202);
    expect(chat.events.events.some((e) => e.event === 'typing')).toBe(true);
    const answer = await chat.events.waitFor((e) => e.event === 'activity' && e.data.id !== welcome.data.id);
    // On a busy machine a "Working on …" card comes first and the answer replaces it: wait for the stream to carry
    // the answer (the bot being idle does not mean the event has reached this reader yet).
    const latest = await chat.events.waitFor(
      (e) => e.data.id === answer.data.id && !textsOf(cardOf(e.data)).join('\n').includes('Working on'),
    );
    expect(textsOf(cardOf(latest.data)).join('\n')).toContain(`of ${countFailedJobs(bot.estate)} failed jobs`);
  } finally {
    chat.events.close();
  }
});

test('a click into another view is an invoke whose answer is a new message; the clicked card stays as it was', async () => {
  const chat = await startChat();
  try {
    const welcome = await chat.events.waitFor((e) => e.event === 'activity');
    const summaryButton = cardOf(welcome.data).actions.find((a: { title: string }) => a.title === 'Failed jobs');
    expect(summaryButton.type).toBe('Action.Execute');
    const clicked = await post(`/playground/api/conversations/${chat.id}/actions`, {
      activityId: welcome.data.id,
      verb: summaryButton.verb,
      data: summaryButton.data,
    });
    expect(clicked.status).toBe(202);
    const answer = await chat.events.waitFor((e) => e.event === 'activity' && e.data.id !== welcome.data.id);
    expect(textsOf(cardOf(answer.data)).join('\n')).toContain('Failed jobs');
    expect(chat.events.events.filter((e) => e.event === 'update' && e.data.id === welcome.data.id)).toEqual([]);
  } finally {
    chat.events.close();
  }
});

/** Types `text` and waits for its answer (past a "Working on …" card on a busy machine); its card's texts. */
async function ask(chat: { id: string; events: SseStream }, text: string, after: Set<unknown>) {
  await post(`/playground/api/conversations/${chat.id}/messages`, { text });
  const answer = await chat.events.waitFor((e) => e.event === 'activity' && !after.has(e.data.id));
  after.add(answer.data.id);
  const latest = await chat.events.waitFor(
    (e) => e.data.id === answer.data.id && !textsOf(cardOf(e.data)).join('\n').includes('Working on'),
  );
  return { id: answer.data.id, card: cardOf(latest.data), texts: textsOf(cardOf(latest.data)).join('\n') };
}

test('policies and several tags in the playground: unused policies, then all of them in place; two tags at once', async () => {
  const chat = await startChat();
  try {
    const welcome = await chat.events.waitFor((e) => e.event === 'activity');
    const seen = new Set<unknown>([welcome.data.id]);
    const unused = await ask(chat, 'policies unused', seen);
    expect(unused.texts).toContain('Unused backup policies');
    expect(unused.texts).toContain('Protects nothing');
    const all = unused.card.actions.find((a: { title: string }) => a.title === 'All policies');
    expect(all?.type).toBe('Action.Execute');
    await post(`/playground/api/conversations/${chat.id}/actions`, {
      activityId: unused.id,
      verb: all.verb,
      data: all.data,
    });
    const replaced = await chat.events.waitFor(
      (e) => e.event === 'update' && e.data.id === unused.id && textsOf(cardOf(e.data))[0] === 'Backup policies',
    );
    expect(textsOf(cardOf(replaced.data)).join('\n')).toMatch(/protect nothing/);
    const tagged = await ask(chat, 'unprotected vm tag:env=prod tag:owner=', seen);
    expect(tagged.texts).toContain('tag:env=prod · tag:owner=');
    expect(tagged.texts).not.toContain('Only one tag');
  } finally {
    chat.events.close();
  }
});

test('alerts in the playground: the active ones grouped by rule, then all of them in place', async () => {
  const chat = await startChat();
  try {
    const welcome = await chat.events.waitFor((e) => e.event === 'activity');
    const seen = new Set<unknown>([welcome.data.id]);
    const active = await ask(chat, 'alerts', seen);
    expect(active.texts).toContain('Active backup alerts');
    expect(active.texts).toMatch(/\n[A-Z][\w ]+( · \w+)? · \d+ alerts? in \d+ vaults?\n/);
    const all = active.card.actions.find((a: { title: string }) => a.title === 'All alerts');
    const clicked = await post(`/playground/api/conversations/${chat.id}/actions`, {
      activityId: active.id,
      verb: all.verb,
      data: all.data,
    });
    expect(clicked.status).toBe(202);
    const replaced = await chat.events.waitFor(
      (e) => e.event === 'update' && e.data.id === active.id && textsOf(cardOf(e.data))[0] === 'Backup alerts',
    );
    expect(textsOf(cardOf(replaced.data)).join('\n')).toContain('resolved');
  } finally {
    chat.events.close();
  }
});

test('a reconnecting page gets what it missed after its Last-Event-ID, without typing noise', async () => {
  const chat = await startChat();
  const welcome = await chat.events.waitFor((e) => e.event === 'activity');
  chat.events.close();
  await post(`/playground/api/conversations/${chat.id}/messages`, { text: 'help' });
  const again = await openSse(`${bot.origin}/playground/api/conversations/${chat.id}/events`, {
    'last-event-id': String(welcome.id),
  });
  try {
    const missed = await again.waitFor((e) => e.event === 'activity');
    expect(textsOf(cardOf(missed.data))[0]).toBe('Backup Center bot: commands');
    expect(again.events.map((e) => e.event)).not.toContain('typing');
    expect(again.events.find((e) => e.data.id === welcome.data.id)).toBeUndefined();
  } finally {
    again.close();
  }
});

test('unknown conversations and malformed requests are refused with a reason', async () => {
  const unknown = await post('/playground/api/conversations/playground-00000000-0000-0000-0000-000000000000/messages', {
    text: 'help',
  });
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toEqual({ message: 'unknown conversation; reload the page' });
  const connector = await post('/playground/connector/v3/conversations/nope/activities', { type: 'message' });
  expect(connector.status).toBe(404);
});

test('with live Azure data the page says so instead of "demo data"', () => {
  const live = describePlaygroundData('azure', undefined);
  expect(live.dataLabel).toBe('Live Azure data');
  expect(live.dataLine).toContain('serves this machine only');
  expect(describePlaygroundData('demo', undefined).dataLabel).toBe('Demo data');
  expect(describePlaygroundData('azure', undefined, 'https://management.azure.com').dataLabel).toBe('Live Azure data');
});

test('against a stand-in on this machine (ARM_ENDPOINT at a loopback address) the page says "stand-in"', () => {
  for (const endpoint of ['http://127.0.0.1:4010', 'https://localhost:4443', 'http://[::1]:4010']) {
    const page = describePlaygroundData('azure', undefined, endpoint);
    expect(page.dataLabel).toBe('Azure stand-in');
    expect(page.dataLine).toContain(`the Azure stand-in at ${endpoint}`);
    expect(page.dataLine).not.toMatch(/your Azure tenant/);
  }
});

test('compliance in the playground: the demo estate’s backup policy assignments, worst first, with portal links', async () => {
  const chat = await startChat();
  try {
    const welcome = await chat.events.waitFor((e) => e.event === 'activity');
    const answer = await ask(chat, 'compliance', new Set<unknown>([welcome.data.id]));
    expect(answer.texts).toContain('Backup policy compliance');
    expect(answer.texts).toMatch(/❌ \d+ of \d+ non-compliant/);
    expect(answer.texts).toContain('Azure Backup should be enabled for Virtual Machines');
    expect(answer.texts).not.toContain('Allowed locations');
    expect(JSON.stringify(answer.card)).toContain('Open assignment in Azure portal');
  } finally {
    chat.events.close();
  }
});

test('items in the playground: the stale ones of the demo, then all items in place, and an item’s Policy button', async () => {
  const chat = await startChat();
  try {
    const welcome = await chat.events.waitFor((e) => e.event === 'activity');
    const seen = new Set<unknown>([welcome.data.id]);
    const stale = await ask(chat, 'items stale', seen);
    expect(stale.texts).toContain('Stale backup items');
    expect(stale.texts).toMatch(/expects one (a day|a week|every \d+ h|at least every \d+ days) \(\+2 h grace\)/);
    const all = stale.card.actions.find((a: { title: string }) => a.title === 'All items');
    await post(`/playground/api/conversations/${chat.id}/actions`, {
      activityId: stale.id,
      verb: all.verb,
      data: all.data,
    });
    const replaced = await chat.events.waitFor(
      (e) => e.event === 'update' && e.data.id === stale.id && textsOf(cardOf(e.data))[0] === 'Backup items',
    );
    // The Policy button of a row opens that policy's card as a new message.
    const policy = JSON.stringify(cardOf(replaced.data)).match(
      /"title":"Policy","verb":"cmd:items","data":(\{[^}]*\})/,
    );
    expect(policy).not.toBeNull();
    await post(`/playground/api/conversations/${chat.id}/actions`, {
      activityId: stale.id,
      verb: 'cmd:items',
      data: JSON.parse(policy?.[1] ?? '{}'),
    });
    // (Past a "Working on …" card on a busy machine.)
    const isCard = (data: { attachments?: { contentType?: string }[] }) =>
      data?.attachments?.[0]?.contentType === 'application/vnd.microsoft.card.adaptive';
    const opened = await chat.events.waitFor(
      (e) =>
        !seen.has(e.data.id) &&
        e.data.id !== stale.id &&
        isCard(e.data) &&
        textsOf(cardOf(e.data))[0] === 'Backup policies',
    );
    expect(textsOf(cardOf(opened.data)).join('\n')).toMatch(/Protects|protects/);
  } finally {
    chat.events.close();
  }
});
