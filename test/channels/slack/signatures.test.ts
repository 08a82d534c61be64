// Request signing at POST /slack/events: only genuine, fresh, first-time requests run anything; the rest get 401.
import { checkSignature, createMemoryReplayGuard, signSlackRequest } from '../../../src/channels/slack/verify';
import {
  FORM,
  type HelpCore,
  postToSlackEvents,
  SIGNING_SECRET,
  type SlackBot,
  slashCommandBody,
  useHelpBot,
  wait,
} from './support';

let bot: SlackBot;
let core: HelpCore;
useHelpBot((started) => {
  ({ bot, core } = started);
});

/** Nothing ran: the core was not asked and Slack received nothing (given time for background work to show). */
async function expectNothingRan(): Promise<void> {
  await wait(300);
  expect(core.calls).toEqual([]);
  expect(bot.slack.attempts().filter((c) => c.method !== 'auth.test')).toEqual([]);
}

test('a correctly signed slash command is accepted (the baseline the refusals are measured against)', async () => {
  const body = slashCommandBody('help', bot.slack.responseUrl('ok'));
  const response = await postToSlackEvents(bot.base, body, FORM);
  expect(response.status).toBe(200);
  await bot.slack.waitFor('response_url');
  expect(core.calls).toHaveLength(1);
});

test('a wrong signature is refused with 401 and runs nothing', async () => {
  const body = slashCommandBody('jobs failed', bot.slack.responseUrl('bad-sig'));
  const wrong = signSlackRequest('not-the-secret', Math.floor(Date.now() / 1000), body);
  const response = await postToSlackEvents(bot.base, body, FORM, { signature: wrong });
  expect(response.status).toBe(401);
  await expectNothingRan();
});

test('a body changed after signing is refused with 401', async () => {
  const timestamp = Math.floor(Date.now() / 1000);
  const signed = slashCommandBody('help', bot.slack.responseUrl('tampered'));
  const signature = signSlackRequest(SIGNING_SECRET, timestamp, signed);
  const tampered = signed.replace('help', 'retry');
  const response = await postToSlackEvents(bot.base, tampered, FORM, { timestamp, signature });
  expect(response.status).toBe(401);
  await expectNothingRan();
});

test('a timestamp more than 5 minutes old is refused with 401, even when correctly signed', async () => {
  const body = slashCommandBody('help', bot.slack.responseUrl('stale'));
  const response = await postToSlackEvents(bot.base, body, FORM, { timestamp: Math.floor(Date.now() / 1000) - 301 });
  expect(response.status).toBe(401);
  await expectNothingRan();
});

test('a timestamp more than 5 minutes in the future is refused with 401', async () => {
  const body = slashCommandBody('help', bot.slack.responseUrl('future'));
  const response = await postToSlackEvents(bot.base, body, FORM, { timestamp: Math.floor(Date.now() / 1000) + 400 });
  expect(response.status).toBe(401);
  await expectNothingRan();
});

test('missing signature headers are refused with 401', async () => {
  const body = slashCommandBody('help', bot.slack.responseUrl('unsigned'));
  const response = await fetch(`${bot.base}/slack/events`, { method: 'POST', headers: { 'content-type': FORM }, body });
  expect(response.status).toBe(401);
  await expectNothingRan();
});

