// Safe descriptions of a Config for the startup log: which mode and why, and a summary without secret values.
import type { Config } from './config';

/** A summary safe to log: secrets as "set"/"not set", the database URL without its password. */
export function describeConfig(config: Config): Record<string, unknown> {
  const secret = (value: string | undefined) => (value === undefined ? 'not set' : 'set');
  return {
    mode: config.mode,
    port: config.port,
    host: config.host ?? 'every interface',
    dataDir: config.dataDir,
    database: config.databaseUrl === undefined ? 'embedded (PGlite)' : hidePassword(config.databaseUrl),
    log: config.log,
    answerDeadlineSeconds: config.answerDeadlineSeconds,
    azure: {
      tenantId: config.azure.tenantId ?? 'not set',
      clientId: config.azure.clientId ?? 'not set',
      clientSecret: secret(config.azure.clientSecret),
      armEndpoint: config.azure.armEndpoint,
      scope: config.azure.scope,
      tenants: config.azure.tenants,
    },
    demo: config.demo,
    teams: {
      appId: config.teams.appId ?? 'not set',
      appPassword: secret(config.teams.appPassword),
      appTenantId: config.teams.appTenantId ?? 'not set',
      appType: config.teams.appType ?? 'none (no auth: local use only)',
      endpointOverrides: [
        config.teams.openIdMetadataUrl,
        config.teams.tokenIssuer,
        config.teams.loginUrl,
        config.teams.oauthScope,
      ].filter((url) => url !== undefined),
      graph: `${config.teams.graphUrl ?? 'public cloud'} (token from ${config.teams.graphLoginUrl ?? 'public cloud'})`,
      allowEmulator: config.teams.allowEmulator,
      localWithoutAuth: config.teams.localWithoutAuth,
    },
    slack: {
      botToken: secret(config.slack.botToken),
      signingSecret: secret(config.slack.signingSecret),
      appToken: secret(config.slack.appToken),
      apiUrl: config.slack.apiUrl,
      socketMode: config.slack.socketMode,
    },
    readAllow: config.readAllow.configured
      ? config.readAllow.rules.map((r) => r.text)
      : 'not set: every conversation sees the whole BACKUP_SCOPE',
    retryAllow: config.retryAllow.length === 0 ? 'nobody (deny by default)' : config.retryAllow,
    retry: config.retry,
    digestAllow: config.digestAllow.length === 0 ? 'anyone in the conversation' : config.digestAllow,
    digest: config.digest,
    notify: config.notify,
    notifyAlerts: {
      webhookSecret: secret(config.notifyAlerts.webhookSecret),
      maxAgeMinutes: config.notifyAlerts.maxAgeMinutes,
    },
    metrics: describeMetrics(config),
  };
}

/** The first log line: which mode the bot runs in and why, so that nobody mistakes the demo for production. */
export function describeStartup(config: Config): string {
  if (config.mode === 'demo') {
    const estate = config.demo.estatePath ?? `a generated ${config.demo.scale} estate (seed ${config.demo.seed})`;
    return (
      `backup-center-bot starting in DEMO MODE (${config.modeReason}): simulated Azure with ${estate}; ` +
      'set AZURE_TENANT_ID (see .env.sample) to use real Azure'
    );
  }
  const tenant = config.azure.tenantId ?? '(from the default Azure credential)';
  const { subscriptionIds, managementGroups } = config.azure.scope;
  const scope =
    subscriptionIds.length + managementGroups.length === 0
      ? 'all readable subscriptions'
      : [...subscriptionIds, ...managementGroups.map((group) => `mg:${group}`)].join(', ');
  return `backup-center-bot starting, connected to Azure tenant ${tenant} at ${config.azure.armEndpoint} (scope: ${scope})`;
}

function describeMetrics(config: Config): string {
  const { enabled, token, port, host } = config.metrics;
  if (!enabled) return 'off';
  const where = port === undefined ? "on the bot's port" : `on port ${port} of ${host}`;
  return `GET /metrics ${where}, ${token === undefined ? 'no token' : 'bearer token set'}`;
}

function hidePassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password !== '') url.password = '***';
  return url.toString();
}
