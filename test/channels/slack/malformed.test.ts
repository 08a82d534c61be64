// Correctly signed but malformed requests at POST /slack/events: each is answered 400 with a warning in the log, and
// nothing runs (core is not asked, Slack is not called). A signature proves who sent a body, not that it is sane.
import { TEAM_ID } from '../../standins/slack-api';
import {
  actionBody,
  buttonClick,
  eventBody,
  FORM,
  type HelpCore,
  JSON_TYPE,
  postToSlackEvents,
  SIGNING_SECRET,
  type SlackBot,
  slashCommandBody,
  useHelpBot,
} from './support';

let bot: SlackBot;
let core: HelpCore;
useHelpBot((started) => {
  ({ bot, core } = started);
});

const click = buttonClick({ value: JSON.stringify({ v: 1, c: 'help' }), view: 'help', responseUrl: 'http://x/' });
const withoutKey = (object: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
const view = { id: 'V1', type: 'modal', callback_id: 'x', state: { values: {} } };
const slackUser = { id: 'U0000AAA', username: 'alice', team_id: TEAM_ID };

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (value: unknown) => actionBody(value as Record<string, unknown>);

const malformed: Array<[string, string, string]> = [
  ['payload=null', form({ payload: 'null' }), FORM],
  ['payload is an array', form({ payload: '[1,2]' }), FORM],
  ['payload is a number', form({ payload: '42' }), FORM],
  ['payload is not JSON', form({ payload: '{"type":' }), FORM],
  ['block_actions without user', payload(withoutKey(click, 'user')), FORM],
  ['block_actions with user: null', payload({ ...click, user: null }), FORM],
  ['block_actions with a user without an id', payload({ ...click, user: { name: 'x' } }), FORM],
  ['block_actions with actions: null', payload({ ...click, actions: null }), FORM],
  ['block_actions with channel: null', payload({ ...click, channel: null }), FORM],
  ['block_actions with a string container', payload({ ...click, container: 'x' }), FORM],
  ['view_submission without view', payload({ type: 'view_submission', user: slackUser, team: { id: TEAM_ID } }), FORM],
  ['view_submission with view: null', payload({ type: 'view_submission', user: slackUser, view: null }), FORM],
  ['view_closed without user', payload({ type: 'view_closed', view, team: { id: TEAM_ID } }), FORM],
  ['shortcut without user', payload({ type: 'shortcut', callback_id: 'x', team: { id: TEAM_ID } }), FORM],
  ['message_action with user: null', payload({ type: 'message_action', callback_id: 'x', user: null }), FORM],
  ['slash command without user_id', form({ command: '/backup', text: 'help', response_url: 'http://x/' }), FORM],
  ['slash command without response_url', form({ command: '/backup', text: 'help', user_id: 'U0000AAA' }), FORM],
  ['event_callback with event: null', eventBody(null as unknown as Record<string, unknown>), JSON_TYPE],
  ['event_callback with a string event', eventBody('app_mention' as unknown as Record<string, unknown>), JSON_TYPE],
  ['event without a type', eventBody({ user: 'U0000AAA', channel: 'C0000CHN', text: 'help' }), JSON_TYPE],
  ['app_mention with channel: null', eventBody({ type: 'app_mention', user: 'U0000AAA', channel: null }), JSON_TYPE],
  ['app_mention with user: null', eventBody({ type: 'app_mention', user: null, channel: 'C0000CHN' }), JSON_TYPE],
  ['app_mention with text: 42', eventBody({ type: 'app_mention', user: 'U1', channel: 'C1', text: 42 }), JSON_TYPE],
  ['message with item: null', eventBody({ type: 'message', channel: 'D1', user: 'U1', item: null }), JSON_TYPE],
  ['app_home_opened without user', eventBody({ type: 'app_home_opened', tab: 'home' }), JSON_TYPE],
  [
    'event_callback with authorizations: null',
    JSON.stringify({
      ...JSON.parse(eventBody({ type: 'app_mention', user: 'U1', channel: 'C1' })),
      authorizations: null,
    }),
    JSON_TYPE,
  ],
  ['a JSON array', '[]', JSON_TYPE],
  ['JSON null', 'null', JSON_TYPE],
  ['not JSON at all', '{{{', JSON_TYPE],
];

test.each(malformed)('%s: 400, a warning, and nothing runs', async (name, body, contentType) => {
  const logBefore = bot.logs.text().length;
  const response = await postToSlackEvents(bot.base, body, contentType);
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: expect.stringMatching(/malformed|unreadable/) });
  const logged = bot.logs.text().slice(logBefore);
  expect(logged).toMatch(/"level":"?(warn|40)"?.*nothing was run/);
  expect(logged).not.toContain(SIGNING_SECRET);
  // A correct command after it is the barrier: once its answer is posted, anything the bad one started would show.
  // (Its own response_url makes each test's barrier a different request, not a replay of the previous one.)
  const after = `after ${name}`;
  const ok = await postToSlackEvents(bot.base, slashCommandBody('help', bot.slack.responseUrl(after)), FORM);
  expect(ok.status).toBe(200);
  await bot.slack.waitFor('response_url');
  expect(core.calls.map((c) => c.input)).toEqual(['help']);
  expect(bot.slack.attempts('response_url').map((c) => c.urlId)).toEqual([after]);
  expect(bot.slack.attempts('chat.postMessage')).toEqual([]);
  expect(bot.slack.attempts('views.publish')).toEqual([]);
  expect(bot.http.server.inflightRequests()).toBe(0);
});

test('the bot still answers a well-formed click and mention after all of them (the baseline)', async () => {
  const clicked = await postToSlackEvents(
    bot.base,
    payload(
      buttonClick({
        value: JSON.stringify({ v: 1, c: 'help' }),
        view: 'help',
        responseUrl: bot.slack.responseUrl('c'),
      }),
    ),
    FORM,
  );
  expect(clicked.status).toBe(200);
  const mention = eventBody({ type: 'app_mention', user: 'U0000AAA', channel: 'C0000CHN', text: '<@UBOT0001> help' });
  expect((await postToSlackEvents(bot.base, mention, JSON_TYPE)).status).toBe(200);
  await bot.slack.waitFor('response_url');
  await bot.slack.waitFor('chat.postMessage');
  expect(core.calls.map((c) => c.kind).sort()).toEqual(['action', 'text']);
});
