// Live progress in Teams and the playground: a card posted earlier (the retry confirmation) is replaced in place,
// from outside any turn, by its conversation reference and activity id; the reference travels in a MessageRef.
// Clients that cannot change a posted message (Web Chat over Direct Line, the Emulator) get each update as a new one.
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { MessageRef, Reply } from '../../core/conversation-port';
import type { Logger } from '../../log';
import type { AnswerDeps } from './answer';
import { callerOf } from './caller';
import { replyMessage } from './cards';
import { clientOfChannel, updatesInPlace } from './clients';

/**
 * MessageRef.data for Bot Framework cards (stored as JSON while a backup runs): the card's activity id, or, for a
 * client that cannot update messages, `newMessages` (updates are posted to the conversation of `reference`).
 */
export type TeamsMessageData =
  | { reference: Partial<ConversationReference>; activityId: string; newMessages?: undefined }
  | { reference: Partial<ConversationReference>; newMessages: true; activityId?: string };

/** The MessageRef of a card in the conversation of `reference`, as its client can follow it. */
export function messageRefAt(
  platform: MessageRef['platform'],
  reference: Partial<ConversationReference>,
  activityId: string | undefined,
): MessageRef | undefined {
  const stored: Partial<ConversationReference> = JSON.parse(JSON.stringify(reference));
  if (!updatesInPlace(clientOfChannel(reference.channelId))) {
    const data: TeamsMessageData = {
      reference: stored,
      newMessages: true,
      ...(activityId ? { activityId } : {}),
    };
    return { platform, data, updatesInPlace: false };
  }
  if (activityId === undefined || activityId === '') return undefined;
  return { platform, data: { reference: stored, activityId } satisfies TeamsMessageData };
}

/**
 * Where the card of `activityId` lives, as seen from an activity of the same conversation (e.g. a click on it). For
 * Web Chat, whose clicks name no card (an Action.Submit message has no replyToId), the conversation is enough.
 */
export function teamsMessageRef(activity: Partial<Activity>, activityId: string | undefined): MessageRef | undefined {
  if (activity.conversation?.id === undefined) return undefined;
  const reference = TurnContext.getConversationReference(activity);
  // A click's own id means nothing later; the card's id is kept beside the reference.
  delete reference.activityId;
  return messageRefAt(callerOf(activity).platform, reference, activityId);
}

function readData(data: unknown): TeamsMessageData {
  const d = data as Partial<TeamsMessageData> | null;
  if (d === null || typeof d !== 'object' || typeof d.reference !== 'object' || d.reference === null) {
    throw new Error('not a Teams message reference');
  }
  if (d.newMessages === true) return { reference: d.reference, newMessages: true };
  if (typeof d.activityId !== 'string') throw new Error('not a Teams message reference');
  return { reference: d.reference, activityId: d.activityId };
}

export interface TeamsProgress {
  /** Replaces the card at `ref` with `reply` for everyone in the conversation. */
  update(ref: MessageRef, reply: Reply): Promise<void>;
}

export function createTeamsProgress(
  deps: Pick<AnswerDeps, 'continueConversation' | 'postNew'>,
  log: Logger,
): TeamsProgress {
  return {
    async update(ref, reply) {
      const data = readData(ref.data);
      const message = replyMessage(reply, log);
      if (data.newMessages) {
        // The client shows no updates: the news is a message of its own (core sends only milestones there).
        await deps.postNew(data.reference, message);
        return;
      }
      await deps.continueConversation(data.reference, async (context) => {
        await context.updateActivity({ ...message, id: data.activityId });
      });
    },
  };
}
