// Who may do what: reads are open to everyone; retry and audit only to people RETRY_ALLOW names, where it names them.
import {
  AccessPolicyError,
  type AuthDecision,
  authorize,
  authorizeConversationChange,
  authorizeWrite,
  groupsNamed,
  parseAccessPolicy,
  scopesFor,
} from '../../src/core/authorize';
import type { Caller } from '../../src/core/caller';
import { type Command, parseCommand, VERBS } from '../../src/core/commands';
import { toUserMessage } from '../../src/core/errors';

const AAD = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const GROUP = '11111111-2222-4333-8444-555555555555';
const SUB = '0b2e9c1a-1111-2222-3333-444455556666';
const OTHER_SUB = '99999999-1111-2222-3333-444455556666';

const alice: Caller = { platform: 'teams', userId: '29:1abc', aadObjectId: AAD, channelId: '19:ops@thread.tacv2' };
const bob: Caller = { platform: 'slack', userId: 'U0123ABCD', channelId: 'C0456EFGH' };
const player: Caller = { platform: 'playground', userId: 'demo' };

function cmd(text: string): Command {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.command;
}
const retry = cmd('retry vm1');
const audit = cmd('audit');

function message(decision: AuthDecision): string {
  if (decision.allowed) throw new Error('expected a refusal');
  return toUserMessage(decision.error, { error: () => {} });
}

test('reads are open to everyone, even with nobody in RETRY_ALLOW', () => {
  const policy = parseAccessPolicy([]);
  // digest, notify, snooze and unsnooze change what a conversation receives: DIGEST_ALLOW rules them (test/digest,
  // test/notify), not this.
  const settings = ['digest', 'notify', 'snooze', 'unsnooze'];
  const reads = VERBS.filter((v) => v !== 'retry' && v !== 'audit' && !settings.includes(v));
  for (const text of [
    'help',
    'summary',
    'jobs',
    'unprotected',
    'vaults',
    'vault v',
    'policies',
    'compliance',
    'items',
    'alerts',
    'item i',
  ]) {
    for (const caller of [alice, bob, player]) expect(authorize(cmd(text), caller, policy)).toEqual({ allowed: true });
  }
  expect(reads).toHaveLength(11);
});

test('retry and audit are denied by default, with a reason and the entry the admin would add', () => {
  const policy = parseAccessPolicy([]);
  expect(message(authorize(retry, alice, policy))).toBe(
    'You are not allowed to do that: only people listed in RETRY_ALLOW may start backups; ask your bot admin. ' +
      `Your entry would be teams:user:${AAD}.`,
  );
  expect(message(authorize(audit, bob, policy))).toBe(
    'You are not allowed to do that: only people listed in RETRY_ALLOW may read the audit log; ask your bot admin. ' +
      'Your entry would be slack:user:U0123ABCD.',
  );
  expect(authorize(retry, player, policy).allowed).toBe(false);
  expect(authorizeWrite(alice, { subscriptionId: SUB, resourceGroup: 'rg' }, policy).allowed).toBe(false);
});

test('a Teams caller without an Entra object id is told why no entry can name them', () => {
  const policy = parseAccessPolicy([`teams:user:${AAD}`]);
  expect(message(authorize(retry, { platform: 'teams', userId: '29:x' }, policy))).toContain(
    'The bot could not read your Entra object id',
  );
});

