// Notification polls through the real HTTP path (connectAzure → ArgClient → @azure/arm-resourcegraph → stand-in) over
// the generated small estate plus a few hand-made job rows, against expectations computed here from the raw rows
// (never from the bot's query): the window, every filter, requests per scope and batch, order, the cap, faults.
import type { AzureBackend } from '../../../src/compose-azure';
import type { BackupFilters } from '../../../src/core/domain/filters';
import type { Job } from '../../../src/core/domain/jobs';
import { NOTIFY_JOB_LIMIT, type NotifyJobs, type NotifyScopeRequest } from '../../../src/core/domain/notify';
import type { DataResult } from '../../../src/core/domain/result';
import type { BackupDataPort } from '../../../src/core/ports';
import { ARG_TYPES, generateEstate, type Row, workloadOf } from '../../../src/sim/estate';
import { jobItemLookup } from '../../support/job-items';
import { connectStandIn } from '../support/stand-in-backend';

const NOW = new Date('2025-03-10T09:30:00Z');
const HOUR = 3_600_000;
/** The usual poll window: six hours (a watermark and its overlap). */
const FROM = new Date(NOW.getTime() - 6 * HOUR);

const props = (row: Row): Record<string, unknown> => (row.properties ?? {}) as Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const lower = (value: unknown): string => text(value).toLowerCase();
const isBV = (row: Row): boolean => lower(row.type) === ARG_TYPES.bvJob;

// ---- the estate: generated, plus hand-made rows for the edges the generator does not produce -----------------------

