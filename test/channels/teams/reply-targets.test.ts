// Where an unauthenticated bot (no MICROSOFT_APP_ID) sends replies: only its own playground connector, and, with
// ALLOW_EMULATOR, a loopback origin (the Bot Framework Emulator), never a loopback path or query the caller chose.
// A connector that accepts the connection and never answers holds no request longer than the outbound timeout.
import { createServer, type Server, type Socket } from 'node:net';
import { conversationAddressOf } from '../../../src/channels/teams/address';
import { mountTeamsAndPlayground } from '../../../src/channels/teams/wire';
import type { Reply } from '../../../src/core/conversation-port';
import { createHttpServer } from '../../../src/http/server';
import { openSse } from '../../playground/sse-client';
import { type BotConnectorStandIn, sendToBot, startBotConnector, teamsMessage } from '../../standins/bot-connector';
import { captureLog } from '../../support/capture-log';
import { type RealBot, startRealBot } from './real-bot';
import { cardOf, createHelpCore, startTestBot, type TestBot, textsOf } from './support';

jest.setTimeout(60_000);

let connector: BotConnectorStandIn;
beforeAll(async () => {
  connector = await startBotConnector();
});
afterAll(async () => connector?.close());

describe('without ALLOW_EMULATOR', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({
      core: createHelpCore(),
      config: { mode: 'demo', teams: { allowEmulator: false, localWithoutAuth: false } },
    });
  });
  afterAll(async () => bot?.close());

  test('an activity whose serviceUrl is another loopback port is refused, and nothing is sent there', async () => {
    const response = await sendToBot(bot.url, teamsMessage(connector.serviceUrl, 'help'));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ message: expect.stringContaining('ALLOW_EMULATOR=true') });
    expect(connector.attempts).toEqual([]);
  });

  test('a stored conversation on a loopback port gets no proactive post', async () => {
    const address = conversationAddressOf({
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id: 'a:stored', conversationType: 'personal' },
      bot: { id: 'bot', name: 'Backup' },
    } as unknown as Parameters<typeof conversationAddressOf>[0]);
    const reply: Reply = { view: 'help', model: {} as never, summaryText: 'x' };
    await expect(bot.channel.delivery.post(address, reply)).rejects.toMatchObject({ code: 'service-url-refused' });
    expect(connector.attempts).toEqual([]);
  });
});

describe('with ALLOW_EMULATOR', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ core: createHelpCore() });
  });
  afterAll(async () => bot?.close());

  test('a loopback origin (the Emulator) is answered', async () => {
    const message = teamsMessage(connector.serviceUrl, 'help');
    expect((await sendToBot(bot.url, message)).status).toBe(200);
    const reply = await connector.waitFor(
      (c) => c.kind === 'reply' && c.activityId === message.id && c.activity?.type === 'message',
      10_000,
    );
    expect(textsOf(cardOf(reply.activity))[0]).toBe('You asked: help');
  });

  test.each([
    ['a path', '_sim/reset/'],
    ['a query', '?next=/_sim/faults'],
    ['user info', ''],
  ])('a loopback serviceUrl with %s is refused and never called', async (what, tail) => {
    const before = connector.attempts.length;
    const base =
      what === 'user info' ? connector.serviceUrl.replace('http://', 'http://admin:x@') : connector.serviceUrl;
    const response = await sendToBot(bot.url, teamsMessage(`${base}${tail}`, 'help'));
    expect(response.status).toBe(403);
    expect(connector.attempts.length).toBe(before);
  });
});

describe('a connector that accepts the connection and never answers', () => {
  let bot: TestBot;
  let hung: Server;
  const sockets = new Set<Socket>();
  let hungUrl = '';
  let connections = 0;
  beforeAll(async () => {
    hung = createServer((socket) => {
      connections += 1;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const address = hung.address() as { port: number };
    hungUrl = `http://127.0.0.1:${address.port}/`;
    bot = await startTestBot({ core: createHelpCore(), outbound: { timeoutMs: 300 } });
  });
  afterAll(async () => {
    await bot?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hung?.close(resolve));
  });

  test('the turn ends at the first call without an answer: the request is answered and the failure logged', async () => {
    const started = Date.now();
    const response = await sendToBot(bot.url, teamsMessage(hungUrl, 'help'));
    // The typing indicator's POST is cut after 300 ms and not repeated (a POST may have been acted on); the answer
    // and the "something went wrong" notice would wait on the same connector, so they are not tried.
    expect(response.status).toBe(200);
    expect(connections).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(bot.logText()).toMatch(/"msg":"a Teams turn failed \(ref [0-9a-f]+\)"/);
    expect(bot.logText()).toContain('AbortError');
  });
});

describe('the playground without ALLOW_EMULATOR', () => {
  let real: RealBot;
  beforeAll(async () => {
    real = await startRealBot({ allowEmulator: false });
  });
  afterAll(async () => real?.close());

  test('its own connector is still answered: a new chat gets the welcome card', async () => {
    const response = await fetch(`${real.origin}/playground/api/conversations`, { method: 'POST' });
    const { conversationId } = (await response.json()) as { conversationId: string };
    const events = await openSse(`${real.origin}/playground/api/conversations/${conversationId}/events`);
    try {
      const welcome = await events.waitFor((e) => e.event === 'activity');
      expect(textsOf(cardOf(welcome.data))[0]).toBe('Azure Backup, in chat');
    } finally {
      events.close();
    }
  });
});

describe('outside demo mode without MICROSOFT_APP_ID', () => {
  test.each([
    [false, 404],
    [true, 200],
  ])('LOCAL_CHAT_WITHOUT_AUTH=%s: /api/messages and the playground page answer %s', async (optedIn, status) => {
    const captured = captureLog({ level: 'warn' });
    const http = createHttpServer({ log: captured.log, readiness: async () => {} });
    const wiring = mountTeamsAndPlayground(http.server, {
      config: { mode: 'azure', teams: { allowEmulator: true, localWithoutAuth: optedIn } },
      core: createHelpCore(),
      log: captured.log,
    });
    const port = await http.listen(0, '127.0.0.1');
    try {
      const message = teamsMessage(connector.serviceUrl, 'help');
      expect((await sendToBot(`http://127.0.0.1:${port}/api/messages`, message)).status).toBe(status);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(status);
      expect(wiring.describe(port)).toMatch(optedIn ? /^playground at / : /^Teams is off: set MICROSOFT_APP_ID/);
    } finally {
      await wiring.close();
      await http.close();
    }
  });
});
