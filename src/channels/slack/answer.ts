// Ack-then-work: the listener acknowledges at once and hands the work here. A reply that is not ready after a short
// while gets a placeholder (core.working), which the answer then replaces; failures are logged, never thrown.
import type { Reply } from '../../core/conversation-port';
import { newErrorRef } from '../../core/errors';
import { takeTurn } from '../../core/turns';
import type { Logger } from '../../log';
import { plainMessage, type RenderedReply, renderReply } from './message';
import type { Surface } from './surfaces';

export interface AnswerOptions {
  log: Logger;
  /** Show the placeholder when the answer takes longer than this. */
  placeholderAfterMs: number;
}

export async function answer(
  surface: Surface,
  work: Promise<Reply>,
  placeholder: () => Reply,
  options: AnswerOptions,
): Promise<void> {
  const { log } = options;
  let ready = false;
  const settled = work.then(
    async (reply) => {
      ready = true;
      // Rendering is synchronous and can take milliseconds: it waits for a turn (src/core/turns.ts).
      await takeTurn();
      return renderReply(reply, log);
    },
    (err: unknown): RenderedReply => {
      // ConversationCore promises never to reject; if it does anyway, the user still gets an answer.
      ready = true;
      const ref = newErrorRef();
      log.error({ err, ref }, `the conversation core failed (ref ${ref})`);
      return { view: 'error', ephemeral: true, ...plainMessage(`Something went wrong (ref ${ref}).`, ref) };
    },
  );
  let placeholderShown: Promise<void> | undefined;
  const timer = setTimeout(() => {
    if (ready) return;
    placeholderShown = surface.showPlaceholder(renderReply(placeholder(), log)).catch((err: unknown) => {
      log.warn({ err }, 'could not show the Slack placeholder; the answer will be posted on its own');
    });
  }, options.placeholderAfterMs);
  const message = await settled;
  clearTimeout(timer);
  await placeholderShown;
  try {
    await surface.showAnswer(message);
  } catch (err) {
    log.error({ err, view: message.view }, 'could not deliver the answer to Slack');
  }
}

/** Work started after an ack; stop() waits for it so that a shutdown does not cut answers off halfway. */
export class TaskTracker {
  private readonly running = new Set<Promise<void>>();

  run(log: Logger, task: () => Promise<void>): void {
    const promise = task()
      .catch((err: unknown) => log.error({ err }, 'a Slack task failed'))
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when every task has finished, or after `timeoutMs`, whichever comes first. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
  }
}
