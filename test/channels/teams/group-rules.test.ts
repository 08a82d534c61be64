// Teams group rules end to end: signed Action.Execute clicks (Bot Framework tokens from the OpenID stand-in) → the
// bot → each person's Entra groups from the Microsoft Graph stand-in (client-credentials token, checkMemberGroups) →
// the real core, RETRY_ALLOW and READ_ALLOW, and the retry workflow → the Azure stand-in.
import { demoEstate, type PickedItem } from '../../azure/actions/support/estate-items';
import {
  type BotConnectorStandIn,
  sendToBot,
  startBotConnector,
  type TestActivity,
  teamsCardAction,
} from '../../standins/bot-connector';
import { type GraphStandIn, startGraphStandIn } from '../../standins/graph';
import { type OpenIdStandIn, startOpenIdStandIn } from '../../standins/openid';
import { pickRetryVms, type RetryBot, startRetryBot } from '../support/retry-bot';
import { button, type Card, readCard } from '../support/teams-cards';

jest.setTimeout(120_000);

const APP = { appId: '0c3e2a55-4c2f-4b7a-9a0e-5f1d2c3b4a59', appPassword: 'graph-test-secret' };
const TENANT = '11111111-2222-3333-4444-555555555555';
const OPS = '0a0a0a0a-0000-4000-8000-00000000000a';
const READERS = '0b0b0b0b-0000-4000-8000-00000000000b';
const person = (n: number, name: string) => ({
  id: `29:person-${n}`,
  name,
  aadObjectId: `6a1e0c3b-${String(n).padStart(4, '0')}-4c1d-9d2e-00000000000${n}`,
});
const ADA = person(1, 'Ada Ops');
const RAY = person(2, 'Ray Reader');
const NED = person(3, 'Ned Nobody');
const FAY = person(4, 'Fay Failing');

let openId: OpenIdStandIn;
let graph: GraphStandIn;
let connector: BotConnectorStandIn;
let bot: RetryBot;
let vms: PickedItem[];
let subscription: string;

beforeAll(async () => {
  jest.spyOn(console, 'error').mockImplementation(() => {});
  openId = await startOpenIdStandIn();
  graph = await startGraphStandIn(APP);
  connector = await startBotConnector();
  // The estate is generated from a fixed seed: the bot's is the same, so READ_ALLOW can name a subscription of it.
  subscription = (pickRetryVms(demoEstate()).vms[0] as PickedItem).target.subscriptionId;
  bot = await startRetryBot({
    allow: [`teams:group:${OPS}`],
    read: [`teams:group:${OPS}`, `teams:group:${READERS}@sub:${subscription}`],
    env: {
      MICROSOFT_APP_ID: APP.appId,
      MICROSOFT_APP_PASSWORD: APP.appPassword,
      MICROSOFT_APP_TENANT_ID: TENANT,
      BOT_OPENID_METADATA_URL: openId.metadataUrl,
      BOT_TOKEN_ISSUER: openId.issuer,
      // Plain http on this machine: a reply token request fails here instead of reaching the internet.
      BOT_LOGIN_URL: `${openId.metadataUrl.replace('/.well-known/openid-configuration', '')}/${TENANT}`,
      GRAPH_URL: graph.origin,
      GRAPH_LOGIN_URL: graph.origin,
    },
  });
  ({ vms } = pickRetryVms(bot.estate));
  graph.setMemberships(ADA.aadObjectId, [OPS.toUpperCase()]);
  graph.setMemberships(RAY.aadObjectId, [READERS]);
  graph.setMemberships(FAY.aadObjectId, [OPS]);
});
afterAll(async () => {
  await bot?.close();
  await connector?.close();
  await graph?.close();
  await openId?.close();
});

/** An Action.Execute click answered in place (the invoke response's card), signed as Teams signs it. */
async function click(data: unknown, from: typeof ADA, verb = 'cmd'): Promise<Card> {
  const activity: TestActivity = { ...teamsCardAction(connector.serviceUrl, data, 'm-1', verb), from };
  const token = openId.sign({ aud: APP.appId, serviceUrl: connector.serviceUrl });
  const response = await sendToBot(bot.messagesUrl, activity, token);
  expect(response.status).toBe(200);
  return (response.body as { value: Card }).value;
}

test('a member of the Entra group RETRY_ALLOW names starts a backup; the Graph token is asked once', async () => {
  const item = vms[0] as PickedItem;
  const confirm = await click({ v: 1, c: `retry ${item.id}` }, ADA);
  expect(readCard(confirm)).toContain(`Back up ${item.name} now?`);
  const start = button(confirm, 'Start backup');
  const started = await click(start.data, ADA, start.verb);
  expect(readCard(started)).toMatch(new RegExp(`⏳ Started .* by ${ADA.name} \\(teams\\)`));
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(1);
  // Both clicks: one token, one check (the second from the cache), naming every group the rules name.
  expect(graph.requests('token')).toHaveLength(1);
  expect(graph.requests('token')[0]?.subject).toBe(TENANT);
  const checks = graph.requests('checkMemberGroups');
  expect(checks).toHaveLength(1);
  expect(checks[0]?.subject).toBe(ADA.aadObjectId);
  expect(checks[0]?.body.groupIds).toEqual([OPS, READERS].sort());
});

test("READ_ALLOW's group rule gives a member their scope in a 1:1 chat; RETRY_ALLOW's does not name them", async () => {
  expect(readCard(await click({ v: 1, c: 'help' }, RAY))).toContain(
    `READ_ALLOW: here the bot shows subscription ${subscription}`,
  );
  const item = vms[1] as PickedItem;
  const refused = readCard(await click({ v: 1, c: `retry ${item.id}` }, RAY));
  expect(refused).toContain('only people listed in RETRY_ALLOW may start backups');
  expect(refused).not.toContain('could not be checked');
  // In no named group: READ_ALLOW shows nothing.
  expect(readCard(await click({ v: 1, c: 'summary' }, NED))).toContain('READ_ALLOW does not name you');
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(0);
});

test('a failed Graph check is no membership: refused with the reason, nothing started, asked again next time', async () => {
  const item = vms[2] as PickedItem;
  graph.failNext('checkMemberGroups', 503, 'serviceNotAvailable');
  const refused = readCard(await click({ v: 1, c: `retry ${item.id}` }, FAY));
  // READ_ALLOW refuses first: Fay's groups are unknown, so no rule gives her anything to read.
  expect(refused).toMatch(/READ_ALLOW does not name you|only people listed in RETRY_ALLOW/);
  expect(refused).toContain('group membership could not be checked');
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(0);
  expect(bot.logText()).toContain('could not check Entra group membership');
  expect(readCard(await click({ v: 1, c: `retry ${item.id}` }, FAY))).toContain(`Back up ${item.name} now?`);
});

test("the token is asked with the bot's own app credentials, and its secret never reaches the log", () => {
  for (const request of graph.requests('token')) {
    expect(request.body).toMatchObject({ client_id: APP.appId, grant_type: 'client_credentials' });
  }
  expect(bot.logText()).not.toContain(APP.appPassword);
});
