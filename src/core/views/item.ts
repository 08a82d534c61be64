// View "item": one backup instance (state, health, last backup, policy, last error with what to do, recent jobs,
// portal links, whether an on-demand backup can run); several matches or none become an error view with choices.

import type { ItemCommand } from '../commands/types';
import type { Reply } from '../conversation-port';
import type { BackupInstance, ItemDetail, ItemLookup } from '../domain/instances';
import type { Job } from '../domain/jobs';
import type { DataResult } from '../domain/result';
import { ON_DEMAND_FULL_MIN_DAYS, runsFullBackup, WORKLOAD_LABELS } from '../domain/workload';
import { explainError } from '../error-catalog';
import { instanceLabel, type SubscriptionNames, subscriptionShort, subscriptionWithId } from '../names';
import { datasourcePortalUrl, itemPortalUrl, vaultPortalUrl } from '../portal-links';
import type { Fact, ItemViewModel, StatLine } from '../view-models/detail';
import type { ViewContext } from './context';
import { errorReply } from './error';
import { explainJob, jobLinks, operationOf, type RowContext, toAdvice, toJobRow } from './job-rows';
import { itemRetryButton } from './retry-offers';
import { type CardButton, commandButton, link } from './shared/buttons';
import { buildResultFrame } from './shared/frame';
import { healthLook, ICONS, lastBackupLook, protectionStateLook, type StatusLook } from './shared/status';
import { formatAgo } from './shared/time';
import { clipText, countOf } from './shared/words';

/** "UserErrorX · VM agent not reachable" for a failed job; undefined for the others. */
function errorTitleOf(job: Job): string | undefined {
  const explained = explainJob(job);
  return explained === undefined ? undefined : clipText(toAdvice(explained).heading, 100);
}

/** Recent jobs shown; the rest are one click away (jobs all vault:…). */
export const ITEM_RECENT_JOBS = 5;
/** Candidates offered when a name matches several items (Teams shows about six buttons in a row). */
export const ITEM_MAX_CHOICES = 5;

const stat = (look: StatusLook, label: string, value: string): StatLine => ({
  icon: look.icon,
  label,
  value,
  color: look.color,
});

/** The newest backup that succeeded, from the item's 14 days of jobs (what "since when is it failing" needs). */
/** What Azure keeps of a Retry when the bot cannot choose it: a database's Full, at least 45 days. */
function keptNote(i: BackupInstance): string {
  return i.vault.kind === 'rsv' && runsFullBackup(i.workload)
    ? ` (a Full backup, which Azure keeps at least ${ON_DEMAND_FULL_MIN_DAYS} days)`
    : '';
}

function lastGood(jobs: readonly Job[]): Job | undefined {
  return jobs.find(
    (j) => j.operation.kind === 'backup' && (j.status === 'Completed' || j.status === 'CompletedWithWarnings'),
  );
}

function statusLines(i: BackupInstance, jobs: readonly Job[], ctx: ViewContext): StatLine[] {
  const last = lastBackupLook(i.lastBackupStatus);
  const at = (iso: string) => ` · ${ctx.time.dateTime(iso)} (${formatAgo(iso, ctx.now)})`;
  const when = i.lastBackupTime === undefined ? '' : at(i.lastBackupTime);
  const good = lastGood(jobs);
  const goodAt = good?.endTime ?? good?.startTime;
  const lines = [
    stat(protectionStateLook(i.protectionState), 'Protection', protectionStateLook(i.protectionState).label),
    stat(healthLook(i.health), 'Health', healthLook(i.health).label),
    stat(last, 'Last backup', `${last.label}${when}`),
  ];
  // Only worth a line when the last backup was not the good one.
  if (i.lastBackupStatus !== 'Succeeded') {
    lines.push(
      goodAt === undefined
        ? stat(lastBackupLook('Failed'), 'Last good backup', 'none in the last 14 days (Resource Graph keeps 14 days)')
        : stat(lastBackupLook('Succeeded'), 'Last good backup', `${at(goodAt).slice(3)}`),
    );
  }
  return lines;
}

