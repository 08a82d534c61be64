// View "summary": jobs by status in the window, backup instances by health and state, vaults by security level,
// with buttons into the lists ("12 failed jobs" → jobs failed with the same filters).

import type { EncodeOptions } from '../commands/payload';
import type { SummaryCommand } from '../commands/types';
import type { AlertSeverity } from '../domain/alerts';
import { INSTANCE_HEALTHS, PROTECTION_STATES } from '../domain/instances';
import type { JobStatus } from '../domain/jobs';
import type { DataResult } from '../domain/result';
import type { BackupSummary } from '../domain/summary';
import { SECURITY_LEVELS } from '../domain/vaults';
import type { CardButton } from '../view-models/common';
import type { StatLine, SummarySection, SummaryViewModel } from '../view-models/detail';
import { SEVERITY_LOOK } from './alerts';
import type { ViewContext } from './context';
import { commandButton, keepFilters } from './shared/buttons';
import { buildResultFrame } from './shared/frame';
import { healthLook, jobStatusLook, protectionStateLook, type StatusLook, securityLevelLook } from './shared/status';
import { describeWindow } from './shared/time';
import { countOf, formatCount } from './shared/words';

/** Job statuses in the order a reader scans them: problems first; always shown even at 0 are marked. */
const JOB_ORDER: readonly [JobStatus, boolean][] = [
  ['Failed', true],
  ['CompletedWithWarnings', false],
  ['InProgress', true],
  ['Cancelling', false],
  ['Paused', false],
  ['Cancelled', false],
  ['Completed', true],
  ['Unknown', false],
];

const line = (look: StatusLook, n: number): StatLine => ({
  icon: look.icon,
  label: look.label,
  value: formatCount(n),
  color: n > 0 ? look.color : 'Default',
});

interface SectionButtons {
  jobs: CardButton[];
  protection: CardButton[];
  vaults: CardButton[];
  alerts: CardButton[];
}

/** The "active alerts" section, when the data layer read alerts (any age; the vault's sub: and vault: apply). */
function alertSection(s: BackupSummary, buttons: CardButton[]): SummarySection[] {
  if (s.alerts === undefined) return [];
  const a = s.alerts;
  return [
    {
      heading: `Azure Monitor alerts · ${countOf(a.active, 'active alert')}`,
      lines: (Object.keys(SEVERITY_LOOK) as AlertSeverity[])
        .filter((sev) => a.bySeverity[sev] > 0)
        .map((sev) => {
          const look = SEVERITY_LOOK[sev];
          const label = sev === 'unknown' ? 'Severity unknown' : `${sev} (${look.word})`;
          return line({ icon: look.icon, label, color: look.color }, a.bySeverity[sev]);
        }),
      empty: a.active === 0 ? ['No active backup alerts.'] : [],
      buttons,
    },
  ];
}

export function summarySections(s: BackupSummary, window: string, buttons: SectionButtons): SummarySection[] {
  const jobs = JOB_ORDER.filter(([status, always]) => always || s.jobs.byStatus[status] > 0).map(([status]) =>
    line(jobStatusLook(status), s.jobs.byStatus[status]),
  );
  const health = INSTANCE_HEALTHS.filter((h) => h !== 'Unknown' || s.instances.byHealth[h] > 0).map((h) =>
    line(healthLook(h), s.instances.byHealth[h]),
  );
  const states = PROTECTION_STATES.filter((st) => s.instances.byState[st] > 0).map((st) =>
    line(protectionStateLook(st), s.instances.byState[st]),
  );
  const vaults = SECURITY_LEVELS.map((l) => line(securityLevelLook(l), s.vaults.bySecurityLevel[l]));
  return [
    {
      heading: `Jobs · ${window} · ${formatCount(s.jobs.total)} in all`,
      lines: s.jobs.total === 0 ? [] : jobs,
      empty: s.jobs.total === 0 ? [`No backup or restore jobs in the ${window}.`] : [],
      buttons: buttons.jobs,
    },
    {
      heading: `Backup instances by health · ${formatCount(s.instances.total)} in all`,
      lines: s.instances.total === 0 ? [] : health,
      empty: s.instances.total === 0 ? ['No backup instances: nothing is protected here yet.'] : [],
      buttons: [],
    },
    {
      heading: 'Backup instances by protection state',
      lines: states,
      empty: states.length === 0 ? ['No backup instances.'] : [],
      buttons: buttons.protection,
    },
    {
      heading: `Vaults by security level · ${formatCount(s.vaults.total)} in all`,
      lines: s.vaults.total === 0 ? [] : vaults,
      empty: s.vaults.total === 0 ? ['No Recovery Services vaults or Backup vaults.'] : [],
      buttons: buttons.vaults,
    },
    ...alertSection(s, buttons.alerts),
  ];
}

