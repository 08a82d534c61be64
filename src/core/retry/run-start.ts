// Start was pressed: one item → its card becomes "started" (then the tracker updates it) or says why not; many
// items → started a few at a time (bulkConcurrency), ending in one summary card with a line per item.
import type { Reply } from '../conversation-port';
import type { ItemOutcome } from './outcome';
import type { TriggerWait } from './ports';
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
    const onWait = waits?.onWait;
    const { outcome, pending, lost } = await startItem(deps, {
      caller,
      ref: items[0] as string,
      filters: {},
      bulk: false,
      ...when,
      ...(request.messageRef ? { messageRef: request.messageRef } : {}),
      ...(onWait ? { onWait } : {}),
    });
    // A wait card still on its way must land before the answer, or it would replace it.
    await waits?.settled();
    // A replica that took the request over follows the job (lost); this card still says what Azure answered.
    if (pending && !lost) tracker.track(pending);
    return outcomeReply(outcome, pending, env, token);
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
): { onWait: (wait: TriggerWait, intent: StartIntent) => void; settled: () => Promise<void> } | undefined {
  const { sink } = deps;
  const ref = request.messageRef;
  if (sink === undefined || ref === undefined || ref.updatesInPlace === false) return undefined;
  let last: Promise<void> = Promise.resolve();
  return {
    onWait(wait, intent) {
      if (wait.delayMs < TELL_WAIT_MS) return;
      const model = acceptedView(intent, wait, { ...env, now: deps.now() });
      // In order: a later wait's card never lands before an earlier one's.
      last = last
        .then(() => sink.update(ref, retryReply(model)))
        .catch((err: unknown) => deps.log?.warn({ err }, 'could not show the wait for Azure on the card'));
    },
    settled: () => last,
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
