// Vault settings in words, shared by the "vaults" list and the "vault" detail: what each setting is, and what to
// change to reach a better ABCC security level (domain/vaults.ts computeSecurityLevel is the rule).
import type { VaultHealth } from '../domain/vaults';
import { countOf, describeWindow, formatCount, ICONS } from './shared';

export const KIND_LABEL = { rsv: 'Recovery Services vault', bv: 'Backup vault' } as const;

const REDUNDANCY = {
  LocallyRedundant: 'LRS',
  ZoneRedundant: 'ZRS',
  GeoRedundant: 'GRS',
  unknown: 'redundancy unknown',
} as const;

const REDUNDANCY_LONG = {
  LocallyRedundant: 'Locally redundant (LRS)',
  ZoneRedundant: 'Zone redundant (ZRS)',
  GeoRedundant: 'Geo-redundant (GRS)',
  unknown: 'Unknown',
} as const;

const onOff = (v: 'on' | 'off' | 'unknown') => (v === 'unknown' ? 'unknown' : v);

export function softDeleteText(v: VaultHealth): string {
  const days = v.softDeleteRetentionDays === undefined ? '' : ` (${v.softDeleteRetentionDays} d)`;
  switch (v.softDelete) {
    case 'always-on':
      return `always on${days}`;
    case 'on':
      return `on${days}`;
    case 'off':
      return 'off';
    default:
      return 'unknown';
  }
}

export function immutabilityText(v: VaultHealth): string {
  return v.immutability === 'disabled' ? 'off' : v.immutability;
}

function publicAccessText(v: VaultHealth): string {
  return v.publicNetworkAccess === 'n/a' ? 'n/a (Backup vault)' : v.publicNetworkAccess;
}

/** One line for the list: "Soft delete on (14 d) · Immutability off · MUA off · GRS · CRR off · …". */
export function describeSettings(v: VaultHealth): string {
  const parts = [
    `Soft delete ${softDeleteText(v)}`,
    `Immutability ${immutabilityText(v)}`,
    `MUA ${onOff(v.mua)}`,
    REDUNDANCY[v.redundancy],
    `CRR ${onOff(v.crossRegionRestore)}`,
  ];
  if (v.kind === 'rsv') parts.push(`Public access ${v.publicNetworkAccess}`);
  parts.push(`CMK ${onOff(v.customerManagedKey)}`, `Job alerts ${onOff(v.jobFailureAlerts)}`);
  if (v.classicAlerts === 'on') parts.push('Classic alerts on');
  return parts.join(' · ');
}

/** "❌ 3 failed jobs in the last 24 h" / "✅ no failed jobs in the last 24 h". */
export function describeFailures(v: VaultHealth, since: string): string {
  const window = describeWindow(since);
  return v.failedJobs === 0
    ? `${ICONS.ok} no failed jobs in the ${window}`
    : `${ICONS.failed} ${countOf(v.failedJobs, 'failed job')} in the ${window}`;
}

export function describeStats(v: VaultHealth, since: string): string {
  return `${countOf(v.protectedItems, 'protected item')} · ${describeFailures(v, since)}`;
}

/**
 * What to change, most important first: the ABCC steps to the next levels (soft delete, then irreversibility, then
 * MUA), then job-failure alerts, which decide whether anyone hears of a failure. Empty when nothing is weak.
 */
export function fixSteps(v: VaultHealth): string[] {
  const steps: string[] = [];
  const irreversible = v.immutability === 'locked' || v.softDelete === 'always-on';
  if (!irreversible) {
    if (v.softDelete === 'unknown') {
      // Older vaults may not report securitySettings in Resource Graph: the level is a guess, not a finding.
      steps.push('check soft delete and immutability in the portal (Azure did not report them)');
    } else if (v.softDelete === 'off') {
      steps.push('turn on soft delete and make it always-on (or enable and lock immutability)');
    } else if (v.immutability === 'unlocked') {
      steps.push('lock immutability (or make soft delete always-on)');
    } else {
      steps.push('make soft delete always-on (or enable and lock immutability)');
    }
  }
  if (v.mua === 'off') steps.push('protect the vault with multi-user authorization (Resource Guard)');
  if (v.mua === 'unknown') steps.push('check multi-user authorization (Azure did not report it)');
  if (v.jobFailureAlerts === 'off') steps.push('turn on Azure Monitor alerts for job failures');
  if (v.classicAlerts === 'on') steps.push(CLASSIC_ALERTS_FIX);
  return steps;
}

/**
 * Classic backup alerts were retired on 31 March 2026 (APRL BK-1): a vault relying on them may notify nobody. The
 * switch is the vault's "Use only Azure Monitor alerts" setting (CLI: --classic-alerts Disable) plus an alert
 * processing rule with an action group, without which built-in alerts notify nobody either.
 */
export const CLASSIC_ALERTS_FIX = 'switch from retired classic alerts to Azure Monitor alerts';

/** "To fix: a; b; c" or nothing. */
export function describeFix(v: VaultHealth): string[] {
  const steps = fixSteps(v);
  return steps.length === 0 ? [] : [`To fix: ${steps.join('; ')}.`];
}

function classicText(v: 'on' | 'off' | 'unknown'): string {
  return v === 'on' ? `${ICONS.warning} on (retired: switch to Azure Monitor alerts)` : onOff(v);
}

/** The facts of the detail view, in reading order. */
export function vaultFacts(v: VaultHealth, since: string): Array<{ label: string; value: string }> {
  const facts = [
    { label: 'Soft delete', value: softDeleteText(v) },
    { label: 'Immutability', value: immutabilityText(v) },
    { label: 'Multi-user authorization', value: onOff(v.mua) },
    { label: 'Storage redundancy', value: REDUNDANCY_LONG[v.redundancy] },
    { label: 'Cross-region restore', value: onOff(v.crossRegionRestore) },
    { label: 'Public network access', value: publicAccessText(v) },
    { label: 'Customer-managed key', value: onOff(v.customerManagedKey) },
    { label: 'Job-failure alerts', value: onOff(v.jobFailureAlerts) },
    ...(v.classicAlerts === undefined || v.classicAlerts === 'n/a'
      ? []
      : [{ label: 'Classic alerts', value: classicText(v.classicAlerts) }]),
    { label: 'Protected items', value: formatCount(v.protectedItems) },
    { label: `Failed jobs (${describeWindow(since)})`, value: formatCount(v.failedJobs) },
    { label: 'Subscription', value: v.subscriptionId },
    { label: 'Resource group', value: v.resourceGroup },
    { label: 'Location', value: v.location },
  ];
  if (v.reportedSecurityLevel !== undefined) {
    facts.push({ label: 'Level Azure reports', value: v.reportedSecurityLevel });
  }
  return facts;
}
