// How a digest run behaves as a whole: queries per scope and what is shared (sub: names, unprotected datasources of
// runs over 4 scopes), a failing part or scope reported without failing the others, cancellation, the job cap,
// scope concurrency, and subscription names.
import type { ArgQuery, ArgQueryRunner, ArgResult, ArgRow } from '../../../src/azure/arg-types';
import { createBackupData } from '../../../src/azure/backup-data';
import { DIGEST_JOB_LIMIT, type DigestScopeRequest } from '../../../src/core/domain/digest';
import type { BackupFilters } from '../../../src/core/domain/filters';
import { EngineRunner } from '../support/engine-runner';
import { DIGEST_NOW, DIGEST_SINCE, digestEstate } from './support/digest-estate';

const scopes = (...filters: BackupFilters[]): DigestScopeRequest[] =>
  filters.map((f) => ({ filters: f, recoveredSince: DIGEST_SINCE }));

/** The engine over the digest estate, with hooks: fail some queries, delay all, count what is in flight. */
class HookedRunner implements ArgQueryRunner {
  readonly engine = new EngineRunner(digestEstate.tables, DIGEST_NOW);
  inFlight: string[] = [];
  maxItemQueriesInFlight = 0;
  constructor(
    private readonly hooks: {
      fail?: (kql: string) => boolean;
      delayMs?: number;
      rows?: (kql: string) => ArgRow[] | undefined;
    } = {},
  ) {}
  get sent(): string[] {
    return this.engine.sent;
  }
  async query(q: ArgQuery): Promise<ArgResult> {
    this.inFlight.push(q.kql);
    const items = this.inFlight.filter((k) => k.includes('itemRows')).length;
    this.maxItemQueriesInFlight = Math.max(this.maxItemQueriesInFlight, items);
    try {
      if (this.hooks.delayMs) await new Promise((r) => setTimeout(r, this.hooks.delayMs));
      q.signal?.throwIfAborted();
      if (this.hooks.fail?.(q.kql)) throw new Error('Resource Graph said no (HTTP 500)');
      const rows = this.hooks.rows?.(q.kql);
      if (rows) {
        this.engine.sent.push(q.kql);
        const capped = q.maxRows === undefined ? rows : rows.slice(0, q.maxRows);
        return { rows: capped, partial: [], stats: { requests: 1, rows: capped.length, argMs: 0 }, fromCache: false };
      }
      return await this.engine.query(q);
    } finally {
      this.inFlight.splice(this.inFlight.indexOf(q.kql), 1);
    }
  }
}

const isLookup = (kql: string) => kql.startsWith('ResourceContainers') && kql.includes('name =~');
const isUnprotected = (kql: string) =>
  (kql.startsWith('Resources') && kql.includes('coverItem')) || kql.includes('protectableitems');

describe('queries per scope', () => {
  it('one scope: failed jobs, digest items, vaults, and the 8 unprotected queries', async () => {
    const runner = new HookedRunner();
    const [answer] = await createBackupData(runner).digests(scopes({}));
    expect(runner.sent).toHaveLength(11);
    expect([...(answer?.kql ?? [])].sort()).toEqual([...runner.sent].sort());
    expect(answer?.kql).toHaveLength(11);
    expect(answer?.stats.requests).toBe(11);
    expect(runner.sent.filter(isUnprotected)).toHaveLength(8);
  });

  it('a scope naming a vault reads no unprotected datasources: 3 queries', async () => {
    const runner = new HookedRunner();
    const [answer] = await createBackupData(runner).digests(scopes({ vault: 'rsv-prod' }));
    expect(runner.sent).toHaveLength(3);
    expect(answer?.value.unprotected).toBeUndefined();
  });

  it('more than 4 scopes: 2 queries each, vaults (1) and unprotected (8) read once and split; sub: names once each', async () => {
    const runner = new HookedRunner();
    const filters: BackupFilters[] = [
      {},
      { subscription: 'Contoso Prod' },
      { subscription: 'CONTOSO PROD', workload: 'vm' },
      { subscription: 'contoso dev' },
      { vault: 'bv-prod' },
      { tags: [{ key: 'env', value: 'prod' }] },
    ];
    const answers = await createBackupData(runner).digests(scopes(...filters));
    expect(runner.sent.filter(isLookup)).toHaveLength(2);
    expect(runner.sent.filter(isUnprotected)).toHaveLength(8);
    expect(runner.sent).toHaveLength(6 * 2 + 1 + 8 + 2);
    // Each answer shows every query it used (shared ones included) and counts each request once over the run.
    expect(answers.map((a) => a.kql.length)).toEqual([11, 12, 12, 12, 3, 11]);
    expect(answers.reduce((n, a) => n + a.stats.requests, 0)).toBe(runner.sent.length);
    expect(answers.every((a) => a.partial.length === 0)).toBe(true);
    expect(answers[3]?.value.unprotected?.datasources.map((d) => d.name)).toEqual(['vm-unprot-02']);
    expect(answers[2]?.value.unprotected?.datasources.every((d) => d.workload === 'vm')).toBe(true);
  });

  it('answers come in the order asked, two scopes at a time', async () => {
    const runner = new HookedRunner({ delayMs: 5 });
    const filters: BackupFilters[] = ['rsv-prod', 'bv-prod', 'rsv-dev', 'bv-fab', 'rsv-prod'].map((vault) => ({
      vault,
    }));
    const answers = await createBackupData(runner).digests(scopes(...filters));
    expect(runner.maxItemQueriesInFlight).toBe(2);
    expect(answers.map((a) => a.value.vaults.map((v) => v.name))).toEqual(filters.map((f) => [f.vault]));
  });
});

