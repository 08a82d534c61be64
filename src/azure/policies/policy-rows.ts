// Maps policy rows (policies.kql) to policies, and a policy's `policy` text (what the query keeps of RSV
// schedulePolicy / retention / subProtectionPolicy / tieringPolicy, or of Backup vault policyRules) to its schedule and
// retention: read tolerantly (any field may be missing or its value cased otherwise), and only when asked for.

import { armIdName, parseArmId } from '../../core/domain/arm-id';
import type {
  ArchiveRule,
  PolicyRetention,
  PolicySchedule,
  PolicySummary,
  PolicyTerms,
  RetentionSpan,
  RetentionUnit,
} from '../../core/domain/policies';
import type { LocatedVaultRef } from '../../core/domain/refs';
import { toWorkloadOrOther } from '../../core/domain/workload';
import type { ArgRow } from '../arg-types';
import { dynValue, num, prop, same, str } from '../row-values';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const count = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const at = (obj: unknown, ...path: string[]): unknown => path.reduce((o, k) => prop(o, k), obj);

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const UNITS: Record<string, RetentionUnit> = {
  days: 'day',
  weeks: 'week',
  months: 'month',
  years: 'year',
  d: 'day',
  w: 'week',
  m: 'month',
  y: 'year',
};

/** RSV `{count, durationType: Days|Weeks|Months|Years}`. */
function rsvSpan(duration: unknown): RetentionSpan | undefined {
  const n = count(prop(duration, 'count'));
  const unit = UNITS[(text(prop(duration, 'durationType')) ?? '').toLowerCase()];
  return n === undefined || unit === undefined ? undefined : { count: n, unit };
}

/** Backup vault ISO 8601 durations (P7D, P12W, P3M, P1Y); anything else is kept as written. */
export function isoSpan(value: unknown): RetentionSpan | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const m = /^P(\d+)([DWMY])$/i.exec(raw.trim());
  const unit = m ? UNITS[(m[2] as string).toLowerCase()] : undefined;
  return m && unit ? { count: Number(m[1]), unit } : { text: raw };
}

/** "2024-01-01T02:30:00Z" → "02:30": the policy's wall-clock time in its own time zone (unverified for ARG rows). */
function clock(value: unknown): string | undefined {
  const m = /T(\d{2}):(\d{2})/.exec(text(value) ?? '');
  return m ? `${m[1]}:${m[2]}` : undefined;
}

function clocks(values: unknown): string[] {
  return [
    ...new Set(
      list(values)
        .map(clock)
        .filter((t): t is string => t !== undefined),
    ),
  ].sort();
}

function days(values: unknown): string[] {
  return list(values)
    .map(text)
    .filter((d): d is string => d !== undefined);
}

/** RSV SimpleSchedulePolicy (scheduleRunFrequency, scheduleRunTimes/Days, hourlySchedule) and SimpleSchedulePolicyV2. */
function rsvSchedule(schedule: unknown, timeZone: string | undefined): PolicySchedule {
  const frequency = (text(prop(schedule, 'scheduleRunFrequency')) ?? '').toLowerCase();
  const out: PolicySchedule = { frequency: 'unknown', times: [], days: [] };
  if (timeZone !== undefined) out.timeZone = timeZone;
  const hourly = prop(schedule, 'hourlySchedule');
  if (frequency === 'hourly' || (frequency === '' && hourly !== undefined)) {
    out.frequency = 'hourly';
    const every = count(prop(hourly, 'interval'));
    if (every !== undefined) out.everyHours = every;
    out.times = clocks([prop(hourly, 'scheduleWindowStartTime')]);
  } else if (frequency === 'weekly') {
    out.frequency = 'weekly';
    const weekly = prop(schedule, 'weeklySchedule');
    out.days = days(prop(schedule, 'scheduleRunDays') ?? prop(weekly, 'scheduleRunDays'));
    out.times = clocks(prop(schedule, 'scheduleRunTimes') ?? prop(weekly, 'scheduleRunTimes'));
  } else if (frequency === 'daily') {
    out.frequency = 'daily';
    out.times = clocks(prop(schedule, 'scheduleRunTimes') ?? at(schedule, 'dailySchedule', 'scheduleRunTimes'));
  }
  return out;
}

const TIERS = ['dailySchedule', 'weeklySchedule', 'monthlySchedule', 'yearlySchedule'] as const;
const TIER_FIELDS = ['daily', 'weekly', 'monthly', 'yearly'] as const;

