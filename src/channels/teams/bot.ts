// The Teams turn: routes each inbound activity (message, card action, install, removal) to its handler, remembers
// conversations the store has not seen, and turns any failure into a short reply with a ref.
import type { Activity, TurnContext } from 'botbuilder';
import type { ConversationAddress, ConversationCore } from '../../core/conversation-port';
import { newErrorRef } from '../../core/errors';
import type { Logger } from '../../log';
import { type AnswerDeps, DEFAULT_TIMING, type TeamsTiming } from './answer';
import { conversationKeyOf } from './caller';
import { badInvokeResponse, cardMessage, textCard } from './cards';
import { type GroupLookup, NO_TEAMS_GROUPS } from './graph-groups';
import { answerCardAction, CARD_ACTION_INVOKE } from './invoke';
import {
  type LifecycleDeps,
  type LifecycleStore,
  onConversationUpdate,
  onInstallationUpdate,
  rememberConversation,
} from './lifecycle';
import { answerMessage } from './message';
import { isNoAnswer } from './outbound';
import { PersonZones, type ZoneStore } from './person-zones';
import { BackgroundWork } from './timing';

export interface TeamsBotOptions {
  core: ConversationCore;
  store?: LifecycleStore & Partial<ZoneStore>;
  log: Logger;
  timing?: Partial<TeamsTiming>;
  continueConversation: AnswerDeps['continueConversation'];
  postNew: AnswerDeps['postNew'];
  /** Group rules: looks up each person's named Entra groups (none named: no lookup). */
  groups?: GroupLookup;
  /** Told after the bot was removed from a Teams conversation (see LifecycleDeps). */
  onConversationRemoved?(address: ConversationAddress): Promise<void> | void;
}

export interface TeamsBot {
  handleTurn(context: TurnContext, log: Logger): Promise<void>;
  /** Resolves when every slow answer started so far has been delivered (tests, shutdown). */
  idle(): Promise<void>;
}

/** The store's settings, when the store given has them (tests may give a lifecycle-only store). */
function zoneStoreOf(store: TeamsBotOptions['store']): ZoneStore | undefined {
  return store?.getSetting && store.setSetting ? (store as ZoneStore) : undefined;
}

/** Bounds the memory of "conversations already stored" (a re-store after eviction is harmless). */
const KNOWN_CONVERSATIONS_MAX = 10_000;

export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const background = new BackgroundWork(options.log);
  const deps: AnswerDeps = {
    core: options.core,
    timing: { ...DEFAULT_TIMING, ...options.timing },
    background,
    continueConversation: options.continueConversation,
    postNew: options.postNew,
    zones: new PersonZones(zoneStoreOf(options.store), options.log),
    groups: options.groups ?? NO_TEAMS_GROUPS,
  };
  const lifecycle: LifecycleDeps = {
    core: options.core,
    ...(options.store ? { store: options.store } : {}),
    ...(options.onConversationRemoved ? { onConversationRemoved: options.onConversationRemoved } : {}),
  };
  const known = new Set<string>();

  /** Conversations the bot was installed in before the store existed get their reference on first use. */
  function rememberOnce(activity: Partial<Activity>, log: Logger): void {
    const key = conversationKeyOf(activity);
    if (!options.store || activity.channelId !== 'msteams' || known.has(key)) return;
    if (known.size >= KNOWN_CONVERSATIONS_MAX) known.clear();
    known.add(key);
    background.run('storing a conversation reference', async () => {
      try {
        await rememberConversation(activity, lifecycle);
      } catch (err) {
        known.delete(key);
        log.warn({ err }, 'could not store the conversation reference');
      }
    });
  }

  async function dispatch(context: TurnContext, log: Logger): Promise<void> {
    const activity = context.activity;
    switch (activity.type) {
      case 'message':
        rememberOnce(activity, log);
        return answerMessage(context, deps, log);
      case 'invoke':
        if (activity.name === CARD_ACTION_INVOKE) return answerCardAction(context, deps, log);
        log.debug({ name: activity.name }, 'ignored an invoke this bot does not handle');
        return;
      case 'conversationUpdate':
        return onConversationUpdate(context, lifecycle, log);
      case 'installationUpdate':
        return onInstallationUpdate(context, lifecycle, log);
      default:
        log.debug({ type: activity.type }, 'ignored an activity type this bot does not handle');
    }
  }

  async function handleTurn(context: TurnContext, log: Logger): Promise<void> {
    try {
      await dispatch(context, log);
    } catch (err) {
      const ref = newErrorRef();
      log.error({ err, ref, activityType: context.activity.type }, `a Teams turn failed (ref ${ref})`);
      // An invoke's failure goes back in the HTTP answer; a message's would wait on the connector that failed to answer.
      if (context.activity.type === 'invoke' || !isNoAnswer(err)) await tellFailure(context, ref, log);
    }
  }

  return { handleTurn, idle: () => background.idle() };
}

async function tellFailure(context: TurnContext, ref: string, log: Logger): Promise<void> {
  const text = `Something went wrong (ref ${ref}).`;
  try {
    if (context.activity.type === 'invoke') {
      await context.sendActivity({ type: 'invokeResponse', value: badInvokeResponse(text) } as Partial<Activity>);
    } else if (context.activity.type === 'message') {
      await context.sendActivity(cardMessage(textCard(text), text));
    }
  } catch (err) {
    log.warn({ err }, 'could not tell the person about the failure');
  }
}