describe('each rule kind allows exactly whom it names', () => {
  const carol: Caller = {
    platform: 'teams',
    userId: '29:2',
    aadObjectId: GROUP.replace('1111', 'aaaa'),
    groupIds: [GROUP],
  };
  const dave: Caller = { platform: 'slack', userId: 'U0999', groupIds: ['S0ADMINS'] };
  const cli: Caller = { platform: 'cli', userId: 'ops' };
  const everyone = [alice, bob, player, carol, dave, cli];
  test.each<[string, Caller[]]>([
    [`teams:user:${AAD}`, [alice]],
    [`teams:user:${AAD.toUpperCase()}`, [alice]],
    [`teams:group:${GROUP}`, [carol]],
    ['slack:user:U0123ABCD', [bob]],
    ['slack:group:S0ADMINS', [dave]],
    ['playground:user:demo', [player]],
    ['cli:user:ops', [cli]],
    ['teams:*', [alice, carol]],
    ['slack:*', [bob, dave]],
    ['*', everyone],
  ])('%s', (rule, allowed) => {
    const policy = parseAccessPolicy([rule]);
    for (const caller of everyone) {
      expect([caller.userId, authorize(retry, caller, policy).allowed]).toEqual([
        caller.userId,
        allowed.includes(caller),
      ]);
    }
  });

  test("a Teams rule matches the Entra object id, never the caller's 29: id", () => {
    const policy = parseAccessPolicy(['teams:user:00000000-0000-0000-0000-000000000000']);
    expect(
      authorize(retry, { platform: 'teams', userId: '00000000-0000-0000-0000-000000000000' }, policy).allowed,
    ).toBe(false);
  });

  test('ids compare as their platform defines them: Slack ids and user names exactly, Entra GUIDs ignoring case', () => {
    const policy = parseAccessPolicy([
      'slack:user:UALLOWED2',
      'slack:group:S0ADMINS',
      `teams:user:${AAD}`,
      `teams:group:${GROUP}`,
      'cli:user:ops',
      'playground:user:demo',
    ]);
    const allowed = (caller: Caller) => authorize(retry, caller, policy).allowed;
    // Another Slack member whose id differs only in case is someone else (the hostile run's "uallowed2").
    expect(allowed({ platform: 'slack', userId: 'UALLOWED2' })).toBe(true);
    expect(allowed({ platform: 'slack', userId: 'uallowed2' })).toBe(false);
    expect(allowed({ platform: 'slack', userId: 'UAllowed2' })).toBe(false);
    expect(allowed({ platform: 'slack', userId: 'U0999', groupIds: ['s0admins'] })).toBe(false);
    expect(allowed({ platform: 'slack', userId: 'U0999', groupIds: ['S0ADMINS'] })).toBe(true);
    expect(allowed({ platform: 'cli', userId: 'OPS' })).toBe(false);
    expect(allowed({ platform: 'playground', userId: 'Demo' })).toBe(false);
    // Entra sends GUIDs in either case; they name the same person or group.
    expect(allowed({ platform: 'teams', userId: '29:x', aadObjectId: AAD.toUpperCase() })).toBe(true);
    expect(
      allowed({ platform: 'teams', userId: '29:y', aadObjectId: OTHER_SUB, groupIds: [GROUP.toUpperCase()] }),
    ).toBe(true);
  });

  test('DIGEST_ALLOW compares Slack ids exactly too', () => {
    const policy = parseAccessPolicy(['slack:user:UALLOWED2'], { setting: 'DIGEST_ALLOW', scopes: false });
    const change = (userId: string) =>
      authorizeConversationChange({ platform: 'slack', userId }, policy, 'DIGEST_ALLOW', 'change the digest').allowed;
    expect(change('UALLOWED2')).toBe(true);
    expect(change('uallowed2')).toBe(false);
  });

  test('group rules cannot match when the channel did not look the groups up', () => {
    const policy = parseAccessPolicy([`teams:group:${GROUP}`]);
    expect(authorize(retry, { ...carol, groupIds: undefined }, policy).allowed).toBe(false);
  });
});

describe('scope narrowing: the retry handler checks where the item lives', () => {
  const policy = parseAccessPolicy([`teams:user:${AAD}@rg:${SUB}/rg-app`, `slack:user:U0123ABCD@sub:${SUB}`]);

  test('a scoped rule passes the first check, which knows no target yet', () => {
    expect(authorize(retry, alice, policy)).toMatchObject({
      allowed: true,
      rule: { text: `teams:user:${AAD}@rg:${SUB}/rg-app` },
    });
  });

  test('inside the scope: allowed (resource group and subscription compare case-insensitively)', () => {
    expect(authorizeWrite(alice, { subscriptionId: SUB.toUpperCase(), resourceGroup: 'RG-App' }, policy).allowed).toBe(
      true,
    );
    expect(authorizeWrite(bob, { subscriptionId: SUB, resourceGroup: 'anything' }, policy).allowed).toBe(true);
  });

  test('outside the scope: refused, naming the scope the caller has', () => {
    expect(message(authorizeWrite(alice, { subscriptionId: SUB, resourceGroup: 'rg-db' }, policy))).toBe(
      `You are not allowed to do that: RETRY_ALLOW lets you start backups only in resource group rg-app of subscription ${SUB}, ` +
        `and this item is in resource group rg-db of subscription ${SUB}. Ask your bot admin to widen your entry.`,
    );
    expect(authorizeWrite(bob, { subscriptionId: OTHER_SUB, resourceGroup: 'rg' }, policy).allowed).toBe(false);
  });

  test('several rules for one person widen each other; an unscoped one covers everything', () => {
    const two = parseAccessPolicy([`teams:user:${AAD}@sub:${SUB}`, `teams:user:${AAD}@sub:${OTHER_SUB}`]);
    expect(authorizeWrite(alice, { subscriptionId: OTHER_SUB, resourceGroup: 'x' }, two).allowed).toBe(true);
    expect(scopesFor(alice, two)).toEqual([{ subscriptionId: SUB }, { subscriptionId: OTHER_SUB }]);
    const wide = parseAccessPolicy([`teams:user:${AAD}@sub:${SUB}`, 'teams:*']);
    expect(scopesFor(alice, wide)).toBe('all');
  });
});

describe('channel rules', () => {
  const policy = parseAccessPolicy(['slack:user:U0123ABCD#C0456EFGH', `teams:*@sub:${SUB}#19:ops@thread.tacv2`]);

  test('allowed in the named channel only', () => {
    expect(authorize(retry, bob, policy).allowed).toBe(true);
    expect(message(authorize(retry, { ...bob, channelId: 'C0OTHER' }, policy))).toBe(
      'You are not allowed to do that: RETRY_ALLOW lets you start backups only in certain channels, not in this one. ' +
        'Ask your bot admin.',
    );
    expect(authorize(retry, { ...bob, channelId: undefined }, policy).allowed).toBe(false);
  });

  test('a Teams channel id with @ and : combines with a scope', () => {
    expect(authorizeWrite(alice, { subscriptionId: SUB, resourceGroup: 'rg' }, policy).allowed).toBe(true);
    expect(
      authorizeWrite(alice, { subscriptionId: SUB, resourceGroup: 'rg', channelId: '19:dev@thread.tacv2' }, policy)
        .allowed,
    ).toBe(false);
  });
});