function facts(i: BackupInstance, names: SubscriptionNames, ctx: ViewContext): Fact[] {
  const ds = i.datasource;
  const host = i.workload === 'sql' || i.workload === 'hana' ? / on (.+)$/.exec(instanceLabel(i))?.[1] : undefined;
  const out: Fact[] = [
    { title: 'Workload', value: WORKLOAD_LABELS[i.workload] },
    {
      title: 'Vault',
      value: `${i.vault.name} (${i.vault.kind === 'rsv' ? 'Recovery Services vault' : 'Backup vault'})`,
    },
    { title: 'Policy', value: i.policy?.name ?? 'not reported by Azure' },
    { title: 'Datasource', value: clipText(ds.name, 120) },
  ];
  if (host !== undefined) out.push({ title: 'Runs on', value: `VM ${host}` });
  if (i.lastRecoveryPoint !== undefined) {
    out.push({
      title: 'Latest recovery point',
      value: `${ctx.time.dateTime(i.lastRecoveryPoint)} (${formatAgo(i.lastRecoveryPoint, ctx.now)})`,
    });
  }
  if (ds.resourceGroup !== undefined) out.push({ title: 'Resource group', value: ds.resourceGroup });
  const sub = ds.subscriptionId ?? i.vault.subscriptionId;
  out.push({ title: 'Subscription', value: subscriptionWithId(sub, names) });
  if (ds.location !== undefined) out.push({ title: 'Location', value: ds.location });
  return out.map((f) => ({ title: f.title, value: clipText(f.value, 200) }));
}

async function foundModel(
  detail: ItemDetail,
  result: DataResult<ItemLookup>,
  ctx: ViewContext,
): Promise<ItemViewModel> {
  const i = detail.instance;
  const portal = i.tenantId === undefined ? ctx.portal : { ...ctx.portal, tenantId: i.tenantId };
  const names = await ctx.subscriptionNames();
  const rows: RowContext = { time: ctx.time, now: ctx.now, portal: ctx.portal, names };
  const frame = await buildResultFrame(
    {
      title: clipText(i.friendlyName, 120),
      what: `${WORKLOAD_LABELS[i.workload]} · vault ${i.vault.name} · ${subscriptionShort(i.vault.subscriptionId, names)}`,
      portal: ctx.portal,
    },
    result,
    ctx,
  );
  const recent = detail.jobs.slice(0, ITEM_RECENT_JOBS);
  const opts = { stash: ctx.stash };
  const vaultFilters = { vault: i.vault.name, subscription: i.vault.subscriptionId, since: '14d' as const };
  return {
    ...frame,
    status: statusLines(i, detail.jobs, ctx),
    facts: facts(i, names, ctx),
    // lastError is the item's last backup error: restore-only fixes do not apply.
    problem:
      i.lastError === undefined ? [] : [toAdvice(explainError({ ...i.lastError, operation: 'Backup' }, i.workload))],
    retryability: i.retry.possible
      ? `${ICONS.ok} An on-demand backup can run for this item${keptNote(i)}.`
      : `${ICONS.stopped} No on-demand backup: ${clipText(i.retry.message, 300)}`,
    retry: await itemRetryButton(i, ctx),
    jobsHeading:
      detail.jobs.length === 0
        ? 'No jobs in the last 14 days (Resource Graph keeps 14 days of jobs).'
        : `Recent jobs: ${recent.length === detail.jobs.length ? countOf(recent.length, 'job') : `${recent.length} of ${detail.jobs.length}`} in the last 14 days`,
    // The last error is explained once above; the rows stay short.
    // Rows say only what differs per job (the operation) and link only the job: item and vault are linked below.
    // A failed job names its error (code and title); the fix of the newest is above.
    jobs: recent.map((j) => ({
      ...toJobRow(j, rows, false),
      facts: errorTitleOf(j) === undefined ? operationOf(j) : `${operationOf(j)} · ${errorTitleOf(j)}`,
      links: jobLinks(j, ctx.portal).slice(0, 1),
    })),
    links: [
      link('Item', itemPortalUrl(i, portal)),
      link('Vault', vaultPortalUrl(i.vault, portal)),
      ...(i.datasource.id === undefined ? [] : [link('Resource', datasourcePortalUrl(i.datasource.id, portal))]),
    ],
    buttons: [
      await commandButton('Failed jobs in this vault', { verb: 'jobs', status: 'failed', filters: vaultFilters }, opts),
      ...(await policyButton(i, ctx)),
    ],
  };
}

