// Bot replicas as real processes (src/main.ts, as deployed) sharing one PostgreSQL database and one Azure stand-in
// (ARM_ENDPOINT on 127.0.0.1 with no client secret: the stand-in's static token), talked to as the playground's
// channel through the Bot Connector stand-in: start one, wait for it to listen, and get a retry confirmation card.
import { join } from 'node:path';
import { PLAYGROUND_CHANNEL_ID } from '../../../src/playground/channel';
import { type BotConnectorStandIn, sendToBot, type TestActivity } from '../../standins/bot-connector';
import { freePort, type MainProcess, spawnMain } from '../../support/main-process';
import { cardOf } from '../teams/support';
import { type Card, readCard } from './teams-cards';

export interface BotReplica extends MainProcess {
  url: string;
}

export interface ReplicaSetup {
  /** Where each replica gets its DATA_DIR (and its working directory). */
  folder: string;
  databaseUrl: string;
  simUrl: string;
  /** Who RETRY_ALLOW names (default: the playground user `userId`). */
  userId: string;
  retryAllow?: string;
  /** More settings (Slack's, for instance). */
  env?: Record<string, string>;
}

export async function startReplica(setup: ReplicaSetup, name: string): Promise<BotReplica> {
  const port = await freePort();
  const main = spawnMain(setup.folder, {
    DATA_DIR: join(setup.folder, name),
    PORT: String(port),
    DATABASE_URL: setup.databaseUrl,
    // A loopback ARM endpoint and no AZURE_CLIENT_SECRET: azure mode against the stand-in, with its static token.
    ARM_ENDPOINT: setup.simUrl,
    RETRY_ALLOW: setup.retryAllow ?? `playground:user:${setup.userId}`,
    // Jobs polled every second, so a lease (four polls, at least 5 s) runs out within seconds of a replica's death.
    RETRY_POLL_SECONDS: '1',
    LOG_LEVEL: 'info',
    // No app id outside demo mode: opted in, replying to the Bot Connector stand-in (a loopback origin).
    LOCAL_CHAT_WITHOUT_AUTH: 'true',
    ALLOW_EMULATOR: 'true',
    ...setup.env,
  });
  return { ...main, url: `http://127.0.0.1:${port}/api/messages` };
}

export async function listening(bot: BotReplica): Promise<void> {
  for (let i = 0; i < 900 && !bot.output().includes('listening on port'); i++) {
    if (bot.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!bot.output().includes('listening on port')) throw new Error(`the bot did not start:\n${bot.output()}`);
}

/**
 * An activity from the playground's channel (a local Bot Framework client that clicks with Action.Execute, as Teams
 * does; the Emulator would get Action.Submit buttons): the caller's platform is "playground".
 */
export function playgroundActivity(
  connector: BotConnectorStandIn,
  from: { id: string; name: string },
  conversationId: string,
  fields: TestActivity,
): TestActivity {
  return {
    id: `act-${Math.random().toString(36).slice(2)}`,
    channelId: PLAYGROUND_CHANNEL_ID,
    serviceUrl: connector.serviceUrl,
    from,
    recipient: { id: 'bot', name: 'Backup' },
    conversation: { id: conversationId, conversationType: 'personal' },
    ...fields,
  };
}

/** The confirmation card the bot posted for `message` (after a "working" placeholder, if the answer was slow). */
export async function confirmationFor(
  connector: BotConnectorStandIn,
  botUrl: string,
  message: TestActivity,
): Promise<{ card: Card; id: string }> {
  expect((await sendToBot(botUrl, message)).status).toBe(200);
  const reply = await connector.waitFor(
    (c) => c.kind === 'reply' && c.activityId === message.id && c.activity?.type === 'message',
    60_000,
  );
  const id = reply.newId as string;
  const final = await connector.waitFor(
    (c) => (c === reply || (c.kind === 'update' && c.activityId === id)) && /now\?/.test(readCard(cardOf(c.activity))),
    60_000,
  );
  return { card: cardOf(final.activity), id };
}
