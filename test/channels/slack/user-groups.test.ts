// The user group memory of the Slack channel, over the real Web API client against the Slack API stand-in: members
// kept per group for five minutes on a driven clock, a few lookups at a time, and a failure never a membership.
import { SlackApi } from '../../../src/channels/slack/slack-api';
import { SlackGroups } from '../../../src/channels/slack/user-groups';
import type { Caller } from '../../../src/core/caller';
import { type SlackStandIn, startSlackStandIn } from '../../standins/slack-api';
import { captureLog } from '../../support/capture-log';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
});
afterAll(async () => {
  await slack.close();
});
afterEach(() => slack.reset());

const ANA: Caller = { platform: 'slack', userId: 'U0000AAA', channelId: 'C0000CHN' };

function setup(groupIds: string[], concurrency?: number) {
  let now = 1_000_000;
  const log = captureLog({ level: 'warn' });
  const api = new SlackApi({ token: 'xoxb-test', apiUrl: slack.apiUrl, log: log.log, minPostIntervalMs: 0 });
  let inFlight = 0;
  let most = 0;
  const groups = new SlackGroups({
    groupIds,
    members: async (id) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await api.userGroupMembers(id);
      } finally {
        inFlight--;
      }
    },
    log: log.log,
    now: () => now,
    ...(concurrency === undefined ? {} : { concurrency }),
  });
  return { groups, log, advance: (ms: number) => (now += ms), most: () => most };
}

test('the groups named and holding the person are filled in; members are kept five minutes per group', async () => {
  slack.setUserGroup('S0000OPS', ['U0000AAA', 'U0000BOB']);
  slack.setUserGroup('S0000DBA', ['U0000BOB']);
  slack.setUserGroup('S0000NOTNAMED', ['U0000AAA']);
  const { groups, advance } = setup(['S0000DBA', 'S0000OPS']);
  expect(await groups.settle(ANA)).toMatchObject({ groupIds: ['S0000OPS'] });
  expect((await groups.settle(ANA)).groupCheckFailed).toBeUndefined();
  // A group no rule names is never asked about.
  expect(
    slack
      .calls('usergroups.users.list')
      .map((c) => c.args.usergroup)
      .sort(),
  ).toEqual(['S0000DBA', 'S0000OPS']);
  slack.setUserGroup('S0000OPS', ['U0000BOB']);
  advance(4 * 60_000);
  expect((await groups.settle(ANA)).groupIds).toEqual(['S0000OPS']);
  advance(2 * 60_000);
  // Removed from the group: after five minutes the removal holds.
  expect((await groups.settle(ANA)).groupIds).toEqual([]);
  expect(slack.calls('usergroups.users.list')).toHaveLength(4);
});

test('no group named: no lookup and the caller unchanged', async () => {
  const { groups } = setup([]);
  expect(await groups.settle(ANA)).toBe(ANA);
  expect(slack.attempts('usergroups.users.list')).toHaveLength(0);
});

test('lookups run a few at a time', async () => {
  const ids = Array.from({ length: 9 }, (_, i) => `S000000${i}`);
  for (const id of ids) slack.setUserGroup(id, id.endsWith('7') ? ['U0000AAA'] : []);
  const { groups, most } = setup(ids, 3);
  expect((await groups.settle(ANA)).groupIds).toEqual(['S0000007']);
  expect(most()).toBeLessThanOrEqual(3);
  expect(slack.calls('usergroups.users.list')).toHaveLength(9);
});

test('a refused or unknown group is no membership, says the check failed, and is asked again next time', async () => {
  slack.setUserGroup('S0000OPS', ['U0000AAA']);
  slack.failNext('usergroups.users.list', { error: 'missing_scope' });
  const { groups, log } = setup(['S0000OPS', 'S0000GONE'], 1);
  const first = await groups.settle(ANA);
  expect(first.groupCheckFailed).toBe(true);
  expect(first.groupIds).toEqual([]);
  expect(log.text()).toContain('usergroups:read');
  // S0000GONE does not exist (no_such_subteam): still unknown; S0000OPS answers now.
  const second = await groups.settle(ANA);
  expect(second).toMatchObject({ groupIds: ['S0000OPS'], groupCheckFailed: true });
  expect(slack.attempts('usergroups.users.list').map((c) => c.args.usergroup)).toEqual([
    'S0000OPS',
    'S0000GONE',
    'S0000OPS',
    'S0000GONE',
  ]);
});
