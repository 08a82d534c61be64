// Teams group rules when a digest runs on its own: the 1:1 chat's person as the store keeps them (Entra object id and
// tenant) → the channels' GroupMembership (the Teams lookup: Microsoft Graph stand-in, driven clock) → the digest's
// READ_ALLOW guard. In the group: its scope; removed: nothing; Graph failing or no object id: the run is skipped.
import { GroupMembershipRouter } from '../../../src/channels/group-membership';
import { TeamsGroups } from '../../../src/channels/teams/graph-groups';
import { groupsNamed } from '../../../src/core/authorize';
import { GROUPS_UNCHECKED, guardRuns } from '../../../src/core/digest/read-guard';
import { parseReadPolicy } from '../../../src/core/read-access';
import { openStore, type Store } from '../../../src/store';
import { type GraphStandIn, startGraphStandIn } from '../../standins/graph';
import { createTestDatabase, type TestDatabase } from '../../store/support/test-database';
import { captureLog } from '../../support/capture-log';

jest.setTimeout(60_000);

const APP = { appId: '0c3e2a55-4c2f-4b7a-9a0e-5f1d2c3b4a59', appPassword: 'stored-person-secret' };
/** The person's own tenant: the bot has no MICROSOFT_APP_TENANT_ID (multi-tenant), so the stored one is used. */
const TENANT = '11111111-2222-3333-4444-555555555555';
const READERS = '0b0b0b0b-0000-4000-8000-00000000000b';
const SUB = '96c90d86-7d91-40ed-9ad7-f5e051c4b900';
const ADA = '6a1e0c3b-0001-4c1d-9d2e-000000000001';
const policy = parseReadPolicy([`teams:group:${READERS}@sub:${SUB}`]);

let graph: GraphStandIn;
let db: TestDatabase;
let store: Store;
let now = 10_000_000;

beforeAll(async () => {
  graph = await startGraphStandIn(APP);
  db = await createTestDatabase();
  store = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
  await graph?.close();
});

function membership() {
  const log = captureLog({ level: 'warn' });
  const router = new GroupMembershipRouter();
  router.register(
    'teams',
    new TeamsGroups({
      groupIds: groupsNamed('teams', policy.rules),
      credentials: APP,
      graphUrl: graph.origin,
      loginUrl: graph.origin,
      log: log.log,
      now: () => now,
    }),
  );
  return router;
}

/** A Teams 1:1 digest turned on by `aadObjectId` (as `digest on` stores it), read back from the store. */
async function storedDigest(key: string, aadObjectId?: string) {
  await store.upsertDigestSubscription({
    platform: 'teams',
    conversationKey: key,
    address: { conversation: { id: key } },
    time: '07:00',
    timezone: 'UTC',
    days: 'daily',
    quiet: false,
    filters: {},
    scopeKey: '(everything)',
    createdBy: {
      platform: 'teams',
      userId: `29:${key}`,
      personal: true,
      ...(aadObjectId === undefined ? {} : { aadObjectId, tenantId: TENANT }),
    },
    nextRunAt: new Date('2026-12-07T07:00:00Z'),
    at: new Date('2026-12-06T07:00:00Z'),
  });
  const sub = await store.getDigestSubscription('teams', key);
  if (sub === undefined) throw new Error('not stored');
  return sub;
}

test('in the group: the run reads the group’s scope; removed from it: the next run reads nothing', async () => {
  const groups = membership();
  const sub = await storedDigest('a:ada-chat', ADA);
  graph.setMemberships(ADA, [READERS]);
  const first = await guardRuns([{ sub }], policy, groups);
  expect(first.kept).toEqual([{ sub, read: [{ subscriptionId: SUB }] }]);
  expect(graph.requests('token')[0]?.subject).toBe(TENANT);
  expect(graph.requests('checkMemberGroups').map((r) => r.subject)).toEqual([ADA]);

  graph.setMemberships(ADA, []);
  now += 24 * 3_600_000;
  const next = await guardRuns([{ sub }], policy, groups);
  expect(next.kept).toEqual([]);
  expect(next.refused[0]?.reason).toContain('READ_ALLOW does not name you');
  expect(next.refused[0]?.detail).toBeUndefined();
});

test('Graph failing, or no Entra object id stored: the run is skipped as unchecked, never read', async () => {
  const groups = membership();
  const sub = await storedDigest('a:ada-chat-2', ADA);
  graph.setMemberships(ADA, [READERS]);
  graph.failNext('checkMemberGroups', 503, 'serviceNotAvailable');
  const failed = await guardRuns([{ sub }], policy, groups);
  expect(failed.kept).toEqual([]);
  expect(failed.refused).toEqual([{ run: { sub }, reason: 'the teams group lookup failed', detail: GROUPS_UNCHECKED }]);

  const before = graph.requests('checkMemberGroups').length;
  const anonymous = await storedDigest('a:someone');
  const unknown = await guardRuns([{ sub: anonymous }], policy, groups);
  expect(unknown.kept).toEqual([]);
  expect(unknown.refused[0]?.detail).toBe(GROUPS_UNCHECKED);
  expect(graph.requests('checkMemberGroups')).toHaveLength(before);
});

test('no Teams lookup registered (the channel is off): unknown, never "in no group"', async () => {
  const sub = await storedDigest('a:ada-chat-3', ADA);
  const result = await guardRuns([{ sub }], policy, new GroupMembershipRouter());
  expect(result.refused).toEqual([
    { run: { sub }, reason: 'no teams channel is running to look groups up', detail: GROUPS_UNCHECKED },
  ]);
});
