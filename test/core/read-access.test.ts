// READ_ALLOW's semantics: who reads a conversation (a channel as a whole, or the person of a 1:1 chat), what each
// reads (the channel's own rules, or the person's rules without a channel), and what the stored digests and
// notifications of a conversation read when they run.

import { callerOfCommand } from '../../src/channels/slack/inbound';
import { callerOf } from '../../src/channels/teams/caller';
import { AccessPolicyError } from '../../src/core/authorize';
import type { Caller } from '../../src/core/caller';
import {
  describeReadScopes,
  parseReadPolicy,
  type ReadAccess,
  readAccess,
  readerFields,
  readerOf,
  readKey,
  storedReader,
} from '../../src/core/read-access';

const SUB = '0b2e9c1a-1111-2222-3333-444455556666';
const OTHER = '99999999-1111-2222-3333-444455556666';
const AAD = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

const policy = parseReadPolicy([
  `*@sub:${SUB}#C0000CHN`,
  `slack:*@rg:${OTHER}/rg-app#C0000CHN`,
  `teams:*#19:ops@thread.tacv2`,
  `slack:user:U0123ABCD@sub:${OTHER}`,
  `teams:user:${AAD}@rg:${SUB}/rg-web`,
]);

const scopesOf = (access: ReadAccess) => (access.kind === 'scopes' ? access.scopes : access.kind);

test('Teams tells 1:1 chats from channels and group chats by conversationType; Slack by a D… channel id', () => {
  const teams = (conversationType: string, channel?: string) =>
    callerOf({
      channelId: 'msteams',
      from: { id: '29:1', name: 'Ada', aadObjectId: AAD },
      conversation: { id: '19:x@thread.v2;messageid=1', conversationType } as never,
      channelData: channel === undefined ? {} : { channel: { id: channel } },
    });
  expect(readerOf(teams('personal'))).toMatchObject({ kind: 'person' });
  expect(readerOf(teams('channel', '19:ops@thread.tacv2'))).toEqual({
    kind: 'channel',
    platform: 'teams',
    channelId: '19:ops@thread.tacv2',
  });
  // A group chat has no channel: it is named by its conversation id, without the thread part.
  expect(readerOf(teams('groupChat'))).toEqual({ kind: 'channel', platform: 'teams', channelId: '19:x@thread.v2' });
  const slack = (channel: string) =>
    callerOfCommand({ user_id: 'U0123ABCD', user_name: 'bob', team_id: 'T1', channel_id: channel } as never);
  expect(readerOf(slack('D0123DM'))).toMatchObject({ kind: 'person' });
  expect(readerOf(slack('C0000CHN'))).toMatchObject({ kind: 'channel', channelId: 'C0000CHN' });
  expect(readerOf(slack('G0000GRP'))).toMatchObject({ kind: 'channel', channelId: 'G0000GRP' });
  // The CLI and the playground are a person.
  expect(readerOf({ platform: 'cli', userId: 'ops' })).toMatchObject({ kind: 'person' });
});

test('a channel reads its own rules only, whoever asks; a rule without scope is the whole BACKUP_SCOPE', () => {
  const inChannel = (userId: string): Caller => ({
    platform: 'slack',
    userId,
    channelId: 'C0000CHN',
    conversationKind: 'shared',
  });
  // The person's own rule (OTHER) does not apply in a channel; the channel's two rules do, for everyone there.
  expect(scopesOf(readAccess(readerOf(inChannel('U0123ABCD')), policy))).toEqual([
    { subscriptionId: SUB },
    { subscriptionId: OTHER, resourceGroup: 'rg-app' },
  ]);
  expect(scopesOf(readAccess(readerOf(inChannel('U0999ZZZZ')), policy))).toEqual(
    scopesOf(readAccess(readerOf(inChannel('U0123ABCD')), policy)),
  );
  const teamsChannel: Caller = { platform: 'teams', userId: '29:1', channelId: '19:ops@thread.tacv2' };
  expect(readAccess(readerOf(teamsChannel), policy)).toEqual({ kind: 'all' });
  // A rule for Teams channels does not bind a Slack channel of the same id.
  const slackSameId: Caller = { platform: 'slack', userId: 'U1', channelId: '19:ops@thread.tacv2' };
  expect(readAccess(readerOf(slackSameId), policy).kind).toBe('none');
});

test('a 1:1 chat reads the rules naming the person without a channel; nobody else reads anything', () => {
  const bob: Caller = { platform: 'slack', userId: 'U0123ABCD', channelId: 'D0DM', conversationKind: 'personal' };
  expect(scopesOf(readAccess(readerOf(bob), policy))).toEqual([{ subscriptionId: OTHER }]);
  const ada: Caller = { platform: 'teams', userId: '29:1', aadObjectId: AAD.toUpperCase() };
  expect(scopesOf(readAccess(readerOf(ada), policy))).toEqual([{ subscriptionId: SUB, resourceGroup: 'rg-web' }]);
  // Slack ids are exact: u0123abcd is somebody else.
  const stranger: Caller = { platform: 'slack', userId: 'u0123abcd', conversationKind: 'personal' };
  const refused = readAccess(readerOf(stranger), policy);
  expect(refused.kind).toBe('none');
  if (refused.kind === 'none') {
    expect(refused.error.message).toBe(
      'You are not allowed to do that: READ_ALLOW does not name you, so the bot shows you no backup data.',
    );
    expect(refused.error.hint).toBe(
      'Ask your backup admin to add you to READ_ALLOW (your entry would be slack:user:u0123abcd@sub:<subscription id>).',
    );
  }
});

