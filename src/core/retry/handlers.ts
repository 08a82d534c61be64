// The retry feature plugged into the conversation core: `retry` and `audit` run through the workflow, with the card
// a click came from (live progress goes there). The workflow authorizes retry itself so that refusals are audited.
import type { Verb } from '../commands/types';
import type { ViewHandlers } from '../views/context';
import type { RetryRequest, RetryWorkflow } from './workflow';

export interface RetryPlugin {
  handlers: Pick<ViewHandlers, 'retry' | 'audit'>;
  /** Core skips its own refusal for these verbs: the workflow refuses and audits (every write attempt is recorded). */
  authorizedByHandler: readonly Verb[];
}

/** Spread into createConversationCore's deps: `createConversationCore({ …, ...retryHandlers(workflow) })`. */
export function retryHandlers(workflow: RetryWorkflow): RetryPlugin {
  const request = (ctx: Parameters<ViewHandlers['retry']>[1]): RetryRequest => ({
    caller: ctx.caller,
    ...(ctx.messageRef === undefined ? {} : { messageRef: ctx.messageRef }),
    ...(ctx.back === undefined ? {} : { back: ctx.back }),
    ...(ctx.answer === undefined ? {} : { showList: ctx.answer }),
    ...(ctx.call.read === undefined ? {} : { read: ctx.call.read }),
    ...(ctx.readRefused === undefined ? {} : { readRefused: ctx.readRefused }),
    lookups: {
      ...(ctx.call.signal === undefined ? {} : { signal: ctx.call.signal }),
      ...(ctx.call.deadline === undefined ? {} : { deadline: ctx.call.deadline }),
    },
  });
  return {
    handlers: {
      retry: (command, ctx) => workflow.handleRetry(command, request(ctx)),
      // Reading the audit log stays behind core's check too; the workflow then narrows it to the caller's scopes.
      audit: (command, ctx) => workflow.handleAudit(command, request(ctx)),
    },
    authorizedByHandler: ['retry'],
  };
}