/**
 * The item's policy in the policies view (its schedule, retention and what else it protects): by name, in the
 * item's own vault. Azure reports the RSV policy's name and id; a Backup vault instance only the id (its last segment
 * is the name). No button when neither is reported.
 */
async function policyButton(i: BackupInstance, ctx: ViewContext): Promise<CardButton[]> {
  const name = i.policy?.name ?? i.policy?.id?.split('/').filter(Boolean).pop();
  if (name === undefined || name.trim() === '') return [];
  const filters = {
    vault: i.vault.name,
    subscription: i.vault.subscriptionId,
    ...(i.vault.resourceGroup === '' ? {} : { resourceGroup: i.vault.resourceGroup }),
  };
  return [
    await commandButton(clipText(`Policy ${name}`, 60), { verb: 'policies', name, filters }, { stash: ctx.stash }),
  ];
}

/** The "item" view, or an error view when the name matches no item or several. */
export async function buildItemReply(
  result: DataResult<ItemLookup>,
  cmd: ItemCommand,
  ctx: ViewContext,
): Promise<Reply> {
  const lookup = result.value;
  const opts = { stash: ctx.stash };
  if (lookup.kind === 'found') {
    const i = lookup.detail.instance;
    const model = await foundModel(lookup.detail, result, ctx);
    const text = `${i.friendlyName}: ${protectionStateLook(i.protectionState).label}, ${healthLook(i.health).label}, last backup ${lastBackupLook(i.lastBackupStatus).label}.`;
    return { view: 'item', model, summaryText: text };
  }
  if (lookup.kind === 'not-found' && result.partial.length > 0) {
    // No match in an incomplete answer proves nothing: the item may sit where Resource Graph did not answer.
    return errorReply(
      {
        title: 'Lookup incomplete',
        icon: ICONS.warning,
        message: `"${clipText(cmd.ref, 200)}" could not be looked up completely: Resource Graph did not answer for everything the bot may read, so the item may exist.`,
        hint: result.partial
          .slice(0, 2)
          .map((n) => n.detail)
          .join(' · '),
        buttons: [
          await commandButton('Try again', cmd, opts),
          await commandButton('Help: item', { verb: 'help', topic: 'item' }, opts),
        ],
      },
      ctx,
    );
  }
  if (lookup.kind === 'not-found') {
    return errorReply(
      {
        title: 'Not found',
        icon: '🔍',
        message: `No backup item matches "${clipText(cmd.ref, 200)}".`,
        hint: 'Check the spelling (names are matched whole), or look for it among the resources nobody backs up.',
        usage: 'item <name|id> [sub:… rg:… vault:…]',
        buttons: [
          await commandButton('Unprotected resources', { verb: 'unprotected', filters: {} }, opts),
          await commandButton('Help: item', { verb: 'help', topic: 'item' }, opts),
        ],
      },
      ctx,
    );
  }
  const choices = lookup.candidates.slice(0, ITEM_MAX_CHOICES);
  const buttons = await Promise.all(
    choices.map((c) =>
      commandButton(
        `${instanceLabel(c)} · ${c.vault.name} · ${c.datasource.resourceGroup ?? c.vault.resourceGroup}`,
        { verb: 'item', ref: c.id, filters: {} },
        opts,
      ),
    ),
  );
  const more = lookup.candidates.length > choices.length ? ' (showing the first few)' : '';
  return errorReply(
    {
      title: 'Several items match',
      icon: '❓',
      message: `${countOf(lookup.candidates.length, 'backup item')} match "${clipText(cmd.ref, 200)}"${more}: pick one.`,
      hint: 'Or narrow it down with vault:, rg: or sub:.',
      example: `item ${clipText(cmd.ref, 60)} vault:${choices[0]?.vault.name ?? 'rsv-prod'}`,
      buttons,
    },
    ctx,
  );
}
