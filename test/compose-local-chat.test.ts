// LOCAL_CHAT_WITHOUT_AUTH on live Azure: no RETRY_ALLOW rule lets a Teams or playground caller (whoever a local
// process claims to be) start a backup; Slack and CLI callers keep their rules, "*" included.
import { composeLocalChat, withoutUncheckedWriters } from '../src/compose-local-chat';
import { authorizeWrite, parseAccessPolicy } from '../src/core/authorize';
import type { Caller } from '../src/core/caller';
import { captureLog } from './support/capture-log';

const ANA = '6a1e0c3b-1111-4c1d-9d2e-000000000001';
const GROUP = '0b2e5c1d-2222-4c1d-9d2e-000000000002';
const SUB = '3f7a9b2c-3333-4c1d-9d2e-000000000003';
const target = { subscriptionId: SUB, resourceGroup: 'rg-app' };

const teams: Caller = { platform: 'teams', userId: '29:ana', aadObjectId: ANA, groupIds: [GROUP] };
const playground: Caller = { platform: 'playground', userId: 'demo-user' };
const slack: Caller = { platform: 'slack', userId: 'U0123ABCD' };
const cli: Caller = { platform: 'cli', userId: 'ops' };

const ENTRIES = [
  `teams:user:${ANA}`,
  `teams:group:${GROUP}`,
  'teams:*',
  'playground:user:demo-user',
  'slack:user:U0123ABCD',
];

test('every Teams and playground rule goes; Slack rules stay', () => {
  const policy = parseAccessPolicy(ENTRIES, {});
  expect(authorizeWrite(teams, target, policy).allowed).toBe(true);
  expect(authorizeWrite(playground, target, policy).allowed).toBe(true);
  const filtered = withoutUncheckedWriters(policy);
  expect(authorizeWrite(teams, target, filtered).allowed).toBe(false);
  expect(authorizeWrite(playground, target, filtered).allowed).toBe(false);
  expect(authorizeWrite(slack, target, filtered).allowed).toBe(true);
});

test('"*" keeps meaning Slack and CLI callers, not Teams or playground ones', () => {
  const filtered = withoutUncheckedWriters(parseAccessPolicy(['*'], {}));
  expect(authorizeWrite(slack, target, filtered).allowed).toBe(true);
  expect(authorizeWrite(cli, target, filtered).allowed).toBe(true);
  expect(authorizeWrite(teams, target, filtered).allowed).toBe(false);
  expect(authorizeWrite(playground, target, filtered).allowed).toBe(false);
});

test('on live Azure the start-up says so loudly; against the Azure stand-in writes stay and it says that too', () => {
  const policy = parseAccessPolicy(ENTRIES, {});
  const live = captureLog({ level: 'info' });
  const filtered = composeLocalChat(policy, false, live.log);
  expect(authorizeWrite(teams, target, filtered).allowed).toBe(false);
  expect(live.text()).toContain('WITHOUT authentication, on LIVE Azure data; retry is refused');
  const standIn = captureLog({ level: 'info' });
  expect(composeLocalChat(policy, true, standIn.log)).toBe(policy);
  expect(standIn.text()).toContain('WITHOUT authentication (Azure stand-in)');
});
