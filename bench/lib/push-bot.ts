// The bot as the push sections (digest, notify) run it: the large-estate stand-in in its own process, a throw-away
// PostgreSQL, Slack and the Bot Connector as stand-ins in this process, both channels mounted, one delivery router and
// one router for in-place updates; and the bench conversations (half Slack channels, half Teams channels) spread over
// the first subscriptions as scopes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryRouter } from '../../src/channels/delivery';
import { ProgressRouter } from '../../src/channels/progress';
import { mountSlack } from '../../src/channels/slack/mount';
import { mountTeamsAndPlayground } from '../../src/channels/teams/wire';
import { type AzureBackend, connectAzure } from '../../src/compose-azure';
import { type Config, loadConfig } from '../../src/config';
import { createConversationCore } from '../../src/core/conversation';
import { createMemoryStash } from '../../src/core/memory-stash';
import { createHttpServer } from '../../src/http/server';
import { createLogger, type Logger } from '../../src/log';
import { openStore, type Store } from '../../src/store';
import { type BotConnectorStandIn, startBotConnector } from '../../test/standins/bot-connector';
import { type SlackStandIn, startSlackStandIn } from '../../test/standins/slack-api';
import { startPostgres } from './processes';
import { note, progress } from './report';
import { startSimProcess } from './sim-process';

export interface PushBot {
  simUrl: string;
  config: Config;
  log: Logger;
  azure: AzureBackend;
  store: Store;
  stash: ReturnType<typeof createMemoryStash>;
  delivery: DeliveryRouter;
  updates: ProgressRouter;
  slack: SlackStandIn;
  connector: BotConnectorStandIn;
  /** Conversation `n`'s platform, key and stored address (even: a Slack channel, odd: a Teams channel). */
  conversation(n: number): { platform: 'slack' | 'teams'; key: string; address: unknown };
  /** Posts seen by the Slack and Bot Connector stand-ins so far. */
  posts(): number;
  close(): Promise<void>;
}

export async function startPushBot(name: string, now: () => Date): Promise<PushBot> {
  progress('starting the stand-in with the large estate in its own process (~30 s)');
  const sim = await startSimProcess({ maxOldSpaceMb: 8192, quota: 'real' });
  const folder = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const slack = await startSlackStandIn();
  const connector = await startBotConnector();
  const log = createLogger({ log: { level: 'error', format: 'json' } });
  const config = loadConfig({
    ARM_ENDPOINT: sim.url,
    DATA_DIR: folder,
    SLACK_BOT_TOKEN: `xoxb-bench-${name}`,
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    // Without an app id the bot posts to Teams only through its playground, or with ALLOW_EMULATOR to a loopback
    // serviceUrl: the Bot Connector stand-in's.
    ALLOW_EMULATOR: 'true',
  });
  const azure = await connectAzure(config, log);
  const postgres = startPostgres();
  const store = await openStore({ dataDir: folder, ...(postgres ? { databaseUrl: postgres.url } : {}) });
  if (!postgres)
    note('PostgreSQL could not be started: the store is PGlite, whose ~680 MB of WebAssembly memory counts in RSS.');
  const stash = createMemoryStash();
  const core = createConversationCore({ data: azure.backupData, policy: { rules: [] }, clock: now, log, stash });
  const http = createHttpServer({ log, readiness: async () => {} });
  const slackChannel = await mountSlack({ config, log, server: http.server, core, store });
  const teams = mountTeamsAndPlayground(http.server, { config, core, store, log });
  await http.listen(0, '127.0.0.1');
  const delivery = new DeliveryRouter();
  const updates = new ProgressRouter();
  if (slackChannel.channel) {
    delivery.register(['slack'], slackChannel.channel.delivery);
    updates.register(['slack'], slackChannel.channel.progress);
  }
  delivery.register(['teams'], teams.delivery);
  updates.register(['teams'], teams.progress);
  return {
    simUrl: sim.url,
    config,
    log,
    azure,
    store,
    stash,
    delivery,
    updates,
    slack,
    connector,
    conversation(n) {
      const slackOne = n % 2 === 0;
      const key = slackOne ? `CBENCH${String(n).padStart(5, '0')}` : `19:bench-${n}@thread.tacv2`;
      const address = slackOne
        ? { channel: key }
        : {
            channelId: 'msteams',
            serviceUrl: connector.serviceUrl,
            conversation: { id: key, conversationType: 'channel' },
            bot: { id: '28:bench', name: 'Backup' },
          };
      return { platform: slackOne ? 'slack' : 'teams', key, address };
    },
    posts: () => slack.calls('chat.postMessage').length + connector.calls.filter((c) => c.kind === 'send').length,
    async close() {
      await teams.close();
      await http.close();
      await slackChannel.stop();
      await azure.close();
      await store.close();
      await slack.close();
      await connector.close();
      await sim.stop();
      postgres?.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
