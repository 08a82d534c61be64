// The retry workflow core's handlers call: `retry` (confirm → Start or Cancel → started → tracked to the end; one
// item or many) and `audit`, plus resume/close for the process lifecycle. Platform-free: Azure, the item lookup,
// the store and the channels' card updates come in as ports (./ports).
import { randomBytes } from 'node:crypto';
import { type AccessPolicy, authorize } from '../authorize';
import type { Caller } from '../caller';
import { toBackupFilters } from '../commands/filters';
import { formatCommand } from '../commands/format';
import { parseCommand } from '../commands/parse';
import type { PayloadStash } from '../commands/payload';
import type { AuditCommand, Command, RetryCommand } from '../commands/types';
import type { Reply } from '../conversation-port';
import type { NotAuthorizedError } from '../errors';
import type { Metrics } from '../metrics';
import type { PortalOptions } from '../portal-links';
import type { AnswerDeadline, ReadScope } from '../ports';
import { createTimeFormat } from '../views/shared/time';
import { buildAuditReply } from './audit';
import { auditCancelDenied, authorizeCancel } from './cancel-step';
import { auditDenied, runningBackup } from './checks';
import { dropConfirmation, issueConfirmation, readConfirmation } from './confirm';
import { confirmOne } from './confirm-step';
import type { BackupActions, ItemSource, MessageRef, ProgressSink, RetryLogger, RetryStore } from './ports';
import { actorOf, DEFAULT_RETRY_SETTINGS, defaultLeaseMs, type RetrySettings, summarizeItem } from './records';
import { runStart } from './run-start';
import { JobTracker } from './tracker';
import { retryReply } from './view-common';
import {
  bulkConfirmView,
  CANCEL_PREFIX,
  cancelledView,
  deniedView,
  expiredView,
  nothingStarted,
} from './views-confirm';
import { alreadyRunningView, type ProgressEnv } from './views-progress';

export interface RetryWorkflowDeps {
  actions: BackupActions;
  items: ItemSource;
  store: RetryStore;
  policy: AccessPolicy;
  /** Where progress goes (the channels); without one, jobs are still tracked and audited. */
  sink?: ProgressSink;
  /** For buttons whose command is too long to inline (long ARM ids). */
  stash?: PayloadStash;
  portal?: PortalOptions;
  log?: RetryLogger;
  now?: () => Date;
  /** Names this process in claim owners (default: random). */
  replicaId?: string;
  settings?: Partial<RetrySettings>;
  /** Backup requests by result and followed jobs by how they ended (default: not counted). */
  metrics?: Pick<Metrics, 'backupRequested' | 'backupJobEnded'>;
}

export interface RetryRequest {
  caller: Caller;
  /** The card the click came from (the confirmation card): progress updates go there. */
  messageRef?: MessageRef;
  /** The list the Retry button sat on (a failed-jobs page): kept with the confirmation for Cancel. */
  back?: Command;
  /** Answers a command as core would (authorized for the caller): Cancel shows the list again through it. */
  showList?: (command: Command) => Promise<Reply>;
  /** READ_ALLOW's guardrail of the conversation: items outside it are not found (as in every view). */
  read?: readonly ReadScope[];
  /** READ_ALLOW gives the conversation no scope: refused (and audited) like any other write attempt. */
  readRefused?: NotAuthorizedError;
  /** The answer's deadline (core's): the lookups before a confirmation stop at it, as every other view's do. */
  lookups?: { signal?: AbortSignal; deadline?: AnswerDeadline };
}

/**
 * Item lookups narrowed to the request's guardrail and, unless they serve a write (Start, Cancel: never cut short,
 * see core's isWriteStep), bounded by the answer's deadline: a hung Resource Graph then frees the lookup's request
 * and concurrency slot at the deadline instead of running on for its own time limits after core has answered.
 */
function itemsFor(items: ItemSource, request: RetryRequest, forWrite: boolean): ItemSource {
  const bounds = forWrite ? {} : (request.lookups ?? {});
  const extra = { ...(request.read === undefined ? {} : { read: request.read }), ...bounds };
  if (Object.keys(extra).length === 0) return items;
  const names = items.subscriptionNames;
  return {
    item: (ref, filters, options) => items.item(ref, filters, { ...options, ...extra }),
    ...(names === undefined ? {} : { subscriptionNames: (options) => names.call(items, { ...options, ...extra }) }),
  };
}

export interface RetryWorkflow {
  /** `retry …` typed, or a click on Start / Cancel / a choice. Errors it cannot word (store down) are thrown. */
  handleRetry(command: RetryCommand, request: RetryRequest): Promise<Reply>;
  /** `audit [since:…]`; throws NotAuthorizedError for callers RETRY_ALLOW does not name. */
  handleAudit(command: AuditCommand, request: RetryRequest): Promise<Reply>;
  /**
   * At start-up: follow the jobs a previous process left pending, and from then on take over the pending work of any
   * replica that stops renewing its lease; returns how many were taken now.
   */
  resume(): Promise<number>;
  /** Stops following jobs (they stay pending in the store). */
  close(): Promise<void>;
  /** Jobs followed by this process now. */
  readonly trackedJobs: number;
}

