// Every Slack Web API call has a time limit: against a server that accepts the connection and never answers, a post
// is abandoned after `timeoutMs` and not sent again (Slack may have acted on it); an update, safe to repeat, is tried
// again. The same for response_url posts.
import { createServer, type Server, type Socket } from 'node:net';
import { ResponseUrl } from '../../../src/channels/slack/response-url';
import { SlackApi } from '../../../src/channels/slack/slack-api';
import { captureLog } from '../../support/capture-log';

let hung: Server;
let apiUrl: string;
let connections = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  hung = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(hung.address() as { port: number }).port}/api/`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hung.close(resolve));
});
beforeEach(() => {
  connections = 0;
});

const api = () =>
  new SlackApi({ token: 'xoxb-test-token', apiUrl, log: captureLog({ level: 'warn' }).log, timeoutMs: 1_000 });

test('a chat.postMessage Slack never answers fails after the time limit and is not sent twice', async () => {
  const started = Date.now();
  await expect(api().postMessage('C0000CHN', { text: 'hi', blocks: [] })).rejects.toThrow();
  const took = Date.now() - started;
  expect(took).toBeGreaterThanOrEqual(900);
  expect(took).toBeLessThan(8_000);
  expect(connections).toBe(1);
});

test('a chat.update Slack never answers is tried again, then fails: bounded either way', async () => {
  const started = Date.now();
  await expect(api().update('C0000CHN', '1.2', { text: 'hi', blocks: [] })).rejects.toThrow();
  expect(Date.now() - started).toBeLessThan(12_000);
  expect(connections).toBeGreaterThanOrEqual(2);
});

test('a response_url post Slack never answers fails after the time limit; a new message is not sent twice', async () => {
  const log = captureLog({ level: 'warn' }).log;
  const policy = { maxRateLimitWaits: 3, maxRetryAfterS: 300, ambiguousRetries: 1 };
  const url = new ResponseUrl(`${apiUrl.replace(/api\/$/, '')}response/1`, log, policy, Date.now, 1_000);
  const started = Date.now();
  await expect(url.post({ response_type: 'in_channel', text: 'hi' })).rejects.toThrow();
  expect(Date.now() - started).toBeLessThan(8_000);
  expect(connections).toBe(1);
});
