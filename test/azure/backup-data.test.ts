// The facade over a contract-level stand-in runner: what each answer carries (KQL, partial notes, cost), subscription
// name resolution, newest-first lists across subscription batches, "more" detection and refused filters.
import type { ArgQuery, ArgQueryRunner, ArgResult, ArgRow, PartialReason } from '../../src/azure/arg-types';
import { createBackupData } from '../../src/azure/backup-data';
import { UserFacingError } from '../../src/core/errors';

/** Answers each query by what it asks for; records every query it was sent. */
class StandInRunner implements ArgQueryRunner {
  readonly sent: ArgQuery[] = [];
  constructor(private readonly answer: (kql: string, q: ArgQuery) => { rows: ArgRow[]; partial?: PartialReason[] }) {}
  async query(q: ArgQuery): Promise<ArgResult> {
    this.sent.push(q);
    const { rows, partial = [] } = this.answer(q.kql, q);
    const capped = q.maxRows !== undefined ? rows.slice(0, q.maxRows) : rows;
    const notes = [...partial];
    if (capped.length < rows.length) notes.push({ kind: 'row-limit', detail: `first ${q.maxRows} rows` });
    return { rows: capped, partial: notes, stats: { requests: 1, rows: capped.length, argMs: 5 }, fromCache: false };
  }
}

const SUB = '5a5a5a5a-0000-0000-0000-000000000001';
const jobId = (n: number) =>
  `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/rsv/backupJobs/job-${n}`;

