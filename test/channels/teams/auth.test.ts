// With an app id configured, every inbound activity's Bot Framework token is checked offline against a local OpenID
// metadata endpoint and JWKS: a good token is served; missing, expired, wrong audience, wrong key → 401, never 500.
import {
  type BotConnectorStandIn,
  sendToBot,
  startBotConnector,
  teamsCardAction,
  teamsMessage,
} from '../../standins/bot-connector';
import { type OpenIdStandIn, startOpenIdStandIn } from '../../standins/openid';
import { createHelpCore, startTestBot, type TestBot, textsOf } from './support';

const APP_ID = '0c3e2a55-4c2f-4b7a-9a0e-5f1d2c3b4a59';
const TENANT = '11111111-2222-3333-4444-555555555555';

let openId: OpenIdStandIn;
let connector: BotConnectorStandIn;
let bot: TestBot;

beforeAll(async () => {
  // botframework-connector prints rejected tokens' errors (and the public keys) with console.error; keep output clean.
  jest.spyOn(console, 'error').mockImplementation(() => {});
  openId = await startOpenIdStandIn();
  connector = await startBotConnector();
  bot = await startTestBot({
    core: createHelpCore(),
    config: {
      mode: 'azure',
      teams: {
        appId: APP_ID,
        appPassword: 'test-secret-value',
        appTenantId: TENANT,
        appType: 'SingleTenant',
        openIdMetadataUrl: openId.metadataUrl,
        tokenIssuer: openId.issuer,
        // A local, plain-http login URL: any outbound token request fails here instead of reaching the internet.
        loginUrl: `${openId.metadataUrl.replace('/.well-known/openid-configuration', '')}/${TENANT}`,
        allowEmulator: false,
        localWithoutAuth: false,
      },
    },
  });
});
afterAll(async () => {
  await bot.close();
  await connector.close();
  await openId.close();
});

test('a correctly signed token for this bot is accepted: the click is answered', async () => {
  const click = teamsCardAction(connector.serviceUrl, { v: 1, c: 'summary' }, 'm1');
  const token = openId.sign({ aud: APP_ID, serviceUrl: connector.serviceUrl });
  const response = await sendToBot(bot.url, click, token);
  expect(response.status).toBe(200);
  expect(textsOf((response.body as { value: unknown }).value)[0]).toBe('You clicked: summary page 1');
  expect(openId.keyFetches).toBeGreaterThanOrEqual(1);
});

describe('rejected with 401, never a 500 or a stack trace', () => {
  const cases: Array<[string, () => string | undefined]> = [
    ['no token at all', () => undefined],
    ['an expired token', () => openId.sign({ aud: APP_ID, serviceUrl: connector.serviceUrl, expiresInS: -600 })],
    ['a token for another bot', () => openId.sign({ aud: 'another-app-id', serviceUrl: connector.serviceUrl })],
    [
      'a token signed by an untrusted key',
      () => openId.sign({ aud: APP_ID, serviceUrl: connector.serviceUrl, key: 'untrusted' }),
    ],
    [
      'a token from another issuer',
      () => openId.sign({ aud: APP_ID, serviceUrl: connector.serviceUrl, iss: 'https://evil.example' }),
    ],
    ['a token for another serviceUrl', () => openId.sign({ aud: APP_ID, serviceUrl: 'http://127.0.0.1:9/' })],
    ['a malformed token', () => 'not.a.jwt'],
  ];
  test.each(cases)('%s', async (_name, token) => {
    const before = connector.calls.length;
    for (const activity of [
      teamsMessage(connector.serviceUrl, 'jobs failed'),
      teamsCardAction(connector.serviceUrl, { v: 1, c: 'summary' }, 'm1'),
    ]) {
      const response = await sendToBot(bot.url, activity, token());
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ code: 'Unauthorized', message: 'a valid Bot Framework token is required' });
    }
    // Nothing reached the bot's logic: no typing, no reply.
    expect(connector.calls.length).toBe(before);
  });
});

test('the reason for a rejection is logged for the operator, the token itself never', async () => {
  const token = openId.sign({ aud: 'another-app-id', serviceUrl: connector.serviceUrl });
  await sendToBot(bot.url, teamsMessage(connector.serviceUrl, 'x'), token);
  const text = bot.logText();
  expect(text).toContain('rejected an activity: bad or missing token');
  expect(text).not.toContain(token);
  expect(text).not.toContain(token.split('.')[2]);
});
