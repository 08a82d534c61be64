// RETRY_ALLOW's slack:group rules, end to end: signed slash commands and clicks → Bolt → the asker's user groups
// from usergroups.users.list at the Slack API stand-in → the real core and retry workflow → the Azure stand-in.
import type { PickedItem } from '../../azure/actions/support/estate-items';
import { type RecordedCall, TEAM_ID } from '../../standins/slack-api';
import { pickRetryVms, type RetryBot, startRetryBot } from '../support/retry-bot';
import { actionBody, FORM, postToSlackEvents, slashCommandBody } from './support';

jest.setTimeout(120_000);

const OPS = 'S0000OPS';
const ANA = 'U0000AAA';
const EVE = 'U0000EVE';

let bot: RetryBot;
let vms: PickedItem[];
let urls = 0;

beforeAll(async () => {
  bot = await startRetryBot({ allow: [`slack:group:${OPS}`] });
  ({ vms } = pickRetryVms(bot.estate));
});
afterAll(async () => {
  await bot?.close();
});

function textOf(call: RecordedCall | undefined): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') out.push(value);
        else walk(value);
      }
    }
  };
  walk(call?.args.blocks ?? []);
  return out.join('\n');
}

const isWorking = (c: RecordedCall) =>
  ((c.args.blocks ?? []) as Array<{ block_id?: string }>).some((b) => b.block_id?.startsWith('v:working:'));

async function slash(text: string, user: string): Promise<RecordedCall> {
  const id = `slash-${++urls}`;
  const body = slashCommandBody(text, bot.slack.responseUrl(id), user);
  expect((await postToSlackEvents(bot.origin, body, FORM)).status).toBe(200);
  const posts = await bot.slack.waitFor('response_url', 1, 30_000, (c) => c.urlId === id && !isWorking(c));
  return posts.at(-1) as RecordedCall;
}

/** Ana's click on Start in the confirmation `confirm` (posted in channel C0000CHN). */
async function clickStart(confirm: RecordedCall, user: string): Promise<RecordedCall> {
  type Element = { type: string; action_id?: string; value?: string; text?: { text: string } };
  const blocks = (confirm.args.blocks ?? []) as Array<{ block_id?: string; elements?: Element[] }>;
  const block = blocks.find((b) => b.elements?.some((e) => e.text?.text === 'Start backup'));
  const button = block?.elements?.find((e) => e.text?.text === 'Start backup') as Element;
  const id = `click-${++urls}`;
  const payload = {
    type: 'block_actions',
    user: { id: user, username: 'alice', team_id: TEAM_ID },
    api_app_id: 'A0000APP',
    team: { id: TEAM_ID, domain: 'contoso' },
    trigger_id: '1.2.3',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0000CHN', is_ephemeral: false },
    channel: { id: 'C0000CHN', name: 'backups' },
    message: { type: 'message', text: '', ts: '1700000000.000100', blocks },
    response_url: bot.slack.responseUrl(id),
    actions: [{ type: 'button', action_id: button.action_id, block_id: block?.block_id, value: button.value }],
  };
  expect((await postToSlackEvents(bot.origin, actionBody(payload), FORM)).status).toBe(200);
  const posts = await bot.slack.waitFor('response_url', 1, 30_000, (c) => c.urlId === id && !isWorking(c));
  return posts.at(-1) as RecordedCall;
}

