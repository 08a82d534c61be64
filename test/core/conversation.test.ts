// The conversation core end to end over the real BackupData (in-process KQL engine, generated estate): typos get the
// closest command as a button, restricted verbs are refused before any handler, failures show only a ref, and
// buttons (paging, suggestions, "Show query") come back through handleAction to the right answer.
import { createBackupData } from '../../src/azure/backup-data';
import { parseAccessPolicy } from '../../src/core/authorize';
import { COMMAND_SPECS } from '../../src/core/commands';
import { ThrottledError } from '../../src/core/errors';
import type { BackupDataPort } from '../../src/core/ports';
import type { HelpViewModel } from '../../src/core/view-models/common';
import type { ErrorViewModel, QueryViewModel } from '../../src/core/view-models/detail';
import type { JobsViewModel } from '../../src/core/view-models/jobs';
import { EngineRunner } from '../azure/support/engine-runner';
import { NOW, SLACK_CALLER, smallEstateData, TEAMS_CALLER, testCore } from './support/core-estates';

const jobRows = (m: JobsViewModel) => m.entries.flatMap((e) => e.job.map((j) => `${j.title} ${j.when}`));

describe('typed text', () => {
  test('a typo answers with the closest command as a button, and the button runs it', async () => {
    const { core } = testCore(smallEstateData());
    const reply = await core.handleText('jbos failed', SLACK_CALLER);
    expect(reply.view).toBe('error');
    expect(reply.ephemeral).toBe(true);
    const model = reply.model as ErrorViewModel;
    expect(model.message).toBe('I don\'t know "jbos failed". Did you mean `jobs failed`?');
    expect(model.suggestion).toEqual(['jobs failed']);
    expect(model.usage[0]).toMatch(/^Commands: help, summary, jobs/);
    expect(model.buttons.map((b) => b.label)).toEqual(['Run: jobs failed', 'Help']);
    const clicked = await core.handleAction(model.buttons[0]?.payload, SLACK_CALLER);
    expect(clicked.view).toBe('jobs');
    expect((clicked.model as JobsViewModel).totals).toBe('showing 8 of 42 failed jobs in 6 vaults');
  });

  test('a bad word after a known command says what is wrong and shows that command’s usage', async () => {
    const { core } = testCore(smallEstateData());
    const model = (await core.handleText('jobs faild', SLACK_CALLER)).model as ErrorViewModel;
    expect(model.hint).toEqual(['Did you mean "jobs failed"?']);
    expect(model.usage).toEqual(['Usage: jobs [failed [code:…]|running|all] [filters]']);
  });

  test('a 200 KB message gets the too-long error card, and the working placeholder names only its start', async () => {
    const { core } = testCore(smallEstateData());
    const huge = `jobs failed ${'x'.repeat(200_000)}`;
    const reply = await core.handleText(huge, SLACK_CALLER);
    expect(reply.view).toBe('error');
    expect(reply.ephemeral).toBe(true);
    expect((reply.model as ErrorViewModel).message).toBe(
      'That message is too long to be a command (200,012 characters; commands are at most 4,000).',
    );
    expect(JSON.stringify(reply).length).toBeLessThan(10_000);
    expect(JSON.stringify(core.working(SLACK_CALLER, huge)).length).toBeLessThan(10_000);
  });

  test('help is generated from the command table: every command’s usage appears', async () => {
    const { core } = testCore(smallEstateData());
    const model = (await core.handleText('help', TEAMS_CALLER)).model as HelpViewModel;
    expect(model.commands.map((c) => c.usage)).toEqual(Object.values(COMMAND_SPECS).map((s) => s.usage));
    expect(model.intro).toContain('@Backup');
    // Without READ_ALLOW help says, for the admins who read it, that every conversation sees everything.
    expect(model.notes.at(-1)).toBe(
      'READ_ALLOW is not set: every conversation the bot is in sees the whole BACKUP_SCOPE. Set READ_ALLOW to bind ' +
        'channels and people to subscriptions or resource groups.',
    );
  });

  test('times are in the caller’s zone with its label, else UTC', async () => {
    const { core } = testCore(smallEstateData());
    const teams = (await core.handleText('jobs failed', TEAMS_CALLER)).model as JobsViewModel;
    const slack = (await core.handleText('jobs failed', SLACK_CALLER)).model as JobsViewModel;
    expect(teams.generatedAt).toBe('as of Mon 24 Nov, 11:02 CET');
    expect(slack.generatedAt).toBe('as of Mon 24 Nov, 10:02 UTC');
    const odd = (await core.handleText('jobs failed', { ...SLACK_CALLER, timeZone: 'Mars/Olympus' })).model;
    expect((odd as JobsViewModel).generatedAt).toBe('as of Mon 24 Nov, 10:02 UTC');
    expect(jobRows(teams)[0]).toMatch(/started \d\d:\d\d CET/);
  });
});

