// Socket Mode (SLACK_APP_TOKEN set): the bot opens a WebSocket through apps.connections.open instead of serving HTTP;
// envelopes are acknowledged over the socket and answers still go through response_url / the Web API.
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/slack-channel';
import { type SlackStandIn, startSlackStandIn, TEAM_ID } from '../../standins/slack-api';
import { captureLog } from '../../support/capture-log';
import { createHelpCore, type HelpCore } from './support';

let slack: SlackStandIn;
let wss: WebSocketServer;
let socket: WebSocket | undefined;
const acks: Array<{ envelope_id: string; payload?: unknown }> = [];
let channel: SlackChannel;
let core: HelpCore;

beforeAll(async () => {
  slack = await startSlackStandIn();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  slack.setSocketUrl(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`);
  const connected = new Promise<void>((resolve) => {
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => acks.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0000APP' } }));
      resolve();
    });
  });
  core = createHelpCore();
  channel = createSlackChannel({
    slack: { botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl, socketMode: true },
    core,
    log: captureLog({ level: 'warn' }).log,
    placeholderAfterMs: 400, // well above a loaded CI runner's stalls; slow-work tests wait 1.2 s
    minPostIntervalMs: 0,
  });
  await channel.start();
  await connected;
});

afterAll(async () => {
  // Bolt's stop() sends the close frame without waiting for the answer. Cutting the connection before the handshake
  // ends makes @slack/socket-mode 3.1 call its disconnect twice, and the first 30 s close-handshake timer is never
  // cleared: it kept this Jest worker alive past its exit grace ("a worker process has failed to exit gracefully").
  // So the stand-in answers the close frame (ws does that by itself) and the test waits for it.
  const open = socket !== undefined && socket.readyState !== socket.CLOSED;
  const closed = open ? new Promise((resolve) => socket?.once('close', resolve)) : Promise.resolve();
  await channel.stop();
  await closed;
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await slack.close();
});

async function waitForAck(envelopeId: string): Promise<void> {
  for (let i = 0; i < 100 && !acks.some((a) => a.envelope_id === envelopeId); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(acks.map((a) => a.envelope_id)).toContain(envelopeId);
}

test('connects through apps.connections.open with the app token', () => {
  expect(channel.mode).toBe('socket');
  expect(slack.calls('apps.connections.open')).toHaveLength(1);
});

test('a slash command envelope is acknowledged over the socket and answered through response_url', async () => {
  socket?.send(
    JSON.stringify({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        team_id: TEAM_ID,
        channel_id: 'C0000CHN',
        user_id: 'U0000AAA',
        user_name: 'alice',
        command: '/backup',
        text: 'vaults',
        response_url: slack.responseUrl('sock-1'),
        trigger_id: '1.2.3',
        api_app_id: 'A0000APP',
      },
    }),
  );
  await waitForAck('env-1');
  const [post] = await slack.waitFor('response_url');
  expect(post?.args).toMatchObject({ response_type: 'in_channel', text: 'Help for vaults' });
  expect(core.calls[0]).toMatchObject({ input: 'vaults', caller: { userId: 'U0000AAA' } });
});

test('an app_mention event envelope is acknowledged and answered with chat.postMessage', async () => {
  socket?.send(
    JSON.stringify({
      envelope_id: 'env-2',
      type: 'events_api',
      accepts_response_payload: false,
      payload: {
        team_id: TEAM_ID,
        api_app_id: 'A0000APP',
        type: 'event_callback',
        event_id: 'Ev-sock-2',
        event: { type: 'app_mention', user: 'U0000BBB', text: '<@UBOT0001> summary', channel: 'C0000CHN', ts: '7.7' },
      },
    }),
  );
  await waitForAck('env-2');
  const [post] = await slack.waitFor('chat.postMessage');
  expect(post?.args).toMatchObject({ channel: 'C0000CHN', text: 'Help for summary' });
});
