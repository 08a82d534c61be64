// Digests end to end through both chat platforms' stand-ins, on a driven clock: turned on in Teams and Slack (the
// announcement, the audit record, the asker's zone), posted once at their time, never twice; what happens when the
// platform says the bot is gone or not in the channel; a run missed by hours; who may change a digest.

import { actionBody, buttonClick, FORM, postToSlackEvents, slashCommandBody } from '../channels/slack/support';
import { cardOf, textsOf } from '../channels/teams/support';
import { CHANNEL_ID, sendToBot, type TestActivity, teamsMessage, teamsRemoval } from '../standins/bot-connector';
import { type DigestBot, startDigestBot } from './support/digest-bot';

jest.setTimeout(120_000);

// Monday 7 December 2026, 06:30 UTC = 07:30 in Berlin.
const START = new Date('2026-12-07T06:30:00Z');
let bot: DigestBot & { db: { drop(): Promise<void> } };

beforeAll(async () => {
  bot = await startDigestBot({ start: START });
});
afterAll(async () => {
  await bot?.close();
});
beforeEach(async () => {
  bot.clock.set(START);
  for (const s of await bot.store.listSnoozes('slack', 'C0000CHN', START))
    await bot.store.deleteSnooze(s.platform, s.conversationKey, s.itemKey);
  bot.connector.calls.length = 0;
  bot.slack.reset();
  for (const sub of await bot.store.listDigestSubscriptions()) {
    await bot.store.deleteDigestSubscription(sub.platform, sub.conversationKey);
  }
});

/** Texts of the card the bot answered a Teams channel message with. */
async function teamsSays(text: string, activity?: TestActivity): Promise<string[]> {
  const before = bot.connector.calls.length;
  const sent = await sendToBot(bot.messagesUrl, activity ?? teamsMessage(bot.connector.serviceUrl, text, 'channel'));
  expect(sent.status).toBeLessThan(300);
  const reply = await bot.connector.waitFor(
    (c, i = bot.connector.calls.indexOf(c)) => i >= before && c.kind === 'reply' && c.activity?.type === 'message',
  );
  return cardTexts(reply.activity);
}

/** The blocks' text of the answer to a /backup command. */
async function slackSays(text: string, user = 'U0000AAA', channel = 'C0000CHN'): Promise<string> {
  const id = `r${Math.random().toString(36).slice(2)}`;
  const body = slashCommandBody(text, bot.slack.responseUrl(id), user).replace('C0000CHN', channel);
  const res = await postToSlackEvents(bot.origin, body, FORM);
  expect(res.status).toBe(200);
  const [answer] = await bot.slack.waitFor(
    'response_url',
    1,
    20_000,
    (c) => c.urlId === id && !/Working on/.test(JSON.stringify(c.args)),
  );
  return JSON.stringify(answer?.args.blocks);
}

/** Every text of a card a person reads: TextBlocks and facts. */
// biome-ignore lint/suspicious/noExplicitAny: activities are JSON.
function cardTexts(activity: any): string[] {
  const card = cardOf(activity);
  const facts: string[] = [];
  JSON.stringify(card, (key, value) => {
    if (key === 'facts' && Array.isArray(value)) for (const f of value) facts.push(`${f.title}: ${f.value}`);
    return value;
  });
  return [...textsOf(card), ...facts];
}

const posts = () => bot.connector.calls.filter((c) => c.kind === 'send' && c.conversationId === CHANNEL_ID);

