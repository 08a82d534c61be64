// Settings: defaults give demo mode, every bad value is one actionable line, secrets never leak into summaries.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import {
  ConfigError,
  checkChannels,
  describeConfig,
  describeStartup,
  isLocalChatWithoutAuth,
  loadConfig,
  readEnvironment,
} from '../src/config';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SUB_A = 'aaaaaaaa-0000-0000-0000-000000000001';
const SUB_B = 'BBBBBBBB-0000-0000-0000-000000000002';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('defaults', () => {
  test('an empty environment gives demo mode with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      dataDir: resolve('.data'),
      log: { level: 'info', format: 'auto' },
      mode: 'demo',
      azure: { armEndpoint: 'https://management.azure.com', scope: { subscriptionIds: [], managementGroups: [] } },
      demo: { scale: 'small', seed: 1 },
      slack: { apiUrl: 'https://slack.com/api/', socketMode: false },
      retryAllow: [],
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.teams.appType).toBeUndefined();
  });

  test('blank values (NAME= in a .env file) mean "use the default"', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '  ', AZURE_TENANT_ID: '' })).toMatchObject({ port: 3978, mode: 'demo' });
  });

  test('ANSWER_DEADLINE_SECONDS: 15 by default, 3-300', () => {
    expect(loadConfig({}).answerDeadlineSeconds).toBe(15);
    expect(loadConfig({ ANSWER_DEADLINE_SECONDS: '8' }).answerDeadlineSeconds).toBe(8);
    expect(errorOf({ ANSWER_DEADLINE_SECONDS: '1' })).toMatch(/^ANSWER_DEADLINE_SECONDS: 1 is outside 3-300 seconds;/);
    expect(describeConfig(loadConfig({}))).toMatchObject({ answerDeadlineSeconds: 15 });
  });

  test('the config is deeply frozen', () => {
    const config = loadConfig({ BACKUP_SCOPE: SUB_A });
    expect(() => {
      (config.azure.scope.subscriptionIds as string[]).push(SUB_B);
    }).toThrow(TypeError);
    expect(() => {
      (config.log as { level: string }).level = 'trace';
    }).toThrow(TypeError);
  });
});

describe('one-line errors naming the variable, the problem and an example', () => {
  test('PORT', () => {
    expect(errorOf({ PORT: 'abc' })).toBe(
      'PORT: "abc" is not a port number (0-65535; 0 = any free port); example: PORT=3978',
    );
    expect(errorOf({ PORT: '70000' })).toMatch(/^PORT: "70000" is not a port number/);
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
  });

  test('LOG_LEVEL and LOG_FORMAT list the accepted values', () => {
    expect(errorOf({ LOG_LEVEL: 'loud' })).toBe(
      'LOG_LEVEL: "loud" is not one of trace|debug|info|warn|error|fatal; example: LOG_LEVEL=info',
    );
    expect(errorOf({ LOG_FORMAT: 'xml' })).toMatch(/^LOG_FORMAT: "xml" is not one of auto\|json\|pretty/);
    expect(loadConfig({ LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'pretty' }).log).toEqual({ level: 'debug', format: 'pretty' });
  });

  test('DATABASE_URL must be postgres and is never echoed (it holds a password)', () => {
    const message = errorOf({ DATABASE_URL: 'mysql://bot:hunter2-pass@db/x' });
    expect(message).toMatch(/^DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
    expect(message).not.toContain('hunter2-pass');
    expect(errorOf({ DATABASE_URL: 'not a url hunter2-pass' })).not.toContain('hunter2-pass');
    expect(loadConfig({ DATABASE_URL: 'postgresql://bot:pw@db:5432/x' }).databaseUrl).toBe(
      'postgresql://bot:pw@db:5432/x',
    );
  });

  test('GUID settings', () => {
    expect(errorOf({ AZURE_TENANT_ID: 'contoso.onmicrosoft.com' })).toBe(
      'AZURE_TENANT_ID: "contoso.onmicrosoft.com" is not a GUID; example: AZURE_TENANT_ID=00000000-0000-0000-0000-000000000000',
    );
    expect(errorOf({ MICROSOFT_APP_ID: 'bot' })).toMatch(/^MICROSOFT_APP_ID: "bot" is not a GUID/);
    expect(errorOf({ AZURE_TENANTS: `${TENANT},other` })).toMatch(/^AZURE_TENANTS: "other" is not a GUID/);
    expect(loadConfig({ AZURE_TENANTS: `${TENANT}, ${SUB_B}` }).azure.tenants).toEqual([TENANT, SUB_B.toLowerCase()]);
  });

  test('URL settings must be http(s)', () => {
    expect(errorOf({ ARM_ENDPOINT: 'ftp://arm' })).toMatch(
      /^ARM_ENDPOINT: "ftp:\/\/arm" is not an http\(s\) URL; example/,
    );
    expect(errorOf({ BOT_OPENID_METADATA_URL: 'nope' })).toMatch(/^BOT_OPENID_METADATA_URL: "nope" is not a URL/);
    expect(errorOf({ SLACK_API_URL: 'slack' })).toMatch(/^SLACK_API_URL: /);
  });

  test('demo settings', () => {
    expect(errorOf({ DEMO_MODE: 'maybe' })).toMatch(/^DEMO_MODE: "maybe" is not one of auto\|true\|false/);
    expect(errorOf({ DEMO_SCALE: 'huge' })).toMatch(/^DEMO_SCALE: "huge" is not one of small\|large/);
    expect(errorOf({ DEMO_SEED: '1.5' })).toBe('DEMO_SEED: "1.5" is not a whole number; example: DEMO_SEED=1');
    expect(errorOf({ DEMO_ESTATE: '/no/such/estate.json' })).toMatch(
      /^DEMO_ESTATE: file "\/no\/such\/estate.json" does not exist/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'estate-'));
    writeFileSync(join(dir, 'estate.json'), '{}');
    const demo = loadConfig({ DEMO_ESTATE: join(dir, 'estate.json'), DEMO_SCALE: 'large', DEMO_SEED: '42' }).demo;
    expect(demo).toEqual({ estatePath: join(dir, 'estate.json'), scale: 'large', seed: 42 });
  });

  test('a malformed Slack token is reported without repeating it', () => {
    const message = errorOf({ SLACK_BOT_TOKEN: 'xoxp-user-token-123', SLACK_SIGNING_SECRET: 's' });
    expect(message).toMatch(/^SLACK_BOT_TOKEN: does not start with "xoxb-"/);
    expect(message).not.toContain('user-token-123');
  });
});

