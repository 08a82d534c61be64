// Live progress in Teams and the playground: a card posted earlier (the retry confirmation) is replaced in place,
// from outside any turn, by its conversation reference and activity id; the reference travels in a MessageRef.
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { MessageRef, Reply } from '../../core/conversation-port';
import type { Logger } from '../../log';
import type { AnswerDeps } from './answer';
import { callerOf } from './caller';
import { replyMessage } from './cards';

/** MessageRef.data for Teams and playground cards (stored as JSON while a backup runs). */
export interface TeamsMessageData {
  reference: Partial<ConversationReference>;
  activityId: string;
}

/** Where the card of `activityId` lives, as seen from an activity of the same conversation (e.g. a click on it). */
export function teamsMessageRef(activity: Partial<Activity>, activityId: string | undefined): MessageRef | undefined {
  if (activityId === undefined || activityId === '' || activity.conversation?.id === undefined) return undefined;
  const reference = TurnContext.getConversationReference(activity);
  // A click's own id means nothing later; the card's id is kept beside the reference.
  delete reference.activityId;
  const data: TeamsMessageData = { reference: JSON.parse(JSON.stringify(reference)), activityId };
  return { platform: callerOf(activity).platform, data };
}

function readData(data: unknown): TeamsMessageData {
  const d = data as Partial<TeamsMessageData> | null;
  if (d === null || typeof d !== 'object' || typeof d.activityId !== 'string' || typeof d.reference !== 'object') {
    throw new Error('not a Teams message reference');
  }
  return { reference: d.reference, activityId: d.activityId };
}

export interface TeamsProgress {
  /** Replaces the card at `ref` with `reply` for everyone in the conversation. */
  update(ref: MessageRef, reply: Reply): Promise<void>;
}

export function createTeamsProgress(
  continueConversation: AnswerDeps['continueConversation'],
  log: Logger,
): TeamsProgress {
  return {
    async update(ref, reply) {
      const { reference, activityId } = readData(ref.data);
      const message = replyMessage(reply, log);
      await continueConversation(reference, async (context) => {
        await context.updateActivity({ ...message, id: activityId });
      });
    },
  };
}
