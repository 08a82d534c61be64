// A typed message (personal chat, channel @mention, group chat) or an Action.Submit click from an older client:
// typing indicator, then the answer; a placeholder first when the answer takes longer than placeholderAfterMs.
import type { Activity, TurnContext } from 'botbuilder';
import type { Caller } from '../../core/caller';
import { opensNewMessage } from '../../core/commands/payload';
import type { Reply, RequestOptions } from '../../core/conversation-port';
import type { Logger } from '../../log';
import { conversationAddressOf } from './address';
import { type AnswerDeps, ask, deliverLater, toAnswer } from './answer';
import { callerOf, messageText } from './caller';
import { cardMessage, replyMessage } from './cards';
import { clientOfChannel, updatesInPlace } from './clients';
import { isNoAnswer } from './outbound';
import { teamsMessageRef } from './progress';
import { settleWithin } from './timing';

/** Clients without Universal Actions send a card's Action.Submit fallback as a message with `value` and no text. */
function isCardSubmit(activity: Partial<Activity>): boolean {
  const value = activity.value as unknown;
  return value !== null && typeof value === 'object' && messageText(activity) === '';
}

async function sendTyping(context: TurnContext, log: Logger): Promise<void> {
  try {
    await context.sendActivity({ type: 'typing' });
  } catch (err) {
    // A connector that does not answer would not take the answer either: end the turn now, not after more timeouts.
    if (isNoAnswer(err)) throw err;
    log.warn({ err }, 'could not send the typing indicator');
  }
}

export async function answerMessage(context: TurnContext, deps: AnswerDeps, log: Logger): Promise<void> {
  const activity = context.activity;
  const caller = await deps.zones.settle(callerOf(activity));
  if (isCardSubmit(activity)) {
    if (!opensNewMessage(activity.value)) return answerSubmit(context, deps, log);
    // A button whose card must stay as it was (a digest's): its answer is a new message, as for typed text.
    const what = describeAction(activity.value);
    return answerAsReply(context, deps, log, caller, what, async (options) =>
      deps.core.handleAction(activity.value, await deps.groups.settle(caller), options),
    );
  }
  const text = messageText(activity);
  return answerAsReply(context, deps, log, caller, text, async (options) =>
    deps.core.handleText(text, await deps.groups.settle(caller), options),
  );
}

/** The answer as a reply in the conversation: the working card first when it is slow, updated when it is ready. */
async function answerAsReply(
  context: TurnContext,
  deps: AnswerDeps,
  log: Logger,
  caller: Caller,
  what: string,
  question: (options: RequestOptions) => Promise<Reply>,
): Promise<void> {
  const activity = context.activity;
  const conversation = conversationAddressOf(activity);
  await sendTyping(context, log);
  const work = ask(deps, log, (options) => question({ ...options, conversation }));
  const early = await settleWithin(work, deps.timing.placeholderAfterMs);
  if (early.done) {
    await context.sendActivity(cardMessage(early.value.card, early.value.summary));
    return;
  }
  const placeholder = await context.sendActivity(replyMessage(deps.core.working(caller, what), log));
  deliverLater(deps, log, activity, placeholder?.id, work);
}

/**
 * Action.Submit (Teams' fallback, and every Web Chat button): the clicked card is replaced (updated) with the answer,
 * as Action.Execute would; where no card is named or none can be updated, the answer is a new message.
 */
async function answerSubmit(context: TurnContext, deps: AnswerDeps, log: Logger): Promise<void> {
  const activity = context.activity;
  const caller = await deps.zones.settle(callerOf(activity));
  // Web Chat's Action.Submit names no card (no replyToId), and Direct Line could not update one anyway: its answer is
  // a new message, and work that goes on (a started backup) reports to the conversation.
  const target = updatesInPlace(clientOfChannel(activity.channelId)) ? activity.replyToId : undefined;
  const show = async (message: Partial<Activity>): Promise<string | undefined> => {
    if (target === undefined) return (await context.sendActivity(message))?.id;
    await context.updateActivity({ ...message, id: target });
    return target;
  };
  const messageRef = teamsMessageRef(activity, target);
  const conversation = conversationAddressOf(activity);
  const work = ask(deps, log, async (options) =>
    deps.core.handleAction(activity.value, await deps.groups.settle(caller), {
      ...options,
      conversation,
      ...(messageRef ? { messageRef } : {}),
    }),
  );
  const early = await settleWithin(work, deps.timing.placeholderAfterMs);
  if (early.done) {
    await show(cardMessage(early.value.card, early.value.summary));
    return;
  }
  const working = toAnswer(deps.core.working(caller, describeAction(activity.value)), log);
  const shown = await show(cardMessage(working.card, working.summary));
  deliverLater(deps, log, activity, shown, work);
}

/** What a button asks for, in words, for the working card ("jobs failed"); buttons carry the command as `c`. */
export function describeAction(data: unknown): string {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return 'your request';
    }
  }
  const command = (value as { c?: unknown } | null)?.c;
  return typeof command === 'string' && command !== '' ? command : 'your request';
}