describe('cross-field checks', () => {
  test('Azure client secret needs a client id and a tenant', () => {
    expect(errorOf({ AZURE_CLIENT_SECRET: 's3cret' })).toMatch(
      /^AZURE_CLIENT_ID: is required when AZURE_CLIENT_SECRET is set; example: AZURE_CLIENT_ID=/,
    );
    expect(errorOf({ AZURE_CLIENT_SECRET: 's3cret', AZURE_CLIENT_ID: CLIENT })).toMatch(
      /^AZURE_TENANT_ID: is required/,
    );
  });

  test('Teams: password without app id, and the app type rules', () => {
    expect(errorOf({ MICROSOFT_APP_PASSWORD: 'pw' })).toMatch(
      /^MICROSOFT_APP_ID: is required when MICROSOFT_APP_PASSWORD is set/,
    );
    expect(errorOf({ MICROSOFT_APP_ID: CLIENT })).toMatch(
      /^MICROSOFT_APP_PASSWORD: is required when MICROSOFT_APP_TYPE is SingleTenant/,
    );
    expect(errorOf({ MICROSOFT_APP_ID: CLIENT, MICROSOFT_APP_PASSWORD: 'pw' })).toMatch(
      /^MICROSOFT_APP_TENANT_ID: is required when MICROSOFT_APP_TYPE is SingleTenant/,
    );
    const single = { MICROSOFT_APP_ID: CLIENT, MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: TENANT };
    expect(loadConfig(single).teams).toMatchObject({ appId: CLIENT, appType: 'SingleTenant', appTenantId: TENANT });
    const multi = { MICROSOFT_APP_ID: CLIENT, MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'multitenant' };
    expect(loadConfig(multi).teams.appType).toBe('MultiTenant');
    const msi = { MICROSOFT_APP_ID: CLIENT, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: TENANT };
    expect(loadConfig(msi).teams.appPassword).toBeUndefined();
  });

  test('Slack: a bot token needs a signing secret unless Socket Mode is on', () => {
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1-2' })).toMatch(
      /^SLACK_SIGNING_SECRET: is required when SLACK_BOT_TOKEN is set \(or set SLACK_APP_TOKEN for Socket Mode\)/,
    );
    expect(errorOf({ SLACK_SIGNING_SECRET: 'abc' })).toMatch(/^SLACK_BOT_TOKEN: is required when SLACK_SIGNING_SECRET/);
    const socket = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_APP_TOKEN: 'xapp-1-2',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(socket.slack).toMatchObject({ socketMode: true, apiUrl: 'http://127.0.0.1:9/api/' });
  });
});

