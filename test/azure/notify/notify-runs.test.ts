// The notification query as text (the jobs view's filters reused verbatim, `from` bound as a datetime) and a poll's
// behaviour in process: the tricky estate's edge rows, the cap without a row cut, a scope whose filters fail, order of
// answers, cancellation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgQuery, ArgQueryRunner, ArgResult, ArgRow } from '../../../src/azure/arg-types';
import { createBackupData } from '../../../src/azure/backup-data';
import { bindNotifyJobsKql, NOTIFY_MAX_ROWS } from '../../../src/azure/notify/notify';
import { NOTIFY_JOB_LIMIT } from '../../../src/core/domain/notify';
import { FULL, NONE } from '../support/all-queries';
import { EngineRunner, loadEstateTables } from '../support/engine-runner';
import { TRICKY_ESTATE, tricky } from '../support/tricky-checks';

const SRC = join(__dirname, '../../../src/azure');
const pipelineLines = (file: string): string[] =>
  readFileSync(join(SRC, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('| '));
const FROM = new Date('2025-06-14T12:00:00.123Z');

describe('the notify query', () => {
  it("is the jobs view's query with the window: its filter lines verbatim, its columns and order", () => {
    const kql = bindNotifyJobsKql(FULL, FROM).split('\n');
    const shared = [...pipelineLines('jobs/jobs-filtered.kql'), ...pipelineLines('jobs/job-list.kql')].filter(
      (l) => !l.includes('{{'),
    );
    expect(shared.length).toBeGreaterThan(10);
    for (const line of shared) expect(kql).toContain(line);
  });

  it('binds `from` as a datetime literal, the statuses and every filter once', () => {
    const kql = bindNotifyJobsKql(FULL, FROM);
    expect(kql).toContain('>= datetime(2025-06-14T12:00:00.123Z)');
    expect(kql).toContain("where status in ('Failed', 'Completed', 'CompletedWithWarnings')");
    expect(kql).toContain('where startTime > ago(14d)');
    for (const part of [
      "vaultName =~ 'rsv-prod'",
      "workload == 'sql'",
      "dsSub in~ ('11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222')",
      "dsRg =~ 'rg-o\\'neil'",
      "dsLocation =~ 'westeurope'",
      "tostring(tagBag['costcenter']) =~ 'a\\\\b'",
    ]) {
      expect(kql.split(part)).toHaveLength(2);
    }
    const none = bindNotifyJobsKql(NONE, FROM);
    for (const word of ['vaultName =~', 'workload ==', 'dsSub in~', 'dsRg =~', 'dsLocation =~', 'tagText']) {
      expect(none).not.toContain(word);
    }
    // Without a tag: filter, the only join is the one tying Recovery Services jobs to their items.
    expect(none.match(/\| join /g)).toHaveLength(1);
    expect(none).not.toMatch(/^\s*Resources\b/m);
  });

  it('refuses a `from` that is not a valid date instead of writing it into the query', () => {
    expect(() => bindNotifyJobsKql(NONE, new Date('not a date'))).toThrow(TypeError);
  });
});

describe('the tricky estate', () => {
  const tables = loadEstateTables(TRICKY_ESTATE);
  const data = createBackupData(new EngineRunner(tables, new Date(tricky.now)));
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  /** From the rows: backups (any case) that ended, else started, at or after `from`; newest start first. */
  const expected = (from: Date, statuses: string[]) =>
    (tables.RecoveryServicesResources ?? [])
      .filter((r) => /\/backupjobs$/i.test(text(r.type)))
      .map((r) => ({ r, p: (r.properties ?? {}) as Record<string, unknown> }))
      .filter(({ r, p }) =>
        text(/dataprotection/i.test(text(r.type)) ? p.operationCategory : p.operation)
          .toLowerCase()
          .startsWith('backup'),
      )
      .filter(({ p }) => statuses.includes(text(p.status).toLowerCase()))
      .filter(({ p }) => Date.parse(text(p.endTime) || text(p.startTime)) >= from.getTime())
      .sort((a, b) => Date.parse(text(b.p.startTime)) - Date.parse(text(a.p.startTime)))
      .map(({ r }) => text(r.id));

  it.each([
    ['2025-06-15T08:00:00Z', 'a failure without an end time is in by its start; a good one started before is out'],
    ['2025-06-14T00:00:00Z', 'both vault kinds, newest first'],
  ])('from %s: %s', async (from) => {
    const [answer] = await data.notifyJobs([{ filters: {}, from: new Date(from) }]);
    const failed = expected(new Date(from), ['failed']);
    const good = expected(new Date(from), ['completed', 'completedwithwarnings']);
    expect(failed.length).toBeGreaterThan(0);
    expect(answer?.value.failed.map((j) => j.id)).toEqual(failed);
    expect(answer?.value.good.map((j) => j.id)).toEqual(good);
    expect(answer?.partial).toEqual([]);
  });

  it('a failed job with no end time keeps none, and its start', async () => {
    const [answer] = await data.notifyJobs([{ filters: {}, from: new Date('2025-06-15T08:00:00Z') }]);
    const noEnd = answer?.value.failed.find((j) => j.endTime === undefined);
    expect(noEnd?.startTime).toBe('2025-06-15T10:00:00.000Z');
    expect(answer?.value.good.some((j) => j.startTime === '2025-06-15T07:00:00.000Z')).toBe(false);
  });

  it('answers in the order asked; a scope whose filters fail answers empty and partial, the others fully', async () => {
    const answers = await data.notifyJobs([
      { filters: { subscription: 'No Such Subscription' }, from: FROM },
      { filters: { subscription: 'Fabrikam' }, from: FROM },
      { filters: {}, from: FROM },
    ]);
    expect(answers[0]?.value).toEqual({ failed: [], good: [], hasMore: false });
    expect(answers[0]?.partial).toEqual([
      { kind: 'failed-batch', detail: expect.stringMatching(/^The scope's filters could not be applied.*No Such/) },
    ]);
    // Fabrikam holds one backup job in the window (bv-fab k4).
    expect(answers[1]?.value.failed.map((j) => j.id.split('/').pop())).toEqual(['k4']);
    expect(answers[1]?.partial).toEqual([]);
    expect(answers[2]?.value.failed.length).toBeGreaterThan(1);
  });

  it('a cancelled poll throws', async () => {
    const stop = new AbortController();
    stop.abort();
    const runner: ArgQueryRunner = {
      query: async (q) => {
        q.signal?.throwIfAborted();
        throw new Error('unreachable');
      },
    };
    await expect(
      createBackupData(runner).notifyJobs([{ filters: {}, from: FROM }], { signal: stop.signal }),
    ).rejects.toThrow();
  });
});

describe('the cap', () => {
  const row = (i: number, status: string): ArgRow => ({
    id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupJobs/${status}-${String(i).padStart(5, '0')}`,
    subscriptionId: 's',
    startTime: new Date(Date.parse('2025-06-15T00:00:00Z') - i * 60_000).toISOString(),
    status,
    rawStatus: status,
    operation: 'Backup',
  });
  /** Answers every query with `rows` (no cut below maxRows), recording what it was asked. */
  const fixed = (rows: ArgRow[]) => {
    const asked: ArgQuery[] = [];
    const runner: ArgQueryRunner = {
      async query(q): Promise<ArgResult> {
        asked.push(q);
        const kept = rows.slice(0, q.maxRows ?? rows.length);
        const cut = kept.length < rows.length;
        return {
          rows: kept,
          partial: cut ? [{ kind: 'row-limit', detail: 'cut' }] : [],
          stats: { requests: 1, rows: kept.length, argMs: 0 },
          fromCache: false,
        };
      },
    };
    return { runner, asked };
  };

  it('a kind over the limit is cut to its newest NOTIFY_JOB_LIMIT, with hasMore; the other kind is whole', async () => {
    const rows = [
      ...Array.from({ length: NOTIFY_JOB_LIMIT + 1 }, (_, i) => row(i, 'Failed')),
      ...Array.from({ length: 5 }, (_, i) => row(i, 'Completed')),
    ];
    const { runner, asked } = fixed(rows);
    const [answer] = await createBackupData(runner).notifyJobs([{ filters: {}, from: FROM }]);
    expect(asked.map((q) => q.maxRows)).toEqual([NOTIFY_MAX_ROWS]);
    expect(answer?.value.failed).toHaveLength(NOTIFY_JOB_LIMIT);
    expect(answer?.value.failed[0]?.id).toMatch(/Failed-00000$/);
    expect(answer?.value.failed.at(-1)?.id).toMatch(/Failed-00999$/);
    expect(answer?.value.good).toHaveLength(5);
    expect(answer?.value.hasMore).toBe(true);
    expect(answer?.partial).toEqual([]);
  });

  it('exactly NOTIFY_JOB_LIMIT of each: everything, no hasMore', async () => {
    const rows = [
      ...Array.from({ length: NOTIFY_JOB_LIMIT }, (_, i) => row(i, 'Failed')),
      ...Array.from({ length: NOTIFY_JOB_LIMIT }, (_, i) => row(i, 'CompletedWithWarnings')),
    ];
    const [answer] = await createBackupData(fixed(rows).runner).notifyJobs([{ filters: {}, from: FROM }]);
    expect(answer?.value.failed).toHaveLength(NOTIFY_JOB_LIMIT);
    expect(answer?.value.good).toHaveLength(NOTIFY_JOB_LIMIT);
    expect(answer?.value.hasMore).toBe(false);
  });

  it('rows cut at the read limit: hasMore, and no partial note (the limit is ours)', async () => {
    const rows = Array.from({ length: NOTIFY_MAX_ROWS + 1 }, (_, i) => row(i, i % 2 ? 'Failed' : 'Completed'));
    const [answer] = await createBackupData(fixed(rows).runner).notifyJobs([{ filters: {}, from: FROM }]);
    expect(answer?.value.failed).toHaveLength(NOTIFY_JOB_LIMIT);
    expect(answer?.value.good).toHaveLength(NOTIFY_JOB_LIMIT);
    expect(answer?.value.hasMore).toBe(true);
    expect(answer?.partial).toEqual([]);
  });
});
