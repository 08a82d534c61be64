// `retry <item>` before anything starts: find the item, say why it cannot be backed up, refuse (and audit) callers
// RETRY_ALLOW does not name, say when it is already running, else show the confirmation card with Start and Cancel.

import type { AccessPolicy } from '../authorize';
import type { Caller } from '../caller';
import type { BackupFilters } from '../domain/filters';
import type { RetryViewModel } from '../view-models/retry';
import { BackupActionError } from './action-error';
import { auditOutcome, authorizeItem, lastBackupFromChat, resolveItem, runningBackup } from './checks';
import { issueConfirmation } from './confirm';
import type { BackupActions, ItemSource, RetryStore } from './ports';
import { actorOf, type RetrySettings, summarizeItem } from './records';
import {
  blockedView,
  chooseView,
  confirmView,
  deniedView,
  lookupFailedView,
  notFoundView,
  tryAgainCommand,
} from './views-confirm';
import { alreadyRunningView, type ProgressEnv, vaultLink } from './views-progress';

export interface ConfirmDeps {
  actions: BackupActions;
  items: ItemSource;
  store: RetryStore;
  policy: AccessPolicy;
  settings: RetrySettings;
}

export interface ConfirmAnswer {
  model: RetryViewModel;
  ephemeral?: boolean;
}

export async function confirmOne(
  deps: ConfirmDeps,
  caller: Caller,
  ref: string,
  filters: BackupFilters,
  env: ProgressEnv,
  /** Canonical text of the list the click came from (ConfirmPayload.back). */
  back?: string,
): Promise<ConfirmAnswer> {
  const found = await resolveItem(deps.items, ref, filters, false);
  if (found.kind === 'not-found') return { model: notFoundView(ref, env), ephemeral: true };
  if (found.kind === 'lookup-failed') {
    return { model: await lookupFailedView(ref, found.notes, tryAgainCommand(ref), env), ephemeral: true };
  }
  if (found.kind === 'ambiguous') return { model: await chooseView(ref, found.candidates, env), ephemeral: true };
  const { instance, jobs } = found;
  const item = summarizeItem(instance, env.names);
  if (!instance.retry.possible || !instance.retryTarget) {
    const why = instance.retry.possible
      ? 'Its Azure id lacks the parts an on-demand backup needs.'
      : instance.retry.message;
    return { model: blockedView(item, why, env, vaultLink(item, env)) };
  }
  const access = authorizeItem(caller, instance, deps.policy);
  if (!access.allowed) {
    const limit = { now: env.now, ...deps.settings.refusalAudit };
    await auditOutcome(deps.store, caller, { kind: 'denied', item, error: access.error }, false, limit);
    return { model: deniedView(access.error, env, item), ephemeral: true };
  }
  const running = await runningBackup(deps.store, instance, jobs);
  if (running) return { model: alreadyRunningView({ kind: 'already-running', item, ...running }, env) };
  let request: ReturnType<BackupActions['describeBackup']>;
  try {
    request = deps.actions.describeBackup(instance.retryTarget, { workload: instance.workload, now: env.now });
  } catch (err) {
    if (!(err instanceof BackupActionError)) throw err;
    return { model: blockedView(item, err.message, env, vaultLink(item, env)) };
  }
  const by = actorOf(caller);
  const last = await lastBackupFromChat(deps.store, instance);
  const token = await issueConfirmation(deps.store, [instance.id], by, env.now, deps.settings.confirmTtlMs, back);
  return { model: await confirmView(item, request, token, by, env, vaultLink(item, env), last) };
}
