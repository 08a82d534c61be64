// The list page sizes (src/core/views/shared/page-size.ts) are what a worst-case page really holds on each platform:
// the page renders within every limit, and one more row like the others would not. A template change shows up here.
import { parseAccessPolicy } from '../../src/core/authorize';
import { createConversationCore } from '../../src/core/conversation';
import type { ConversationCore } from '../../src/core/conversation-port';
import type { BackupInstance } from '../../src/core/domain/instances';
import type { Job } from '../../src/core/domain/jobs';
import type { BackupDataPort } from '../../src/core/ports';
import type { UnprotectedViewModel } from '../../src/core/view-models/inventory';
import type { JobsViewModel } from '../../src/core/view-models/jobs';
import { buildUnprotectedView, buildVaultsView, OVERVIEW_MAX_CODES } from '../../src/core/views';
import { OVERVIEW_PAGE_SIZES, PAGE_SIZES } from '../../src/core/views/shared/page-size';
import { renderView } from '../../src/render/render-view';
import { CountingStash, hugeEstateData, NOW, SLACK_CALLER, TEAMS_CALLER } from '../core/support/core-estates';
import { hugeInstance, hugeJob } from '../core/support/huge-estate';
import { inventoryContext } from '../core/views/support/inventory-context';
import { hugeUnprotected, hugeVaults, answer as inventoryAnswer } from '../core/views/support/inventory-estates';
import { rendersAsDesigned } from '../core/views/support/render-checks';

type RetryPart = 'button' | 'note';
type Shape = 'monday' | 'every-job';

/** A Monday's shape (38 failures in 13 codes), repeated: a few big codes, then many of one or two jobs. */
const MONDAY = [10, 6, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1];

/**
 * Failed jobs with the longest names, each code one nobody catalogues (Azure's texts, clipped at their longest).
 * `monday`: codes shared as on a real bad morning; `every-job`: every job its own code, the worst case there is.
 */
function worstJobs(count: number, shape: Shape): Job[] {
  const codeOf: number[] = [];
  for (let group = 0; codeOf.length < count; group++) {
    const size = shape === 'every-job' ? 1 : (MONDAY[group % MONDAY.length] as number);
    for (let i = 0; i < size; i++) codeOf.push(group);
  }
  return Array.from({ length: count }, (_, n) => {
    const job = hugeJob(n);
    const code = `UserErrorNobodyHasCataloguedThisOne${String(codeOf[n]).padStart(6, '0')}`;
    const error = { ...(job.errors[0] as Job['errors'][number]), code };
    return { ...job, errorCode: code, errors: [error], operation: { ...job.operation, adhoc: true } };
  });
}

function worstInstance(job: Job, part: RetryPart): BackupInstance {
  const base = hugeInstance();
  const id = job.backupInstanceId as string;
  return {
    ...base,
    id,
    friendlyName: job.datasource.name,
    vault: job.vault,
    datasource: job.datasource,
    retry:
      part === 'button'
        ? { possible: true }
        : {
            possible: false,
            reason: 'state',
            message: `${'Protection is in a state Azure explains at length. '.repeat(10)}`,
          },
    ...(part === 'button'
      ? {
          retryTarget: {
            kind: 'bv' as const,
            subscriptionId: job.vault.subscriptionId,
            resourceGroup: job.vault.resourceGroup,
            vaultName: job.vault.name,
            backupInstanceName: id.split('/').pop() as string,
            backupInstanceId: id,
          },
        }
      : {}),
  } as BackupInstance;
}