/**
 * A retention's durations as policies.kql sends them (`keep`: [simple, daily, weekly, monthly, yearly]), or read from
 * the whole retention policy under `wholeKey` (SQL/HANA sub-policies are sent whole).
 */
function durations(holder: unknown, wholeKey: string): unknown[] {
  const keep = prop(holder, 'keep');
  if (Array.isArray(keep)) return keep;
  const whole = prop(holder, wholeKey);
  return [prop(whole, 'retentionDuration'), ...TIERS.map((tier) => at(whole, tier, 'retentionDuration'))];
}

/** LongTermRetentionPolicy (daily … yearly) or SimpleRetentionPolicy (one duration, read as daily). */
function rsvRetention(keep: unknown[], into: PolicyRetention): void {
  const simple = rsvSpan(keep[0]);
  if (simple) into.daily = simple;
  TIER_FIELDS.forEach((field, i) => {
    const span = rsvSpan(keep[i + 1]);
    if (span) into[field] = span;
  });
}

/** tieringPolicy.ArchivedRP: TierRecommended, TierAfter (duration + durationType) or DoNotTier (no archive). */
function rsvArchive(tiering: unknown): ArchiveRule | undefined {
  const archived = prop(tiering, 'ArchivedRP');
  const mode = (text(prop(archived, 'tieringMode')) ?? '').toLowerCase();
  if (mode === 'tierrecommended') return { mode: 'recommended' };
  if (mode !== 'tierafter') return undefined;
  const after = rsvSpan({ count: prop(archived, 'duration'), durationType: prop(archived, 'durationType') });
  return after ? { mode: 'after', after } : { mode: 'after' };
}

function rsvPolicy(p: unknown): PolicyTerms {
  const timeZone = text(prop(p, 'timeZone'));
  const retention: PolicyRetention = {};
  const subs = list(prop(p, 'subProtectionPolicy'));
  if (subs.length > 0) {
    // SQL / HANA in VM: a Full sub-policy, maybe a Differential or Incremental one, and a Log one.
    const kind = (s: unknown) => (text(prop(s, 'policyType')) ?? '').toLowerCase();
    const full = subs.find((s) => kind(s) === 'full');
    const log = subs.find((s) => kind(s) === 'log');
    const partial = subs.find((s) => kind(s) === 'differential' || kind(s) === 'incremental');
    const schedule = rsvSchedule(prop(full, 'schedulePolicy'), timeZone);
    if (full !== undefined) rsvRetention(durations(full, 'retentionPolicy'), retention);
    const archive = rsvArchive(prop(full, 'tieringPolicy'));
    if (archive) retention.archive = archive;
    const logEvery = count(at(log, 'schedulePolicy', 'scheduleFrequencyInMins'));
    if (logEvery !== undefined) schedule.logEveryMinutes = logEvery;
    const logKeep = log === undefined ? undefined : rsvSpan(durations(log, 'retentionPolicy')[0]);
    if (logKeep) retention.log = logKeep;
    const partialKind = text(prop(partial, 'policyType'));
    if (partialKind) schedule.partialKind = partialKind;
    return { schedule, retention };
  }
  const schedule = rsvSchedule(prop(p, 'schedulePolicy'), timeZone);
  // Azure Files vaulted backup: snapshots for a few days, the vault copy by the long-term retention (the query sends
  // vaultRetention's durations in `keep` then, retentionPolicy's otherwise).
  const snapshots = count(prop(p, 'snapshotDays'));
  if (snapshots !== undefined) retention.snapshotDays = snapshots;
  rsvRetention(durations(p, 'retentionPolicy'), retention);
  const instant = count(prop(p, 'instantDays'));
  if (instant !== undefined) retention.snapshotDays = instant;
  const archive = rsvArchive(prop(p, 'tieringPolicy'));
  if (archive) retention.archive = archive;
  return { schedule, retention };
}

/** "R/2024-01-01T02:30:00+00:00/PT4H": the start's clock and weekday, and the period. */
function bvInterval(value: unknown): { time?: string; weekday?: string; period?: string } {
  const parts = (text(value) ?? '').split('/');
  const start = parts[1] ?? '';
  const out: { time?: string; weekday?: string; period?: string } = {};
  const time = clock(start);
  if (time) out.time = time;
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(start)?.[1];
  const weekday = date === undefined ? undefined : WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
  if (weekday) out.weekday = weekday;
  if (parts[2]) out.period = parts[2].toUpperCase();
  return out;
}