describe('mode and scope', () => {
  test('any Azure setting switches DEMO_MODE=auto to Azure; DEMO_MODE=true|false wins', () => {
    expect(loadConfig({ AZURE_TENANT_ID: TENANT }).mode).toBe('azure');
    expect(loadConfig({ ARM_ENDPOINT: 'https://127.0.0.1:8443/' }).azure.armEndpoint).toBe('https://127.0.0.1:8443');
    expect(loadConfig({ BACKUP_SCOPE: SUB_A }).mode).toBe('azure');
    expect(loadConfig({ AZURE_TENANT_ID: TENANT, DEMO_MODE: 'true' }).mode).toBe('demo');
    expect(loadConfig({ DEMO_MODE: 'false' }).mode).toBe('azure');
    // Chat settings do not switch the mode.
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'x' }).mode).toBe('demo');
  });

  test('BACKUP_SCOPE takes subscription GUIDs and mg:<name> entries', () => {
    const scope = loadConfig({ BACKUP_SCOPE: ` ${SUB_A}, ${SUB_B},` }).azure.scope;
    expect(scope).toEqual({ subscriptionIds: [SUB_A, SUB_B.toLowerCase()], managementGroups: [] });
    const groups = loadConfig({ BACKUP_SCOPE: 'mg:Contoso-Prod_1, mg:contoso-dev' }).azure.scope;
    expect(groups).toEqual({ subscriptionIds: [], managementGroups: ['Contoso-Prod_1', 'contoso-dev'] });
    expect(errorOf({ BACKUP_SCOPE: 'prod' })).toBe(
      'BACKUP_SCOPE: "prod" is neither a subscription GUID nor mg:<management group>; ' +
        'example: BACKUP_SCOPE=00000000-0000-0000-0000-000000000000,mg:contoso-prod',
    );
  });

  test('BACKUP_SCOPE with subscriptions and management groups together is refused: Resource Graph takes one', () => {
    expect(errorOf({ BACKUP_SCOPE: `${SUB_A},mg:contoso-prod` })).toBe(
      'BACKUP_SCOPE: lists both subscriptions and management groups; Resource Graph takes one or the other, so ' +
        'list only subscription ids or only mg:<group> entries; example: BACKUP_SCOPE=mg:contoso-prod',
    );
  });

  test('READ_ALLOW: not set means everything (said in the description); set, its rules are parsed once', () => {
    expect(loadConfig({}).readAllow).toEqual({ configured: false, rules: [] });
    expect(describeConfig(loadConfig({})).readAllow).toBe('not set: every conversation sees the whole BACKUP_SCOPE');
    const set = loadConfig({ READ_ALLOW: ` *@sub:${SUB_A}#C0456EFGH , slack:user:U0123ABCD@rg:${SUB_A}/rg-app` });
    expect(set.readAllow.configured).toBe(true);
    expect(set.readAllow.rules.map((r) => [r.subject.kind, r.scope, r.channelId])).toEqual([
      ['anyone', { subscriptionId: SUB_A }, 'C0456EFGH'],
      ['user', { subscriptionId: SUB_A, resourceGroup: 'rg-app' }, undefined],
    ]);
  });

  test('READ_ALLOW errors are one line naming each bad entry and what to write', () => {
    const example =
      `example: READ_ALLOW=*@sub:00000000-0000-0000-0000-000000000000#C0123ABCD,` +
      'slack:user:U0123ABCD@rg:00000000-0000-0000-0000-000000000000/rg-app';
    expect(errorOf({ READ_ALLOW: 'ana@contoso.com' })).toBe(
      'READ_ALLOW: READ_ALLOW entry "ana@contoso.com": people are named by platform id, not e-mail: ' +
        `write teams:user:00000000-0000-0000-0000-000000000000 or slack:user:U0123ABCD; ${example}`,
    );
    expect(errorOf({ READ_ALLOW: '*@sub:prod' })).toContain(
      'scope "@sub:prod" must be @sub:<subscription id> or @rg:<subscription id>/<resource group>',
    );
    // A channel is read by everyone in it: a rule naming one person there would promise what it cannot keep.
    expect(errorOf({ READ_ALLOW: `slack:user:U0123ABCD@sub:${SUB_A}#C0456EFGH` })).toContain(
      `a channel is bound as a whole; write slack:*@sub:${SUB_A}#C0456EFGH`,
    );
    // Scopes outside a subscription BACKUP_SCOPE would read nothing.
    expect(errorOf({ BACKUP_SCOPE: SUB_A, READ_ALLOW: `*@sub:${SUB_B}#C0456EFGH` })).toContain(
      `"*@sub:${SUB_B}#C0456EFGH" names a subscription outside BACKUP_SCOPE`,
    );
    expect(loadConfig({ BACKUP_SCOPE: SUB_A, READ_ALLOW: `*@rg:${SUB_A}/rg-app#C1` }).readAllow.configured).toBe(true);
  });

  test('RETRY_ALLOW is a trimmed list; empty means nobody', () => {
    expect(loadConfig({ RETRY_ALLOW: ' alice@contoso.com, U0123 ,,' }).retryAllow).toEqual([
      'alice@contoso.com',
      'U0123',
    ]);
  });

  test('retry settings: retention, claim window and polling, with bounds; the demo polls often', () => {
    const defaults = { armRequestTimeoutSeconds: 30, refusalAuditPerMinute: 10 };
    expect(loadConfig({}).retry).toEqual({ retentionDays: 30, claimWindowMinutes: 30, pollSeconds: 5, ...defaults });
    expect(loadConfig({ BACKUP_SCOPE: SUB_A }).retry.pollSeconds).toBe(30);
    const set = { RETRY_RETENTION_DAYS: '90', RETRY_CLAIM_WINDOW_MINUTES: '120', RETRY_POLL_SECONDS: '10' };
    expect(loadConfig(set).retry).toEqual({ retentionDays: 90, claimWindowMinutes: 120, pollSeconds: 10, ...defaults });
    expect(errorOf({ RETRY_RETENTION_DAYS: '0' })).toBe(
      'RETRY_RETENTION_DAYS: 0 is outside 1-3650 days; example: RETRY_RETENTION_DAYS=30',
    );
    expect(errorOf({ RETRY_CLAIM_WINDOW_MINUTES: 'soon' })).toBe(
      'RETRY_CLAIM_WINDOW_MINUTES: "soon" is not a whole number; example: RETRY_CLAIM_WINDOW_MINUTES=30',
    );
    expect(errorOf({ RETRY_POLL_SECONDS: '3600' })).toMatch(/^RETRY_POLL_SECONDS: 3600 is outside 1-600 seconds;/);
  });

  test('ARM request timeout and audited refusals per person: defaults, values and bounds', () => {
    const set = { ARM_REQUEST_TIMEOUT_SECONDS: '45', RETRY_REFUSAL_AUDIT_PER_MINUTE: '3' };
    expect(loadConfig(set).retry).toMatchObject({ armRequestTimeoutSeconds: 45, refusalAuditPerMinute: 3 });
    expect(errorOf({ ARM_REQUEST_TIMEOUT_SECONDS: '0' })).toBe(
      'ARM_REQUEST_TIMEOUT_SECONDS: 0 is outside 1-600 seconds; example: ARM_REQUEST_TIMEOUT_SECONDS=30',
    );
    expect(errorOf({ RETRY_REFUSAL_AUDIT_PER_MINUTE: 'many' })).toBe(
      'RETRY_REFUSAL_AUDIT_PER_MINUTE: "many" is not a whole number; example: RETRY_REFUSAL_AUDIT_PER_MINUTE=10',
    );
  });

  test('the startup line says which mode and why', () => {
    expect(describeStartup(loadConfig({}))).toMatch(/^backup-center-bot starting in DEMO MODE \(no Azure settings/);
    const azure = loadConfig({ AZURE_TENANT_ID: TENANT, BACKUP_SCOPE: `${SUB_A},${SUB_B}` });
    expect(describeStartup(azure)).toBe(
      `backup-center-bot starting, connected to Azure tenant ${TENANT} at https://management.azure.com ` +
        `(scope: ${SUB_A}, ${SUB_B.toLowerCase()})`,
    );
  });
});

