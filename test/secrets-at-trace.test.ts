// No secret reaches the output at LOG_LEVEL=trace: the whole bot (src/main.ts) with every secret setting set to a
// recognisable value, Slack over HTTP, Teams with authentication, Azure with a client secret, PostgreSQL with a
// password and the alert webhook, driven with genuine, forged and malformed traffic on every route; stdout and stderr
// (ours, and what libraries print on the console) must not contain any of the values.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signSlackRequest } from '../src/channels/slack/verify';
import { sendToBot, startBotConnector, teamsMessage } from './standins/bot-connector';
import { startOpenIdStandIn } from './standins/openid';
import { startSlackStandIn } from './standins/slack-api';
import { createTestDatabase } from './store/support/test-database';
import { freePort, type MainProcess, spawnMain } from './support/main-process';

jest.setTimeout(180_000);

const APP_ID = '0c3e2a55-4c2f-4b7a-9a0e-5f1d2c3b4a59';
const TENANT = '11111111-2222-3333-4444-555555555555';
const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-4242-LEAKCHECKbottoken7f3a',
  SLACK_SIGNING_SECRET: 'LEAKCHECK-signing-secret-4b1c9e',
  MICROSOFT_APP_PASSWORD: 'LEAKCHECK~app~password~9d2e71',
  AZURE_CLIENT_SECRET: 'LEAKCHECK~client~secret~5a6b3c',
  NOTIFY_WEBHOOK_SECRET: 'LEAKCHECKwebhook0123456789abcdefABCDEF',
  METRICS_TOKEN: 'LEAKCHECKmetrics0123456789abcdefABCDEF',
};
const DB_PASSWORD = 'LEAKCHECKdbPassword77q';
/** Socket Mode replaces the HTTP route, so the app-level token has a run of its own. */
const SLACK_APP_TOKEN = 'xapp-1-LEAKCHECKapptoken8c2d';

/** Every value, and the forms it could be printed in (URL-encoded, base64 of the Basic auth pair). */
function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').slice(0, 16)];
}

function expectNoSecret(output: string): void {
  for (const secret of [...Object.values(SECRETS), SLACK_APP_TOKEN, DB_PASSWORD]) {
    for (const form of forms(secret)) expect(output).not.toContain(form);
  }
  expect(output).not.toContain('LEAKCHECK');
}

async function listening(run: MainProcess): Promise<void> {
  for (let i = 0; i < 1200 && !run.output().includes('listening on port'); i++) {
    if (run.child.exitCode !== null) break;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  expect(run.output()).toContain('listening on port');
}

function post(url: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers, body });
}

function slashCommand(text: string, responseUrl: string): string {
  return new URLSearchParams({
    team_id: 'T0000001',
    channel_id: 'C0000CHN',
    user_id: 'U0000AAA',
    user_name: 'alice',
    command: '/backup',
    text,
    response_url: responseUrl,
  }).toString();
}

function signedHeaders(body: string, secret = SECRETS.SLACK_SIGNING_SECRET, at = Math.floor(Date.now() / 1000)) {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(at),
    'x-slack-signature': signSlackRequest(secret, at, body),
  };
}