test('Teams: turned on in a channel, announced and audited; posted at 08:00 Berlin once, and again the next day', async () => {
  const answer = await teamsSays('digest on 08:00 tz:Europe/Berlin vault:rsv-prod');
  expect(answer[0]).toBe('Ada Admin turned on the daily digest');
  expect(answer.join('\n')).toContain('08:00 Europe/Berlin, every day · vault:rsv-prod');
  const audit = await bot.store.queryAudit({ limit: 5 });
  expect(audit[0]).toMatchObject({ action: 'digest-on', result: 'ok', target: CHANNEL_ID });

  bot.clock.set('2026-12-07T06:59:30Z');
  expect((await bot.tick()).posted).toBe(0);
  bot.clock.set('2026-12-07T07:00:20Z');
  const round = await bot.tick();
  expect(round).toMatchObject({ claimed: 1, posted: 1, scopes: 1 });
  expect(posts()).toHaveLength(1);
  const digest = cardTexts(posts()[0]?.activity);
  expect(digest[0]).toBe('Daily digest');
  expect(digest.join('\n')).toMatch(/First digest here/);
  expect(digest.join('\n')).toContain('as of Mon 7 Dec, 08:00 CET');
  // Another round at the same time, or a minute later: nothing more.
  await bot.tick();
  bot.clock.advance(60_000);
  await bot.tick();
  expect(posts()).toHaveLength(1);
  // `digest` says when it ran and when it runs next.
  const settings = (await teamsSays('digest')).join('\n');
  expect(settings).toContain('Mon 7 Dec, 08:00 CET · posted');
  expect(settings).toContain('Tue 8 Dec, 08:00 CET');

  bot.clock.set('2026-12-08T07:00:05Z');
  await bot.tick();
  expect(posts()).toHaveLength(2);
  expect(cardTexts(posts()[1]?.activity).join('\n')).not.toMatch(/First digest here/);
});

test('Slack: the asker’s zone from users.info, weekdays only, posted with chat.postMessage', async () => {
  bot.slack.setTimeZone('U0000AAA', 'America/New_York');
  const answer = await slackSays('digest on 7:30 weekdays');
  expect(answer).toContain('alice turned on the weekday digest');
  expect(answer).toContain('07:30 America/New_York, Monday to Friday');
  const channelPosts = () => bot.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0000CHN');
  // Friday 11 December 2026, 07:30 EST = 12:30 UTC; then Saturday and Sunday pass; Monday 14th.
  for (const [at, expected] of [
    ['2026-12-11T12:30:10Z', 1],
    ['2026-12-12T12:30:10Z', 1],
    ['2026-12-13T12:30:10Z', 1],
    ['2026-12-14T12:30:10Z', 2],
  ] as const) {
    bot.clock.set(at);
    await bot.tick();
    expect(channelPosts()).toHaveLength(expected);
  }
  expect(JSON.stringify(channelPosts()[0]?.args.blocks)).toContain('Weekday digest');
});

test('a conversation that removed the bot pauses its digest (Teams 403, Slack channel_not_found); audited; resumable', async () => {
  await teamsSays('digest on 08:00 tz:Europe/Berlin');
  await slackSays('digest on 08:00 tz:Europe/Berlin', 'U0000AAA', 'C0000OLD');
  bot.connector.failNext(CHANNEL_ID, {
    status: 403,
    code: 'BotNotInConversationRoster',
    message: 'The bot is not part of the conversation roster.',
  });
  bot.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
  bot.clock.set('2026-12-07T07:00:30Z');
  const round = await bot.tick();
  expect(round).toMatchObject({ claimed: 2, posted: 0, failed: 2 });
  for (const [platform, key] of [
    ['teams', CHANNEL_ID],
    ['slack', 'C0000OLD'],
  ]) {
    const sub = await bot.store.getDigestSubscription(platform as string, key as string);
    expect(sub?.pausedReason).toMatch(/can no longer post here \((BotNotInConversationRoster|channel_not_found)\)/);
    expect(sub?.lastRun?.status).toBe('failed');
  }
  const audit = (await bot.store.queryAudit({ limit: 10 })).filter((r) => r.action === 'digest-paused');
  expect(audit.map((r) => r.target).sort()).toEqual(['C0000OLD', CHANNEL_ID].sort());
  // Paused: not tried again the next day.
  const attempts = bot.connector.attempts.length;
  bot.clock.set('2026-12-08T07:00:30Z');
  expect((await bot.tick()).due).toBe(0);
  expect(bot.connector.attempts.length).toBe(attempts);
  expect((await teamsSays('digest')).join('\n')).toMatch(/Paused .*the bot can no longer post here/);
  // digest on resumes it.
  expect((await teamsSays('digest on 08:00 tz:Europe/Berlin'))[0]).toBe('Ada Admin changed the daily digest');
  expect((await bot.store.getDigestSubscription('teams', CHANNEL_ID))?.pausedAt).toBeNull();
});

