// The conversation core: text or a button click → parse → authorize → the verb's handler → a reply with its view
// model. It never rejects: typos, refusals and failures all become an "error" reply (unexpected ones with a ref).
// A plugged-in handler may authorize its verb itself (retry: so that every refused write attempt is audited).
// Every text and click is answered within the answer deadline (./deadline.ts), whatever Azure does.

import { type AccessPolicy, authorize } from './authorize';
import type { Caller } from './caller';
import { formatCommand } from './commands/format';
import type { ExampleNames } from './commands/help';
import { parseTypedCommand } from './commands/parse';
import { type DecodedAction, decodeAction, type PayloadStash } from './commands/payload';
import { clip } from './commands/tokenize';
import type { Command, Verb } from './commands/types';
import type { ConversationCore, Reply, RequestOptions } from './conversation-port';
import {
  type Asked,
  DEFAULT_ANSWER_DEADLINE_MS,
  DeadlineExceededError,
  type DeadlineTimers,
  isWriteStep,
  REAL_TIMERS,
  type RunningDeadline,
  startDeadline,
} from './deadline';
import { type ErrorLogger, newErrorRef, UserFacingError } from './errors';
import { createMemoryStash } from './memory-stash';
import { type AskedVerb, type AskKind, type AskOutcome, type Metrics, NO_METRICS } from './metrics';
import type { SubscriptionNames } from './names';
import type { PortalOptions } from './portal-links';
import type { BackupDataPort } from './ports';
import {
  describeReadScopes,
  OPEN_READ_NOTE,
  OPEN_READ_POLICY,
  type ReadAccess,
  type ReadPolicy,
  readAccess,
  readerOf,
  readOptions,
} from './read-access';
import type { ViewContext, ViewHandlers } from './views/context';
import { errorReply, parseErrorReply, timedOutReply, unexpectedErrorReply, userErrorReply } from './views/error';
import { createViewHandlers, runHandler } from './views/handlers';
import { queryReply } from './views/query-view';
import { readQueryPayload } from './views/shared/query';
import { createTimeFormat } from './views/shared/time';
import { welcomeReply, workingReply } from './views/welcome';

export interface ConversationDeps {
  data: BackupDataPort;
  policy: AccessPolicy;
  /** READ_ALLOW: what each conversation may read; default not configured (everything, as before). */
  readPolicy?: ReadPolicy;
  clock: () => Date;
  log: ErrorLogger;
  /** Long button payloads and "Show query" KQL; default: in process memory (fine for one replica). */
  stash?: PayloadStash;
  /** At most this many rows per page; unset, each list pages by its platform's size (views/shared/page-size.ts). */
  limits?: { pageSize?: number };
  /** Portal origin (sovereign clouds) for "Open in Azure portal" links. */
  portal?: PortalOptions;
  /** Names help and welcome examples use (demo mode: names that exist in its estate). */
  examples?: ExampleNames;
  /** Handlers that replace the built-in ones (the retry and audit features plug in here). */
  handlers?: Partial<ViewHandlers>;
  /**
   * Verbs whose plugged-in handler checks (and audits) the caller itself, so core's own refusal, which nobody would
   * audit, is skipped for them. Only verbs with a handler in `handlers` are honoured.
   */
  authorizedByHandler?: readonly Verb[];
  /** Every text and click is answered within this (ANSWER_DEADLINE_SECONDS; default 15 s). */
  answerDeadlineMs?: number;
  /** The deadline's time (default: real timers). */
  timers?: DeadlineTimers;
  /** Every text and click is counted by platform, verb and outcome, with its time to answer (default: nothing). */
  metrics?: Metrics;
}

/** The probe for "may this caller start backups here at all": the first check of `retry`, before any item is known. */
const RETRY_PROBE: Command = { verb: 'retry', items: ['*'], filters: {} };

/**
 * What a conversation without READ_ALLOW scope may still do: read help, stop what it receives, and read the audit
 * log (which RETRY_ALLOW guards and narrows itself).
 */
function answersWithoutScope(command: Command): boolean {
  if (command.verb === 'help' || command.verb === 'audit') return true;
  return (command.verb === 'digest' || command.verb === 'notify') && command.action === 'off';
}

/** A request's context: the view context plus what READ_ALLOW lets its conversation read. */
type RequestContext = ViewContext & { read: ReadAccess };

/** What a request became, for its metrics: the command (once parsed), or a "Show query" click. */
type Tracked = Asked & { showQuery?: true };

