// One question to core, the Teams way: bounded in time, rendered to a card, and (when it outlives its turn) delivered
// later by updating the placeholder the turn posted, or posted as a new message when the clicked card must stay.
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { ConversationCore, Reply, RequestOptions } from '../../core/conversation-port';
import { newErrorRef } from '../../core/errors';
import { takeTurn } from '../../core/turns';
import { correlationIdOf, type Logger } from '../../log';
import type { AdaptiveCardJson } from '../../render/render-view';
import { cardMessage, renderReplyCard, textCard } from './cards';
import { clientOfChannel, updatesInPlace } from './clients';
import type { GroupLookup } from './graph-groups';
import type { PersonZones } from './person-zones';
import { type BackgroundWork, settleWithin } from './timing';

export interface TeamsTiming {
  /** A message answered later than this gets a placeholder first (updated in place when the answer is ready). */
  placeholderAfterMs: number;
  /** A card action answered later than this gets the working card as its invoke response (Teams waits ≤ 5 s). */
  invokeBudgetMs: number;
  /**
   * A backstop behind core's answer deadline (ANSWER_DEADLINE_SECONDS; core answers "Azure did not answer in time"
   * itself): after this the question is abandoned and the person is told so. It must stay past the deadline, and long
   * enough for a Start click (a write, which core lets finish under its own ARM time limits).
   */
  answerTimeoutMs: number;
}

export const DEFAULT_TIMING: TeamsTiming = {
  placeholderAfterMs: 1_500,
  invokeBudgetMs: 2_500,
  answerTimeoutMs: 60_000,
};

/** The backstop for a given answer deadline: 60 s, or 5 s past a longer deadline. */
export function backstopFor(answerDeadlineMs: number): number {
  return Math.max(DEFAULT_TIMING.answerTimeoutMs, answerDeadlineMs + 5_000);
}

export interface AnswerDeps {
  core: ConversationCore;
  timing: TeamsTiming;
  background: BackgroundWork;
  /**
   * Runs `logic` in a new turn of the conversation (CloudAdapter.continueConversationAsync with the bot's app id);
   * rejects when `logic` fails.
   */
  continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
  /** Posts `message` as a new message (not a reply) in the conversation of `reference`; resolves with its id. */
  postNew(reference: Partial<ConversationReference>, message: Partial<Activity>): Promise<string>;
  /** Each person's time zone, remembered from their messages for their clicks. */
  zones: PersonZones;
  /** The Entra groups rules name that each person is in, filled into the caller inside the answer's work. */
  groups: GroupLookup;
}

/** A rendered answer: the card and its plain-text summary. */
export interface Answer {
  card: AdaptiveCardJson;
  summary: string;
  view: Reply['view'];
}

export function toAnswer(reply: Reply, log: Logger): Answer {
  return { card: renderReplyCard(reply, log), summary: reply.summaryText, view: reply.view };
}

/** Asks core; never rejects: a failure or a timeout becomes a text card that names a ref. */
export function ask(
  deps: AnswerDeps,
  log: Logger,
  question: (options: RequestOptions) => Promise<Reply>,
): Promise<Answer> {
  const correlationId = correlationIdOf(log);
  const signal = AbortSignal.timeout(deps.timing.answerTimeoutMs);
  const options: RequestOptions = correlationId === undefined ? { signal } : { correlationId, signal };
  const failed = (err: unknown): Answer => {
    const ref = newErrorRef();
    log.error({ err, ref }, `the question failed (ref ${ref})`);
    const text = `Something went wrong (ref ${ref}).`;
    return { card: textCard(text), summary: text, view: 'error' };
  };
  let timer: NodeJS.Timeout | undefined;
  // Core should stop at the abort; this bound holds even if it does not.
  const late = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => {
      const text = 'That took too long to answer; please try again in a minute.';
      log.warn({ timeoutMs: deps.timing.answerTimeoutMs }, 'a question timed out');
      resolve({ card: textCard(text), summary: text, view: 'error' });
    }, deps.timing.answerTimeoutMs + 1_000);
    timer.unref();
  });
  // Rendering is synchronous and can take milliseconds: it waits for a turn (src/core/turns.ts), as Slack's does.
  const answered = question(options).then(async (reply) => {
    await takeTurn();
    return toAnswer(reply, log);
  }, failed);
  return Promise.race([answered, late]).finally(() => clearTimeout(timer));
}

/**
 * Replaces activity `activityId` with `answer`; if it cannot be updated (deleted, too old), posts it as a new message.
 * A client that never updates messages (Web Chat over Direct Line) gets the new message without a refused attempt.
 */
async function replaceOrPost(
  deps: AnswerDeps,
  log: Logger,
  reference: Partial<ConversationReference>,
  activityId: string | undefined,
  answer: Answer,
): Promise<void> {
  const message = cardMessage(answer.card, answer.summary);
  if (activityId !== undefined && updatesInPlace(clientOfChannel(reference.channelId))) {
    try {
      await deps.continueConversation(reference, async (context) => {
        await context.updateActivity({ ...message, id: activityId });
      });
      return;
    } catch (err) {
      log.warn({ err }, 'could not update the placeholder; posting the answer as a new message');
    }
  }
  await deps.postNew(reference, message);
}

/**
 * Delivers `work` after the turn has ended: replaces activity `activityId` (the placeholder or the clicked card)
 * with the answer; if that message cannot be updated (deleted, too old), posts the answer as a new message.
 */
export function deliverLater(
  deps: AnswerDeps,
  log: Logger,
  inbound: Partial<Activity>,
  activityId: string | undefined,
  work: Promise<Answer>,
): void {
  const reference = TurnContext.getConversationReference(inbound);
  deps.background.run('delivering a slow answer', async () => {
    await replaceOrPost(deps, log, reference, activityId, await work);
  });
}

/**
 * The answer to a click that leaves its card as it was, posted after the turn as a new message at `reference`: the
 * working card first when the answer is slower than placeholderAfterMs (as for a typed message), then updated.
 */
export function postNewLater(
  deps: AnswerDeps,
  log: Logger,
  reference: Partial<ConversationReference>,
  work: Promise<Answer>,
  working: () => Answer,
): void {
  deps.background.run('posting an answer as a new message', async () => {
    const early = await settleWithin(work, deps.timing.placeholderAfterMs);
    const message = (answer: Answer) => cardMessage(answer.card, answer.summary);
    if (early.done) {
      await deps.postNew(reference, message(early.value));
      return;
    }
    const placeholderId = await deps.postNew(reference, message(working()));
    await replaceOrPost(deps, log, reference, placeholderId || undefined, await work);
  });
}