test('Teams removal pauses the digest at once', async () => {
  await teamsSays('digest on 08:00 tz:Europe/Berlin');
  for (const activity of teamsRemoval(bot.connector.serviceUrl, 'channel')) await sendToBot(bot.messagesUrl, activity);
  const sub = await bot.store.getDigestSubscription('teams', CHANNEL_ID);
  expect(sub?.pausedReason).toBe('the bot was removed from this conversation');
  // Teams announces the removal twice (installationUpdate and conversationUpdate): one pause, one audit record.
  const removals = (await bot.store.queryAudit({ limit: 20 })).filter(
    (r) =>
      r.action === 'digest-paused' &&
      (r.details as { reason?: string }).reason === 'the bot was removed from this conversation',
  );
  expect(removals).toHaveLength(1);
});

test('Slack not_in_channel: the creator hears it once in a DM; the digest arrives after the invite', async () => {
  await slackSays('digest on 08:00 tz:Europe/Berlin', 'U0000BOB', 'C0000NEW');
  const dms = () => bot.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'U0000BOB');
  for (const day of ['2026-12-07', '2026-12-08']) {
    bot.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    bot.clock.set(`${day}T07:00:30Z`);
    await bot.tick();
  }
  expect(dms()).toHaveLength(1);
  expect(JSON.stringify(dms()[0]?.args.blocks)).toContain('Invite it there (/invite @Backup');
  expect((await bot.store.getDigestSubscription('slack', 'C0000NEW'))?.pausedAt).toBeNull();
  bot.clock.set('2026-12-09T07:00:30Z');
  await bot.tick();
  expect(bot.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'C0000NEW')).toHaveLength(1);
});

test('a run missed by more than 6 hours is skipped with a log line; the next day posts as usual', async () => {
  await teamsSays('digest on 08:00 tz:Europe/Berlin');
  bot.clock.set('2026-12-07T14:30:00Z');
  expect(await bot.tick()).toMatchObject({ skipped: 1, posted: 0 });
  expect(posts()).toHaveLength(0);
  expect(bot.log.text()).toContain('skipped a digest that was due too long ago');
  expect((await teamsSays('digest')).join('\n')).toMatch(/Mon 7 Dec, 08:00 CET · skipped: missed by about 8 h/);
  bot.clock.set('2026-12-08T07:00:30Z');
  expect(await bot.tick()).toMatchObject({ posted: 1 });
});

test('a run four hours late is posted, and says it is late', async () => {
  await teamsSays('digest on 08:00 tz:Europe/Berlin');
  bot.clock.set('2026-12-07T11:00:00Z');
  expect(await bot.tick()).toMatchObject({ posted: 1 });
  expect(cardTexts(posts()[0]?.activity).join('\n')).toContain('Late: due 08:00 CET, posted 12:00 CET.');
});