function worstData(part: RetryPart, shape: Shape = 'monday'): BackupDataPort {
  const failed = worstJobs(1_000, shape);
  const byId = new Map(failed.map((j) => [(j.backupInstanceId as string).toLowerCase(), worstInstance(j, part)]));
  const huge = hugeEstateData();
  return {
    ...huge,
    jobs: async (kind, filters, options) => {
      const answer = await huge.jobs(kind, filters, options);
      const jobs = kind === 'running' ? answer.value.jobs : failed.slice(0, options?.limit ?? 200);
      return { ...answer, value: { jobs, hasMore: false } };
    },
    instancesById: async (ids) => ({
      value: ids.flatMap((id) => byId.get(id.toLowerCase()) ?? []),
      partial: [],
      kql: [],
      stats: { requests: 1, rows: ids.length, argMs: 1 },
    }),
  };
}

function coreOver(data: BackupDataPort): ConversationCore {
  return createConversationCore({
    data,
    policy: parseAccessPolicy([`teams:user:${TEAMS_CALLER.aadObjectId}`, `slack:user:${SLACK_CALLER.userId}`]),
    clock: () => NOW,
    log: { error: () => {} },
    stash: new CountingStash(),
    // Views offer Retry only when the retry feature is wired; its handler never runs here.
    handlers: { retry: async () => ({ view: 'help', model: {}, summaryText: '' }) },
  });
}

const PLATFORMS = [
  ['slack', SLACK_CALLER],
  ['adaptive', TEAMS_CALLER],
] as const;

const fits = (model: object, platform: 'teams' | 'slack') => rendersAsDesigned('jobs', model, platform);

/** The page with the next page's first row added: what a page one row longer would hold. */
function withNextRow(model: JobsViewModel, next: JobsViewModel): JobsViewModel {
  const [head, second] = next.entries;
  const continued = head?.group[0]?.heading.endsWith('(continued)') === true;
  const row = head?.job.length ? [head] : continued ? [second] : [head, second];
  return { ...model, entries: [...model.entries, ...structuredClone(row.filter((e) => e !== undefined))] };
}

/** The same list one page on. */
function nextPage(text: string): string {
  const page = Number(/page:(\d+)/.exec(text)?.[1] ?? 1);
  return `${text.replace(/ page:\d+/, '')} page:${page + 1}`;
}

const rowsOf = (model: JobsViewModel) => model.entries.filter((e) => e.job.length > 0).length;

describe.each(PLATFORMS)('%s: a hard page of jobs', (family, caller) => {
  const platform = family === 'slack' ? 'slack' : 'teams';
  const rest = PAGE_SIZES.jobs[family];
  const first = OVERVIEW_PAGE_SIZES[family];
  // The list each size is bound by: every case fits, and at least one has no room for another row.
  const cases: Array<[string, RetryPart, number]> = [
    ['jobs failed', 'button', first],
    ['jobs failed', 'note', first],
    ['jobs failed page:2', 'button', rest],
    ['jobs failed page:2', 'note', rest],
    ['jobs all since:7d', 'note', rest],
    ['jobs running', 'note', rest],
  ];
  const tight = new Map<string, boolean>();

  test.each(cases)('%s (%s on each row) renders a full page as designed', async (text, part, size) => {
    const core = coreOver(worstData(part));
    const reply = await core.handleText(text, caller);
    const model = reply.model as JobsViewModel;
    expect(rowsOf(model)).toBe(size);
    if (text === 'jobs failed') {
      expect(model.overview).toHaveLength(OVERVIEW_MAX_CODES);
      expect(model.overviewMore).toEqual([expect.stringMatching(/^… and \d+ more codes with \d+ jobs/)]);
    }
    expect(fits(model, platform)).toBe(true);
    const key = size === first && text === 'jobs failed' ? 'first' : 'rest';
    const next = (await core.handleText(nextPage(text), caller)).model as JobsViewModel;
    tight.set(key, (tight.get(key) ?? false) || !fits(withNextRow(model, next), platform));
  });

  test('each size is filled: on its tightest list one more row would not fit', () => {
    expect(tight).toEqual(
      new Map([
        ['first', true],
        ['rest', true],
      ]),
    );
  });

  test('pages follow on: page 2 starts where page 1 (which carries the overview) ended', async () => {
    const core = coreOver(worstData('note'));
    const one = (await core.handleText('jobs failed', caller)).model as JobsViewModel;
    const two = (await core.handleText('jobs failed page:2', caller)).model as JobsViewModel;
    expect(one.totals).toMatch(new RegExp(`^showing ${first} of 31,245 failed jobs`));
    expect(two.totals).toMatch(new RegExp(`^showing ${first + 1}–${first + rest} of 31,245 failed jobs`));
    const jobLinks = (m: JobsViewModel) => m.entries.flatMap((e) => e.job.map((j) => j.links[0]?.url));
    expect(new Set([...jobLinks(one), ...jobLinks(two)]).size).toBe(first + rest);
  });

  test('every job its own error code at the longest texts: the page keeps every row and drops detail', async () => {
    const core = coreOver(worstData('button', 'every-job'));
    for (const text of ['jobs failed', 'jobs failed page:2']) {
      const model = (await core.handleText(text, caller)).model as JobsViewModel;
      const rendered = renderView('jobs', model, platform);
      expect(rendered.shrunk).toBeGreaterThan(0);
      const json = JSON.stringify(rendered);
      const missing = model.entries.flatMap((e) => e.job.map((j) => j.title)).filter((t) => !json.includes(t));
      expect(missing).toEqual([]);
    }
  });
});

