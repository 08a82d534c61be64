// What a Slack user sees: /backup, @mentions, DMs, button clicks and App Home, through the real Bolt app over HTTP,
// answered into the Slack API stand-in.
import type { RecordedCall } from '../../standins/slack-api';
import {
  actionBody,
  buttonClick,
  eventBody,
  FORM,
  type HelpCore,
  JSON_TYPE,
  postToSlackEvents,
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

const headerOf = (call: RecordedCall | undefined) =>
  ((call?.args.blocks as Array<{ type: string; text?: { text: string } }> | undefined) ?? []).find(
    (b) => b.type === 'header',
  )?.text?.text;

describe('/backup slash command', () => {
  test('is answered in the channel through response_url with the rendered blocks', async () => {
    const response = await postToSlackEvents(
      bot.base,
      slashCommandBody('jobs failed', bot.slack.responseUrl('r1')),
      FORM,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const [post] = await bot.slack.waitFor('response_url');
    expect(post?.urlId).toBe('r1');
    expect(post?.args).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(headerOf(post)).toBe('Help for jobs failed');
    expect(post?.args.text).toBe('Help for jobs failed');
    expect(core.calls[0]).toMatchObject({
      kind: 'text',
      input: 'jobs failed',
      caller: { platform: 'slack', userId: 'U0000AAA', userName: 'alice', channelId: 'C0000CHN', tenantId: 'T0000001' },
    });
    await wait(200);
    expect(bot.slack.calls('response_url')).toHaveLength(1);
  });

  test('is acknowledged long before slow work finishes', async () => {
    core.delayMs = 1_000;
    const started = Date.now();
    const response = await postToSlackEvents(bot.base, slashCommandBody('summary', bot.slack.responseUrl('r0')), FORM);
    const ackedAt = Date.now();
    expect(response.status).toBe(200);
    expect(ackedAt - started).toBeLessThan(3_000); // Slack's deadline; the bench measures the real figure
    const [, answer] = await bot.slack.waitFor('response_url', 2);
    expect(headerOf(answer)).toBe('Help for summary');
    expect(ackedAt).toBeLessThan(answer?.at ?? 0);
    expect((answer?.at ?? 0) - started).toBeGreaterThanOrEqual(950);
  });

  test('slow work shows the working placeholder, which the answer then replaces', async () => {
    core.delayMs = 1_200;
    const started = Date.now();
    const response = await postToSlackEvents(bot.base, slashCommandBody('summary', bot.slack.responseUrl('r2')), FORM);
    const ackedAt = Date.now();
    expect(response.status).toBe(200);
    const [placeholder, final] = await bot.slack.waitFor('response_url', 2);
    expect(ackedAt).toBeLessThan(placeholder?.at ?? 0);
    expect(ackedAt - started).toBeLessThan(3_000);
    expect(headerOf(placeholder)).toBe('Working on summary');
    expect(placeholder?.args).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(headerOf(final)).toBe('Help for summary');
    expect(final?.args).toMatchObject({ response_type: 'in_channel', replace_original: true });
  });

  test('an answer meant for one person is ephemeral', async () => {
    await postToSlackEvents(bot.base, slashCommandBody('oops typo', bot.slack.responseUrl('r3')), FORM);
    const [post] = await bot.slack.waitFor('response_url');
    expect(post?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });

  test('a slow ephemeral answer removes the public placeholder, then answers privately', async () => {
    core.delayMs = 1_200;
    await postToSlackEvents(bot.base, slashCommandBody('oops slow', bot.slack.responseUrl('r4')), FORM);
    const posts = await bot.slack.waitFor('response_url', 3);
    expect(posts.map((p) => p.args.response_type ?? (p.args.delete_original ? 'delete' : '?'))).toEqual([
      'in_channel',
      'delete',
      'ephemeral',
    ]);
  });

  test('an empty /backup shows help', async () => {
    await postToSlackEvents(bot.base, slashCommandBody('', bot.slack.responseUrl('r5')), FORM);
    await bot.slack.waitFor('response_url');
    expect(core.calls[0]?.input).toBe('help');
  });
});

describe('mentions and direct messages', () => {
  test('@Backup in a channel is answered with chat.postMessage in that channel, the mention stripped', async () => {
    const event = { type: 'app_mention', user: 'U0000BBB', text: '<@UBOT0001> vaults', channel: 'C0000CHN', ts: '1.1' };
    const response = await postToSlackEvents(bot.base, eventBody(event), JSON_TYPE);
    expect(response.status).toBe(200);
    const [post] = await bot.slack.waitFor('chat.postMessage');
    expect(post?.args).toMatchObject({ channel: 'C0000CHN', text: 'Help for vaults' });
    expect(post?.args.thread_ts).toBeUndefined();
    expect(core.calls[0]).toMatchObject({ input: 'vaults', caller: { userId: 'U0000BBB' } });
  });

  test('a mention inside a thread is answered in the thread; a slow one via placeholder + chat.update', async () => {
    core.delayMs = 1_200;
    const event = {
      type: 'app_mention',
      user: 'U0000BBB',
      text: '<@UBOT0001> summary',
      channel: 'C0000CHN',
      ts: '2.2',
    };
    await postToSlackEvents(bot.base, eventBody({ ...event, thread_ts: '1.0' }), JSON_TYPE);
    const [placeholder] = await bot.slack.waitFor('chat.postMessage');
    expect(placeholder?.args).toMatchObject({ channel: 'C0000CHN', thread_ts: '1.0', text: 'Working on summary' });
    const [update] = await bot.slack.waitFor('chat.update');
    expect(update?.args).toMatchObject({ channel: 'C0000CHN', text: 'Help for summary' });
    expect(update?.args.ts).toBeDefined();
    expect(bot.slack.calls('chat.postMessage')).toHaveLength(1);
  });

  test('an ephemeral answer to a mention goes to the asker only (chat.postEphemeral)', async () => {
    const event = { type: 'app_mention', user: 'U0000BBB', text: '<@UBOT0001> oops', channel: 'C0000CHN', ts: '3.3' };
    await postToSlackEvents(bot.base, eventBody(event), JSON_TYPE);
    const [post] = await bot.slack.waitFor('chat.postEphemeral');
    expect(post?.args).toMatchObject({ channel: 'C0000CHN', user: 'U0000BBB' });
    expect(bot.slack.calls('chat.postMessage')).toEqual([]);
  });

  test('a direct message is answered in the DM', async () => {
    const event = { type: 'message', channel_type: 'im', user: 'U0000CCC', text: 'jobs running', channel: 'D0000DM1' };
    await postToSlackEvents(bot.base, eventBody({ ...event, ts: '4.4' }), JSON_TYPE);
    const [post] = await bot.slack.waitFor('chat.postMessage');
    expect(post?.args).toMatchObject({ channel: 'D0000DM1', text: 'Help for jobs running' });
  });

  test('the bot ignores its own messages, edits, and channel chatter', async () => {
    const own = {
      type: 'message',
      channel_type: 'im',
      user: 'UBOT0001',
      bot_id: 'BBOT0001',
      text: 'hi',
      channel: 'D1',
    };
    const edit = { type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D1', ts: '5.5' };
    const chatter = { type: 'message', channel_type: 'channel', user: 'U0000CCC', text: 'jobs', channel: 'C1' };
    for (const event of [own, edit, chatter]) {
      expect((await postToSlackEvents(bot.base, eventBody({ ts: '5.6', ...event }), JSON_TYPE)).status).toBe(200);
    }
    await wait(300);
    expect(core.calls).toEqual([]);
    expect(bot.slack.calls('chat.postMessage')).toEqual([]);
  });

  test('an event Slack delivers twice (same event_id, a retry) is answered once', async () => {
    const event = {
      type: 'message',
      channel_type: 'im',
      user: 'U0000CCC',
      text: 'help',
      channel: 'D0000DM1',
      ts: '6.6',
    };
    const body = eventBody(event, 'Ev-once');
    // The first delivery's timestamp is fixed, so the re-signed one below always differs from it (the same timestamp
    // and body would be the same signature: a replay, 401).
    const first = Math.floor(Date.now() / 1000);
    expect((await postToSlackEvents(bot.base, body, JSON_TYPE, { timestamp: first })).status).toBe(200);
    const retry = await fetch(`${bot.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': JSON_TYPE, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      body,
    }).catch(() => undefined);
    expect(retry?.status).toBe(401); // unsigned here; a re-signed retry is covered below
    const resigned = await postToSlackEvents(bot.base, body, JSON_TYPE, { timestamp: first - 1 });
    expect(resigned.status).toBe(200);
    await wait(300);
    expect(bot.slack.calls('chat.postMessage')).toHaveLength(1);
  });
});

describe('buttons', () => {
  test('a click is acknowledged, decoded by the core, and a page of the same view updates the message in place', async () => {
    const value = '{"v":1,"c":"jobs failed","p":2}';
    const click = buttonClick({ value, view: 'jobs', responseUrl: bot.slack.responseUrl('b1') });
    const response = await postToSlackEvents(bot.base, actionBody(click), FORM);
    expect(response.status).toBe(200);
    const [post] = await bot.slack.waitFor('response_url');
    expect(post?.args).toMatchObject({ replace_original: true, text: 'Clicked jobs failed' });
    expect(core.calls[0]).toMatchObject({ kind: 'action', input: value, caller: { userId: 'U0000AAA' } });
    expect(bot.slack.calls('chat.postMessage')).toEqual([]);
  });

  test('a click into another view posts a new message and leaves the original alone', async () => {
    const click = buttonClick({
      value: '{"v":1,"c":"jobs failed"}',
      view: 'summary',
      responseUrl: bot.slack.responseUrl('b2'),
    });
    await postToSlackEvents(bot.base, actionBody(click), FORM);
    const [post] = await bot.slack.waitFor('chat.postMessage');
    expect(post?.args).toMatchObject({ channel: 'C0000CHN', text: 'Clicked jobs failed' });
    expect(bot.slack.calls('response_url')).toEqual([]);
  });

  test('where the bot may not post, a new view comes through the response_url instead', async () => {
    bot.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const click = buttonClick({
      value: '{"v":1,"c":"vaults"}',
      view: 'summary',
      responseUrl: bot.slack.responseUrl('b3'),
    });
    await postToSlackEvents(bot.base, actionBody(click), FORM);
    const [post] = await bot.slack.waitFor('response_url');
    expect(post?.args).toMatchObject({ response_type: 'in_channel', replace_original: false, text: 'Clicked vaults' });
  });

  test('a slow refresh replaces the message with the placeholder, then with the answer', async () => {
    core.delayMs = 1_200;
    const click = buttonClick({ value: '{"v":1,"c":"help"}', view: 'help', responseUrl: bot.slack.responseUrl('b4') });
    await postToSlackEvents(bot.base, actionBody(click), FORM);
    const [placeholder, final] = await bot.slack.waitFor('response_url', 2);
    expect(placeholder?.args).toMatchObject({ replace_original: true, text: 'Working on help' });
    expect(final?.args).toMatchObject({ replace_original: true, text: 'Clicked help' });
  });

  test('a click on an ephemeral message stays ephemeral', async () => {
    const click = buttonClick({
      value: '{"v":1,"c":"jobs"}',
      view: 'help',
      ephemeral: true,
      responseUrl: bot.slack.responseUrl('b5'),
    });
    await postToSlackEvents(bot.base, actionBody(click), FORM);
    const [post] = await bot.slack.waitFor('response_url');
    expect(post?.args).toMatchObject({ response_type: 'ephemeral', text: 'Clicked jobs' });
  });
});

describe('App Home', () => {
  test('opening the Home tab publishes the summary dashboard with views.publish', async () => {
    const event = { type: 'app_home_opened', user: 'U0000DDD', channel: 'D0000DM2', tab: 'home' };
    await postToSlackEvents(bot.base, eventBody(event), JSON_TYPE);
    const [publish] = await bot.slack.waitFor('views.publish');
    expect(core.calls[0]).toMatchObject({ input: 'summary', caller: { userId: 'U0000DDD' } });
    expect(publish?.args.user_id).toBe('U0000DDD');
    const view = publish?.args.view as { type: string; blocks: Array<{ type: string; text?: { text: string } }> };
    expect(view.type).toBe('home');
    expect(view.blocks.find((b) => b.type === 'header')?.text?.text).toBe('Help for summary');
  });

  test('the Messages tab does not publish Home', async () => {
    const event = { type: 'app_home_opened', user: 'U0000DDD', channel: 'D0000DM2', tab: 'messages' };
    await postToSlackEvents(bot.base, eventBody(event), JSON_TYPE);
    await wait(300);
    expect(bot.slack.calls('views.publish')).toEqual([]);
  });

  test('a click in Home on another view answers in a DM; on the summary it refreshes Home', async () => {
    const jobs = buttonClick({ value: '{"v":1,"c":"jobs failed"}', view: 'summary', home: true, user: 'U0000DDD' });
    await postToSlackEvents(bot.base, actionBody(jobs), FORM);
    const [dm] = await bot.slack.waitFor('chat.postMessage');
    expect(dm?.args).toMatchObject({ channel: 'U0000DDD', text: 'Clicked jobs failed' });
    const refresh = buttonClick({ value: '{"v":1,"c":"summary"}', view: 'summary', home: true, user: 'U0000DDD' });
    await postToSlackEvents(bot.base, actionBody(refresh), FORM);
    const [publish] = await bot.slack.waitFor('views.publish');
    expect(publish?.args.user_id).toBe('U0000DDD');
  });
});
