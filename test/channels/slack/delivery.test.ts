// Proactive posts in Slack (digests) through the real channel at the Slack API stand-in: chat.postMessage to a
// channel or a person, each refusal classified for the scheduler, and buttons that open a new message on click.
import type { ConversationAddress, Reply } from '../../../src/core/conversation-port';
import { DeliveryError } from '../../../src/core/delivery';
import { sampleHelpModel } from '../../render/fixtures/help-model';
import {
  actionBody,
  buttonClick,
  FORM,
  type HelpCore,
  postToSlackEvents,
  type SlackBot,
  useHelpBot,
  wait,
} from './support';

let bot: SlackBot;
let core: HelpCore;
useHelpBot((started) => {
  ({ bot, core } = started);
});

const CHANNEL: ConversationAddress = { platform: 'slack', key: 'C0000CHN', data: { channel: 'C0000CHN' } };
const digest: Reply = { view: 'help', model: sampleHelpModel({ title: 'Daily backup digest' }), summaryText: 'Digest' };

async function refusal(promise: Promise<unknown>): Promise<DeliveryError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('post', () => {
  test('posts with chat.postMessage and answers a ref that chat.update later finds', async () => {
    const ref = await bot.channel.delivery.post(CHANNEL, digest);
    const [posted] = bot.slack.calls('chat.postMessage');
    expect(posted?.args).toMatchObject({ channel: 'C0000CHN', text: 'Daily backup digest' });
    expect(JSON.stringify(posted?.args.blocks)).toContain('v:help:0');
    expect(ref).toEqual({ platform: 'slack', data: { channel: 'C0000CHN', ts: posted?.answer?.ts } });
    await bot.channel.progress.update(ref as NonNullable<typeof ref>, digest);
    expect(bot.slack.calls('chat.update')[0]?.args).toMatchObject({ channel: 'C0000CHN', ts: posted?.answer?.ts });
  });

  test('not_in_channel: the bot must be invited', async () => {
    bot.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const err = await refusal(bot.channel.delivery.post(CHANNEL, digest));
    expect(err).toMatchObject({ kind: 'not-in-channel', code: 'not_in_channel' });
  });

  test.each(['channel_not_found', 'is_archived', 'account_inactive', 'token_revoked', 'team_access_not_granted'])(
    '%s: the conversation is gone',
    async (code) => {
      bot.slack.failNext('chat.postMessage', { error: code });
      expect(await refusal(bot.channel.delivery.post(CHANNEL, digest))).toMatchObject({ kind: 'gone', code });
      expect(bot.slack.attempts('chat.postMessage')).toHaveLength(1);
    },
  );

  test.each(['invalid_auth', 'msg_too_long', 'restricted_action'])(
    '%s: failed (the bot token or the message, not the place)',
    async (code) => {
      bot.slack.failNext('chat.postMessage', { error: code });
      expect(await refusal(bot.channel.delivery.post(CHANNEL, digest))).toMatchObject({ kind: 'failed', code });
    },
  );

  test('a 429 is waited out (Retry-After) and posted exactly once', async () => {
    bot.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const ref = await bot.channel.delivery.post(CHANNEL, digest);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(bot.slack.attempts('chat.postMessage')).toHaveLength(2);
    expect(bot.slack.calls('chat.postMessage')).toHaveLength(1);
    expect(ref).toBeDefined();
  });

  test('a 500 fails and is not repeated: Slack may have posted', async () => {
    bot.slack.failNext('chat.postMessage', { status: 500 });
    expect((await refusal(bot.channel.delivery.post(CHANNEL, digest))).kind).toBe('failed');
    await wait(500);
    expect(bot.slack.attempts('chat.postMessage')).toHaveLength(1);
  });

  test('an address that is not a Slack channel is refused unsent', async () => {
    const err = await refusal(bot.channel.delivery.post({ platform: 'slack', key: 'x', data: {} }, digest));
    expect(err).toMatchObject({ kind: 'failed', code: 'bad-address' });
    expect(bot.slack.attempts()).toEqual([]);
  });
});

test('tell opens the app DM: chat.postMessage to the user id', async () => {
  await bot.channel.delivery.tell('slack', 'U0000AAA', digest);
  const [posted] = bot.slack.calls('chat.postMessage');
  expect(posted?.args.channel).toBe('U0000AAA');
  expect(posted?.answer?.channel).toBe('D0000AAA');
});

describe('a click on a button that opens a new message', () => {
  const NEW_JOBS = '{"v":1,"c":"jobs failed","n":1}';

  test('is posted into the channel; the clicked message is not replaced even for its own view', async () => {
    const click = buttonClick({ value: NEW_JOBS, view: 'jobs', responseUrl: bot.slack.responseUrl('n1') });
    await postToSlackEvents(bot.base, actionBody(click), FORM);
    const [posted] = await bot.slack.waitFor('chat.postMessage');
    expect(posted?.args.channel).toBe('C0000CHN');
    await wait(200);
    expect(bot.slack.calls('response_url')).toEqual([]);
    expect(bot.slack.calls('chat.update')).toEqual([]);
    expect(core.calls.at(-1)?.input).toBe(NEW_JOBS);
  });

  test('where the bot may not post, it comes through response_url as a new message', async () => {
    bot.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const click = buttonClick({ value: NEW_JOBS, view: 'jobs', responseUrl: bot.slack.responseUrl('n2') });
    await postToSlackEvents(bot.base, actionBody(click), FORM);
    const [answer] = await bot.slack.waitFor('response_url');
    expect(answer?.args).toMatchObject({ replace_original: false, response_type: 'in_channel' });
  });

  test('without the flag, the same button still updates its message in place', async () => {
    const click = buttonClick({
      value: '{"v":1,"c":"jobs failed"}',
      view: 'jobs',
      responseUrl: bot.slack.responseUrl('n3'),
    });
    await postToSlackEvents(bot.base, actionBody(click), FORM);
    const [answer] = await bot.slack.waitFor('response_url');
    expect(answer?.args.replace_original).toBe(true);
    expect(bot.slack.calls('chat.postMessage')).toEqual([]);
  });
});
