// View "alerts": Azure Monitor alerts for backup grouped by alert rule and error (worst group first, newest first
// within), with a button to each alert's item (or vault) and, per job-failure group, to its failed jobs.
import type { AlertsCommand, CommandFilters } from '../commands/types';
import type { AlertList, AlertSeverity, BackupAlert } from '../domain/alerts';
import type { Since } from '../domain/filters';
import type { DataResult } from '../domain/result';
import { type SubscriptionNames, subscriptionShort } from '../names';
import { itemPortalUrl, vaultPortalUrl } from '../portal-links';
import type { AlertRow, AlertsViewModel } from '../view-models/alerts';
import type { CardButton } from '../view-models/common';
import type { CardColor } from '../view-models/inventory';
import type { ViewContext } from './context';
import {
  buildResultFrame,
  clipText,
  commandButton,
  countOf,
  describeTotals,
  describeWindow,
  formatAgo,
  formatCount,
  ICONS,
  link,
  pageOf,
  pageOfList,
  pageSizeOf,
  pagingButtons,
} from './shared';
import { KIND_LABEL } from './vault-words';
import { tenantPortal } from './vaults';

/** Azure Monitor's documented meanings: Sev0 critical … Sev4 verbose (the summary's alert lines use them too). */
export const SEVERITY_LOOK: Record<AlertSeverity, { icon: string; word: string; color: CardColor; rank: number }> = {
  Sev0: { icon: '🔴', word: 'critical', color: 'Attention', rank: 0 },
  Sev1: { icon: '🟠', word: 'error', color: 'Attention', rank: 1 },
  Sev2: { icon: '🟡', word: 'warning', color: 'Warning', rank: 2 },
  Sev3: { icon: '🔵', word: 'informational', color: 'Accent', rank: 3 },
  Sev4: { icon: '⚪', word: 'verbose', color: 'Default', rank: 4 },
  unknown: { icon: ICONS.unknown, word: 'severity unknown', color: 'Default', rank: 5 },
};

/** Longest inline item button; Teams repeats a button's data in its fallback, so long ids would crowd the card. */
const ITEM_INLINE_CHARS = 300;

/** At most this many "Failed jobs" buttons in Slack's actions block (Teams shows each on its group's first row). */
const MAX_JOB_BUTTONS = 3;

interface Group {
  rule: string;
  errorCode: string | undefined;
  alerts: BackupAlert[];
  worst: number;
}

/** Alerts by rule and error code: worst severity first, then the biggest group, then by name. */
export function groupAlerts(alerts: readonly BackupAlert[]): Group[] {
  const groups = new Map<string, Group>();
  for (const a of alerts) {
    const key = `${a.rule.toLowerCase()}|${(a.errorCode ?? '').toLowerCase()}`;
    let g = groups.get(key);
    if (!g) {
      g = { rule: a.rule, errorCode: a.errorCode, alerts: [], worst: 9 };
      groups.set(key, g);
    }
    g.alerts.push(a);
    g.worst = Math.min(g.worst, SEVERITY_LOOK[a.severity].rank);
  }
  return [...groups.values()].sort(
    (a, b) => a.worst - b.worst || b.alerts.length - a.alerts.length || a.rule.localeCompare(b.rule),
  );
}

function groupHeading(g: Group): string {
  const vaults = new Set(g.alerts.map((a) => a.vault.id.toLowerCase())).size;
  const what = g.errorCode === undefined ? g.rule : `${g.rule} · ${g.errorCode}`;
  return `${what} · ${countOf(g.alerts.length, 'alert')} in ${countOf(vaults, 'vault')}`;
}

function stateText(a: BackupAlert): string {
  const state = a.state === 'unknown' ? 'state unknown' : a.state;
  return a.condition === 'Resolved' ? `${state} · resolved` : state;
}

async function toRow(
  a: BackupAlert,
  opens: { heading: string; jobs: CardButton | undefined } | undefined,
  ctx: ViewContext,
  names: SubscriptionNames,
): Promise<AlertRow> {
  const look = SEVERITY_LOOK[a.severity];
  const sev = a.severity === 'unknown' ? look.word : `${a.severity} (${look.word})`;
  const fired =
    a.firedAt === undefined
      ? 'fired at an unknown time'
      : `fired ${formatAgo(a.firedAt, ctx.now)} (${ctx.time.short(a.firedAt, ctx.now)})`;
  const times = a.occurrences !== undefined && a.occurrences > 1 ? [`${formatCount(a.occurrences)} times`] : [];
  const v = a.vault;
  const portal = tenantPortal(ctx, a.tenantId);
  const vaultFilters = { subscription: v.subscriptionId, resourceGroup: v.resourceGroup };
  return {
    name: clipText(a.itemName ?? (a.itemId?.split('/').pop() || v.name), 120),
    status: clipText([`${look.icon} ${sev}`, stateText(a), fired, ...times].join(' · '), 300),
    color: a.active ? look.color : 'Default',
    where: clipText(
      `${KIND_LABEL[v.kind]} ${v.name} in ${v.resourceGroup} · ${subscriptionShort(v.subscriptionId, names)}`,
      240,
    ),
    detail: a.description === undefined ? [] : [clipText(a.description, 160)],
    opens: opens === undefined ? [] : [opens.heading],
    jobs: opens?.jobs === undefined ? [] : [opens.jobs],
    open:
      a.itemId === undefined
        ? await commandButton('Vault', { verb: 'vault', name: v.name, filters: vaultFilters }, { stash: ctx.stash })
        : // An item id runs to hundreds of characters: past ITEM_INLINE_CHARS it waits in the stash, not on the card.
          await commandButton(
            'Item',
            { verb: 'item', ref: a.itemId, filters: {} },
            { stash: ctx.stash, maxChars: ITEM_INLINE_CHARS },
          ),
    portal:
      a.itemId === undefined
        ? link('Open vault in Azure portal', vaultPortalUrl(v, portal))
        : link('Open item in Azure portal', itemPortalUrl({ id: a.itemId }, portal)),
  };
}

