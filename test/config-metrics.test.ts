// The metrics settings: on by default only in a demo on loopback; never served on a port others reach without a
// token or a port of its own; every mistake one line naming the setting; the token never in a summary.
import { ConfigError, describeConfig, loadConfig } from '../src/config';

const TOKEN = 'a'.repeat(40);
const AZURE = { AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47', BACKUP_SCOPE: '' };

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

test('on by default in a demo on loopback, off in a demo on every interface and outside demo mode', () => {
  expect(loadConfig({}).metrics).toEqual({ enabled: true, host: '127.0.0.1' });
  expect(loadConfig({ HOST: '0.0.0.0' }).metrics.enabled).toBe(false);
  expect(loadConfig(AZURE).metrics.enabled).toBe(false);
  expect(loadConfig({ METRICS: 'off' }).metrics.enabled).toBe(false);
  expect(describeConfig(loadConfig({ METRICS: 'off' })).metrics).toBe('off');
});

test("the bot's own port when it listens on loopback or a token guards it", () => {
  expect(loadConfig({ ...AZURE, METRICS: 'on', HOST: '127.0.0.1' }).metrics.enabled).toBe(true);
  const guarded = loadConfig({ ...AZURE, METRICS_TOKEN: TOKEN });
  expect(guarded.metrics).toEqual({ enabled: true, token: TOKEN, host: '127.0.0.1' });
  const summary = JSON.stringify(describeConfig(guarded));
  expect(summary).not.toContain(TOKEN);
  expect(describeConfig(guarded).metrics).toBe("GET /metrics on the bot's port, bearer token set");
});

test('refused in one line on a port others reach without a token or a port of its own', () => {
  const example = 'example: METRICS_TOKEN=<at least 32 random characters, e.g. from: openssl rand -hex 32>';
  expect(errorOf({ ...AZURE, METRICS: 'on' })).toBe(
    `METRICS_TOKEN: is required to serve /metrics on the bot's port, which listens on every interface (or set METRICS_PORT); ${example}`,
  );
  expect(errorOf({ METRICS: 'on', HOST: '0.0.0.0' })).toMatch(/^METRICS_TOKEN: is required .* listens on 0\.0\.0\.0 /);
  expect(errorOf({ ...AZURE, METRICS_TOKEN: 'short' })).toMatch(/^METRICS_TOKEN: is shorter than 32 characters/);
  expect(errorOf({ ...AZURE, METRICS_TOKEN: 'short' })).not.toContain('"short"');
});

test('METRICS_PORT: a port of its own on loopback unless METRICS_HOST says otherwise', () => {
  expect(loadConfig({ ...AZURE, METRICS_PORT: '9464' }).metrics).toEqual({
    enabled: true,
    port: 9464,
    host: '127.0.0.1',
  });
  const wide = loadConfig({ ...AZURE, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' });
  expect(wide.metrics).toEqual({ enabled: true, port: 9464, host: '0.0.0.0' });
  expect(describeConfig(wide).metrics).toBe('GET /metrics on port 9464 of 0.0.0.0, no token');
  expect(errorOf({ METRICS_PORT: '3978' })).toBe(
    "METRICS_PORT: is the bot's PORT (3978) too; pick another; example: METRICS_PORT=9464",
  );
  expect(errorOf({ METRICS_PORT: 'abc' })).toMatch(/^METRICS_PORT: "abc" is not a port number/);
  expect(errorOf({ METRICS_HOST: '0.0.0.0' })).toBe(
    'METRICS_HOST: is used only with METRICS_PORT; set METRICS_PORT too; example: METRICS_HOST=0.0.0.0',
  );
});

test('METRICS=off beside a token or a port is a contradiction, said in one line', () => {
  expect(errorOf({ METRICS: 'off', METRICS_TOKEN: TOKEN })).toBe(
    'METRICS: is off while METRICS_TOKEN is set; remove METRICS_TOKEN or set METRICS=on; example: METRICS=on',
  );
  expect(errorOf({ METRICS: 'yes' })).toMatch(/^METRICS: "yes" is not one of on\|off/);
});
