// `items` over the real HTTP path (connectAzure → ArgClient → SDK → stand-in) on a generated estate: each state's
// answer equals what TypeScript computes here from the raw rows (never from the query code), `items stopped` agrees
// with the unprotected view's stopped datasources, and `items stale` moves with the clock it is given.
import type { AzureBackend } from '../../../src/compose-azure';
import { ARG_TYPES, generateEstate, type Row } from '../../../src/sim/estate';
import { connectStandIn } from '../support/stand-in-backend';

const NOW = new Date('2025-03-10T09:30:00Z');
const HOUR = 3_600_000;
const GRACE_HOURS = 2;
const props = (row: Row): Record<string, unknown> => (row.properties ?? {}) as Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const lower = (value: unknown): string => text(value).toLowerCase();
const at = (obj: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
    obj,
  );
const time = (value: unknown): number | undefined => {
  const t = Date.parse(text(value));
  return Number.isNaN(t) ? undefined : t;
};
const newest = (...values: (number | undefined)[]): number | undefined =>
  values.reduce<number | undefined>((a, b) => (b === undefined ? a : a === undefined || b > a ? b : a), undefined);

/** How a row's protection stands, by the unprotected view's documented grouping (docs/azure-facts.md §1.2, §1.3). */
function coverOf(row: Row): 'active' | 'stopped' | 'softDeleted' | 'notConfigured' {
  const p = props(row);
  const current = lower(p.currentProtectionState);
  const status = lower(at(p, 'protectionStatus', 'status'));
  const isRsv = lower(row.type) === ARG_TYPES.rsvItem;
  if (
    String(p.isScheduledForDeferredDelete).toLowerCase() === 'true' ||
    [current, status].some((s) => s.startsWith('softdelet'))
  ) {
    return 'softDeleted';
  }
  if (
    (isRsv && ['protectionstopped', 'protectionpaused', 'backupssuspended'].includes(lower(p.protectionState))) ||
    ['protectionstopped', 'backupschedulessuspended'].includes(current) ||
    status === 'protectionstopped'
  ) {
    return 'stopped';
  }
  if (['configuringprotectionfailed', 'notprotected'].includes(current) || status === 'configuringprotectionfailed') {
    return 'notConfigured';
  }
  return 'active';
}

/** The policy's longest normal gap in hours, read here from the raw policy row (RSV schedulePolicy, BV rules). */
function everyHoursOf(policy: Row | undefined): number | undefined {
  if (!policy) return undefined;
  const p = props(policy);
  if (lower(policy.type) === ARG_TYPES.bvPolicy) {
    const rules = Array.isArray(p.policyRules) ? p.policyRules : [];
    const backup = rules.find((r) => lower(at(r, 'objectType')) === 'azurebackuprule');
    const intervals = at(backup, 'trigger', 'schedule', 'repeatingTimeIntervals');
    const list = Array.isArray(intervals) ? intervals.map(text) : [];
    const period = (list[0] ?? '').split('/').pop()?.toUpperCase() ?? '';
    const m = /^PT?(\d+)([HDW])$/.exec(period);
    if (!m) return undefined;
    const n = Number(m[1]);
    if (m[2] === 'H') return n;
    if (m[2] === 'D') return n * 24;
    return n === 1 ? 24 * (8 - Math.min(7, Math.max(1, list.length))) : n * 168;
  }
  const subs = Array.isArray(p.subProtectionPolicy) ? p.subProtectionPolicy : [p];
  const hours = subs
    .filter((s) => s === p || ['full', 'differential', 'incremental'].includes(lower(at(s, 'policyType'))))
    .map((s) => {
      const schedule = at(s, 'schedulePolicy');
      const frequency = lower(at(schedule, 'scheduleRunFrequency'));
      if (frequency === 'daily') return 24;
      if (frequency === 'weekly') {
        const days = at(schedule, 'scheduleRunDays') ?? at(schedule, 'weeklySchedule', 'scheduleRunDays');
        const n = Array.isArray(days) ? days.length : 1;
        return 24 * (8 - Math.min(7, Math.max(1, n)));
      }
      if (frequency === 'hourly') {
        const window = Number(at(schedule, 'hourlySchedule', 'scheduleWindowDuration'));
        const night = window > 0 && window < 24 ? 24 - window : 0;
        return Number(at(schedule, 'hourlySchedule', 'interval')) + night;
      }
      return undefined;
    })
    .filter((h): h is number => h !== undefined && Number.isFinite(h));
  return hours.length === 0 ? undefined : Math.min(...hours);
}