async function summaryButtons(cmd: SummaryCommand, s: BackupSummary, opts: EncodeOptions): Promise<SectionButtons> {
  const f = cmd.filters;
  const failed = s.jobs.byStatus.Failed;
  const running = s.jobs.byStatus.InProgress + s.jobs.byStatus.Cancelling;
  const jobs = (status: 'failed' | 'running' | 'all') =>
    ({ verb: 'jobs', status, filters: keepFilters('jobs', f) }) as const;
  const jobButtons: Promise<CardButton>[] = [];
  if (failed > 0) jobButtons.push(commandButton(countOf(failed, 'failed job'), jobs('failed'), opts));
  if (running > 0) jobButtons.push(commandButton(countOf(running, 'running job'), jobs('running'), opts));
  if (failed === 0 && running === 0) jobButtons.push(commandButton('All jobs', jobs('all'), opts));
  const { workload, ...rest } = keepFilters('unprotected', f);
  const unprotected = { verb: 'unprotected', filters: rest, ...(workload === undefined ? {} : { workload }) } as const;
  // The count covers alerts of any age in the summary's subscription and vault: the button asks the same.
  const alertFilters = {
    ...(f.subscription === undefined ? {} : { subscription: f.subscription }),
    ...(f.vault === undefined ? {} : { vault: f.vault }),
  };
  const active = s.alerts?.active ?? 0;
  return {
    jobs: await Promise.all(jobButtons),
    protection: [await commandButton('Unprotected resources', unprotected, opts)],
    vaults: [await commandButton('Vaults', { verb: 'vaults', filters: keepFilters('vaults', f) }, opts)],
    alerts:
      active > 0
        ? [
            await commandButton(
              countOf(active, 'active alert'),
              { verb: 'alerts', kind: 'active', filters: alertFilters },
              opts,
            ),
          ]
        : [],
  };
}

/** The "summary" view from the summary answer. */
export async function buildSummaryView(
  result: DataResult<BackupSummary>,
  cmd: SummaryCommand,
  ctx: ViewContext,
): Promise<SummaryViewModel> {
  const s = result.value;
  const window = describeWindow(cmd.filters.since ?? s.jobs.since ?? '24h');
  const frame = await buildResultFrame(
    {
      title: 'Backup summary',
      filters: cmd.filters,
      showWindow: true,
      portal: ctx.portal,
    },
    result,
    ctx,
  );
  const buttons = await summaryButtons(cmd, s, { stash: ctx.stash });
  return {
    ...frame,
    sections: summarySections(s, window, buttons),
    buttons: [...buttons.jobs, ...buttons.alerts, ...buttons.vaults, ...buttons.protection],
  };
}

/** Plain-text fallback: the three numbers people act on. */
export function summaryText(s: BackupSummary, window: string): string {
  return (
    `Backup summary (${window}): ${countOf(s.jobs.byStatus.Failed, 'failed job')}, ` +
    `${countOf(s.instances.byHealth.Unhealthy, 'unhealthy backup instance')}, ` +
    `${countOf(s.vaults.bySecurityLevel.Poor, 'vault')} rated Poor.`
  );
}