function readNoteOf(read: ReadAccess, policy: ReadPolicy): { readNote?: string } {
  if (!policy.configured) return { readNote: OPEN_READ_NOTE };
  if (read.kind === 'scopes') return { readNote: `READ_ALLOW: here the bot shows ${describeReadScopes(read.scopes)}.` };
  return {};
}

export function createConversationCore(deps: ConversationDeps): ConversationCore {
  const stash = deps.stash ?? createMemoryStash({ clock: deps.clock });
  const handlers = createViewHandlers(deps.handlers);
  const pageSize = Math.max(1, Math.floor(deps.limits?.pageSize ?? Number.POSITIVE_INFINITY));
  const portal = deps.portal ?? {};
  const selfAuthorized = new Set((deps.authorizedByHandler ?? []).filter((verb) => deps.handlers?.[verb]));
  const retryWired = deps.handlers?.retry !== undefined;

  const deadlineMs = deps.answerDeadlineMs ?? DEFAULT_ANSWER_DEADLINE_MS;
  const timers = deps.timers ?? REAL_TIMERS;
  const readPolicy = deps.readPolicy ?? OPEN_READ_POLICY;
  const metrics = deps.metrics ?? NO_METRICS;
  // Replies that ended otherwise than their view says; any other error view is one the asker can act on.
  const endings = new WeakMap<Reply, AskOutcome>();
  const ended = (reply: Reply, outcome: AskOutcome): Reply => {
    endings.set(reply, outcome);
    return reply;
  };

  function contextFor(caller: Caller, options: RequestOptions = {}, running?: RunningDeadline): RequestContext {
    let names: Promise<SubscriptionNames> | undefined;
    // READ_ALLOW's guardrail rides on every data call of the request, so every view and lookup is narrowed alike.
    const read = readAccess(readerOf(caller), readPolicy);
    const call = {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(running === undefined ? {} : { signal: running.signal, deadline: running.deadline }),
      ...readOptions(read),
    };
    return {
      read,
      ...readNoteOf(read, readPolicy),
      ...(read.kind === 'none' ? { readRefused: read.error } : {}),
      caller,
      now: deps.clock(),
      data: deps.data,
      stash,
      time: createTimeFormat(caller.timeZone),
      pageSize,
      portal,
      call,
      ...(options.messageRef === undefined ? {} : { messageRef: options.messageRef }),
      ...(options.conversation === undefined ? {} : { conversation: options.conversation }),
      offerRetry: retryWired && authorize(RETRY_PROBE, caller, deps.policy).allowed,
      ...(deps.examples ? { examples: deps.examples } : {}),
      subscriptionNames() {
        names ??= (deps.data.subscriptionNames?.(call) ?? Promise.resolve(new Map<string, string>())).catch(
          () => new Map<string, string>(),
        );
        return names;
      },
    };
  }

  /** The last line of defence: an error reply that needs nothing that could fail again. */
  function failure(err: unknown, ctx: ViewContext, options: RequestOptions = {}): Reply {
    if (err instanceof UserFacingError) return userErrorReply(err, ctx);
    if (ctx.call.signal?.aborted) {
      // Given up at the deadline (the asker already has the timed-out card) or by the asker: not a bug to report.
      deps.log.warn?.(
        { correlationId: options.correlationId, reason: String(ctx.call.signal.reason) },
        'answer abandoned',
      );
      return ended(unexpectedErrorReply(newErrorRef(), ctx), 'timeout');
    }
    const ref = newErrorRef();
    deps.log.error(
      { err, ref, correlationId: options.correlationId, platform: ctx.caller.platform },
      `unexpected error (ref ${ref})`,
    );
    return ended(unexpectedErrorReply(ref, ctx), 'failed');
  }

  async function run(command: Command, ctx: RequestContext, options?: RequestOptions): Promise<Reply> {
    // A conversation READ_ALLOW gives no scope is told who to ask, never shown an empty answer.
    // Retry refuses (and audits) it itself, as every refused write attempt.
    if (ctx.read.kind === 'none' && !answersWithoutScope(command) && !selfAuthorized.has(command.verb)) {
      return userErrorReply(ctx.read.error, ctx);
    }
    if (!selfAuthorized.has(command.verb)) {
      const decision = authorize(command, ctx.caller, deps.policy);
      if (!decision.allowed) return userErrorReply(decision.error, ctx);
    }
    try {
      const { back: _from, ...plain } = ctx;
      const answering: ViewContext = {
        ...ctx,
        answering: command,
        // Another command answered inside this one (a cancelled retry's list) is a fresh request of the same caller.
        answer: (other) => run(other, plain, options),
      };
      return await runHandler(handlers, command, answering);
    } catch (err) {
      // Nothing came back before the deadline (or Azure asked to wait past it): the timed-out card, not an empty view.
      if (err instanceof DeadlineExceededError && !ctx.call.signal?.aborted)
        return timedOut(command, ctx, options, err);
      return failure(err, ctx, options);
    }
  }

  async function answer(
    parse: () => Promise<DecodedAction>,
    ctx: RequestContext,
    options: RequestOptions,
    asked: Asked,
  ) {
    try {
      const parsed = await parse();
      if (!parsed.ok) return ended(await parseErrorReply(parsed.error, ctx), 'not-understood');
      asked.command = parsed.command;
      return await run(parsed.command, parsed.back === undefined ? ctx : { ...ctx, back: parsed.back }, options);
    } catch (err) {
      return failure(err, ctx, options);
    }
  }

  async function timedOut(
    command: Command | undefined,
    ctx: ViewContext,
    options: RequestOptions | undefined,
    err?: DeadlineExceededError,
  ): Promise<Reply> {
    deps.log.warn?.(
      { correlationId: options?.correlationId, verb: command?.verb, deadlineMs, reason: err?.message },
      'no answer within the answer deadline; told the asker',
    );
    const reply = await timedOutReply(command, Math.round(deadlineMs / 1000), ctx, err?.retryAfterMs);
    return ended(reply, 'timeout');
  }

  /**
   * Runs `work` under the answer deadline: past it the work is aborted (sockets, concurrency slots freed) and the
   * asker gets the timed-out card, unless the command is a write step, which is left to finish.
   */
  async function withinDeadline(
    caller: Caller,
    kind: AskKind,
    options: RequestOptions,
    work: (ctx: RequestContext, asked: Tracked) => Promise<Reply>,
  ): Promise<Reply> {
    const started = timers.now();
    const running = startDeadline(deadlineMs, timers, options.signal);
    const ctx = contextFor(caller, options, running);
    const asked: Tracked = {};
    const answered = work(ctx, asked);
    const late = running.expired.then(async (): Promise<Reply> => {
      if (asked.command !== undefined && isWriteStep(asked.command)) return answered;
      running.abort();
      return timedOut(asked.command, ctx, options);
    });
    let reply: Reply;
    try {
      reply = await Promise.race([answered, late]);
    } finally {
      running.dispose();
    }
    const verb: AskedVerb = asked.command?.verb ?? (asked.showQuery ? 'show-query' : 'none');
    const outcome = endings.get(reply) ?? (reply.view === 'error' ? 'user-error' : 'answered');
    metrics.asked({ platform: caller.platform, kind, verb, outcome, seconds: (timers.now() - started) / 1000 });
    return reply;
  }

  async function clicked(data: unknown, ctx: RequestContext, options: RequestOptions, asked: Tracked): Promise<Reply> {
    const query = readQueryPayload(data);
    if (query === undefined) return answer(() => decodeAction(data, stash), ctx, options, asked);
    asked.showQuery = true;
    try {
      const reply = await queryReply(query, stash, portal);
      if (reply !== undefined) return reply;
      const expired = {
        title: 'This button no longer works',
        message: 'This query has expired; run the command again.',
      };
      return ended(errorReply(expired, ctx), 'not-understood');
    } catch (err) {
      return failure(err, ctx, options);
    }
  }

  return {
    handleText(text, caller, options = {}) {
      return withinDeadline(caller, 'text', options, (ctx, asked) =>
        answer(async () => parseTypedCommand(text), ctx, options, asked),
      );
    },
    handleAction(data, caller, options = {}) {
      return withinDeadline(caller, 'click', options, (ctx, asked) => clicked(data, ctx, options, asked));
    },
    async welcome(caller) {
      const ctx = contextFor(caller);
      try {
        return await welcomeReply({
          platform: caller.platform,
          stash,
          time: ctx.time,
          now: ctx.now,
          ...(deps.examples ? { examples: deps.examples } : {}),
        });
      } catch (err) {
        return failure(err, ctx);
      }
    },
    working(_caller, what) {
      const parsed = parseTypedCommand(what);
      // The placeholder names the request; an over-long one is named by its start only.
      return workingReply(parsed.ok ? formatCommand(parsed.command) : clip(what, 60));
    },
  };
}
