// The failed-jobs overview and `jobs failed code:…` over the real data layer and a generated estate: every code in
// the answer once, counts that add up to the list, and each Show button opening exactly that code's jobs.

import type { Job } from '../../../src/core/domain/jobs';
import type { JobsViewModel } from '../../../src/core/view-models/jobs';
import { OVERVIEW_MAX_CODES } from '../../../src/core/views';
import { errorCodeOf, explainJob, hasErrorCode } from '../../../src/core/views/job-rows';
import { PAGE_SIZES } from '../../../src/core/views/shared/page-size';
import { smallEstateData, TEAMS_CALLER, testCore } from '../support/core-estates';
import { hugeJob } from '../support/huge-estate';

const jobsOf = (m: JobsViewModel) => m.entries.flatMap((e) => e.job);
const countIn = (line: string) => Number(/^([\d,]+) jobs?$/.exec(line)?.[1]?.replace(/,/g, ''));

test('page 1 lists every error code once, biggest first, and the counts add up to the failed jobs', async () => {
  const { core } = testCore(smallEstateData());
  const model = (await core.handleText('jobs failed since:7d', TEAMS_CALLER)).model as JobsViewModel;
  // 21 codes in a week: 15 lines of their own, the smallest six share one.
  const codes = Number(/^(\d+) error codes/.exec(model.overviewTitle[0] ?? '')?.[1]);
  expect(model.overview).toHaveLength(Math.min(codes, OVERVIEW_MAX_CODES));
  expect(model.overviewMore).toEqual(
    codes > OVERVIEW_MAX_CODES ? [expect.stringMatching(`^… and ${codes - OVERVIEW_MAX_CODES} more codes with`)] : [],
  );
  const counts = model.overview.map((l) => countIn(l.count));
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  expect(new Set(model.overview.map((l) => l.heading)).size).toBe(model.overview.length);
  const total = Number(/of ([\d,]+) failed jobs/.exec(model.totals)?.[1]?.replace(/,/g, ''));
  const more = Number(/with ([\d,]+) jobs?/.exec(model.overviewMore[0] ?? '')?.[1] ?? 0);
  expect(counts.reduce((a, b) => a + b, 0) + more).toBe(total);
  // Page 2 carries no overview.
  const two = (await core.handleText('jobs failed since:7d page:2', TEAMS_CALLER)).model as JobsViewModel;
  expect(two.overview).toEqual([]);
});

test('each Show opens that code alone: the count on its line, one heading, and a way back to every failed job', async () => {
  const { core } = testCore(smallEstateData());
  const model = (await core.handleText('jobs failed since:7d', TEAMS_CALLER)).model as JobsViewModel;
  for (const line of model.overview.slice(0, 4)) {
    const reply = await core.handleAction(line.show[0]?.payload, TEAMS_CALLER);
    const list = reply.model as JobsViewModel;
    const code = /"c":"jobs failed code:([^ "]+)/.exec(line.show[0]?.payload ?? '')?.[1] as string;
    expect(list.title).toBe(`Failed jobs: ${code}`);
    expect(list.overview).toEqual([]);
    expect(jobsOf(list)).toHaveLength(Math.min(countIn(line.count), PAGE_SIZES.jobs.adaptive));
    const headings = list.entries.flatMap((e) => e.group.map((g) => g.heading));
    expect(headings).toHaveLength(1);
    expect(headings[0]).toContain(line.heading);
    expect(list.buttons.map((b) => b.label)).toContain('All failed jobs');
  }
});

test('a code nobody failed with says so, in the window asked', async () => {
  const { core } = testCore(smallEstateData());
  const none = (await core.handleText('jobs failed code:UserErrorNothingLikeThis', TEAMS_CALLER))
    .model as JobsViewModel;
  expect(none.empty).toEqual(['✅ No failed jobs with error code UserErrorNothingLikeThis in the last 24 h.']);
  expect(none.totals).toBe('no failed jobs');
});

test('a documented number, an alias and the named code are one code: each finds the jobs of all', () => {
  const named = { ...hugeJob(1), errorCode: 'ResourceNotFound' };
  named.errors = [{ ...(named.errors[0] as Job['errors'][number]), code: 'ResourceNotFound' }];
  const numbered = { ...hugeJob(2), errorCode: '400094' };
  numbered.errors = [{ ...(numbered.errors[0] as Job['errors'][number]), code: '400094' }];
  expect(errorCodeOf(numbered)).toBe(errorCodeOf(named));
  for (const asked of ['400094', 'ResourceNotFound', 'resourcenotfound', 'BCMV2VMNotFound']) {
    expect([named, numbered].filter((j) => hasErrorCode(j, asked))).toHaveLength(2);
  }
  const bare = { ...hugeJob(3), errorCode: undefined, errors: [] };
  expect(hasErrorCode(bare, 'none')).toBe(true);
  expect(hasErrorCode(named, 'none')).toBe(false);
});

test('a failed backup job with a restore-only code gets Azure’s words; a failed restore job gets the restore fix', () => {
  // backup-azure-vms-troubleshoot.md lists UserErrorSkuNotAvailable among VM restore errors only.
  const withCode = (kind: 'backup' | 'restore'): Job => {
    const job = hugeJob(0);
    const raw = kind === 'backup' ? 'Backup' : 'Restore';
    return {
      ...job,
      operation: { kind, raw, adhoc: false },
      errors: [{ code: 'UserErrorSkuNotAvailable', message: 'It failed.', recommendations: [] }],
    };
  };
  expect(explainJob(withCode('backup'))).toMatchObject({ known: false, cause: 'It failed.' });
  expect(explainJob(withCode('restore'))).toMatchObject({ known: true, code: 'UserErrorSkuNotAvailable' });
});