describe('createBackupData', () => {
  it('summary: one answer from four queries, cost summed, partial notes passed on, KQL shown', async () => {
    const runner = new StandInRunner((kql) => {
      if (kql.includes('summarize jobs = count()')) {
        return {
          rows: [{ id: 'a', tenantId: 't', status: 'Failed', workload: 'vm', operation: 'backup', jobs: 2 }],
          partial: [{ kind: 'throttled', detail: '1 subscription batch was throttled', subscriptions: [SUB] }],
        };
      }
      if (kql.includes('summarize instances = count()')) {
        return {
          rows: [{ id: 'b', tenantId: 't', workload: 'vm', state: 'Protected', health: 'Healthy', instances: 4 }],
        };
      }
      if (kql.includes('summarize alerts = count()')) {
        return { rows: [{ id: 'c', tenantId: 't', severity: 'sev1', alerts: 3 }] };
      }
      return {
        rows: [
          {
            id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.RecoveryServices/vaults/v',
            type: 'microsoft.recoveryservices/vaults',
            softDelete: 'AlwaysON',
          },
        ],
      };
    });
    const answer = await createBackupData(runner).summary({});
    expect(answer.value.jobs.byStatus.Failed).toBe(2);
    expect(answer.value.instances.byState.Protected).toBe(4);
    expect(answer.value.vaults).toEqual({ total: 1, bySecurityLevel: { Excellent: 0, Good: 1, Fair: 0, Poor: 0 } });
    expect(answer.value.alerts?.active).toBe(3);
    expect(answer.value.alerts?.bySeverity.Sev1).toBe(3);
    expect(answer.kql).toHaveLength(4);
    // The default window is 24 h for jobs and for the vaults' failed-job counts; active alerts count at any age.
    expect(answer.kql.filter((k) => k.includes('ago(24h)'))).toHaveLength(2);
    expect(answer.stats).toEqual({ requests: 4, rows: 4, argMs: 20 });
    expect(answer.partial).toEqual([
      { kind: 'throttled', detail: '1 subscription batch was throttled', subscriptions: [SUB] },
    ]);
  });

  it('resolves sub:<name> through ResourceContainers once and filters on the ids found', async () => {
    const runner = new StandInRunner((kql) =>
      kql.startsWith('ResourceContainers')
        ? { rows: [{ id: `/subscriptions/${SUB}`, subscriptionId: SUB.toUpperCase(), name: 'Contoso Prod' }] }
        : { rows: [] },
    );
    const answer = await createBackupData(runner).summary({ subscription: 'Contoso Prod' });
    expect(runner.sent.filter((q) => q.kql.startsWith('ResourceContainers'))).toHaveLength(1);
    expect(answer.kql[0]).toContain("name =~ 'Contoso Prod'");
    expect(answer.kql.slice(1).every((k) => k.includes(`in~ ('${SUB}')`))).toBe(true);
  });

  it('an unknown subscription name is a user-facing error that says what to do', async () => {
    const runner = new StandInRunner(() => ({ rows: [] }));
    await expect(createBackupData(runner).jobs('failed', { subscription: 'Nope' })).rejects.toThrow(UserFacingError);
    await expect(createBackupData(runner).jobs('failed', { subscription: 'Nope' })).rejects.toThrow(
      /No subscription named "Nope"/,
    );
  });

  it('a subscription id needs no lookup', async () => {
    const runner = new StandInRunner(() => ({ rows: [] }));
    await createBackupData(runner).jobs('all', { subscription: SUB });
    expect(runner.sent).toHaveLength(1);
  });

  it('jobs: newest first across subscription batches, limit honoured, "more" is not a partial answer', async () => {
    const rows = [
      { id: jobId(1), startTime: '2025-01-10T01:00:00Z', status: 'Failed' },
      { id: jobId(2), startTime: '2025-01-10T05:00:00Z', status: 'Failed' },
      // a second batch, newest-first on its own
      { id: jobId(3), startTime: '2025-01-10T09:00:00Z', status: 'Failed' },
      { id: jobId(4), startTime: '2025-01-10T03:00:00Z', status: 'Failed' },
    ];
    const runner = new StandInRunner(() => ({ rows }));
    const answer = await createBackupData(runner).jobs('failed', { since: '7d' }, { limit: 2 });
    expect(runner.sent[0]?.maxRows).toBe(3);
    // The runner stopped after 3 rows (limit + 1): those are re-sorted newest first, the extra one means "more".
    expect(answer.value.jobs.map((j) => j.id)).toEqual([jobId(3), jobId(2)]);
    expect(answer.value.hasMore).toBe(true);
    expect(answer.partial).toEqual([]);
    expect(answer.kql[0]).toContain("where status in ('Failed')");
    expect(answer.kql[0]).toContain('ago(7d)');
  });

  it('since beyond 14 days is refused before any query is sent', async () => {
    const runner = new StandInRunner(() => ({ rows: [] }));
    await expect(createBackupData(runner).jobs('all', { since: '30d' as never })).rejects.toThrow(/14 days/);
    expect(runner.sent).toHaveLength(0);
  });

  it('unprotected: refuses vault:, runs one query per workload when none is named', async () => {
    const runner = new StandInRunner((kql) =>
      kql.includes("'microsoft.compute/disks'") && kql.startsWith('Resources')
        ? { rows: [{ id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/disks/d1', name: 'd1' }] }
        : { rows: [] },
    );
    const data = createBackupData(runner);
    await expect(data.unprotected('vm', { vault: 'x' })).rejects.toThrow(/vault: does not apply/);
    const answer = await data.unprotected(undefined, {});
    expect(answer.kql).toHaveLength(8);
    expect(answer.value.datasources.map((d) => d.name)).toEqual(['d1']);
    expect(answer.value.counts.disks).toBe(1);
  });

  it('item: several matches are returned for the user to pick; one match brings its jobs', async () => {
    const item = (n: string) => ({
      id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/rsv/backupFabrics/Azure/protectionContainers/c/protectedItems/VM;x;rg;${n}`,
      friendlyName: 'vm-01',
      workload: 'vm',
      rawState: 'Protected',
      state: 'Protected',
    });
    let matches = [item('a'), item('b')];
    const runner = new StandInRunner((kql) =>
      kql.includes('backupjobs') && kql.includes(`tolower(itemId) == '${item('a').id.toLowerCase()}'`)
        ? { rows: [{ id: jobId(7), startTime: '2025-01-10T01:00:00Z', status: 'Completed' }] }
        : { rows: matches },
    );
    const data = createBackupData(runner);
    const ambiguous = await data.item('vm-01');
    expect(ambiguous.value.kind).toBe('ambiguous');
    matches = [item('a')];
    const found = await data.item('vm-01');
    expect(found.value.kind === 'found' && found.value.detail.jobs.map((j) => j.id)).toEqual([jobId(7)]);
    expect(found.value.kind === 'found' && found.value.detail.instance.retry.possible).toBe(true);
    matches = [];
    expect((await data.item('nothing')).value).toEqual({ kind: 'not-found', query: 'nothing' });
  });

  it('passes the caller scope and fresh flag to the runner', async () => {
    const runner = new StandInRunner(() => ({ rows: [] }));
    await createBackupData(runner).vaults({}, { scope: { subscriptions: [SUB] }, fresh: true });
    expect(runner.sent[0]).toMatchObject({ scope: { subscriptions: [SUB] }, fresh: true });
  });
});
