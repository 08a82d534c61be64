// Start was pressed: one item → its card becomes "started" (then the tracker updates it) or says why not, or, when
// Azure makes the bot wait for the job, "accepted" at once with the rest following on the card; many items → started
// a few at a time (bulkConcurrency), ending in one summary card with a line per item.
import type { Reply } from '../conversation-port';
import type { RetryViewModel } from '../view-models/retry';
import type { ItemOutcome } from './outcome';
import type { MessageRef, ProgressSink, TriggerWait } from './ports';
import type { PendingJob, StartIntent } from './records';
import { actorOf, describeActor } from './records';
import { type StartDeps, startItem } from './start-item';
import type { JobTracker } from './tracker';
import { retryReply } from './view-common';
import { bulkSummaryView } from './views-bulk';
import { blockedView, chooseView, deniedView, lookupFailedView, notFoundView, tryAgainCommand } from './views-confirm';
import {
  acceptedView,
  alreadyRunningView,
  backedUpView,
  type ProgressEnv,
  refusedView,
  requestFailedView,
  startedView,
  vaultLink,
} from './views-progress';
import type { RetryRequest } from './workflow';

export async function runStart(
  deps: StartDeps,
  tracker: JobTracker,
  items: string[],
  request: RetryRequest,
  env: ProgressEnv,
  confirmedAt?: string,
  /** The confirmation token behind this Start: "Try again" presses Start once more. */
  token?: string,
): Promise<Reply> {
  const { caller } = request;
  const when = { ...(confirmedAt === undefined ? {} : { confirmedAt }), ...(env.names ? { names: env.names } : {}) };
  if (items.length === 1) {
    const waits = tellWaits(deps, request, env);
    const started = startItem(deps, {
      caller,
      ref: items[0] as string,
      filters: {},
      bulk: false,
      ...when,
      ...(request.messageRef ? { messageRef: request.messageRef } : {}),
      ...(waits ? { onWait: waits.onWait } : {}),
    });
    const finish = async (now: Date): Promise<{ reply: Reply; follow: () => void }> => {
      const { outcome, pending, lost } = await started;
      // A replica that took the request over follows the job (lost); this card still says what Azure answered.
      const follow = () => {
        if (pending && !lost) tracker.track(pending);
      };
      return { reply: await outcomeReply(outcome, pending, { ...env, now }, token), follow };
    };
    const first = waits ? await Promise.race([started.then(() => undefined), waits.accepted]) : undefined;
    if (waits === undefined || first === undefined) {
      const { reply, follow } = await finish(env.now);
      follow();
      return reply;
    }
    // Azure asked the bot to wait (a minute, in Azure): answer the click now with what it waits for, within the
    // channels' deadlines, and put the outcome on the same card when Azure has named the job.
    void started
      .then(async () => {
        await waits.settled();
        const { reply, follow } = await finish(deps.now());
        try {
          await waits.sink.update(waits.ref, reply);
        } finally {
          // Followed only once the card says Started, so the tracker's next update never lands before it.
          follow();
        }
      })
      .catch((err: unknown) => deps.log?.error({ err }, 'could not put the outcome of the backup on its card'));
    return retryReply(first);
  }
  // Bulk items have no card of their own: the summary is final, each job's end lands in the audit log.
  const outcomes = await mapLimit(items, deps.settings.bulkConcurrency, async (ref) => {
    const { outcome, pending, lost } = await startItem(deps, { caller, ref, filters: {}, bulk: true, ...when });
    if (pending && !lost) tracker.track(pending);
    return outcome;
  });
  return retryReply(bulkSummaryView(outcomes, describeActor(actorOf(caller)), env));
}

/** Waits shorter than this pass without a card update: the answer comes about as fast as an update would. */
export const TELL_WAIT_MS = 5_000;

/**
 * While Azure makes the bot wait for the job (Retry-After), the Start card says so. Best effort: a card that cannot
 * be updated changes nothing about the backup (the final answer replaces it anyway).
 */
function tellWaits(
  deps: StartDeps,
  request: RetryRequest,
  env: ProgressEnv,
):
  | {
      onWait: (wait: TriggerWait, intent: StartIntent) => void;
      /** The first wait worth telling: the card that answers the click. */
      accepted: Promise<RetryViewModel>;
      settled: () => Promise<void>;
      sink: ProgressSink;
      ref: MessageRef;
    }
  | undefined {
  const { sink } = deps;
  const ref = request.messageRef;
  if (sink === undefined || ref === undefined || ref.updatesInPlace === false) return undefined;
  let last: Promise<void> = Promise.resolve();
  let first: ((model: RetryViewModel) => void) | undefined;
  const accepted = new Promise<RetryViewModel>((resolve) => {
    first = resolve;
  });
  return {
    onWait(wait, intent) {
      if (wait.delayMs < TELL_WAIT_MS) return;
      const model = acceptedView(intent, wait, { ...env, now: deps.now() });
      if (first) {
        first(model);
        first = undefined;
        return;
      }
      // Later waits update the card, in order: a later wait's card never lands before an earlier one's.
      last = last
        .then(() => sink.update(ref, retryReply(model)))
        .catch((err: unknown) => deps.log?.warn({ err }, 'could not show the wait for Azure on the card'));
    },
    accepted,
    settled: () => last,
    sink,
    ref,
  };
}

async function outcomeReply(
  outcome: ItemOutcome,
  pending: PendingJob | undefined,
  env: ProgressEnv,
  token?: string,
): Promise<Reply> {
  switch (outcome.kind) {
    case 'started':
      return retryReply(startedView(pending as PendingJob, env));
    case 'already-running':
      return retryReply(alreadyRunningView(outcome, env));
    case 'backed-up':
      return retryReply(backedUpView(outcome, env));
    case 'not-found':
      return retryReply(notFoundView(outcome.query, env));
    case 'ambiguous':
      return retryReply(await chooseView(outcome.query, outcome.candidates, env));
    case 'lookup-failed':
      return retryReply(
        await lookupFailedView(outcome.query, outcome.notes, tryAgainCommand(outcome.query, token), env),
      );
    case 'blocked':
      return retryReply(blockedView(outcome.item, outcome.reason, env, vaultLink(outcome.item, env)));
    case 'denied':
      // Only the clicker sees it (Slack): the card stays for someone who may start it.
      return retryReply(deniedView(outcome.error, env, outcome.item), { ephemeral: true });
    case 'refused':
      return retryReply(refusedView(outcome.item, outcome.error, env));
    case 'failed':
      return retryReply(requestFailedView(outcome, env));
  }
}

/** Runs `fn` over `items` with at most `limit` at once; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