function bvSchedule(rules: unknown[]): PolicySchedule {
  const backup = rules.find((r) => same(text(prop(r, 'objectType')), 'AzureBackupRule'));
  // An operational-only blob policy has no backup rule: the storage account keeps a continuous point-in-time copy.
  if (backup === undefined) return { frequency: 'continuous', times: [], days: [] };
  const schedule = at(backup, 'trigger', 'schedule');
  const out: PolicySchedule = { frequency: 'unknown', times: [], days: [] };
  const timeZone = text(prop(schedule, 'timeZone'));
  if (timeZone !== undefined) out.timeZone = timeZone;
  const intervals = list(prop(schedule, 'repeatingTimeIntervals')).map(bvInterval);
  const period = intervals[0]?.period ?? '';
  const hours = /^PT(\d+)H$/.exec(period);
  if (hours) {
    out.frequency = 'hourly';
    out.everyHours = Number(hours[1]);
  } else if (period === 'P1D') out.frequency = 'daily';
  else if (period === 'P1W') {
    out.frequency = 'weekly';
    out.days = [...new Set(intervals.map((i) => i.weekday).filter((d): d is string => d !== undefined))];
  }
  out.times = [...new Set(intervals.map((i) => i.time).filter((t): t is string => t !== undefined))].sort();
  return out;
}

const storeOf = (lifecycle: unknown): string =>
  (text(at(lifecycle, 'sourceDataStore', 'dataStoreType')) ?? '').toLowerCase();

/** Retention rules: Default by data store, Weekly/Monthly/Yearly by name; a copy to ArchiveStore is the archive. */
function bvRetention(rules: unknown[]): PolicyRetention {
  const out: PolicyRetention = {};
  for (const rule of rules.filter((r) => same(text(prop(r, 'objectType')), 'AzureRetentionRule'))) {
    const name = (text(prop(rule, 'name')) ?? '').toLowerCase();
    for (const lifecycle of list(prop(rule, 'lifecycles'))) {
      const keep = isoSpan(at(lifecycle, 'deleteAfter', 'duration'));
      const store = storeOf(lifecycle);
      if (store === 'archivestore') {
        if (out.archive && keep) out.archive.keep = keep;
        else out.archive = { mode: 'on-expiry', ...(keep ? { keep } : {}) };
        continue;
      }
      const copy = list(prop(lifecycle, 'targetDataStoreCopySettings')).find((c) =>
        same(text(at(c, 'dataStore', 'dataStoreType')), 'ArchiveStore'),
      );
      if (copy !== undefined) {
        const option = text(at(copy, 'copyAfter', 'objectType')) ?? '';
        const after = isoSpan(at(copy, 'copyAfter', 'duration'));
        const rule: ArchiveRule =
          same(option, 'CopyOnExpiryOption') || after === undefined ? { mode: 'on-expiry' } : { mode: 'after', after };
        out.archive = { ...rule, ...(out.archive?.keep ? { keep: out.archive.keep } : {}) };
      }
      if (!keep) continue;
      if (name === 'weekly') out.weekly = keep;
      else if (name === 'monthly') out.monthly = keep;
      else if (name === 'yearly') out.yearly = keep;
      else if (store === 'operationalstore') out.operational = keep;
      else if (store === 'vaultstore') out.vault = keep;
    }
  }
  return out;
}

const BACKUP_VAULT = /\/microsoft\.dataprotection\//i;

/** The schedule and retention from a row's `policy` text: Backup vault rules, or the RSV parts policies.kql packs. */
function readTerms(policyText: string, isBV: boolean): PolicyTerms {
  const p = dynValue(policyText);
  if (!isBV) return rsvPolicy(p);
  const rules = list(p);
  return { schedule: bvSchedule(rules), retention: bvRetention(rules) };
}

/** Backup vault datasource types come as a JSON array's text ('["Microsoft.Compute/disks"]'); the words, joined. */
function datasourceText(raw: string): string {
  return list(dynValue(raw)).map(text).filter(Boolean).join(', ');
}

const VAULT_TYPE = { bv: 'Microsoft.DataProtection/backupVaults', rsv: 'Microsoft.RecoveryServices/vaults' } as const;