describe('generated estate over HTTP: items answers equal what the raw rows say', () => {
  const estate = generateEstate({ seed: 7, scale: 'small', now: NOW });
  const rsr = estate.tables.RecoveryServicesResources;
  const items = rsr.filter((r) => lower(r.type) === ARG_TYPES.rsvItem || lower(r.type) === ARG_TYPES.bvInstance);
  const policies = new Map(
    rsr
      .filter((r) => lower(r.type) === ARG_TYPES.rsvPolicy || lower(r.type) === ARG_TYPES.bvPolicy)
      .map((r) => [lower(r.id), r]),
  );
  const bvJobs = rsr.filter((r) => lower(r.type) === ARG_TYPES.bvJob && lower(props(r).operationCategory) === 'backup');
  const jobsOf = (instanceId: unknown) => bvJobs.filter((j) => lower(props(j).backupInstanceId) === lower(instanceId));
  const isBv = (row: Row) => lower(row.type) === ARG_TYPES.bvInstance;
  const ids = (rows: Row[]) => rows.map((r) => lower(r.id)).sort();
  let backend: AzureBackend;
  beforeAll(async () => {
    backend = await connectStandIn(estate, NOW);
  });
  afterAll(async () => {
    await backend.close();
  });
  const ask = (state?: 'protected' | 'stopped' | 'failing' | 'stale', now = NOW) =>
    backend.backupData.items({}, { now, ...(state === undefined ? {} : { state }) }, { limit: 5000 });

  test('items: every item row once; each state is the rows of its class', async () => {
    const all = await ask();
    expect(all.partial).toEqual([]);
    expect(all.value.rows.map((r) => r.instance.id.toLowerCase()).sort()).toEqual(ids(items));
    for (const row of all.value.rows) {
      const raw = items.find((r) => lower(r.id) === row.instance.id.toLowerCase()) as Row;
      expect([row.instance.friendlyName, row.cover]).toEqual([row.instance.friendlyName, coverOf(raw)]);
    }
    const stopped = await ask('stopped');
    const wantStopped = items.filter((r) => ['stopped', 'softDeleted'].includes(coverOf(r)));
    expect(wantStopped.length).toBeGreaterThan(0);
    expect(stopped.value.rows.map((r) => r.instance.id.toLowerCase()).sort()).toEqual(ids(wantStopped));
    const active = await ask('protected');
    expect(active.value.rows.map((r) => r.instance.id.toLowerCase()).sort()).toEqual(
      ids(items.filter((r) => coverOf(r) === 'active')),
    );
  });

  test('items failing: active, and the last backup failed (RSV item status; BV newest finished backup job)', async () => {
    const failed = (row: Row): boolean => {
      if (!isBv(row)) return ['failed', 'unhealthy'].includes(lower(props(row).lastBackupStatus));
      const finished = jobsOf(row.id)
        .filter((j) => !['inprogress', 'started', 'cancelling'].includes(lower(props(j).status)))
        .sort((a, b) => (time(props(b).startTime) ?? 0) - (time(props(a).startTime) ?? 0));
      return ['failed', 'cancelled'].includes(lower(props(finished[0] ?? {}).status));
    };
    const want = items.filter((r) => coverOf(r) === 'active' && failed(r));
    expect(want.length).toBeGreaterThan(0);
    const answer = await ask('failing');
    expect(answer.value.rows.map((r) => r.instance.id.toLowerCase()).sort()).toEqual(ids(want));
  });

  test('items stale: no good backup within the policy’s interval + 2 h, at the given clock, oldest first', async () => {
    const lastGood = (row: Row): number | undefined => {
      const p = props(row);
      const good = ['completed', 'completedwithwarnings'];
      const jobs = jobsOf(row.id).filter((j) => good.includes(lower(props(j).status)));
      const jobGood = newest(...jobs.map((j) => time(props(j).startTime)));
      if (isBv(row)) return jobGood;
      const itemGood = [...good, 'healthy'].includes(lower(p.lastBackupStatus)) ? time(p.lastBackupTime) : undefined;
      return newest(itemGood, time(p.lastRecoveryPoint), jobGood);
    };
    const judged = (now: Date) =>
      items
        .filter((r) => coverOf(r) === 'active')
        .filter((r) => {
          const raw = lower(isBv(r) ? props(r).currentProtectionState : props(r).protectionState);
          return ['protected', 'protectionconfigured', 'protectionerror'].includes(raw);
        })
        .map((r) => {
          const policyId = lower(isBv(r) ? at(props(r), 'policyInfo', 'policyId') : props(r).policyId);
          return { row: r, every: everyHoursOf(policies.get(policyId)), good: lastGood(r) };
        })
        .filter((x): x is { row: Row; every: number; good: number | undefined } => x.every !== undefined)
        .filter((x) => x.good === undefined || x.good < now.getTime() - (x.every + GRACE_HOURS) * HOUR);
    const want = judged(NOW);
    expect(want.length).toBeGreaterThan(0);
    const answer = await ask('stale');
    expect(answer.value.rows.map((r) => r.instance.id.toLowerCase()).sort()).toEqual(ids(want.map((w) => w.row)));
    for (const r of answer.value.rows) {
      const w = want.find((x) => lower(x.row.id) === r.instance.id.toLowerCase());
      expect(r.stale?.everyHours).toBe(w?.every);
      expect(r.stale?.lastGoodAt === undefined ? undefined : Date.parse(r.stale.lastGoodAt)).toBe(w?.good);
    }
    const goods = answer.value.rows.map((r) => r.stale?.lastGoodAt ?? '');
    expect(goods).toEqual([...goods].sort());
    // A day later more items are past their policy's interval: the clock given decides, not Resource Graph's.
    const later = new Date(NOW.getTime() + 24 * HOUR);
    const afterADay = await ask('stale', later);
    expect(afterADay.value.rows.length).toBe(judged(later).length);
    expect(afterADay.value.rows.length).toBeGreaterThan(answer.value.rows.length);
  });

  test('each answer is one Resource Graph request (one subscription batch, one page here)', async () => {
    const argRequests = () => backend.sim?.admin.requests({ endpoint: 'arg' }).length ?? 0;
    for (const state of [undefined, 'stopped', 'failing', 'stale'] as const) {
      const before = argRequests();
      await ask(state);
      expect({ state, requests: argRequests() - before }).toEqual({ state, requests: 1 });
    }
  });

  test('items stopped agrees with the unprotected view: every stopped datasource’s item is listed, same class', async () => {
    const unprotected = await backend.backupData.unprotected(undefined, {}, { limit: 5000 });
    const stopped = await ask('stopped');
    const byId = new Map(stopped.value.rows.map((r) => [r.instance.id.toLowerCase(), r]));
    expect(unprotected.value.stopped.length).toBeGreaterThan(0);
    for (const d of unprotected.value.stopped) {
      const row = byId.get(lower(d.stopped?.itemId));
      expect({ name: d.name, cover: row?.cover }).toEqual({ name: d.name, cover: d.stopped?.state });
    }
  });
});