describe('authorization', () => {
  test('retry by someone RETRY_ALLOW does not name is refused before any handler runs', async () => {
    const { core } = testCore(smallEstateData(), parseAccessPolicy(['slack:user:U999OTHER']));
    const reply = await core.handleText('retry vm-web-01', SLACK_CALLER);
    const model = reply.model as ErrorViewModel;
    expect(reply.ephemeral).toBe(true);
    expect(model.title).toBe('Not allowed');
    expect(model.message).toBe(
      'You are not allowed to do that: only people listed in RETRY_ALLOW may start backups; ask your bot admin.',
    );
    expect(model.hint).toEqual(['Your entry would be slack:user:U0123ABCD.']);
  });

  test('an allowed caller is told plainly that retry is not available yet, with a way to see the item', async () => {
    const { core } = testCore(smallEstateData(), parseAccessPolicy(['slack:user:U0123ABCD']));
    const model = (await core.handleText('retry vm-web-01', SLACK_CALLER)).model as ErrorViewModel;
    expect(model.title).toBe('Not available yet');
    expect(model.message).toContain('not available in this version');
    expect(model.buttons.map((b) => [b.label, b.payload])).toEqual([
      ['Show vm-web-01', '{"v":1,"c":"item vm-web-01"}'],
    ]);
  });

  test('reads are open to everyone', async () => {
    const { core } = testCore(smallEstateData(), parseAccessPolicy([]));
    expect((await core.handleText('summary', SLACK_CALLER)).view).toBe('summary');
  });
});

describe('failures', () => {
  const failing = (err: Error): BackupDataPort => {
    const data = createBackupData(new EngineRunner({}, NOW));
    return { ...data, jobs: () => Promise.reject(err), summary: () => Promise.reject(err) };
  };

  test('an unexpected error shows only a ref, and the log has the error under the same ref', async () => {
    const { core, logged } = testCore(failing(new Error('socket hang up at 10.0.0.7 token=abc')));
    const reply = await core.handleText('jobs failed', TEAMS_CALLER, { correlationId: 'corr-1' });
    const model = reply.model as ErrorViewModel;
    expect(model.title).toBe('Something went wrong');
    const ref = /^Something went wrong \(ref ([0-9a-f]{8})\)\.$/.exec(model.message)?.[1];
    expect(ref).toBeDefined();
    expect(model.ref).toEqual([`ref ${ref}`]);
    expect(JSON.stringify(reply)).not.toContain('socket');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.details).toMatchObject({ ref, correlationId: 'corr-1' });
    const details = logged[0]?.details as { err: Error } | undefined;
    expect(details?.err.message).toContain('socket hang up');
  });

  test('an error the user can act on shows its message and what to do', async () => {
    const { core, logged } = testCore(failing(new ThrottledError(12_000)));
    const model = (await core.handleText('summary', SLACK_CALLER)).model as ErrorViewModel;
    expect(model.message).toBe('Azure is throttling requests right now.');
    expect(model.hint).toEqual(['Try again in about 12 s.']);
    expect(logged).toHaveLength(0);
  });

  test('a button that is not ours, or from an old version, gets an answer, never an exception', async () => {
    const { core } = testCore(smallEstateData());
    for (const data of ['{"x":1}', 'not json', null, { v: 0, c: 'summary' }, { v: 1, q: 'gone' }]) {
      const reply = await core.handleAction(data, SLACK_CALLER);
      expect(reply.view).toBe('error');
      expect((reply.model as ErrorViewModel).title).toBe('This button no longer works');
    }
  });
});