/** The smallest job window (ARG keeps 14 days) that reaches back to the group's oldest alert. */
function jobWindow(g: Group, now: Date): Since {
  const oldest = Math.min(...g.alerts.map((a) => (a.firedAt === undefined ? 0 : Date.parse(a.firedAt))));
  const hours = (now.getTime() - oldest) / 3_600_000;
  return hours <= 24 ? '24h' : hours <= 7 * 24 ? '7d' : '14d';
}

/** "Failed jobs · <code>" for a job-failure group with a code: `jobs failed code:` in its vault when it has one. */
async function failedJobsButton(g: Group, ctx: ViewContext): Promise<CardButton | undefined> {
  if (g.errorCode === undefined || !g.alerts.some((a) => a.category === 'jobs')) return undefined;
  const vaults = new Map(g.alerts.map((a) => [a.vault.id.toLowerCase(), a.vault]));
  const only = vaults.size === 1 ? [...vaults.values()][0] : undefined;
  const filters: CommandFilters = {
    ...(only ? { subscription: only.subscriptionId, vault: only.name } : {}),
    since: jobWindow(g, ctx.now),
  };
  return commandButton(
    clipText(`Failed jobs · ${g.errorCode}`, 60),
    { verb: 'jobs', status: 'failed', code: g.errorCode, filters },
    { stash: ctx.stash },
  );
}

function severityLine(alerts: readonly BackupAlert[]): string[] {
  if (alerts.length === 0) return [];
  const counts = new Map<AlertSeverity, number>();
  for (const a of alerts) counts.set(a.severity, (counts.get(a.severity) ?? 0) + 1);
  const order = Object.keys(SEVERITY_LOOK) as AlertSeverity[];
  return [
    order
      .filter((s) => (counts.get(s) ?? 0) > 0)
      .map((s) => `${SEVERITY_LOOK[s].icon} ${formatCount(counts.get(s) ?? 0)} ${s === 'unknown' ? 'unknown' : s}`)
      .join(' · '),
  ];
}

/** Builds one page of the "alerts" view. */
export async function buildAlertsView(
  result: DataResult<AlertList>,
  command: AlertsCommand,
  ctx: ViewContext,
): Promise<AlertsViewModel> {
  const groups = groupAlerts(result.value.alerts);
  const ordered = groups.flatMap((g) => g.alerts.map((a, i) => ({ a, g, first: i === 0 })));
  const pageSize = pageSizeOf('alerts', ctx.caller.platform, ctx.pageSize);
  const { page, from, slice, hasNext } = pageOfList(ordered, pageSize, pageOf(command));
  const names = await ctx.subscriptionNames();
  const onPage = [...new Set(slice.map((s) => s.g))];
  const jobs = new Map(await Promise.all(onPage.map(async (g) => [g, await failedJobsButton(g, ctx)] as const)));
  // A group cut by the page break is named again at the top of the next page.
  const rows = await Promise.all(
    slice.map(({ a, g, first }, i) =>
      toRow(a, first || i === 0 ? { heading: groupHeading(g), jobs: jobs.get(g) } : undefined, ctx, names),
    ),
  );
  const active = command.kind === 'active';
  const since = result.value.since;
  const what = [
    active ? 'Fired and not closed' : 'Every alert that fired',
    ...(since === undefined ? ['any age'] : [describeWindow(since)]),
    'by alert rule and error',
  ].join(' · ');
  const frame = await buildResultFrame(
    { title: active ? 'Active backup alerts' : 'Backup alerts', what, filters: command.filters },
    result,
    ctx,
  );
  const noun: [string, string] = active ? ['active alert', 'active alerts'] : ['alert', 'alerts'];
  // The data layer reads a bounded number of alerts; when it stopped there, the total is a lower bound.
  const cut = result.partial.some((p) => p.kind === 'row-limit');
  const totals = describeTotals({
    from: from + 1,
    shown: slice.length,
    ...(cut ? { atLeast: ordered.length } : { total: ordered.length }),
    noun,
    across: ['group', 'groups', groups.length],
  });
  const empty =
    ordered.length === 0
      ? [
          result.partial.length > 0
            ? 'No alerts found in the part of the estate that answered (see the warning above).'
            : active
              ? `${ICONS.ok} No active Azure Monitor alerts for backup match these filters.`
              : 'No Azure Monitor alerts for backup fired in this window (filters here are the vault’s; type: the item’s).',
        ]
      : [];
  const { page: _p, cursor: _c, ...rest } = command;
  const toggle = await commandButton(
    active ? 'All alerts' : 'Active alerts',
    { ...rest, kind: active ? 'all' : 'active' },
    { stash: ctx.stash },
  );
  return {
    ...frame,
    totals,
    severities: severityLine(result.value.alerts),
    rows,
    empty,
    buttons: [...(await pagingButtons(command, { page, hasNext }, { stash: ctx.stash })), toggle],
    jobButtons: rows.flatMap((r) => r.jobs).slice(0, MAX_JOB_BUTTONS),
  };
}