test('not set: everyone reads everything; set: a subscription covers its resource groups', () => {
  const anyone: Caller = { platform: 'slack', userId: 'U1', channelId: 'C9', conversationKind: 'shared' };
  expect(readAccess(readerOf(anyone), parseReadPolicy([]))).toEqual({ kind: 'all' });
  const both = parseReadPolicy([`*@rg:${SUB}/rg-a#C9`, `*@sub:${SUB}#C9`, `*@rg:${OTHER}/RG-B#C9`]);
  const access = readAccess(readerOf(anyone), both);
  expect(scopesOf(access)).toEqual([{ subscriptionId: SUB }, { subscriptionId: OTHER, resourceGroup: 'RG-B' }]);
  expect(readKey(access.kind === 'scopes' ? access.scopes : undefined)).toBe(` read:${SUB},${OTHER}/rg-b`);
  expect(describeReadScopes(access.kind === 'scopes' ? access.scopes : [])).toBe(
    `subscription ${SUB}, resource group RG-B of subscription ${OTHER}`,
  );
});

test('a channel rule must name everyone there; other bad entries are named as in RETRY_ALLOW', () => {
  expect(() => parseReadPolicy([`slack:user:U0123ABCD@sub:${SUB}#C0000CHN`, 'bob@contoso.com'])).toThrow(
    AccessPolicyError,
  );
  const problemsOf = (entries: string[]): readonly string[] => {
    try {
      parseReadPolicy(entries);
    } catch (err) {
      return (err as AccessPolicyError).problems;
    }
    throw new Error('expected READ_ALLOW to be refused');
  };
  expect(problemsOf([`teams:group:${AAD}@sub:${SUB}#19:ops@thread.tacv2`])).toEqual([
    `READ_ALLOW entry "teams:group:${AAD}@sub:${SUB}#19:ops@thread.tacv2": everyone in a channel sees its answers, so ` +
      `a channel is bound as a whole; write teams:*@sub:${SUB}#19:ops@thread.tacv2 (or leave out #… to bind the ` +
      'person in 1:1 chats)',
  ]);
  expect(problemsOf([`teams:group:${AAD}#19:ops@thread.tacv2`])).toEqual([
    `READ_ALLOW entry "teams:group:${AAD}#19:ops@thread.tacv2": everyone in a channel sees its answers, so a ` +
      'channel is bound as a whole; write teams:*#19:ops@thread.tacv2 (or leave out #… to bind the person in 1:1 chats)',
  ]);
});

test('stored digests and notifications read as their conversation: the channel, or the person of a 1:1 chat', () => {
  const ada: Caller = {
    platform: 'teams',
    userId: '29:1',
    aadObjectId: AAD,
    tenantId: 'tenant-1',
    conversationKind: 'personal',
  };
  const createdBy = { platform: 'teams', userId: '29:1', ...readerFields(ada) };
  // The tenant too: a multi-tenant bot asks the person's own tenant for their groups when the digest runs.
  expect(createdBy).toEqual({
    platform: 'teams',
    userId: '29:1',
    aadObjectId: AAD,
    tenantId: 'tenant-1',
    personal: true,
  });
  const personal = storedReader({ platform: 'teams', conversationKey: 'a:personal-1', createdBy });
  expect(personal).toMatchObject({ person: { aadObjectId: AAD, tenantId: 'tenant-1' } });
  expect(scopesOf(readAccess(personal, policy))).toEqual([{ subscriptionId: SUB, resourceGroup: 'rg-web' }]);
  const channel = storedReader({
    platform: 'slack',
    conversationKey: 'C0000CHN',
    createdBy: { platform: 'slack', userId: 'U0123ABCD', personal: false },
  });
  expect(channel).toEqual({ kind: 'channel', platform: 'slack', channelId: 'C0000CHN' });
  // Rows from before READ_ALLOW say nothing: a Slack D… channel is a 1:1 chat.
  const old = storedReader({
    platform: 'slack',
    conversationKey: 'D0DM',
    createdBy: { platform: 'slack', userId: 'U0123ABCD' },
  });
  expect(scopesOf(readAccess(old, policy))).toEqual([{ subscriptionId: OTHER }]);
});

test('a 1:1 chat whose group rule could not be checked reads nothing, and the refusal says why', () => {
  const groups = parseReadPolicy([`slack:group:S0READERS@sub:${SUB}`]);
  const person = (extra: Partial<Caller>): Caller => ({ platform: 'slack', userId: 'U0123ABCD', ...extra });
  expect(readAccess(readerOf(person({ groupIds: ['S0READERS'] })), groups)).toEqual({
    kind: 'scopes',
    scopes: [{ subscriptionId: SUB }],
  });
  const unchecked = readAccess(readerOf(person({ groupIds: [], groupCheckFailed: true })), groups);
  expect(unchecked.kind).toBe('none');
  expect(unchecked.kind === 'none' ? unchecked.error.hint : '').toContain('group membership could not be checked');
  const outside = readAccess(readerOf(person({ groupIds: [] })), groups);
  expect(outside.kind === 'none' ? outside.error.hint : '').not.toContain('could not be checked');
});