describe('buttons round trip through handleAction', () => {
  test('Next shows page 2 (Slack value string or Teams data object), Previous goes back to page 1', async () => {
    const { core } = testCore(smallEstateData());
    const first = (await core.handleText('jobs failed', SLACK_CALLER)).model as JobsViewModel;
    expect(first.paging.map((b) => b.label)).toEqual(['Next ›']);
    const next = first.paging[0]?.payload as string;
    expect(JSON.parse(next)).toEqual({ v: 1, c: 'jobs failed', p: 2 });

    const second = (await core.handleAction(next, SLACK_CALLER)).model as JobsViewModel;
    // Slack: page 1 holds 8 (it carries the error-code overview), later pages 10.
    expect(second.totals).toBe('showing 9–18 of 42 failed jobs in 6 vaults');
    expect(jobRows(second)).toHaveLength(10);
    expect(jobRows(second).some((row) => jobRows(first).includes(row))).toBe(false);
    expect(second.paging.map((b) => b.label)).toEqual(['‹ Previous', 'Next ›']);

    const teamsClick = (await core.handleAction(JSON.parse(next), TEAMS_CALLER)).model as JobsViewModel;
    // Teams pages hold more: 11 on page 1, then 18.
    expect(teamsClick.totals).toBe('showing 12–29 of 42 failed jobs in 6 vaults');
    const back = (await core.handleAction(second.paging[0]?.payload, SLACK_CALLER)).model as JobsViewModel;
    expect(jobRows(back)).toEqual(jobRows(first));
  });

  test('the last page has no Next; pages cover every job once', async () => {
    const { core } = testCore(smallEstateData());
    const seen: string[] = [];
    let model = (await core.handleText('jobs failed', SLACK_CALLER)).model as JobsViewModel;
    for (let page = 1; page <= 20; page++) {
      seen.push(...model.entries.flatMap((e) => e.job.map((j) => j.links[0]?.url ?? '')));
      const next = model.paging.find((b) => b.label === 'Next ›');
      if (next === undefined) break;
      model = (await core.handleAction(next.payload, SLACK_CALLER)).model as JobsViewModel;
    }
    expect(seen).toHaveLength(42);
    expect(new Set(seen).size).toBe(42);
    expect(model.totals).toBe('showing 39–42 of 42 failed jobs in 6 vaults');
  });

  test('Show query answers with the exact KQL of the answer, one query at a time', async () => {
    const data = smallEstateData();
    const { core } = testCore(data);
    const summary = (await core.handleText('summary', SLACK_CALLER)).model as { query: { payload: string }[] };
    const expected = (await data.summary({})).kql;
    const first = await core.handleAction(summary.query[0]?.payload, SLACK_CALLER);
    const model = first.model as QueryViewModel;
    expect(first.view).toBe('query');
    expect(first.ephemeral).toBe(true);
    expect(model.query.kql).toBe(expected[0]);
    expect(model.chunks.join('\n')).toBe(expected[0]);
    expect(model.nav.map((b) => b.label)).toEqual(['Query 2 of 4', 'Query 3 of 4', 'Query 4 of 4']);
    const third = (await core.handleAction(model.nav[1]?.payload, SLACK_CALLER)).model as QueryViewModel;
    expect(third.query.kql).toBe(expected[2]);
    expect(third.title).toBe('Query 3 of 4');
  });
});

describe('welcome and working', () => {
  test('welcome offers the top commands as buttons; working names the command canonically', async () => {
    const { core } = testCore(smallEstateData());
    const welcome = (await core.welcome(SLACK_CALLER)).model as { buttons: { label: string; payload: string }[] };
    expect(welcome.buttons.map((b) => b.label)).toEqual([
      'Summary',
      'Failed jobs',
      'Running jobs',
      'Unprotected resources',
      'Vaults',
    ]);
    const working = core.working(SLACK_CALLER, '@Backup JOBS   failed since:7d');
    expect(working.view).toBe('working');
    expect(working.summaryText).toBe('Working on jobs failed since:7d…');
  });
});
