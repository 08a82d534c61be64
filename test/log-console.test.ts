// The bot as a child process with Teams authentication on: forged tokens make botframework-connector print the
// rejection and the signing keys it knows on the console; none of that key material reaches stdout or stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotConnectorStandIn, sendToBot, startBotConnector, teamsMessage } from './standins/bot-connector';
import { type OpenIdStandIn, startOpenIdStandIn } from './standins/openid';
import { freePort, type MainProcess, spawnMain } from './support/main-process';

jest.setTimeout(120_000);

const APP_ID = '0c3e2a55-4c2f-4b7a-9a0e-5f1d2c3b4a59';
const TENANT = '11111111-2222-3333-4444-555555555555';

let openId: OpenIdStandIn;
let connector: BotConnectorStandIn;
let run: MainProcess;
let folder: string;
let url: string;

beforeAll(async () => {
  openId = await startOpenIdStandIn();
  connector = await startBotConnector();
  folder = mkdtempSync(join(tmpdir(), 'bot-console-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}/api/messages`;
  run = spawnMain(folder, {
    PORT: String(port),
    DATA_DIR: join(folder, 'data'),
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_PASSWORD: 'test-secret-value',
    MICROSOFT_APP_TENANT_ID: TENANT,
    BOT_OPENID_METADATA_URL: openId.metadataUrl,
    BOT_TOKEN_ISSUER: openId.issuer,
    BOT_LOGIN_URL: `${openId.metadataUrl.replace('/.well-known/openid-configuration', '')}/${TENANT}`,
  });
  for (let i = 0; i < 900 && !run.output().includes('listening on port'); i++) {
    if (run.child.exitCode !== null) break;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  if (!run.output().includes('listening on port')) throw new Error(`the bot did not start:\n${run.output()}`);
});

afterAll(async () => {
  run?.child.kill('SIGKILL');
  await connector?.close();
  await openId?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('forged and expired tokens: 401, the library lines are in the log, scrubbed, and no key is printed', async () => {
  const forged = openId.sign({ aud: APP_ID, serviceUrl: connector.serviceUrl, key: 'untrusted' });
  const expired = openId.sign({ aud: APP_ID, serviceUrl: connector.serviceUrl, expiresInS: -600 });
  for (const token of [forged, expired]) {
    expect((await sendToBot(url, teamsMessage(connector.serviceUrl, 'help'), token)).status).toBe(401);
  }
  // Both lines are written before the 401 is sent (the library prints, then throws).
  const output = run.output();
  expect(output).not.toContain('-----BEGIN');
  expect(output).not.toContain('PUBLIC KEY');
  expect(output).not.toContain(forged.split('.')[2]);
  expect(run.stderr()).toBe('');
  const lines = run
    .stdout()
    .split('\n')
    .filter((line) => line.includes('"source":"console"'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });
  expect(lines.map((line) => line.msg)).toEqual(
    expect.arrayContaining([
      'Error finding key for token. Available keys: [Redacted]',
      expect.stringContaining('TokenExpiredError'),
    ]),
  );
});
