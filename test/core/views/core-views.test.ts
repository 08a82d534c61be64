// Golden files of the conversation core's views (summary, jobs, item, error, help, welcome, working, query) on both
// platforms, for an empty estate, a normal one (the real BackupData over a generated estate) and a huge one; every
// render passes the platform checks (the renderer throws otherwise).
import type { ConversationCore, Reply } from '../../../src/core/conversation-port';
import { renderView, type ViewName } from '../../../src/render/render-view';
import {
  emptyEstateData,
  hugeEstateData,
  SLACK_CALLER,
  smallEstateData,
  TEAMS_CALLER,
  testCore,
} from '../../core/support/core-estates';
import { expectGolden } from '../../support/golden';

function renderBoth(name: string, reply: Reply): void {
  const teams = renderView(reply.view as ViewName, reply.model, 'teams');
  const slack = renderView(reply.view as ViewName, reply.model, 'slack');
  expectGolden(`views/${name}.teams`, teams.card);
  expectGolden(`views/${name}.slack`, { blocks: slack.blocks, text: slack.text });
}

const ESTATES = [
  ['empty', emptyEstateData],
  ['normal', smallEstateData],
  ['huge', hugeEstateData],
] as const;

/** The names the small estate (seed 7) and the huge estate give the item the tests look up. */
const ITEM_OF = { empty: 'vm-nowhere-01', normal: 'disk-fin-data-0012', huge: 'anything' } as const;

describe.each(ESTATES)('%s estate', (estate, makeData) => {
  let core: ConversationCore;
  beforeAll(() => {
    core = testCore(makeData()).core;
  });

  test.each(['summary', 'jobs failed', 'jobs running', 'jobs all since:7d'])(
    '%s renders on both platforms',
    async (text) => {
      const reply = await core.handleText(text, TEAMS_CALLER);
      expect(reply.view).toBe(text.split(' ')[0]);
      renderBoth(`${text.split(' ').slice(0, 2).join('-')}-${estate}`, reply);
    },
  );

  test('item', async () => {
    const reply = await core.handleText(`item ${ITEM_OF[estate]}`, TEAMS_CALLER);
    expect(reply.view).toBe(estate === 'empty' ? 'error' : 'item');
    renderBoth(`item-${estate}`, reply);
    if (estate !== 'normal') return;
    // Why and since when: a failing item says when it last backed up well, each failed job names its error, and the
    // subscription is named, with its id beside.
    const model = reply.model as {
      status: Array<{ label: string; value: string }>;
      facts: Array<{ title: string; value: string }>;
      jobs: Array<{ status: string; facts: string }>;
    };
    expect(model.status.find((s) => s.label === 'Last good backup')?.value).toMatch(
      / ago\)$|^none in the last 14 days/,
    );
    expect(model.facts.find((f) => f.title === 'Subscription')?.value).toMatch(/^\S.* \([0-9a-f-]{36}\)$/);
    for (const job of model.jobs.filter((j) => j.status === 'Failed')) expect(job.facts).toMatch(/^Backup · \S+ · /);
  });

  test('the second page of failed jobs', async () => {
    const reply = await core.handleText('jobs failed page:2', TEAMS_CALLER);
    renderBoth(`jobs-failed-page2-${estate}`, reply);
  });
});

describe('views without estate data', () => {
  const { core } = testCore(emptyEstateData());

  test.each([
    ['error-typo', 'jbos failed'],
    ['error-bad-filter', 'summary since:30d'],
    ['error-retry-not-available', 'retry vm-web-01'],
    ['help', 'help'],
    ['help-jobs', 'help jobs'],
  ])('%s (%s)', async (name, text) => {
    renderBoth(name, await core.handleText(text, SLACK_CALLER));
  });

  test('welcome and working', async () => {
    renderBoth('welcome', await core.welcome(TEAMS_CALLER));
    renderBoth('working', core.working(TEAMS_CALLER, 'JOBS   failed since:7d'));
  });
});

describe('query view (Slack "Show query")', () => {
  test.each(ESTATES)('%s estate: the first query of the summary', async (estate, makeData) => {
    const { core } = testCore(makeData());
    const summary = await core.handleText('summary', SLACK_CALLER);
    const payload = (summary.model as { query: { payload: string }[] }).query[0]?.payload;
    const reply = await core.handleAction(payload, SLACK_CALLER);
    expect(reply.view).toBe('query');
    renderBoth(`query-${estate}`, reply);
  });
});

test('a database item says what its on-demand backup keeps: a Full, at least 45 days', async () => {
  // An on-demand Full of a SQL database is kept at least 45 days (manage-monitor-sql-database-backup.md, "Run an
  // on-demand backup"); the bot's Retry runs a Full for SQL and HANA, so the item card says so.
  const data = smallEstateData();
  const page = await data.instances({ workload: 'sql' });
  const sql = page.value.instances.find((i) => i.retry.possible);
  if (!sql) throw new Error('the small estate has no retryable SQL item');
  const reply = await testCore(data).core.handleText(`item ${sql.id}`, TEAMS_CALLER);
  const model = reply.model as { retryability: string };
  expect(model.retryability).toBe(
    '✅ An on-demand backup can run for this item (a Full backup, which Azure keeps at least 45 days).',
  );
});