test('DIGEST_ALLOW: a person it does not name is refused (who may is named) and the refusal is audited', async () => {
  const strict = await startDigestBot({
    start: START,
    digestAllow: ['slack:user:U0000ANA', 'teams:*#19:other@thread.tacv2'],
  });
  try {
    const id = 'refused';
    const body = slashCommandBody('digest on', strict.slack.responseUrl(id), 'U0000BOB');
    await postToSlackEvents(strict.origin, body, FORM);
    const [answer] = await strict.slack.waitFor('response_url', 1, 20_000, (c) => c.urlId === id);
    const text = JSON.stringify(answer?.args);
    expect(text).toContain('only the people and channels DIGEST_ALLOW names may change');
    expect(text).toContain('slack:user:U0000ANA');
    expect(text).toContain('Your entry would be slack:user:U0000BOB');
    expect(answer?.args.response_type).toBe('ephemeral');
    expect(await strict.store.getDigestSubscription('slack', 'C0000CHN')).toBeUndefined();
    expect((await strict.store.queryAudit({ limit: 1 }))[0]).toMatchObject({ action: 'digest-on', result: 'denied' });
    // `digest now` is a read: anyone may.
    const now = 'now';
    await postToSlackEvents(
      strict.origin,
      slashCommandBody('digest now', strict.slack.responseUrl(now), 'U0000BOB'),
      FORM,
    );
    const [preview] = await strict.slack.waitFor(
      'response_url',
      1,
      30_000,
      (c) => c.urlId === now && JSON.stringify(c.args).includes('Backup digest (preview)'),
    );
    expect(preview).toBeDefined();
  } finally {
    await strict.close();
  }
});

test('quiet: a day with nothing to report posts nothing (and says so in `digest`); without quiet, "All good"', async () => {
  // A scope that reads nothing (no such vault) is a calm day.
  await slackSays('digest on 08:00 tz:Europe/Berlin quiet vault:rsv-nothing-here', 'U0000AAA', 'C0000QUIET');
  await slackSays('digest on 08:00 tz:Europe/Berlin vault:rsv-nothing-here', 'U0000AAA', 'C0000LOUD');
  bot.clock.set('2026-12-07T07:00:30Z');
  expect(await bot.tick()).toMatchObject({ claimed: 2, posted: 1, quiet: 1, scopes: 1 });
  const posted = bot.slack.calls('chat.postMessage');
  expect(posted.map((c) => c.args.channel)).toEqual(['C0000LOUD']);
  expect(JSON.stringify(posted[0]?.args.blocks)).toContain('✅ All good: no failed backups in the last 24 h');
  expect(await slackSays('digest', 'U0000AAA', 'C0000QUIET')).toContain(
    'nothing to report, so nothing was posted (quiet)',
  );
});

test('Slack: the snooze picker’s menu snoozes an item for the chosen time', async () => {
  const picker = JSON.parse(await slackSays('snooze')) as Array<Record<string, unknown>>;
  const choice = picker.find((b) => (b.accessory as { type?: string } | undefined)?.type === 'overflow');
  const menu = choice?.accessory as { action_id: string; options: { text: { text: string }; value: string }[] };
  expect(menu.options.map((o) => o.text.text)).toEqual(['Snooze 1 day', 'Snooze 7 days', 'Snooze 30 days']);
  const seven = menu.options[1] as { text: { text: string }; value: string };
  const click = buttonClick({ value: 'unused', view: 'snooze', responseUrl: bot.slack.responseUrl('picked') });
  const actions = click.actions as Array<Record<string, unknown>>;
  actions[0] = {
    type: 'overflow',
    action_id: menu.action_id,
    block_id: choice?.block_id,
    selected_option: seven,
    action_ts: '1700000000.2',
  };
  expect((await postToSlackEvents(bot.origin, actionBody(click), FORM)).status).toBe(200);
  // The announcement is posted in the channel for everyone (the menu's stashed choice opens a new message).
  const [answer] = await bot.slack.waitFor('chat.postMessage', 1, 20_000, (c) =>
    JSON.stringify(c.args).includes('snoozed'),
  );
  expect(JSON.stringify(answer?.args)).toMatch(/alice snoozed .* for 7 days/);
  const snoozes = await bot.store.listSnoozes('slack', 'C0000CHN', bot.clock.now());
  expect(snoozes).toHaveLength(1);
  expect(snoozes[0]?.until.getTime()).toBe(bot.clock.now().getTime() + 7 * 86_400_000);
});