describe('where the bot listens and whom it serves without authentication', () => {
  test('demo mode listens on 127.0.0.1 unless HOST widens it; Azure mode on every interface unless HOST is set', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '[::1]' }).host).toBe('::1');
    expect(loadConfig({ ARM_ENDPOINT: 'http://127.0.0.1:4010' }).host).toBeUndefined();
    expect(loadConfig({ ARM_ENDPOINT: 'http://127.0.0.1:4010', HOST: '10.0.0.4' }).host).toBe('10.0.0.4');
    expect(errorOf({ HOST: 'http://0.0.0.0/' })).toBe(
      'HOST: "http://0.0.0.0/" is not a host name or IP address; example: HOST=127.0.0.1',
    );
  });

  test('ALLOW_EMULATOR and LOCAL_CHAT_WITHOUT_AUTH are off unless set to true', () => {
    expect(loadConfig({}).teams).toMatchObject({ allowEmulator: false, localWithoutAuth: false });
    const on = loadConfig({ ALLOW_EMULATOR: 'true', LOCAL_CHAT_WITHOUT_AUTH: 'TRUE' });
    expect(on.teams).toMatchObject({ allowEmulator: true, localWithoutAuth: true });
    expect(errorOf({ ALLOW_EMULATOR: 'yes' })).toBe(
      'ALLOW_EMULATOR: "yes" is not one of true|false; example: ALLOW_EMULATOR=false',
    );
  });

  test('outside demo mode a chat channel must authenticate: no app id and no Slack is one line naming the setting', () => {
    const azure = { ARM_ENDPOINT: 'https://management.azure.com', DATA_DIR: '/tmp/unused' };
    let message = '';
    try {
      checkChannels(loadConfig(azure));
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^MICROSOFT_APP_ID: is required outside demo mode .*LOCAL_CHAT_WITHOUT_AUTH=true/);
    expect(message).not.toContain('\n');
    expect(() => checkChannels(loadConfig({}))).not.toThrow();
    expect(() =>
      checkChannels(
        loadConfig({
          ...azure,
          MICROSOFT_APP_ID: CLIENT,
          MICROSOFT_APP_PASSWORD: 'x',
          MICROSOFT_APP_TENANT_ID: TENANT,
        }),
      ),
    ).not.toThrow();
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'x' };
    expect(() => checkChannels(loadConfig({ ...azure, ...slack }))).not.toThrow();
    const optedIn = loadConfig({ ...azure, LOCAL_CHAT_WITHOUT_AUTH: 'true' });
    expect(() => checkChannels(optedIn)).not.toThrow();
    expect(isLocalChatWithoutAuth(optedIn)).toBe(true);
    expect(isLocalChatWithoutAuth(loadConfig({ LOCAL_CHAT_WITHOUT_AUTH: 'true' }))).toBe(false);
  });
});

