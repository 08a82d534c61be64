// The conversation core: text or a button click → parse → authorize → the verb's handler → a reply with its view
// model. It never rejects: typos, refusals and failures all become an "error" reply (unexpected ones with a ref).
// A plugged-in handler may authorize its verb itself (retry: so that every refused write attempt is audited).

import { type AccessPolicy, authorize } from './authorize';
import type { Caller } from './caller';
import { formatCommand } from './commands/format';
import type { ExampleNames } from './commands/help';
import { parseTypedCommand } from './commands/parse';
import { type DecodedAction, decodeAction, type PayloadStash } from './commands/payload';
import { clip } from './commands/tokenize';
import type { Command, Verb } from './commands/types';
import type { ConversationCore, Reply, RequestOptions } from './conversation-port';
import { type ErrorLogger, newErrorRef, UserFacingError } from './errors';
import { createMemoryStash } from './memory-stash';
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
import { errorReply, parseErrorReply, unexpectedErrorReply, userErrorReply } from './views/error';
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

  const readPolicy = deps.readPolicy ?? OPEN_READ_POLICY;

  function contextFor(caller: Caller, options: RequestOptions = {}): ViewContext & { read: ReadAccess } {
    let names: Promise<SubscriptionNames> | undefined;
    // READ_ALLOW's guardrail rides on every data call of the request, so every view and lookup is narrowed alike.
    const read = readAccess(readerOf(caller), readPolicy);
    const call = { ...(options.signal === undefined ? {} : { signal: options.signal }), ...readOptions(read) };
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
    const ref = newErrorRef();
    deps.log.error(
      { err, ref, correlationId: options.correlationId, platform: ctx.caller.platform },
      `unexpected error (ref ${ref})`,
    );
    return unexpectedErrorReply(ref, ctx);
  }

  async function run(
    command: Command,
    ctx: ViewContext & { read: ReadAccess },
    options?: RequestOptions,
  ): Promise<Reply> {
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
      return failure(err, ctx, options);
    }
  }

  async function answer(
    parse: () => Promise<DecodedAction>,
    ctx: ViewContext & { read: ReadAccess },
    options?: RequestOptions,
  ) {
    try {
      const parsed = await parse();
      if (!parsed.ok) return await parseErrorReply(parsed.error, ctx);
      return await run(parsed.command, parsed.back === undefined ? ctx : { ...ctx, back: parsed.back }, options);
    } catch (err) {
      return failure(err, ctx, options);
    }
  }

  return {
    handleText(text, caller, options) {
      const ctx = contextFor(caller, options);
      return answer(async () => parseTypedCommand(text), ctx, options);
    },
    async handleAction(data, caller, options) {
      const ctx = contextFor(caller, options);
      const query = readQueryPayload(data);
      if (query === undefined) return answer(() => decodeAction(data, stash), ctx, options);
      try {
        const reply = await queryReply(query, stash, portal);
        return (
          reply ??
          errorReply(
            { title: 'This button no longer works', message: 'This query has expired; run the command again.' },
            ctx,
          )
        );
      } catch (err) {
        return failure(err, ctx, options);
      }
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