test('demo mode lets the playground user retry, and nobody else', () => {
  const policy = parseAccessPolicy([], { demo: true });
  expect(authorize(retry, player, policy).allowed).toBe(true);
  expect(authorizeWrite(player, { subscriptionId: SUB, resourceGroup: 'rg' }, policy).allowed).toBe(true);
  expect(authorize(retry, alice, policy).allowed).toBe(false);
  expect(authorize(retry, { platform: 'cli', userId: 'me' }, policy).allowed).toBe(false);
});

describe('bad RETRY_ALLOW entries are named with what to write instead', () => {
  test.each([
    ['alice@contoso.com', 'people are named by platform id, not e-mail'],
    ['U0123ABCD', 'write slack:user:U0123ABCD for a Slack member'],
    [AAD, `write teams:user:${AAD} for a person or teams:group:${AAD} for a group`],
    ['teams:user:alice', "teams:user: expects the person's Entra object id (a GUID)"],
    ['slack:user:alice', 'slack:user: expects a Slack member id (U… or W…)'],
    [
      'slack:user:u0123abcd',
      'slack:user: Slack ids are upper case and compared exactly; write slack:user:U0123ABCD if that is who you mean',
    ],
    ['slack:group:s0admins', 'slack:group: Slack ids are upper case and compared exactly; write slack:group:S0ADMINS'],
    ['slack:user:U0123abcd#C0456EFGH', 'slack:user: Slack ids are upper case and compared exactly'],
    ['teams:user:*', 'write teams:* for everyone on teams'],
    ['discord:user:x', '"discord:user:x" is not a person or group'],
    [
      'slack:*@sub:not-a-guid',
      'scope "@sub:not-a-guid" must be @sub:<subscription id> or @rg:<subscription id>/<resource group>',
    ],
    [`slack:*@rg:${SUB}`, `scope "@rg:${SUB}" must be @sub:<subscription id>`],
    ['slack:*#', 'the channel after # is empty'],
    ['', 'the entry is empty'],
  ])('%j', (entry, problem) => {
    expect(() => parseAccessPolicy([entry])).toThrow(`RETRY_ALLOW entry "${entry}": ${problem}`);
  });

  test('every bad entry is reported at once', () => {
    let error: unknown;
    try {
      parseAccessPolicy(['slack:*', 'bob@x.com', 'teams:user:nope'], { setting: 'RETRY_ALLOW' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AccessPolicyError);
    expect((error as AccessPolicyError).problems.map((p) => p.split(':')[0])).toEqual([
      'RETRY_ALLOW entry "bob@x.com"',
      'RETRY_ALLOW entry "teams',
    ]);
  });
});

describe('group rules: which groups channels look up, and a failed lookup', () => {
  test("groupsNamed lists each platform's named groups once, from every policy; none means no lookup", () => {
    const retryRules = parseAccessPolicy([`teams:group:${GROUP.toUpperCase()}@sub:${SUB}`, 'slack:group:S0ADMINS']);
    const digestRules = parseAccessPolicy([`teams:group:${GROUP}`, 'slack:user:U0123ABCD', 'slack:group:S0OPS']);
    expect(groupsNamed('teams', retryRules.rules, digestRules.rules)).toEqual([GROUP]);
    expect(groupsNamed('slack', retryRules.rules, digestRules.rules)).toEqual(['S0ADMINS', 'S0OPS']);
    expect(groupsNamed('slack', parseAccessPolicy(['slack:*', `teams:user:${AAD}`]).rules)).toEqual([]);
  });

  test('a caller whose groups could not be checked is refused, and told why; confirmed groups still count', () => {
    const policy = parseAccessPolicy(['slack:group:S0ADMINS']);
    const unchecked: Caller = { ...bob, groupIds: [], groupCheckFailed: true };
    const decision = authorize(retry, unchecked, policy);
    expect(decision.allowed).toBe(false);
    const text = decision.allowed ? '' : toUserMessage(decision.error, { error: () => {} });
    expect(text).toContain('group membership could not be checked');
    expect(authorize(retry, { ...bob, groupIds: [] }, policy)).toMatchObject({ allowed: false });
    const plain = authorize(retry, { ...bob, groupIds: [] }, policy);
    expect(plain.allowed ? '' : toUserMessage(plain.error, { error: () => {} })).not.toContain('could not be checked');
    expect(authorize(retry, { ...unchecked, groupIds: ['S0ADMINS'] }, policy)).toMatchObject({ allowed: true });
    const change = authorizeConversationChange(unchecked, policy, 'DIGEST_ALLOW', 'change the digest');
    expect(change.allowed ? '' : toUserMessage(change.error, { error: () => {} })).toContain('could not be checked');
  });
});
