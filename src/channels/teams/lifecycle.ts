// Install and removal: a welcome card with the top commands when the bot joins a conversation, and the conversation
// reference kept in the store (digests and retry progress post there later); removal deletes it and says so.
import type { Activity, TurnContext } from 'botbuilder';
import type { ConversationAddress, ConversationCore } from '../../core/conversation-port';
import type { Logger } from '../../log';
import type { Store } from '../../store/store';
import { channelReferenceOf, conversationAddressOf } from './address';
import { callerOf, conversationKeyOf, teamsChannelOf, tenantOf } from './caller';
import { replyMessage } from './cards';

export type LifecycleStore = Pick<
  Store,
  'upsertConversation' | 'deleteConversation' | 'claimIdempotencyKey' | 'releaseIdempotencyKey'
>;

export interface LifecycleDeps {
  core: ConversationCore;
  store?: LifecycleStore;
  /**
   * Told after the bot was removed from a Teams conversation (its reference forgotten), so that what posts there
   * (digests) can stop. Teams announces one removal twice (installationUpdate and conversationUpdate): it must be
   * idempotent.
   */
  onConversationRemoved?(address: ConversationAddress): Promise<void> | void;
}

export const STORE_PLATFORM = 'teams';
const WELCOME_OWNER = 'teams-welcome';
// Teams announces one install twice (installationUpdate and conversationUpdate); one welcome is enough.
const WELCOME_DEDUP_MS = 10 * 60_000;

/** Only Teams conversations are stored: the playground's and Emulator's are throw-away. */
function isStored(activity: Partial<Activity>): boolean {
  return activity.channelId === 'msteams';
}

export async function rememberConversation(activity: Partial<Activity>, deps: LifecycleDeps): Promise<void> {
  if (!deps.store || !isStored(activity)) return;
  await deps.store.upsertConversation({
    platform: STORE_PLATFORM,
    conversationKey: conversationKeyOf(activity),
    reference: channelReferenceOf(activity),
    tenantId: tenantOf(activity) ?? null,
    channel: teamsChannelOf(activity) ?? activity.conversation?.conversationType ?? null,
  });
}

async function claimWelcome(activity: Partial<Activity>, deps: LifecycleDeps, log: Logger): Promise<boolean> {
  if (!deps.store || !isStored(activity)) return true;
  try {
    const key = `teams:welcome:${conversationKeyOf(activity)}`;
    return (await deps.store.claimIdempotencyKey(key, WELCOME_OWNER, WELCOME_DEDUP_MS)).claimed;
  } catch (err) {
    log.warn({ err }, 'could not check for an earlier welcome; welcoming anyway');
    return true;
  }
}

async function welcome(context: TurnContext, deps: LifecycleDeps, log: Logger): Promise<void> {
  try {
    await rememberConversation(context.activity, deps);
  } catch (err) {
    log.error({ err }, 'could not store the conversation reference');
  }
  if (!(await claimWelcome(context.activity, deps, log))) return;
  const reply = await deps.core.welcome(callerOf(context.activity));
  await context.sendActivity(replyMessage(reply, log));
  log.info({ conversationType: context.activity.conversation?.conversationType }, 'welcomed a new conversation');
}

async function forget(context: TurnContext, deps: LifecycleDeps, log: Logger): Promise<void> {
  const activity = context.activity;
  if (!isStored(activity)) return;
  if (deps.store) {
    const key = conversationKeyOf(activity);
    const deleted = await deps.store.deleteConversation(STORE_PLATFORM, key);
    // A later re-install deserves a welcome again.
    await deps.store.releaseIdempotencyKey(`teams:welcome:${key}`, WELCOME_OWNER);
    if (deleted) log.info('the bot was removed; forgot the conversation');
  }
  if (deps.onConversationRemoved === undefined) return;
  try {
    await deps.onConversationRemoved(conversationAddressOf(activity));
  } catch (err) {
    log.error({ err }, 'could not tell the rest of the bot about the removal');
  }
}

/** conversationUpdate: the bot itself added (welcome) or removed (forget); other members coming and going are ignored. */
export async function onConversationUpdate(context: TurnContext, deps: LifecycleDeps, log: Logger): Promise<void> {
  const activity = context.activity;
  const botId = activity.recipient?.id;
  if (botId === undefined) return;
  if (activity.membersAdded?.some((member) => member.id === botId)) await welcome(context, deps, log);
  if (activity.membersRemoved?.some((member) => member.id === botId)) await forget(context, deps, log);
}

/** installationUpdate: "add" welcomes, "remove" forgets; the "-upgrade" variants only refresh the reference. */
export async function onInstallationUpdate(context: TurnContext, deps: LifecycleDeps, log: Logger): Promise<void> {
  const action = context.activity.action;
  if (action === 'add') await welcome(context, deps, log);
  else if (action === 'remove') await forget(context, deps, log);
  else if (action === 'add-upgrade') await rememberConversation(context.activity, deps);
}