const estate = generateEstate({ seed: 7, scale: 'small', now: NOW });
const rsr = estate.tables.RecoveryServicesResources;
const template = (kind: 'rsv' | 'bv'): Row => {
  const row = rsr.find((r) => lower(r.type) === (kind === 'bv' ? ARG_TYPES.bvJob : ARG_TYPES.rsvJob));
  if (!row) throw new Error(`no ${kind} job in the estate`);
  return row;
};
const at = (hoursFromFrom: number): string => new Date(FROM.getTime() + hoursFromFrom * HOUR).toISOString();
/** A copy of a real job row with its own id and the given properties (`endTime: undefined` removes it). */
function craft(kind: 'rsv' | 'bv', name: string, changes: Record<string, unknown>): Row {
  const base = template(kind);
  const p: Record<string, unknown> = { ...props(base), ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete p[k];
  return { ...base, id: `${text(base.id).replace(/[^/]+$/, '')}${name}`, name, properties: p };
}
const CRAFTED = {
  // Finished without an end time: its start (10 min after `from`) is in the window. Status in lower case.
  failedNoEnd: craft('bv', 'notify-failed-no-end', { status: 'failed', startTime: at(1 / 6), endTime: undefined }),
  // Without an end time and started before `from`: out.
  goodNoEndBefore: craft('bv', 'notify-good-no-end-before', {
    status: 'Completed',
    startTime: at(-1 / 6),
    endTime: undefined,
  }),
  // Started two hours before `from`, ended five minutes after it: in (the window is by end time).
  failedEndedInside: craft('rsv', 'notify-failed-ended-inside', {
    status: 'Failed',
    startTime: at(-2),
    endTime: at(1 / 12),
  }),
  // Ended one minute before `from`: out.
  failedEndedBefore: craft('rsv', 'notify-failed-ended-before', {
    status: 'Failed',
    startTime: at(-1),
    endTime: at(-1 / 60),
  }),
  // Upper-case status: a good job.
  goodUpper: craft('rsv', 'notify-good-upper', { status: 'COMPLETEDWITHWARNINGS', startTime: at(1), endTime: at(1.5) }),
  // A failed restore is not a backup: out.
  restoreFailed: craft('rsv', 'notify-restore-failed', {
    operation: 'Restore',
    status: 'Failed',
    startTime: at(2),
    endTime: at(2.1),
  }),
  // A BV job whose category is Restore: out, whatever `operation` says.
  bvRestoreFailed: craft('bv', 'notify-bv-restore-failed', {
    operationCategory: 'Restore',
    status: 'Failed',
    startTime: at(2),
    endTime: at(2.1),
  }),
};
rsr.push(...Object.values(CRAFTED));

// ---- expectations from the rows -------------------------------------------------------------------------------------

const jobRows = rsr.filter((r) => lower(r.type) === ARG_TYPES.rsvJob || lower(r.type) === ARG_TYPES.bvJob);
const resourcesById = new Map(estate.tables.Resources.map((r) => [lower(r.id), r]));
const subs = estate.tables.ResourceContainers.filter((r) => r.type === 'microsoft.resources/subscriptions');

const itemOf = jobItemLookup(rsr);

/** What the rows say about a job, by the documented rules (docs/azure-facts.md §1.4, §1.5). */
function facts(row: Row) {
  const p = props(row);
  const item = itemOf(row);
  // BV: the job's dataSourceId; RSV: its item's sourceResourceId (the job has none); else the vault's subscription
  // and the VM container's resource group, else the vault's.
  const dsId = isBV(row) ? lower(p.dataSourceId) : lower(item ? props(item).sourceResourceId : '');
  const container = text(p.containerName).split(';');
  return {
    id: lower(row.id),
    backup: lower(isBV(row) ? p.operationCategory : p.operation).startsWith('backup'),
    status: lower(p.status),
    start: Date.parse(text(p.startTime)),
    startText: new Date(Date.parse(text(p.startTime))).toISOString(),
    endedAt: Date.parse(text(p.endTime) || text(p.startTime)),
    sub: dsId ? (dsId.split('/')[2] ?? '') : lower(row.subscriptionId),
    rg: dsId
      ? (dsId.split('/')[4] ?? '')
      : lower(container.length >= 3 ? container[container.length - 2] : row.resourceGroup),
    location: lower(p.dataSourceLocation) || lower(row.location),
    vault: lower(text(row.id).split('/')[8]),
    workload: item ? workloadOf(item) : undefined,
    tags: (resourcesById.get(dsId.split('/databases/')[0] ?? '')?.tags ?? {}) as Record<string, string>,
  };
}
type Facts = ReturnType<typeof facts>;

function matches(f: Facts, filters: BackupFilters): boolean {
  const s = filters.subscription?.toLowerCase();
  const subIds = s === undefined ? undefined : subs.filter((x) => lower(x.name) === s || lower(x.subscriptionId) === s);
  const tagOk = (filters.tags ?? []).every((tag) => {
    const tagValue = Object.entries(f.tags).find(([k]) => k.toLowerCase() === tag.key.toLowerCase())?.[1];
    return tagValue !== undefined && (tag.value === '' || tagValue.toLowerCase() === tag.value.toLowerCase());
  });
  return (
    (subIds === undefined || subIds.some((x) => lower(x.subscriptionId) === f.sub)) &&
    (filters.resourceGroup === undefined || filters.resourceGroup.toLowerCase() === f.rg) &&
    (filters.vault === undefined || filters.vault.toLowerCase() === f.vault) &&
    (filters.location === undefined || filters.location.toLowerCase() === f.location) &&
    (filters.workload === undefined || filters.workload === f.workload) &&
    tagOk
  );
}

const newestFirst = (a: Facts, b: Facts) => b.start - a.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The ids a poll must return: backups that ended (else started) at or after `from`, within ARG's 14 days. */
function expected(filters: BackupFilters, from: Date): { failed: string[]; good: string[] } {
  const all = jobRows
    .map(facts)
    .filter((f) => f.backup && f.endedAt >= from.getTime() && f.start > NOW.getTime() - 14 * 24 * HOUR)
    .filter((f) => matches(f, filters))
    .sort(newestFirst);
  return {
    failed: all.filter((f) => f.status === 'failed').map((f) => f.id),
    good: all.filter((f) => ['completed', 'completedwithwarnings'].includes(f.status)).map((f) => f.id),
  };
}

const ids = (jobs: Job[]) => jobs.map((j) => j.id.toLowerCase());

// ---- the stand-in -----------------------------------------------------------------------------------------------------

describe('notification polls over HTTP on the generated small estate', () => {
  let backend: AzureBackend;
  const argRequests = () => backend.sim?.admin.requests({ endpoint: 'arg' }).length ?? 0;
  const poll = async (requests: NotifyScopeRequest[], scope?: { subscriptions: string[] }) => {
    const before = argRequests();
    const answers = await backend.backupData.notifyJobs(requests, scope ? { scope } : {});
    return { answers, used: argRequests() - before };
  };
  const one = async (filters: BackupFilters, from = FROM): Promise<DataResult<NotifyJobs>> => {
    const { answers } = await poll([{ filters, from }]);
    if (!answers[0]) throw new Error('no answer');
    return answers[0];
  };

  beforeAll(async () => {
    // One subscription per batch, so that a scoped poll has three batches.
    backend = await connectStandIn(estate, NOW, {
      batchSize: 1,
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    });
  });
  afterAll(async () => {
    await backend.close();
  });
  afterEach(() => backend.sim?.admin.clearFaults());

  it('satisfies the core port', () => {
    const port: Pick<BackupDataPort, 'notifyJobs'> = backend.backupData;
    expect(typeof port.notifyJobs).toBe('function');
  });

  it('the window: jobs that ended at or after `from`, else started; backups only; statuses in any case', async () => {
    const answer = await one({});
    const want = expected({}, FROM);
    expect(answer.partial).toEqual([]);
    expect(want.failed.length).toBeGreaterThan(2);
    expect(want.good.length).toBeGreaterThan(10);
    expect(ids(answer.value.failed)).toEqual(want.failed);
    expect(ids(answer.value.good)).toEqual(want.good);
    expect(answer.value.hasMore).toBe(false);
    const got = new Set([...ids(answer.value.failed), ...ids(answer.value.good)]);
    const id = (row: Row) => lower(row.id);
    expect(got).toContain(id(CRAFTED.failedNoEnd));
    expect(got).toContain(id(CRAFTED.failedEndedInside));
    expect(got).toContain(id(CRAFTED.goodUpper));
    for (const out of [
      CRAFTED.goodNoEndBefore,
      CRAFTED.failedEndedBefore,
      CRAFTED.restoreFailed,
      CRAFTED.bvRestoreFailed,
    ]) {
      expect(got).not.toContain(id(out));
    }
    // Mapped by the jobs view's mapper: status normalised, no end time kept absent.
    const noEnd = answer.value.failed.find((j) => j.id.toLowerCase() === id(CRAFTED.failedNoEnd));
    expect(noEnd).toMatchObject({ status: 'Failed', rawStatus: 'failed', operation: { kind: 'backup' } });
    expect(noEnd?.endTime).toBeUndefined();
    expect(answer.value.good.find((j) => j.id.toLowerCase() === id(CRAFTED.goodUpper))?.status).toBe(
      'CompletedWithWarnings',
    );
  });

  it('jobs before `from` are left out: a later `from` reads a subset', async () => {
    const later = new Date(NOW.getTime() - 2 * HOUR);
    const answer = await one({}, later);
    const want = expected({}, later);
    expect(ids(answer.value.failed)).toEqual(want.failed);
    expect(ids(answer.value.good)).toEqual(want.good);
    const wide = expected({}, FROM);
    expect(want.good.length + want.failed.length).toBeLessThan(wide.good.length + wide.failed.length);
    for (const j of [...answer.value.failed, ...answer.value.good]) {
      expect(Date.parse(j.endTime ?? j.startTime ?? '')).toBeGreaterThanOrEqual(later.getTime());
    }
  });

  it('newest first (by start, ties by id), each list', async () => {
    const answer = await one({}, new Date(NOW.getTime() - 3 * 24 * HOUR));
    for (const list of [answer.value.failed, answer.value.good]) {
      expect(list.length).toBeGreaterThan(5);
      const starts = list.map((j) => j.startTime ?? '');
      expect(starts).toEqual([...starts].sort().reverse());
    }
  });

  describe('filters narrow as in the jobs view', () => {
    const sub = subs[0];
    const vault = estate.tables.Resources.find((r) => r.type === ARG_TYPES.rsvVault);
    const disk = estate.tables.Resources.find((r) => r.type === ARG_TYPES.disk);
    const tagged = estate.tables.Resources.find(
      (r) => r.type === ARG_TYPES.vm && r.tags && Object.keys(r.tags as object).length > 0,
    );
    const [tagKey, tagValue] = Object.entries((tagged?.tags ?? {}) as Record<string, string>)[0] ?? ['env', 'prod'];
    const [ownerKey, ownerValue] = Object.entries((tagged?.tags ?? {}) as Record<string, string>)[1] ?? ['owner', 'x'];
    const WIDE = new Date(NOW.getTime() - 3 * 24 * HOUR);
    const CASES: [string, BackupFilters][] = [
      ['sub by name', { subscription: text(sub?.name).toUpperCase() }],
      ['sub by id', { subscription: text(sub?.subscriptionId).toUpperCase() }],
      ['rg', { resourceGroup: text(disk?.resourceGroup).toUpperCase() }],
      ['vault', { vault: text(vault?.name).toUpperCase() }],
      ['type vm', { workload: 'vm' }],
      ['type disks', { workload: 'disks' }],
      ['location', { location: 'WestEurope' }],
      ['tag key', { tags: [{ key: tagKey.toUpperCase(), value: '' }] }],
      ['tag key=value', { tags: [{ key: tagKey, value: tagValue.toUpperCase() }] }],
      [
        'two tags, both must match',
        {
          tags: [
            { key: tagKey.toUpperCase(), value: tagValue },
            { key: ownerKey, value: ownerValue.toUpperCase() },
          ],
        },
      ],
      [
        'all together',
        { subscription: text(sub?.name), location: 'westeurope', workload: 'vm', tags: [{ key: tagKey, value: '' }] },
      ],
    ];

    it.each(CASES)('%s', async (_label, filters) => {
      const answer = await one(filters, WIDE);
      const want = expected(filters, WIDE);
      const everything = expected({}, WIDE);
      expect(answer.partial).toEqual([]);
      expect(want.failed.length + want.good.length).toBeGreaterThan(0);
      expect(want.failed.length + want.good.length).toBeLessThan(everything.failed.length + everything.good.length);
      expect(ids(answer.value.failed)).toEqual(want.failed);
      expect(ids(answer.value.good)).toEqual(want.good);
    });
  });

  describe('requests', () => {
    it('one Resource Graph request per scope, in the order asked', async () => {
      const filters: BackupFilters[] = [{}, { workload: 'vm' }, { workload: 'disks' }, { location: 'westeurope' }];
      const { answers, used } = await poll(filters.map((f) => ({ filters: f, from: FROM })));
      expect(used).toBe(filters.length);
      expect(answers.map((a) => a.stats.requests)).toEqual([1, 1, 1, 1]);
      expect(answers.map((a) => a.kql.length)).toEqual([1, 1, 1, 1]);
      filters.forEach((f, i) => {
        expect(ids(answers[i]?.value.failed ?? [])).toEqual(expected(f, FROM).failed);
      });
    });

    it('one request per scope and subscription batch (three batches of one subscription)', async () => {
      const scope = { subscriptions: subs.map((s) => text(s.subscriptionId)) };
      await poll([{ filters: {}, from: FROM }], scope); // fills the client's list of visible subscriptions
      const { answers, used } = await poll(
        [
          { filters: {}, from: FROM },
          { filters: { workload: 'vm' }, from: FROM },
        ],
        scope,
      );
      expect(used).toBe(2 * subs.length);
      expect(answers.map((a) => a.stats.requests)).toEqual([subs.length, subs.length]);
      // Batches answer one after another: the merged lists are still newest first and complete.
      expect(ids(answers[0]?.value.failed ?? [])).toEqual(expected({}, FROM).failed);
      expect(ids(answers[0]?.value.good ?? [])).toEqual(expected({}, FROM).good);
      expect(ids(answers[1]?.value.good ?? [])).toEqual(expected({ workload: 'vm' }, FROM).good);
    });

    it('a sub: name is looked up once per poll, however many scopes name it', async () => {
      const name = text(subs[1]?.name);
      const { answers, used } = await poll([
        { filters: { subscription: name }, from: FROM },
        { filters: { subscription: name.toUpperCase(), workload: 'vm' }, from: FROM },
        { filters: { subscription: name, location: 'westeurope' }, from: FROM },
      ]);
      expect(used).toBe(3 + 1);
      expect(answers.reduce((n, a) => n + a.stats.requests, 0)).toBe(used);
      expect(ids(answers[1]?.value.failed ?? [])).toEqual(
        expected({ subscription: name, workload: 'vm' }, FROM).failed,
      );
    });
  });

  it('the cap: at most NOTIFY_JOB_LIMIT of each kind, the newest, and hasMore', async () => {
    const from = new Date(NOW.getTime() - 14 * 24 * HOUR);
    const want = expected({}, from);
    expect(want.good.length).toBeGreaterThan(NOTIFY_JOB_LIMIT);
    const { answers, used } = await poll([{ filters: {}, from }]);
    const answer = answers[0];
    expect(answer?.partial).toEqual([]);
    expect(answer?.value.hasMore).toBe(true);
    expect(ids(answer?.value.good ?? [])).toEqual(want.good.slice(0, NOTIFY_JOB_LIMIT));
    // The read stops after two pages (2 x NOTIFY_JOB_LIMIT rows, newest first): the failed list is the newest
    // failures down to where the read stopped, and hasMore says there are older ones.
    const failed = ids(answer?.value.failed ?? []);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(want.failed.length);
    expect(failed).toEqual(want.failed.slice(0, failed.length));
    expect(used).toBe(2);
  });

  describe('faults give a partial answer', () => {
    it('a truncated batch: what it returned, labelled truncated', async () => {
      backend.sim?.admin.setFaults({ rules: [{ target: 'arg', truncateTo: 1 }] });
      const scope = { subscriptions: subs.map((s) => text(s.subscriptionId)) };
      const { answers } = await poll([{ filters: {}, from: FROM }], scope);
      const answer = answers[0];
      expect(answer?.partial.length).toBeGreaterThan(0);
      expect(answer?.partial.every((p) => p.kind === 'truncated')).toBe(true);
      const got = [...ids(answer?.value.failed ?? []), ...ids(answer?.value.good ?? [])];
      expect(got.length).toBeGreaterThan(0);
      expect(got.length).toBeLessThanOrEqual(subs.length);
      const want = expected({}, FROM);
      for (const id of got) expect([...want.failed, ...want.good]).toContain(id);
    });

    it('a failing Resource Graph: empty lists, labelled failed-batch, the other scopes answered alike', async () => {
      backend.sim?.admin.setFaults({ rules: [{ target: 'arg', errorRate: 1, errorStatus: 500 }] });
      const { answers } = await poll([
        { filters: {}, from: FROM },
        { filters: { workload: 'vm' }, from: FROM },
      ]);
      for (const answer of answers) {
        expect(answer.value).toEqual({ failed: [], good: [], hasMore: false });
        expect(answer.partial.map((p) => p.kind)).toEqual(['failed-batch']);
      }
    });
  });

  it('KQL injection in a filter value stays a value', async () => {
    const vault = text(estate.tables.Resources.find((r) => r.type === ARG_TYPES.rsvVault)?.name);
    for (const evil of [
      `${vault}' or 1==1 or vaultName =~ '`,
      `x' | union RecoveryServicesResources | where '' == '`,
    ]) {
      const answer = await one({ vault: evil });
      expect(answer.partial).toEqual([]);
      expect(answer.value).toEqual({ failed: [], good: [], hasMore: false });
      expect(answer.kql[0]).toContain(`vaultName =~ '${evil.replace(/'/g, "\\'")}'`);
    }
    const rg = await one({ resourceGroup: "rg' or '1'=='1" });
    expect(rg.value.good).toEqual([]);
  });
});
