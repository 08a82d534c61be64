// Entra group membership for Teams group rules, against the Microsoft Graph stand-in on a driven clock: only named
// groups, 20 ids a request, a person kept five minutes, one token until it nears expiry, failure never membership.
import { TeamsGroups } from '../../../src/channels/teams/graph-groups';
import type { Caller } from '../../../src/core/caller';
import { type GraphStandIn, startGraphStandIn } from '../../standins/graph';
import { captureLog } from '../../support/capture-log';

const APP = { appId: '0c3e2a55-4c2f-4b7a-9a0e-5f1d2c3b4a59', appPassword: 'unit-secret' };
const TENANT = '11111111-2222-3333-4444-555555555555';
const gid = (n: number) => `0a0a0a0a-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ADA: Caller = {
  platform: 'teams',
  userId: '29:ada',
  aadObjectId: '6A1E0C3B-0001-4C1D-9D2E-000000000001',
  tenantId: TENANT,
};

let graph: GraphStandIn;
beforeEach(async () => {
  graph = await startGraphStandIn(APP);
});
afterEach(async () => {
  await graph.close();
});

function setup(groupIds: string[], credentials: boolean | { tenantId?: string } = true) {
  let now = 5_000_000;
  const log = captureLog({ level: 'warn' });
  const groups = new TeamsGroups({
    groupIds,
    ...(credentials === false
      ? {}
      : { credentials: { ...APP, ...(credentials === true ? { tenantId: TENANT } : credentials) } }),
    graphUrl: graph.origin,
    loginUrl: graph.origin,
    log: log.log,
    now: () => now,
  });
  return { groups, log, advance: (ms: number) => (now += ms) };
}

test('named groups only, in requests of 20; the person kept five minutes; one token until it nears expiry', async () => {
  const ids = Array.from({ length: 25 }, (_, i) => gid(i + 1));
  graph.setMemberships(ADA.aadObjectId as string, [gid(3), gid(22), gid(99)]);
  const { groups, advance } = setup(ids);
  expect(await groups.settle(ADA)).toMatchObject({ groupIds: [gid(3), gid(22)] });
  const checks = graph.requests('checkMemberGroups');
  expect(checks.map((c) => (c.body.groupIds as string[]).length)).toEqual([20, 5]);
  advance(4 * 60_000);
  await groups.settle(ADA);
  expect(graph.requests('checkMemberGroups')).toHaveLength(2);
  graph.setMemberships(ADA.aadObjectId as string, []);
  advance(2 * 60_000);
  expect((await groups.settle(ADA)).groupIds).toEqual([]);
  expect(graph.requests('checkMemberGroups')).toHaveLength(4);
  expect(graph.requests('token')).toHaveLength(1);
  // The stand-in's token lasts 3,599 s; it is renewed five minutes before that.
  advance(55 * 60_000);
  await groups.settle(ADA);
  expect(graph.requests('token')).toHaveLength(2);
});

test('no group named, or not a Teams person with an Entra id: nothing is asked', async () => {
  expect(await setup([]).groups.settle(ADA)).toBe(ADA);
  const { groups } = setup([gid(1)]);
  const playground: Caller = { platform: 'playground', userId: 'ada' };
  expect(await groups.settle(playground)).toBe(playground);
  expect(graph.requests()).toHaveLength(0);
});

test('a refused token or check is unknown, never membership, logged once, and asked again next time', async () => {
  graph.setMemberships(ADA.aadObjectId as string, [gid(1)]);
  const { groups, log } = setup([gid(1)]);
  graph.failNext('token', 400, 'invalid_client');
  expect(await groups.settle(ADA)).toMatchObject({ groupIds: [], groupCheckFailed: true });
  graph.failNext('checkMemberGroups', 403, 'Authorization_RequestDenied');
  expect(await groups.settle(ADA)).toMatchObject({ groupIds: [], groupCheckFailed: true });
  expect(log.text()).toContain('GroupMember.Read.All');
  expect(log.text()).toContain('Authorization_RequestDenied');
  expect(log.text()).not.toContain(APP.appPassword);
  const third = await groups.settle(ADA);
  expect(third.groupIds).toEqual([gid(1)]);
  expect(third.groupCheckFailed).toBeUndefined();
});

test("without the app's secret (a managed identity) group rules cannot apply, and the start says so", async () => {
  const { groups, log } = setup([gid(1)], false);
  expect(log.text()).toContain('Teams group rules cannot apply');
  expect(await groups.settle(ADA)).toMatchObject({ groupIds: [], groupCheckFailed: true });
  expect(graph.requests()).toHaveLength(0);
});

test("without MICROSOFT_APP_TENANT_ID the person's own tenant is asked for the token", async () => {
  const { groups } = setup([gid(1)], {});
  await groups.settle(ADA);
  expect(graph.requests('token').map((r) => r.subject)).toEqual([TENANT]);
});