describe('alert webhook settings', () => {
  const SECRET = 'f'.repeat(31) + 'Z-._~0123456789';

  test('off by default, with a 60-minute replay window', () => {
    expect(loadConfig({}).notifyAlerts).toEqual({ maxAgeMinutes: 60 });
  });

  test('NOTIFY_WEBHOOK_SECRET needs 32+ URL-safe characters and is never echoed', () => {
    expect(loadConfig({ NOTIFY_WEBHOOK_SECRET: SECRET }).notifyAlerts.webhookSecret).toBe(SECRET);
    expect(loadConfig({ NOTIFY_WEBHOOK_SECRET: 'a'.repeat(32) }).notifyAlerts.webhookSecret).toBe('a'.repeat(32));
    const short = 'short-secret-value-123';
    const tooShort = errorOf({ NOTIFY_WEBHOOK_SECRET: short });
    expect(tooShort).toMatch(/^NOTIFY_WEBHOOK_SECRET: is shorter than 32 characters \(value not shown\); example: /);
    expect(tooShort).not.toContain(short);
    const unsafe = `${'a'.repeat(40)}/?#`;
    const message = errorOf({ NOTIFY_WEBHOOK_SECRET: unsafe });
    expect(message).toMatch(/^NOTIFY_WEBHOOK_SECRET: may only hold letters, digits/);
    expect(message).not.toContain(unsafe);
    expect(errorOf({ NOTIFY_WEBHOOK_SECRET: `${'b'.repeat(40)} c` })).toMatch(/may only hold/);
  });

  test('NOTIFY_ALERT_MAX_AGE_MINUTES is 5-1440', () => {
    expect(loadConfig({ NOTIFY_ALERT_MAX_AGE_MINUTES: '5' }).notifyAlerts.maxAgeMinutes).toBe(5);
    expect(loadConfig({ NOTIFY_ALERT_MAX_AGE_MINUTES: '1440' }).notifyAlerts.maxAgeMinutes).toBe(1440);
    expect(errorOf({ NOTIFY_ALERT_MAX_AGE_MINUTES: '4' })).toBe(
      'NOTIFY_ALERT_MAX_AGE_MINUTES: 4 is outside 5-1440 minutes; example: NOTIFY_ALERT_MAX_AGE_MINUTES=60',
    );
    expect(errorOf({ NOTIFY_ALERT_MAX_AGE_MINUTES: '1441' })).toMatch(/outside 5-1440/);
    expect(errorOf({ NOTIFY_ALERT_MAX_AGE_MINUTES: 'an hour' })).toMatch(/is not a whole number/);
  });

  test('describeConfig says set / not set for the secret', () => {
    const summary = describeConfig(loadConfig({ NOTIFY_WEBHOOK_SECRET: SECRET }));
    expect(summary).toMatchObject({ notifyAlerts: { webhookSecret: 'set', maxAgeMinutes: 60 } });
    expect(JSON.stringify(summary)).not.toContain(SECRET);
    expect(describeConfig(loadConfig({}))).toMatchObject({ notifyAlerts: { webhookSecret: 'not set' } });
  });
});

