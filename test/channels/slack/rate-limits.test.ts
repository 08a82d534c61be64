// Slack's rate limits and flaky answers: a 429 is waited out (Retry-After) and retried, so the message arrives exactly
// once; a failure that may have been acted on is repeated only where repeating is harmless.
import { SlackApi } from '../../../src/channels/slack/slack-api';
import { startSlackStandIn } from '../../standins/slack-api';
import { captureLog } from '../../support/capture-log';
import {
  actionBody,
  buttonClick,
  eventBody,
  FORM,
  JSON_TYPE,
  postToSlackEvents,
  type SlackBot,
  slashCommandBody,
  useHelpBot,
  wait,
} from './support';

let bot: SlackBot;
useHelpBot((started) => {
  bot = started.bot;
});

const gapMs = (a?: { at: number }, b?: { at: number }) => (b?.at ?? 0) - (a?.at ?? 0);

test('chat.postMessage answered 429 + Retry-After: 1 is retried once after a second: exactly one message', async () => {
  bot.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
  const event = { type: 'message', channel_type: 'im', user: 'U0000CCC', text: 'help', channel: 'D0000DM1', ts: '1.1' };
  await postToSlackEvents(bot.base, eventBody(event), JSON_TYPE);
  const [message] = await bot.slack.waitFor('chat.postMessage');
  const attempts = bot.slack.attempts('chat.postMessage');
  expect(attempts).toHaveLength(2);
  expect(gapMs(attempts[0], attempts[1])).toBeGreaterThanOrEqual(950);
  expect(message?.args.text).toBe('Help for help');
  await wait(300);
  expect(bot.slack.calls('chat.postMessage')).toHaveLength(1);
  expect(bot.logs.text()).toContain('Retry-After');
});

test('a response_url answered 429 is retried after Retry-After: the answer arrives once', async () => {
  bot.slack.failNext('response_url', { status: 429, retryAfter: 1 });
  await postToSlackEvents(bot.base, slashCommandBody('help', bot.slack.responseUrl('rl')), FORM);
  await bot.slack.waitFor('response_url');
  const attempts = bot.slack.attempts('response_url');
  expect(attempts).toHaveLength(2);
  expect(gapMs(attempts[0], attempts[1])).toBeGreaterThanOrEqual(950);
  await wait(300);
  expect(bot.slack.calls('response_url')).toHaveLength(1);
});

test('views.publish answered 429 is retried; App Home is published once', async () => {
  bot.slack.failNext('views.publish', { status: 429, retryAfter: 1 });
  const event = { type: 'app_home_opened', user: 'U0000DDD', channel: 'D0000DM2', tab: 'home' };
  await postToSlackEvents(bot.base, eventBody(event), JSON_TYPE);
  await bot.slack.waitFor('views.publish');
  expect(bot.slack.attempts('views.publish')).toHaveLength(2);
  expect(bot.slack.calls('views.publish')).toHaveLength(1);
});

test('a click whose new message is refused with a server error is not posted twice', async () => {
  bot.slack.failNext('chat.postMessage', { status: 500 });
  const click = buttonClick({
    value: '{"v":1,"c":"vaults"}',
    view: 'summary',
    responseUrl: bot.slack.responseUrl('x'),
  });
  await postToSlackEvents(bot.base, actionBody(click), FORM);
  await wait(800);
  expect(bot.slack.attempts('chat.postMessage')).toHaveLength(1);
  expect(bot.slack.calls('chat.postMessage')).toHaveLength(0);
  expect(bot.logs.text()).toContain('not repeated, so nothing is sent twice');
});

describe('SlackApi retry policy (against the stand-in)', () => {
  test('chat.update after a server error is repeated once (it is safe to repeat)', async () => {
    const slack = await startSlackStandIn();
    try {
      const api = new SlackApi({ token: 'xoxb-t', apiUrl: slack.apiUrl, log: captureLog().log, minPostIntervalMs: 0 });
      slack.failNext('chat.update', { status: 503 });
      await api.update('C1', '1.1', { text: 'x', blocks: [] });
      expect(slack.attempts('chat.update')).toHaveLength(2);
      expect(slack.calls('chat.update')).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });

  test('a definite refusal (ok:false) is not repeated and surfaces its code', async () => {
    const slack = await startSlackStandIn();
    try {
      const api = new SlackApi({ token: 'xoxb-t', apiUrl: slack.apiUrl, log: captureLog().log, minPostIntervalMs: 0 });
      slack.failNext('chat.update', { error: 'message_not_found' });
      await expect(api.update('C1', '1.1', { text: 'x', blocks: [] })).rejects.toMatchObject({
        code: 'message_not_found',
      });
      expect(slack.attempts('chat.update')).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });

  test('after too many 429s the call gives up instead of waiting forever', async () => {
    const slack = await startSlackStandIn();
    try {
      const captured = captureLog();
      const api = new SlackApi({
        token: 'xoxb-t',
        apiUrl: slack.apiUrl,
        log: captured.log,
        minPostIntervalMs: 0,
        retry: { maxRateLimitWaits: 0 },
      });
      slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      await expect(api.postMessage('C1', { text: 'x', blocks: [] })).rejects.toMatchObject({ retryAfter: 1 });
      expect(slack.calls('chat.postMessage')).toHaveLength(0);
      expect(captured.text()).toContain('giving up');
    } finally {
      await slack.close();
    }
  });

  test('posts to one channel are spaced about a second apart (Slack: ~1 message/s/channel)', async () => {
    const slack = await startSlackStandIn();
    try {
      const api = new SlackApi({
        token: 'xoxb-t',
        apiUrl: slack.apiUrl,
        log: captureLog().log,
        minPostIntervalMs: 600,
      });
      await Promise.all([
        api.postMessage('C1', { text: 'a', blocks: [] }),
        api.postMessage('C1', { text: 'b', blocks: [] }),
        api.postMessage('C2', { text: 'c', blocks: [] }),
      ]);
      const [a, b] = slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C1');
      // Spacing is scheduled from each post's start; arrival at the stand-in adds connection set-up jitter to the first
      // post only (tens of ms on a loaded machine), so allow 100 ms of it. Without spacing the gap is a few ms.
      expect(gapMs(a, b)).toBeGreaterThanOrEqual(500);
      // Another channel is not held back by the first one's spacing.
      const c = slack.calls('chat.postMessage').find((call) => call.args.channel === 'C2');
      expect(c?.at).toBeLessThan(b?.at ?? 0);
    } finally {
      await slack.close();
    }
  });
});