describe('header-less and badly formed signature headers are refused with 401 and run nothing', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, (body: string) => Record<string, string>]> = [
    ['only the timestamp', () => ({ 'x-slack-request-timestamp': String(now()) })],
    ['only the signature', (body) => ({ 'x-slack-signature': signSlackRequest(SIGNING_SECRET, now(), body) })],
    [
      'a timestamp that is not a number',
      (body) => ({
        'x-slack-request-timestamp': 'soon',
        'x-slack-signature': signSlackRequest(SIGNING_SECRET, 'soon', body),
      }),
    ],
    [
      'another signature version (v1=)',
      (body) => ({
        'x-slack-request-timestamp': String(now()),
        'x-slack-signature': signSlackRequest(SIGNING_SECRET, now(), body).replace('v0=', 'v1='),
      }),
    ],
    ['an empty signature', () => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': '' })],
  ];
  test.each(cases)('%s', async (name, headers) => {
    const body = slashCommandBody('help', bot.slack.responseUrl(name));
    const response = await fetch(`${bot.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': FORM, ...headers(body) },
      body,
    });
    expect(response.status).toBe(401);
    await expectNothingRan();
  });
});

test('an old signature moved to a fresh timestamp is refused with 401 (the timestamp is signed too)', async () => {
  const body = slashCommandBody('help', bot.slack.responseUrl('moved'));
  const old = Math.floor(Date.now() / 1000) - 400;
  const signature = signSlackRequest(SIGNING_SECRET, old, body);
  const response = await postToSlackEvents(bot.base, body, FORM, { signature });
  expect(response.status).toBe(401);
  await expectNothingRan();
});

test('a body over 1 MB is refused with 413 before it is verified or run', async () => {
  const body = slashCommandBody('x'.repeat(1024 * 1024 + 1), bot.slack.responseUrl('huge'));
  const response = await postToSlackEvents(bot.base, body, FORM);
  expect(response.status).toBe(413);
  await expectNothingRan();
});

test('a replayed request (same signature and timestamp) is refused with 401 and runs only once', async () => {
  const timestamp = Math.floor(Date.now() / 1000);
  const body = slashCommandBody('help', bot.slack.responseUrl('replay'));
  const signature = signSlackRequest(SIGNING_SECRET, timestamp, body);
  const first = await postToSlackEvents(bot.base, body, FORM, { timestamp, signature });
  expect(first.status).toBe(200);
  await bot.slack.waitFor('response_url');
  const again = await postToSlackEvents(bot.base, body, FORM, { timestamp, signature });
  expect(again.status).toBe(401);
  await wait(300);
  expect(core.calls).toHaveLength(1);
  expect(bot.slack.calls('response_url')).toHaveLength(1);
  expect(bot.logs.text()).toContain('replay');
});

test('Slack URL verification is answered with the challenge, once signed', async () => {
  const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' });
  const response = await postToSlackEvents(bot.base, body, 'application/json');
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ challenge: 'c-123' });
  const unsigned = await postToSlackEvents(bot.base, body, 'application/json', { signature: 'v0=00' });
  expect(unsigned.status).toBe(401);
});

test('the signing secret never appears in the logs', () => {
  expect(bot.logs.text()).not.toContain(SIGNING_SECRET);
});

describe('checkSignature (unit)', () => {
  const now = 1_700_000_000_000;
  const ts = String(now / 1000);
  test('accepts its own signature and rejects a one-character change', () => {
    const signature = signSlackRequest('s3cret', ts, 'a=1');
    expect(checkSignature('s3cret', { rawBody: 'a=1', signature, timestamp: ts }, now)).toBeUndefined();
    const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
    expect(checkSignature('s3cret', { rawBody: 'a=1', signature: flipped, timestamp: ts }, now)).toBe('bad-signature');
  });
  test('the window is 5 minutes either way', () => {
    const at = (offsetS: number) => {
      const t = String(now / 1000 + offsetS);
      return checkSignature('s', { rawBody: '', signature: signSlackRequest('s', t, ''), timestamp: t }, now);
    };
    expect(at(-300)).toBeUndefined();
    expect(at(300)).toBeUndefined();
    expect(at(-301)).toBe('stale');
    expect(at(301)).toBe('stale');
  });
  test('the memory replay guard forgets a key after its ttl', async () => {
    let clock = 0;
    const guard = createMemoryReplayGuard(10, () => clock);
    expect(await guard.firstSeen('k', 1_000)).toBe(true);
    expect(await guard.firstSeen('k', 1_000)).toBe(false);
    clock = 1_001;
    expect(await guard.firstSeen('k', 1_000)).toBe(true);
  });
});