export function createRetryWorkflow(deps: RetryWorkflowDeps): RetryWorkflow {
  const merged = { ...DEFAULT_RETRY_SETTINGS, ...deps.settings };
  // A Start button must never outlive the claim it takes, or one card could start a second backup later.
  const settings: RetrySettings = {
    ...merged,
    confirmTtlMs: Math.min(merged.confirmTtlMs, merged.claimWindowMs),
    leaseMs: deps.settings?.leaseMs ?? defaultLeaseMs(merged.trackIntervalMs),
  };
  const now = deps.now ?? (() => new Date());
  const replicaId = deps.replicaId ?? randomBytes(4).toString('hex');
  const common = {
    store: deps.store,
    settings,
    now,
    replicaId,
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  };
  const tracker = new JobTracker({
    ...common,
    actions: deps.actions,
    items: deps.items,
    ...(deps.sink ? { sink: deps.sink } : {}),
    ...(deps.portal ? { portal: deps.portal } : {}),
  });
  const envFor = (caller: Caller): ProgressEnv => ({
    time: createTimeFormat(caller.timeZone),
    now: now(),
    ...(deps.stash ? { stash: deps.stash } : {}),
    ...(deps.portal ? { portal: deps.portal } : {}),
  });

  /** Names are a convenience: a failed lookup leaves ids on the cards, never an error. */
  const namesOf = async (items: ItemSource): Promise<ReadonlyMap<string, string>> =>
    (await items.subscriptionNames?.().catch(() => undefined)) ?? new Map();

  async function handleRetry(command: RetryCommand, request: RetryRequest): Promise<Reply> {
    const { caller } = request;
    const bare = envFor(caller);
    const first: { allowed: true } | { allowed: false; error: NotAuthorizedError } = request.readRefused
      ? { allowed: false, error: request.readRefused }
      : authorize(command, caller, deps.policy);
    if (!first.allowed) {
      for (const _ of command.items) deps.metrics?.backupRequested('denied');
      await auditDenied(deps.store, caller, command.items, first.error, { now: bare.now, ...settings.refusalAudit });
      return retryReply(deniedView(first.error, bare), { ephemeral: true });
    }
    const source = itemsFor(deps.items, request, command.confirm !== undefined);
    // Names only for callers who may go on: a refused flood costs no lookup.
    const env = { ...bare, names: await namesOf(source) };
    if (command.confirm?.startsWith(CANCEL_PREFIX)) {
      return cancel(command.confirm.slice(CANCEL_PREFIX.length), request, env);
    }
    if (command.confirm !== undefined) {
      const confirmed = await readConfirmation(deps.store, command.confirm);
      if (!confirmed) return retryReply(expiredView(env), { ephemeral: true });
      const startDeps = {
        ...common,
        actions: deps.actions,
        items: source,
        policy: deps.policy,
        keeper: tracker,
        ...(deps.sink ? { sink: deps.sink } : {}),
      };
      return runStart(startDeps, tracker, confirmed.items, request, env, confirmed.requestedAt, command.confirm);
    }
    const items = [...new Map(command.items.map((i) => [i.toLowerCase(), i])).values()];
    const back = request.back === undefined ? undefined : formatCommand(request.back);
    if (items.length === 1) {
      const confirmDeps = {
        actions: deps.actions,
        items: source,
        store: deps.store,
        policy: deps.policy,
        settings,
      };
      const filters = toBackupFilters(command.filters);
      const answer = await confirmOne(confirmDeps, caller, items[0] as string, filters, env, back);
      return retryReply(answer.model, answer.ephemeral ? { ephemeral: true } : {});
    }
    const by = actorOf(caller);
    const token = await issueConfirmation(deps.store, items, by, env.now, settings.confirmTtlMs, back);
    return retryReply(await bulkConfirmView(items, token, by, env));
  }

  /**
   * Cancel frees the token; if the backup already started (someone pressed Start first), the card says so. Otherwise
   * the card goes back to the list the Retry button sat on, titled "Nothing started", so the person carries on where
   * they were; without a list (typed retry, item view) it says "Nothing started" alone.
   */
  async function cancel(
    token: string,
    request: RetryRequest,
    env: ProgressEnv & { names: ReadonlyMap<string, string> },
  ): Promise<Reply> {
    const { caller } = request;
    const confirmed = await readConfirmation(deps.store, token);
    if (!confirmed) return retryReply(expiredView(env), { ephemeral: true });
    const cancelDeps = { ...deps, items: itemsFor(deps.items, request, true), concurrency: settings.bulkConcurrency };
    const access = await authorizeCancel(cancelDeps, caller, confirmed.items, env.names);
    if (!access.allowed) {
      // The confirmation stays for someone who may press Start or Cancel; only the clicker sees the refusal.
      await auditCancelDenied(deps.store, caller, confirmed.items, access, { now: env.now, ...settings.refusalAudit });
      return retryReply(deniedView(access.error, env, access.item), { ephemeral: true });
    }
    await dropConfirmation(deps.store, token);
    if (access.single?.kind === 'found') {
      const { instance, jobs } = access.single;
      const running = await runningBackup(deps.store, instance, jobs);
      if (running) {
        return retryReply(
          alreadyRunningView({ kind: 'already-running', item: summarizeItem(instance, env.names), ...running }, env),
        );
      }
    }
    const list = confirmed.back === undefined ? undefined : await listAgain(confirmed.back, request);
    return list ?? retryReply(cancelledView(actorOf(caller), env));
  }

  /** The list a cancelled confirmation came from, titled as what happened; undefined when it cannot be shown. */
  async function listAgain(back: string, request: RetryRequest): Promise<Reply | undefined> {
    const parsed = parseCommand(back);
    if (!parsed.ok || request.showList === undefined) return undefined;
    const reply = await request.showList(parsed.command);
    return reply.view === 'error' ? undefined : nothingStarted(reply);
  }

  return {
    handleRetry,
    handleAudit: (command, request) =>
      buildAuditReply(
        { store: deps.store, policy: deps.policy, ...(deps.stash ? { stash: deps.stash } : {}) },
        command,
        request.caller,
        now(),
      ),
    resume: () => tracker.resume(),
    close: () => tracker.close(),
    get trackedJobs() {
      return tracker.size;
    },
  };
}
