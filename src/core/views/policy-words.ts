// Backup policies in words: when a policy backs up and how long each tier keeps it, the same for both vault kinds
// (the policies list, and the item card's policy line).
import type { ArchiveRule, PolicySchedule, PolicySummary, PolicyTerms, RetentionSpan } from '../domain/policies';
import { WORKLOAD_LABELS } from '../domain/workload';
import { countOf } from './shared';

const DAY_SHORT: Record<string, string> = {
  sunday: 'Sun',
  monday: 'Mon',
  tuesday: 'Tue',
  wednesday: 'Wed',
  thursday: 'Thu',
  friday: 'Fri',
  saturday: 'Sat',
};

/** "30 days", "12 weeks", "1 year", or Azure's own text when we could not read it. */
export function spanText(span: RetentionSpan): string {
  return 'text' in span ? span.text : countOf(span.count, span.unit);
}

function timesText(times: readonly string[]): string {
  return times.length === 0 ? '' : ` at ${times.join(', ')}`;
}

/** "Daily at 22:30 (W. Europe Standard Time)", "Every 4 h from 08:00 (UTC)", "Weekly on Sun, Wed at 01:00". */
export function scheduleText(s: PolicySchedule): string {
  const zone = s.timeZone === undefined ? '' : ` (${s.timeZone})`;
  let main: string;
  switch (s.frequency) {
    case 'continuous':
      return 'Continuous (operational tier, no scheduled backup)';
    case 'hourly':
      main = `Every ${s.everyHours === undefined ? '?' : s.everyHours} h${s.times.length === 0 ? '' : ` from ${s.times.join(', ')}`}${zone}`;
      break;
    case 'daily':
      main = `Daily${timesText(s.times)}${zone}`;
      break;
    case 'weekly': {
      const days = s.days.map((d) => DAY_SHORT[d.toLowerCase()] ?? d).join(', ');
      main = `Weekly${days === '' ? '' : ` on ${days}`}${timesText(s.times)}${zone}`;
      break;
    }
    default:
      main = 'Schedule not shown by Azure';
  }
  const extra = [
    ...(s.partialKind === undefined ? [] : [`${s.partialKind.toLowerCase()} backups`]),
    ...(s.logEveryMinutes === undefined ? [] : [`logs every ${s.logEveryMinutes} min`]),
  ];
  return [main, ...extra].join(' · ');
}

function archiveText(a: ArchiveRule): string {
  const when =
    a.mode === 'recommended'
      ? 'recommended points'
      : a.mode === 'after'
        ? a.after === undefined
          ? 'after a set time'
          : `after ${spanText(a.after)}`
        : 'on expiry';
  return `archive ${when}${a.keep === undefined ? '' : `, kept ${spanText(a.keep)}`}`;
}

/** "Daily 30 days · weekly 12 weeks · snapshots 2 days · archive recommended points". */
export function retentionText(p: Pick<PolicyTerms, 'retention'>): string {
  const r = p.retention;
  const parts: string[] = [];
  if (r.snapshotDays !== undefined) parts.push(`snapshots ${countOf(r.snapshotDays, 'day')}`);
  if (r.operational) parts.push(`operational tier ${spanText(r.operational)}`);
  if (r.vault) parts.push(`vault tier ${spanText(r.vault)}`);
  for (const [label, span] of [
    ['daily', r.daily],
    ['weekly', r.weekly],
    ['monthly', r.monthly],
    ['yearly', r.yearly],
    ['logs', r.log],
  ] as const) {
    if (span) parts.push(`${label} ${spanText(span)}`);
  }
  if (r.archive) parts.push(archiveText(r.archive));
  if (parts.length === 0) return 'Retention not shown by Azure';
  const text = parts.join(' · ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** "Azure VM · Enhanced policy"; a Backup vault policy that names no datasource type is just that. */
export function policyWhat(p: PolicySummary): string {
  if (p.workload === 'other') {
    const kind = p.vault.kind === 'rsv' ? 'Recovery Services policy' : 'Backup vault policy';
    return p.datasourceType === '' ? kind : `${kind} · ${p.datasourceType}`;
  }
  return `${WORKLOAD_LABELS[p.workload]}${p.variant === 'Enhanced' ? ' · Enhanced policy' : ''}`;
}

/** "Protects 12 items" / "Protects nothing", with the stopped items that still point at it. */
export function itemsText(p: PolicySummary): string {
  const main = p.protectedItems === 0 ? 'Protects nothing' : `Protects ${countOf(p.protectedItems, 'item')}`;
  return p.stoppedItems === 0
    ? main
    : `${main} · ${countOf(p.stoppedItems, 'stopped item')} still ${p.stoppedItems === 1 ? 'points' : 'point'} at it`;
}
