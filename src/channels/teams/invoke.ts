// Action.Execute (`adaptiveCard/action` invoke): the same core command as typed text, answered with the refreshed
// card in the invoke response within Teams' deadline; slower work answers the working card and updates the message.
// A button into another view (or marked "new message", as a digest's are) leaves its card alone and posts the answer.
import type { Activity, TurnContext } from 'botbuilder';
import { landsInPlace, opensNewMessage } from '../../core/commands/payload';
import type { Logger } from '../../log';
import { conversationAddressOf, newMessageReferenceOf } from './address';
import { type AnswerDeps, ask, deliverLater, postNewLater, toAnswer } from './answer';
import { callerOf } from './caller';
import { badInvokeResponse, cardInvokeResponse, messageInvokeResponse } from './cards';
import { describeAction } from './message';
import { teamsMessageRef } from './progress';
import { settleWithin } from './timing';

export const CARD_ACTION_INVOKE = 'adaptiveCard/action';

interface CardActionValue {
  action?: { type?: string; verb?: string; data?: unknown };
}

function respond(context: TurnContext, value: unknown): Promise<unknown> {
  return context.sendActivity({ type: 'invokeResponse', value } as Partial<Activity>);
}

/**
 * Templates name their view in the action's verb (`cmd:jobs`): the same view is answered in place, another view as a
 * new message (core's landsInPlace, as in Slack). Cards posted before views were named (`cmd`) update in place.
 */
function clickLandsInPlace(action: NonNullable<CardActionValue['action']>): boolean {
  const source = /^cmd:([a-z-]+)$/.exec(action.verb ?? '')?.[1];
  return source === undefined ? !opensNewMessage(action.data) : landsInPlace(source, action.data);
}

export async function answerCardAction(context: TurnContext, deps: AnswerDeps, log: Logger): Promise<void> {
  const activity = context.activity;
  const action = (activity.value as CardActionValue | undefined)?.action;
  if (action?.type !== 'Action.Execute') {
    await respond(context, badInvokeResponse('expected an Action.Execute action'));
    return;
  }
  const caller = await deps.zones.settle(callerOf(activity));
  const conversation = conversationAddressOf(activity);
  if (!clickLandsInPlace(action)) {
    const what = describeAction(action.data);
    const work = ask(deps, log, async (options) =>
      deps.core.handleAction(action.data, await deps.groups.settle(caller), { ...options, conversation }),
    );
    // The invoke is answered at once (its response only goes out when the turn ends); the answer follows as a post.
    await respond(context, messageInvokeResponse(`Opening ${what}…`));
    const working = () => toAnswer(deps.core.working(caller, what), log);
    postNewLater(deps, log, newMessageReferenceOf(activity), work, working);
    return;
  }
  // The answer replaces the clicked card, so work that outlives the click (a started backup) updates that card.
  const messageRef = teamsMessageRef(activity, activity.replyToId);
  const work = ask(deps, log, async (options) =>
    deps.core.handleAction(action.data, await deps.groups.settle(caller), {
      ...options,
      conversation,
      ...(messageRef ? { messageRef } : {}),
    }),
  );
  const early = await settleWithin(work, deps.timing.invokeBudgetMs);
  if (early.done) {
    // Replaces the card for the person who clicked (Teams: "replace for interactor"); others keep theirs.
    await respond(context, cardInvokeResponse(early.value.card));
    return;
  }
  const working = toAnswer(deps.core.working(caller, describeAction(action.data)), log);
  await respond(context, cardInvokeResponse(working.card));
  // The update replaces the card for everyone in the conversation (unverified: Teams may show the invoke
  // response to the clicking person only until the update arrives).
  deliverLater(deps, log, activity, activity.replyToId, work);
}