describe.each(PLATFORMS)('%s: a page of the huge inventory lists', (family, caller) => {
  const platform = family === 'slack' ? 'slack' : 'teams';
  const ctx = () => inventoryContext({ caller, pageSize: Number.POSITIVE_INFINITY });

  test('vaults: a full page renders as designed, and one more vault would not fit', async () => {
    const size = PAGE_SIZES.vaults[family];
    const [one, two] = await Promise.all(
      [1, 2].map((page) =>
        buildVaultsView(inventoryAnswer(hugeVaults()), { verb: 'vaults', filters: {}, page }, ctx()),
      ),
    );
    expect(one?.vaults).toHaveLength(size);
    expect(rendersAsDesigned('vaults', one as object, platform)).toBe(true);
    const longer = { ...one, vaults: [...(one?.vaults ?? []), ...(two?.vaults.slice(0, 1) ?? [])] };
    expect(rendersAsDesigned('vaults', longer, platform)).toBe(false);
  });

  test('unprotected: a full page renders as designed, and one more datasource would not fit', async () => {
    const size = PAGE_SIZES.unprotected[family];
    const [one, two] = await Promise.all(
      [1, 2].map((page) =>
        buildUnprotectedView(inventoryAnswer(hugeUnprotected()), { verb: 'unprotected', filters: {}, page }, ctx()),
      ),
    );
    if (one === undefined || two === undefined) throw new Error('no pages');
    expect(one.rows).toHaveLength(size);
    // Page 1 also says how many have protection stopped, and names the first of them.
    expect(one.stoppedHeading).toEqual([
      expect.stringMatching(/^⏸️ At least 300 with protection stopped or soft-deleted/),
    ]);
    expect(one.stoppedList[0]).toMatch(/\+[\d,]+ more$/);
    expect(rendersAsDesigned('unprotected', one, platform)).toBe(true);
    // The next page's first datasource joins this page (under its heading when it starts a new workload).
    const row = two.rows[0] as UnprotectedViewModel['rows'][number];
    const lastGroup = one.groups.at(-1) as UnprotectedViewModel['groups'][number];
    const sameGroup = two.groups[0]?.heading === lastGroup.heading;
    const longer: UnprotectedViewModel = {
      ...one,
      rows: [...one.rows, sameGroup ? { ...row, opens: [] } : row],
      groups: sameGroup
        ? [...one.groups.slice(0, -1), { ...lastGroup, rows: [...lastGroup.rows, { ...row, opens: [] }] }]
        : [...one.groups, { heading: two.groups[0]?.heading ?? '', rows: [row] }],
    };
    expect(rendersAsDesigned('unprotected', longer, platform)).toBe(false);
  });
});