describe('failures stay in their scope and part', () => {
  it('a failed part: a failed-batch note naming it, that part empty, the rest complete; other scopes untouched', async () => {
    const runner = new HookedRunner({ fail: (kql) => kql.includes('itemRows') && kql.includes("=~ 'bv-prod'") });
    const [bad, good] = await createBackupData(runner).digests(scopes({ vault: 'bv-prod' }, { vault: 'rsv-dev' }));
    expect(bad?.partial).toEqual([
      { kind: 'failed-batch', detail: 'Backup items could not be read: Resource Graph said no (HTTP 500)' },
    ]);
    expect(bad?.value.items).toEqual([]);
    expect(bad?.value.vaults.map((v) => v.name)).toEqual(['bv-prod']);
    expect(bad?.value.failedJobs.length).toBeGreaterThan(0);
    // The failed query is listed too ("Show query").
    expect(bad?.kql.some((k) => k.includes('itemRows'))).toBe(true);
    expect(good?.partial).toEqual([]);
    expect(good?.value.items.length).toBe(1);
  });

  it('an unknown sub: name fails its scope only, with every part empty', async () => {
    const runner = new HookedRunner();
    const [bad, good] = await createBackupData(runner).digests(scopes({ subscription: 'Nope' }, {}));
    expect(bad?.value).toEqual({
      failedJobs: [],
      failedJobsMore: false,
      items: [],
      vaults: [],
      unprotected: { datasources: [], stopped: [], complete: false },
    });
    expect(bad?.partial).toHaveLength(1);
    expect(bad?.partial[0]?.kind).toBe('failed-batch');
    expect(bad?.partial[0]?.detail).toMatch(
      /^The scope's filters could not be applied, so nothing was read: No subscription named "Nope"/,
    );
    expect(good?.partial).toEqual([]);
    expect(good?.value.items.length).toBeGreaterThan(0);
  });

  it('invalid filters fail their scope the same way (no unprotected part when a vault is named)', async () => {
    const [answer] = await createBackupData(new HookedRunner()).digests(
      scopes({ vault: 'v', workload: 'nfs' as never }),
    );
    expect(answer?.partial[0]?.detail).toMatch(/filters could not be applied.*"nfs" is not a workload/);
    expect(answer?.value.unprotected).toBeUndefined();
    expect(answer?.kql).toEqual([]);
  });

  it('a failed shared unprotected read: every scope notes it and says complete: false', async () => {
    const runner = new HookedRunner({ fail: (kql) => isUnprotected(kql) && kql.includes("'microsoft.compute/disks'") });
    const answers = await createBackupData(runner).digests(scopes({}, {}, {}, {}, {}));
    for (const a of answers) {
      expect(a.partial).toEqual([
        {
          kind: 'failed-batch',
          detail: 'Unprotected datasources could not be read: Resource Graph said no (HTTP 500)',
        },
      ]);
      expect(a.value.unprotected).toEqual({ datasources: [], stopped: [], complete: false });
      expect(a.value.items.length).toBeGreaterThan(0);
    }
    expect(runner.sent.filter(isUnprotected).length).toBeLessThanOrEqual(8);
  });

  it('a cancelled run throws instead of answering partially', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user went away'));
    await expect(
      createBackupData(new HookedRunner()).digests(scopes({}, {}), { signal: controller.signal }),
    ).rejects.toThrow('user went away');
  });
});

describe('failed jobs cap', () => {
  it(`reads ${DIGEST_JOB_LIMIT} + 1 rows, keeps backups only, and says there are more`, async () => {
    const job = (i: number, operation: string): ArgRow => ({
      id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupJobs/j${String(i).padStart(5, '0')}`,
      startTime: new Date(Date.UTC(2025, 5, 15, 0, 0, i)).toISOString(),
      status: 'Failed',
      rawStatus: 'Failed',
      operation,
    });
    const rows = Array.from({ length: DIGEST_JOB_LIMIT + 50 }, (_, i) => job(i, i % 10 === 0 ? 'Restore' : 'Backup'));
    const runner = new HookedRunner({ rows: (kql) => (kql.includes("where status in ('Failed')") ? rows : undefined) });
    const [answer] = await createBackupData(runner).digests(scopes({ vault: 'rsv-prod' }));
    expect(answer?.value.failedJobsMore).toBe(true);
    // Rows j00000…j01000 were read; every tenth is a Restore.
    expect(answer?.value.failedJobs).toHaveLength(900);
    expect(answer?.value.failedJobs.every((j) => j.operation.kind === 'backup')).toBe(true);
    expect(answer?.value.failedJobs[0]?.id).toMatch(/j00999$/);
    // The cap is ours: no row-limit note makes the digest look partial.
    expect(answer?.partial).toEqual([]);
  });
});

describe('subscriptionNames', () => {
  it('names by lower-case id, from one ResourceContainers query through the runner', async () => {
    const runner = new HookedRunner();
    const names = await createBackupData(runner).subscriptionNames();
    expect(names).toEqual(
      new Map([
        ['aaaaaaaa-0000-4000-8000-000000000001', 'Contoso Prod'],
        ['aaaaaaaa-0000-4000-8000-000000000002', 'Contoso Dev'],
        ['bbbbbbbb-0000-4000-8000-000000000003', 'Fabrikam'],
      ]),
    );
    expect(runner.sent).toHaveLength(1);
    expect(runner.sent[0]).toMatch(/^ResourceContainers\n\| where type =~ 'microsoft.resources\/subscriptions'/);
  });
});
