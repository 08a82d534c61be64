// Logging: what actually reaches the output stream never contains secrets or tokens, whatever shape they arrive in.
import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config';
import { childForRequest, chooseLogFormat, correlationIdOf, createLogger } from '../src/log';
import { captureLog } from './support/capture-log';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJib3QiLCJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLWJ5dGVz';
const BEARER = 'Bearer opaque-access-token-0123456789';

test('lines are JSON with level, time, message and the fields given', () => {
  const captured = captureLog({ level: 'info' });
  captured.log.debug('hidden below the level');
  captured.log.info({ vault: 'rsv-prod' }, 'queried');
  expect(captured.lines()).toEqual([expect.objectContaining({ level: 30, msg: 'queried', vault: 'rsv-prod' })]);
});

test('secret-named fields are redacted at any depth, and their absence stays visible', () => {
  const captured = captureLog();
  captured.log.info(
    {
      headers: { authorization: BEARER, cookie: 'session=abc', 'x-slack-signature': 'v0=deadbeef' },
      password: 'pw-top-level',
      deep: { a: { b: { c: { clientSecret: 'client-secret-deep', appPassword: 'app-password-deep' } } } },
      list: [{ signingSecret: 'signing-secret-in-array' }, { botToken: 'bot-token-in-array' }],
      config: { clientSecret: 'not set', skipToken: 'page-2' },
    },
    'request',
  );
  const text = captured.text();
  for (const secret of [
    'opaque-access-token',
    'session=abc',
    'deadbeef',
    'pw-top-level',
    'client-secret-deep',
    'app-password-deep',
    'signing-secret-in-array',
    'bot-token-in-array',
  ]) {
    expect(text).not.toContain(secret);
  }
  const [line] = captured.lines();
  expect(line).toMatchObject({ config: { clientSecret: 'not set', skipToken: 'page-2' } });
  expect(text).toContain('[Redacted]');
});

test('tokens inside free text are scrubbed: messages, error messages, stacks and nested errors', () => {
  const captured = captureLog();
  const failure = new Error(`ARM call failed: Authorization: ${BEARER}; token ${JWT}`);
  Object.assign(failure, {
    request: { url: 'https://x/?sig=sas-signature-value', headers: { authorization: BEARER } },
  });
  captured.log.error(failure);
  captured.log.warn(
    { err: new Error('slack said no', { cause: new Error('token xoxb-1234-5678-slackbot') }) },
    'slack',
  );
  captured.log.info(`posting with xapp-1-A0-app-token and ${JWT}`);
  captured.log.info({ error: new Error('connect to postgres://bot:db-password-value@db:5432/x failed') }, 'store');
  const text = captured.text();
  for (const secret of [
    'opaque-access-token',
    JWT.split('.')[1] as string,
    'sas-signature-value',
    'xoxb-1234',
    'xapp-1-A0',
    'db-password-value',
  ]) {
    expect(text).not.toContain(secret);
  }
  // The useful part of each message survives.
  expect(text).toContain('ARM call failed');
  expect(text).toContain('slack said no');
  expect(text).toContain('postgres://bot:[Redacted]@db:5432/x');
  expect(captured.lines()).toHaveLength(4);
});

test('secret values from the config are scrubbed verbatim wherever they appear', () => {
  const config = loadConfig({
    AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
    AZURE_CLIENT_SECRET: 'Qz8~opaque.client~secret',
    SLACK_BOT_TOKEN: 'xoxb-1-2',
    SLACK_SIGNING_SECRET: '8f7e6d5c4b3a29180716',
  });
  const captured = captureLog({ ...config, log: { level: 'trace', format: 'json' } });
  captured.log.info({ note: 'echo Qz8~opaque.client~secret' }, 'signing with 8f7e6d5c4b3a29180716');
  expect(captured.text()).not.toContain('Qz8~opaque.client~secret');
  expect(captured.text()).not.toContain('8f7e6d5c4b3a29180716');
});

test('the alert webhook secret is scrubbed verbatim and in its URL path', () => {
  const secret = 'alertwebhooksecret0123456789abcdefXYZ';
  const config = loadConfig({ NOTIFY_WEBHOOK_SECRET: secret });
  const captured = captureLog({ ...config, log: { level: 'trace', format: 'json' } });
  captured.log.info({ note: `token ${secret} seen` }, 'free text');
  captured.log.info({ path: '/api/alerts/not-the-configured-one-but-still-hidden' }, 'POST /api/alerts/guess?x=1 401');
  const text = captured.text();
  expect(text).not.toContain(secret);
  expect(text).not.toContain('not-the-configured-one');
  expect(text).not.toContain('/api/alerts/guess');
  expect(captured.lines()[1]).toMatchObject({
    path: '/api/alerts/[Redacted]',
    msg: 'POST /api/alerts/[Redacted]?x=1 401',
  });
});

test('LOG_FORMAT=pretty writes readable lines, still without secrets', async () => {
  let written = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  const log = createLogger({ log: { level: 'info', format: 'pretty' } }, sink);
  log.info({ authorization: BEARER }, `vault rsv-prod is healthy ${JWT}`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(written).toContain('vault rsv-prod is healthy');
  expect(written).toContain('INFO');
  expect(() => JSON.parse(written)).toThrow();
  expect(written).not.toContain('opaque-access-token');
  expect(written).not.toContain(JWT);
});

describe('childForRequest', () => {
  test('generates a UUID correlation id when none is given', () => {
    const captured = captureLog();
    const child = childForRequest(captured.log);
    child.info('hello');
    const id = correlationIdOf(child);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(captured.lines()[0]).toMatchObject({ correlationId: id, msg: 'hello' });
    expect(correlationIdOf(childForRequest(captured.log))).not.toBe(id);
  });

  test('uses the given id, else x-correlation-id, else x-ms-request-id; rejects ids that could forge log text', () => {
    const { log } = captureLog();
    expect(correlationIdOf(childForRequest(log, { correlationId: 'given' }))).toBe('given');
    const headers = { 'x-correlation-id': 'corr-1', 'x-ms-request-id': 'ms-1' };
    expect(correlationIdOf(childForRequest(log, { headers }))).toBe('corr-1');
    expect(correlationIdOf(childForRequest(log, { headers: { 'x-ms-request-id': 'ms-1' } }))).toBe('ms-1');
    const forged = correlationIdOf(childForRequest(log, { headers: { 'x-correlation-id': 'a\n{"level":60}' } }));
    expect(forged).toMatch(/^[0-9a-f-]{36}$/);
  });
});

test('PEM blocks (keys a library prints) are scrubbed whole, and the line stays JSON', () => {
  const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'pkcs1', format: 'pem' });
  const body = String(pem).split('\n')[1] ?? '';
  const { log, text } = captureLog();
  log.warn({ detail: `keys: ${pem}` }, `Available keys: ${pem}`);
  const line = JSON.parse(text().trim()) as { msg: string; detail: string };
  expect(line.msg).toBe('Available keys: [Redacted]\n');
  expect(line.detail).toBe('keys: [Redacted]\n');
  expect(text()).not.toContain(body);
});

test('LOG_FORMAT=auto is pretty at a terminal and JSON anywhere else; json and pretty are kept as set', () => {
  expect(chooseLogFormat('auto', true)).toBe('pretty');
  expect(chooseLogFormat('auto', false)).toBe('json');
  expect(chooseLogFormat('json', true)).toBe('json');
  expect(chooseLogFormat('pretty', false)).toBe('pretty');
});