test('a member of a user group RETRY_ALLOW names may retry; someone outside it is refused', async () => {
  bot.slack.setUserGroup(OPS, [ANA, 'U0000BOB']);
  const item = vms[0] as PickedItem;
  const confirm = await slash(`retry ${item.id}`, ANA);
  expect(textOf(confirm)).toContain(`Back up ${item.name} now?`);
  // Only the group the rule names was looked up, with its id.
  const lookups = bot.slack.calls('usergroups.users.list');
  expect(lookups.map((c) => c.args.usergroup)).toEqual([OPS]);

  const denied = await slash(`retry ${item.id}`, EVE);
  expect(denied.args.response_type).toBe('ephemeral');
  expect(textOf(denied)).toContain('only people listed in RETRY_ALLOW may start backups');
  expect(textOf(denied)).not.toContain('could not be checked');
  // The members were cached: Eve's question asked Slack nothing more.
  expect(bot.slack.calls('usergroups.users.list')).toHaveLength(1);
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(0);

  // Eve clicks Ana's Start: refused (the click is authorized again); Ana's click starts the backup.
  expect(textOf(await clickStart(confirm, EVE))).toContain('You cannot start backups here');
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(0);
  expect(textOf(await clickStart(confirm, ANA))).toMatch(/Started .* by alice \(slack\)/);
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('without a group rule, nobody is looked up', async () => {
  const plain = await startRetryBot({ allow: [`slack:user:${ANA}`] });
  try {
    const id = 'plain-1';
    const body = slashCommandBody('audit since:7d', plain.slack.responseUrl(id), ANA);
    expect((await postToSlackEvents(plain.origin, body, FORM)).status).toBe(200);
    await plain.slack.waitFor('response_url', 1, 30_000, (c) => c.urlId === id);
    expect(plain.slack.attempts('usergroups.users.list')).toHaveLength(0);
  } finally {
    await plain.close();
  }
});

test('a failed group lookup is no membership: refused with the reason, nothing started; asked again next time', async () => {
  const DBA = 'S0000DBA';
  const other = await startRetryBot({ allow: [`slack:group:${DBA}`] });
  try {
    other.slack.setUserGroup(DBA, [ANA]);
    other.slack.failNext('usergroups.users.list', { error: 'missing_scope' });
    const item = vms[1] as PickedItem;
    const ask = async (id: string) => {
      const body = slashCommandBody(`retry ${item.id}`, other.slack.responseUrl(id), ANA);
      expect((await postToSlackEvents(other.origin, body, FORM)).status).toBe(200);
      const [post] = await other.slack.waitFor('response_url', 1, 30_000, (c) => c.urlId === id);
      return post as RecordedCall;
    };
    const refused = await ask('fail-1');
    expect(refused.args.response_type).toBe('ephemeral');
    expect(textOf(refused)).toContain('only people listed in RETRY_ALLOW may start backups');
    expect(textOf(refused)).toContain('group membership could not be checked');
    expect(other.sim.admin.countBackupCalls(item.id)).toBe(0);
    expect(other.logText()).toContain('could not read a Slack user group');
    // The failure was not remembered: Slack answers now, and Ana gets her confirmation.
    expect(textOf(await ask('fail-2'))).toContain(`Back up ${item.name} now?`);
    expect(other.slack.attempts('usergroups.users.list')).toHaveLength(2);
  } finally {
    await other.close();
  }
});

test("READ_ALLOW's group rule gives a member their scope in a DM with the bot; others there read nothing", async () => {
  const READERS = 'S0000RDR';
  const sub = (vms[0] as PickedItem).target.subscriptionId;
  const reader = await startRetryBot({ read: [`slack:group:${READERS}@sub:${sub}`] });
  try {
    reader.slack.setUserGroup(READERS, [EVE]);
    const inDm = async (text: string, user: string) => {
      const id = `dm-${++urls}`;
      const body = slashCommandBody(text, reader.slack.responseUrl(id), user).replace(
        'channel_id=C0000CHN',
        `channel_id=D${user.slice(1)}`,
      );
      expect((await postToSlackEvents(reader.origin, body, FORM)).status).toBe(200);
      const posts = await reader.slack.waitFor('response_url', 1, 30_000, (c) => c.urlId === id && !isWorking(c));
      return textOf(posts.at(-1));
    };
    expect(await inDm('help', EVE)).toContain(`READ_ALLOW: here the bot shows subscription ${sub}`);
    expect(await inDm('summary', ANA)).toContain('READ_ALLOW does not name you');
    expect(reader.slack.calls('usergroups.users.list').map((c) => c.args.usergroup)).toEqual([READERS]);
  } finally {
    await reader.close();
  }
});