const UNKNOWN_TERMS: PolicyTerms = { schedule: { frequency: 'unknown', times: [], days: [] }, retention: {} };

/**
 * Maps an answer's rows to policies. A chat answer shows one page of a list that can hold thousands of policies (3,900
 * on the large estate), so the per-row work is kept small:
 * - a policy's schedule and retention are read from its row's `policy` text only when asked for (termsOf, a page's
 *   worth; ARCHITECTURE.md); the policies themselves are plain data;
 * - the query orders rows by id, so a vault's policies come one after another and share one vault object; its id is
 *   built from its parts (an ARM id, subscription in lower case as Resource Graph's subscriptionId column holds it)
 *   rather than sent whole for every policy.
 * A row repeated (across pages) is read once: the first one read keeps the id.
 */
export class PolicyRows {
  /** Each read policy's `policy` text by id; then what was read from it, once asked for. */
  private readonly texts = new Map<string, string>();
  private readonly terms = new Map<string, PolicyTerms>();
  /** Backup vault datasource texts seen, as words: a few kinds across thousands of policies. */
  private readonly datasources = new Map<string, string>();
  private last: { subscription: string; group: string; name: string; vault: LocatedVaultRef } | undefined;

  /** The policy of a row, or undefined for a row without an id or one already read. */
  read(row: ArgRow): PolicySummary | undefined {
    const id = str(row, 'id');
    if (!id || this.texts.has(id)) return undefined;
    const isBV = BACKUP_VAULT.test(id);
    this.texts.set(id, str(row, 'policy') ?? '');
    const policy: PolicySummary = {
      id,
      name: str(row, 'name') ?? armIdName(id),
      vault: this.vaultOf(row, id, isBV),
      workload: toWorkloadOrOther(str(row, 'workload')),
      datasourceType: this.datasourceOf(row, isBV),
      protectedItems: num(row, 'protectedItems') ?? 0,
      stoppedItems: num(row, 'stoppedItems') ?? 0,
    };
    if (same(str(row, 'variant'), 'Enhanced')) policy.variant = 'Enhanced';
    const tenantId = str(row, 'tenantId');
    if (tenantId) policy.tenantId = tenantId;
    return policy;
  }

  /** A read policy's schedule and retention, parsed from its text the first time they are asked for. */
  termsOf(policy: PolicySummary): PolicyTerms {
    const done = this.terms.get(policy.id);
    if (done) return done;
    const text = this.texts.get(policy.id);
    if (text === undefined) return UNKNOWN_TERMS;
    const terms = readTerms(text, BACKUP_VAULT.test(policy.id));
    this.terms.set(policy.id, terms);
    return terms;
  }

  private datasourceOf(row: ArgRow, isBV: boolean): string {
    const raw = str(row, 'datasource') ?? '';
    if (!isBV) return raw;
    let words = this.datasources.get(raw);
    if (words === undefined) {
      words = datasourceText(raw);
      this.datasources.set(raw, words);
    }
    return words;
  }

  private vaultOf(row: ArgRow, id: string, isBV: boolean): LocatedVaultRef {
    // "/subscriptions/<id>/…": the second segment, read without splitting the whole id, and compared with the last
    // vault's in place (a slice per row would be thousands of strings for the few hundred vaults).
    const from = id.indexOf('/', 1) + 1;
    const to = id.indexOf('/', from);
    const length = from > 0 && to > from ? to - from : 0;
    // From the id only for a column Azure left empty (parsing every id would cost the hot path).
    const group = str(row, 'vaultGroup') ?? parseArmId(id).resourceGroup ?? '';
    const name = str(row, 'vaultName') ?? parseArmId(id).pairs[0]?.[1] ?? '';
    const kind = isBV ? 'bv' : 'rsv';
    const last = this.last;
    const sameSubscription = last?.subscription.length === length && id.startsWith(last.subscription, from);
    if (last && sameSubscription && last.group === group && last.name === name && last.vault.kind === kind) {
      return last.vault;
    }
    const subscription = id.slice(from, from + length);
    const subscriptionId = subscription.toLowerCase();
    const vault: LocatedVaultRef = {
      id: `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/${VAULT_TYPE[kind]}/${name}`,
      name,
      kind,
      subscriptionId,
      resourceGroup: group,
      location: str(row, 'vaultLocation') ?? '',
    };
    this.last = { subscription, group, name, vault };
    return vault;
  }
}