test('every secret set, LOG_LEVEL=trace, genuine, forged and malformed traffic: no secret in stdout or stderr', async () => {
  const slack = await startSlackStandIn();
  const openId = await startOpenIdStandIn();
  const connector = await startBotConnector();
  const db = await createTestDatabase();
  const folder = mkdtempSync(join(tmpdir(), 'bot-secrets-'));
  let run: MainProcess | undefined;
  try {
    const databaseUrl = new URL(db.url);
    databaseUrl.password = DB_PASSWORD;
    const port = await freePort();
    run = spawnMain(folder, {
      ...SECRETS,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'trace',
      DATA_DIR: join(folder, 'data'),
      DATABASE_URL: databaseUrl.toString(),
      SLACK_API_URL: slack.apiUrl,
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_TENANT_ID: TENANT,
      BOT_OPENID_METADATA_URL: openId.metadataUrl,
      BOT_TOKEN_ISSUER: openId.issuer,
      // A local login URL that answers 404: the bot's outbound token request fails here, with the password in it.
      BOT_LOGIN_URL: `${openId.metadataUrl.replace('/.well-known/openid-configuration', '')}/${TENANT}`,
      // Azure with a client secret: Entra ID cannot be reached from a test, so every query fails on the credential.
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: '22222222-3333-4444-5555-666666666666',
      BACKUP_SCOPE: '00000000-0000-0000-0000-000000000001',
    });
    const started = run;
    await listening(started);
    const base = `http://127.0.0.1:${port}`;
    const events = `${base}/slack/events`;

    // Slack: a genuine command (answered), one that reaches Azure (fails on the credential), then forged ones.
    const help = slashCommand('help', slack.responseUrl('help'));
    // Signed once: signing again in a later second would make another request, not a replay.
    const helpHeaders = signedHeaders(help);
    expect((await post(events, help, helpHeaders)).status).toBe(200);
    expect((await post(events, help, helpHeaders)).status).toBe(401); // the same request again: a replay
    const summary = slashCommand('summary', slack.responseUrl('summary'));
    expect((await post(events, summary, signedHeaders(summary))).status).toBe(200);
    const forged = slashCommand('retry all', slack.responseUrl('forged'));
    expect((await post(events, forged, signedHeaders(forged, 'not-the-signing-secret'))).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 3600;
    expect((await post(events, forged, signedHeaders(forged, SECRETS.SLACK_SIGNING_SECRET, stale))).status).toBe(401);
    expect((await post(events, forged, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(401);
    const malformed = 'payload=null';
    expect((await post(events, malformed, signedHeaders(malformed))).status).toBe(400);

    // Teams: a genuine message (its reply needs a token the login stand-in refuses), then rejected tokens, which
    // botframework-connector reports on the console.
    const messages = `${base}/api/messages`;
    const good = openId.sign({ aud: APP_ID, serviceUrl: connector.serviceUrl });
    expect((await sendToBot(messages, teamsMessage(connector.serviceUrl, 'help'), good)).status).toBeLessThan(300);
    for (const token of [
      openId.sign({ aud: APP_ID, serviceUrl: connector.serviceUrl, key: 'untrusted' }),
      openId.sign({ aud: APP_ID, serviceUrl: connector.serviceUrl, expiresInS: -600 }),
      openId.sign({ aud: 'another-app-id', serviceUrl: connector.serviceUrl }),
      'not.a.jwt',
      undefined,
    ]) {
      expect((await sendToBot(messages, teamsMessage(connector.serviceUrl, 'jobs failed'), token)).status).toBe(401);
    }

    // The alert webhook: its secret is in the path of a genuine call; a wrong one is refused.
    const alerts = `${base}/api/alerts`;
    const json = { 'content-type': 'application/json' };
    expect((await post(`${alerts}/${SECRETS.NOTIFY_WEBHOOK_SECRET}`, '{"schemaId":"x"}', json)).status).toBeLessThan(
      500,
    );
    expect((await post(`${alerts}/wrong-secret-value-0000000000000000`, '{}', json)).status).toBe(401);

    // GET /metrics: with its bearer token, and with a wrong one.
    const scrape = (token: string) => fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect((await scrape(SECRETS.METRICS_TOKEN)).status).toBe(200);
    expect((await scrape('LEAKCHECKwrong0123456789abcdefABCDEF0000')).status).toBe(401);

    // Let the background work (Slack answers, the Teams reply, Azure's failed token) write its lines.
    await slack.waitFor('response_url', 2, 60_000);
    for (let i = 0; i < 100 && !/ClientSecretCredential|AADSTS|getaddrinfo|ENOTFOUND/.test(started.output()); i++) {
      await new Promise((wait) => setTimeout(wait, 100));
    }
    started.child.kill('SIGTERM');
    await started.exited;

    const output = started.output();
    // The traffic reached the places that could leak: trace lines, refusals, the library's console lines.
    expect(output).toContain('"level":10');
    expect(output).toContain('refused a Slack request');
    expect(output).toContain('"source":"console"');
    expectNoSecret(output);
  } finally {
    run?.child.kill('SIGKILL');
    await slack.close();
    await connector.close();
    await openId.close();
    await db.drop();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('Socket Mode: the app-level token and bot token stay out of trace output when Slack refuses the connection', async () => {
  const slack = await startSlackStandIn();
  const folder = mkdtempSync(join(tmpdir(), 'bot-secrets-socket-'));
  let run: MainProcess | undefined;
  try {
    run = spawnMain(folder, {
      PORT: String(await freePort()),
      LOG_LEVEL: 'trace',
      DATA_DIR: join(folder, 'data'),
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
    });
    await listening(run);
    // apps.connections.open answered invalid_auth: the bot says so and goes on without Slack.
    expect(slack.attempts('apps.connections.open').length).toBeGreaterThan(0);
    run.child.kill('SIGTERM');
    await run.exited;
    expect(run.output()).toContain('Slack could not connect');
    expectNoSecret(run.output());
  } finally {
    run?.child.kill('SIGKILL');
    await slack.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