test('describeConfig shows whether secrets are set, never their values', () => {
  const secrets = {
    AZURE_CLIENT_SECRET: 'azure-client-secret-value',
    MICROSOFT_APP_PASSWORD: 'teams-app-password-value',
    SLACK_BOT_TOKEN: 'xoxb-slack-bot-token-value',
    SLACK_SIGNING_SECRET: 'slack-signing-secret-value',
    SLACK_APP_TOKEN: 'xapp-slack-app-token-value',
  };
  const config = loadConfig({
    ...secrets,
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: CLIENT,
    MICROSOFT_APP_ID: CLIENT,
    MICROSOFT_APP_TENANT_ID: TENANT,
    DATABASE_URL: 'postgres://bot:database-password-value@db:5432/bot',
  });
  const summary = describeConfig(config);
  const text = JSON.stringify(summary);
  for (const value of [...Object.values(secrets), 'database-password-value']) expect(text).not.toContain(value);
  expect(summary).toMatchObject({
    azure: { clientSecret: 'set', clientId: CLIENT },
    teams: { appPassword: 'set' },
    slack: { botToken: 'set', signingSecret: 'set', appToken: 'set', socketMode: true },
    database: 'postgres://bot:***@db:5432/bot',
  });
  expect(describeConfig(loadConfig({}))).toMatchObject({ slack: { botToken: 'not set' } });
});

test('readEnvironment puts a .env file under the real environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
  const file = join(dir, '.env');
  writeFileSync(file, '# comment\nBCB_ONLY_IN_FILE="from file"\nPATH=/overridden-by-real-env\n');
  const { env, dotEnvFile } = readEnvironment(file);
  expect(dotEnvFile).toBe(file);
  expect(env['BCB_ONLY_IN_FILE']).toBe('from file');
  expect(env['PATH']).not.toBe('/overridden-by-real-env');
  expect(readEnvironment(join(dir, 'absent.env')).dotEnvFile).toBeUndefined();
});

test('.env.sample documents every setting and, as shipped, gives the defaults (demo mode)', () => {
  const sample = readFileSync(resolve(__dirname, '..', '.env.sample'), 'utf8');
  // The settings' names as config.ts and its parts (config-retry.ts, config-metrics.ts) quote them.
  const source = ['config.ts', 'config-retry.ts', 'config-metrics.ts']
    .map((file) => readFileSync(resolve(__dirname, '..', 'src', file), 'utf8'))
    .join('\n');
  const settings = new Set([...source.matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)].map((match) => match[1]));
  expect(settings.size).toBeGreaterThan(25);
  const documented = new Set([...sample.matchAll(/^# ([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
  expect([...settings].filter((name) => !documented.has(name))).toEqual([]);
  expect(loadConfig(parseEnv(sample))).toEqual(loadConfig({}));
});

test('.env.sample and the validator agree on PORT: 0 is any free port, in the sample and in the error', () => {
  const sample = readFileSync(resolve(__dirname, '..', '.env.sample'), 'utf8');
  const comment = sample.split('\n').find((line) => line.startsWith('# HTTP port'));
  expect(comment).toContain('0 = any free port');
  expect(loadConfig({ PORT: '0' }).port).toBe(0);
  expect(errorOf({ PORT: '-1' })).toContain('(0-65535; 0 = any free port)');
});
