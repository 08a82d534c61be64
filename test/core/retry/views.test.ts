// The retry and audit cards through the real templates in cards/: every state renders on both platforms within
// their limits (even at the largest sizes the models allow), buttons carry commands back, goldens pin the layout.

import { decodeActionInline } from '../../../src/core/commands/payload';
import type { BackupInstance } from '../../../src/core/domain/instances';
import { NotAuthorizedError } from '../../../src/core/errors';
import { BackupActionError } from '../../../src/core/retry/action-error';
import { toAuditRow } from '../../../src/core/retry/audit';
import type { ItemOutcome } from '../../../src/core/retry/outcome';
import type { ItemSummary, PendingJob } from '../../../src/core/retry/records';
import { retryModel } from '../../../src/core/retry/view-common';
import { bulkSummaryView } from '../../../src/core/retry/views-bulk';
import * as confirmViews from '../../../src/core/retry/views-confirm';
import * as progressViews from '../../../src/core/retry/views-progress';
import type { AuditViewModel, RetryViewModel } from '../../../src/core/view-models/retry';
import { createTimeFormat } from '../../../src/core/views/shared/time';
import { renderView } from '../../../src/render/render-view';
import { expectGolden } from '../../support/golden';

const now = new Date('2026-06-02T10:02:00Z');
const env = { time: createTimeFormat('Europe/Berlin'), now };
const SUB = '5a5a5a5a-0000-4000-8000-000000000001';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod`;
const ITEM: ItemSummary = {
  id: `${VAULT}/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg-app;sqlvm-01/protectedItems/SQLDataBase;mssqlserver;sales`,
  name: 'sales',
  workload: 'sql',
  vaultName: 'rsv-prod',
  vaultKind: 'rsv',
  subscriptionId: SUB,
  resourceGroup: 'rg-backup',
  datasource: 'sqlvm-01',
};
const BY = { platform: 'teams', userId: '29:ana', name: 'Ana' };
const JOB = {
  kind: 'rsv' as const,
  subscriptionId: SUB,
  resourceGroup: 'rg-backup',
  vaultName: 'rsv-prod',
  jobId: '6f1c2d3e-0000-4000-8000-000000000001',
  id: `${VAULT}/backupJobs/6f1c2d3e-0000-4000-8000-000000000001`,
};
// What the bot sends for a SQL database when RETRY_RETENTION_DAYS is 30: a Full is kept at least 45 days
// (manage-monitor-sql-database-backup.md, "Run an on-demand backup"), so the card says 45 days and why.
const REQUEST = {
  objectType: 'AzureWorkloadBackupRequest',
  backupType: 'Full',
  expiresAt: '2026-07-17T09:58:00.000Z',
  keptBecause: "Azure's minimum for an on-demand full backup of a database",
};
const PENDING: PendingJob = {
  job: JOB,
  item: ITEM,
  request: REQUEST,
  by: BY,
  startedAt: '2026-06-02T09:58:00.000Z',
  reported: 'started',
  claim: { key: 'k', owner: 'o' },
  messageRef: { platform: 'teams', data: {} },
};

function renderBoth(name: string, model: object, view: 'retry' | 'audit' = 'retry', golden = false) {
  const teams = renderView(view, model, 'teams');
  const slack = renderView(view, model, 'slack');
  if (golden) {
    expectGolden(`render/${name}.teams`, teams.card);
    expectGolden(`render/${name}.slack`, { blocks: slack.blocks, text: slack.text });
  }
  return { teams, slack };
}

test('the confirmation card: item, vault, subscription, retention; Start and Cancel carry the token back', async () => {
  const model = await confirmViews.confirmView(
    ITEM,
    REQUEST,
    'f'.repeat(32),
    BY,
    env,
    progressViews.vaultLink(ITEM, env),
  );
  const { teams, slack } = renderBoth('retry-confirm', model, 'retry', true);
  expect(teams.card.actions).toHaveLength(3);
  const buttons = slack.blocks.find((b) => b.type === 'actions')?.elements as { value?: string; url?: string }[];
  const start = decodeActionInline(buttons[0]?.value);
  const cancel = decodeActionInline(buttons[1]?.value);
  expect(start.ok && start.command).toMatchObject({ verb: 'retry', items: [ITEM.id], confirm: 'f'.repeat(32) });
  expect(cancel.ok && cancel.command).toMatchObject({ confirm: `cancel-${'f'.repeat(32)}` });
  expect(buttons[2]?.url).toContain('portal.azure.com');
  const text = JSON.stringify(slack.blocks);
  expect(text).toContain(
    "*Kept until*\\nFri 17 Jul, 11:58 CEST (45 days: Azure's minimum for an on-demand full backup of a database)",
  );
  expect(text).toContain('*Backup type*\\nFull');
});

test('progress states render on both platforms; the failed card carries the error, the fix and a Learn link', () => {
  const running = { status: 'InProgress' as const, rawStatus: 'InProgress', startTime: PENDING.startedAt, errors: [] };
  const failed = {
    status: 'Failed' as const,
    rawStatus: 'Failed',
    startTime: PENDING.startedAt,
    endTime: '2026-06-02T10:01:00.000Z',
    errors: [
      { code: 'UserErrorParentFullBackupMissing', message: 'First full backup is missing', recommendations: [] },
    ],
  };
  // Azure's 202 said Retry-After: 60 (backup-azure-sql-vm-rest-api.md): the card says what it waits for, and until when.
  const accepted = progressViews.acceptedView(PENDING, { delayMs: 60_000, retryAfterSeconds: 60 }, env);
  expect(accepted.status).toMatch(
    /^⏳ Azure accepted the request\. Azure asked to check again in 60 s \(\d\d:\d\d CEST\)/,
  );
  renderBoth('retry-accepted', accepted, 'retry', true);
  renderBoth('retry-started', progressViews.startedView(PENDING, env), 'retry', true);
  renderBoth('retry-in-progress', progressViews.inProgressView(PENDING, running, env));
  const done = progressViews.finishedView(
    PENDING,
    { ...failed, status: 'Completed', rawStatus: 'Completed', errors: [] },
    env,
  );
  expect(done.status).toBe('✅ Completed 12:01 CEST after 3 min');
  // The completed card links the Azure job; a failed one promises no retention (nothing was kept).
  expect(done.links[0]).toEqual({
    label: 'Open the job in Azure portal',
    url: expect.stringContaining('/backupJobs/'),
  });
  expect(done.facts.map((f) => f.label)).toContain('Kept until');
  renderBoth('retry-completed', done);
  const model = progressViews.finishedView(PENDING, failed, env);
  expect(model.facts.map((f) => f.label)).not.toContain('Kept until');
  const { slack } = renderBoth('retry-failed', model, 'retry', true);
  expect(model.notes[1]).toBe(
    'Fix: Run an on-demand full backup; later log and differential backups will then succeed.',
  );
  expect(JSON.stringify(slack.blocks)).toContain('How to fix it');
  renderBoth('retry-untracked', progressViews.untrackedView(PENDING, env, 'Azure no longer knows this job'));
});

test('answers that end the flow early render, with nothing left unexpanded', async () => {
  const forbidden = new BackupActionError({
    kind: 'forbidden',
    accepted: false,
    message: 'The bot may not.',
    hint: 'Give it Backup Operator.',
    azureCode: 'AuthorizationFailed',
  });
  const models: RetryViewModel[] = [
    confirmViews.notFoundView('vm-nope', env),
    confirmViews.blockedView(ITEM, 'Protection is stopped.', env),
    confirmViews.deniedView(
      new NotAuthorizedError('only people listed in RETRY_ALLOW may start backups', { hint: 'Your entry would be x.' }),
      env,
      ITEM,
    ),
    confirmViews.expiredView(env),
    confirmViews.cancelledView(BY, env),
    progressViews.refusedView(ITEM, forbidden, env),
    progressViews.alreadyRunningView(
      { kind: 'already-running', item: ITEM, by: 'Bo (slack)', since: PENDING.startedAt },
      env,
    ),
    progressViews.requestFailedView({ kind: 'failed', item: ITEM, message: 'Azure lost it.', accepted: true }, env),
  ];
  const candidate = (vault: string): BackupInstance => ({
    id: ITEM.id.replace('rsv-prod', vault),
    name: 'SQLDataBase;mssqlserver;sales',
    friendlyName: 'sales',
    vault: {
      id: VAULT.replace('rsv-prod', vault),
      name: vault,
      kind: 'rsv',
      subscriptionId: SUB,
      resourceGroup: 'rg-backup',
    },
    workload: 'sql',
    datasource: { name: 'sqlvm-01' },
    protectionState: 'Protected',
    rawProtectionState: 'Protected',
    health: 'Healthy',
    lastBackupStatus: 'Succeeded',
    lastBackupSource: 'item',
    retry: { possible: true },
  });
  const choose = await confirmViews.chooseView(
    'sales',
    ['rsv-a', 'rsv-b', 'rsv-c', 'rsv-d', 'rsv-e', 'rsv-f'].map(candidate),
    env,
  );
  // A database is named with its VM, as people tell them apart.
  expect(choose.buttons.map((b) => b.label)).toEqual([
    'sales on sqlvm-01 · rsv-a',
    'sales on sqlvm-01 · rsv-b',
    'sales on sqlvm-01 · rsv-c',
    'sales on sqlvm-01 · rsv-d',
    'sales on sqlvm-01 · rsv-e',
  ]);
  const pick = decodeActionInline(choose.buttons[1]?.payload);
  expect(pick.ok && pick.command).toEqual({ verb: 'retry', items: [candidate('rsv-b').id], filters: {} });
  models.push(choose);
  for (const model of models) {
    const { teams, slack } = renderBoth(model.state, model);
    expect(JSON.stringify(teams.card)).not.toContain('${');
    expect(slack.text).toContain(model.title);
  }
});

test('the largest models still fit: 500-item bulk cards, 10 long facts, 4 long notes, Slack-escaped text', async () => {
  const ids = Array.from({ length: 500 }, (_, i) => ITEM.id.replace('sales', `db-${i}-${'&'.repeat(20)}`));
  const confirm = await confirmViews.bulkConfirmView(ids, 'a'.repeat(32), BY, env);
  // Each line names the database and its VM ("db-0-… on sqlvm-01"): as many as fit, then how many are left out.
  const shown = confirm.lines.length - 1;
  expect(shown).toBeGreaterThanOrEqual(20);
  expect(confirm.lines[0]).toMatch(/^• db-0-&/);
  expect(confirm.lines.join('\n')).not.toContain('SQLDataBase;');
  expect(confirm.lines.at(-1)).toBe(`… and ${500 - shown} more`);
  renderBoth('retry-bulk-confirm', confirm);
  const outcomes: ItemOutcome[] = ids.map((id, i) =>
    i % 2 === 0
      ? {
          kind: 'started',
          item: { ...ITEM, id, name: `db-${i}` },
          job: JOB,
          request: REQUEST,
          by: BY,
          startedAt: PENDING.startedAt,
        }
      : { kind: 'failed', item: { ...ITEM, id, name: `db-${i}` }, message: '<x> & '.repeat(80), accepted: false },
  );
  const summary = bulkSummaryView(outcomes, 'Ana (teams)', env);
  expect(summary.title).toBe('Backups started: 250 of 500 items');
  const { slack } = renderBoth('retry-bulk-summary', summary, 'retry', true);
  expect(slack.textChars).toBeLessThanOrEqual(10_000);
  const huge = retryModel({
    ...summary,
    title: '&'.repeat(200),
    lines: Array.from({ length: 40 }, () => '&'.repeat(200)),
    facts: Array.from({ length: 12 }, (_, i) => ({ label: `Fact ${i}`, value: '&<>'.repeat(100) })),
    notes: Array.from({ length: 6 }, () => 'x&'.repeat(300)),
    buttons: Array.from({ length: 6 }, () => ({ label: 'B'.repeat(75), payload: '{"v":1,"c":"help"}' })),
    links: Array.from({ length: 4 }, () => ({ label: 'L'.repeat(75), url: 'https://portal.azure.com/' })),
  });
  const both = renderBoth('retry-huge', huge);
  expect(both.teams.bytes).toBeLessThan(28_000);
});

test('the audit card: rows, totals, paging', () => {
  const model: AuditViewModel = {
    title: 'Audit log: backups started from chat',
    subtitle: 'last 7 days · every item',
    totals: 'showing 10 of 23 records',
    rows: Array.from({ length: 10 }, (_, i) =>
      toAuditRow(
        {
          id: String(i),
          at: new Date(now.getTime() - i * 60_000),
          actor: { platform: 'teams', userId: '29:ana', name: 'Ana' },
          channel: '19:ops@thread.tacv2',
          action: 'retry',
          target: ITEM.id,
          result: i === 0 ? 'refused:forbidden' : 'started',
          details: {
            item: `vm-${i}${'&'.repeat(i === 0 ? 200 : 0)}`,
            vault: 'rsv-prod',
            reason: i === 0 ? 'reason & <why> '.repeat(60) : 'reason & <why>',
          },
          azureJobId: JOB.id,
        },
        env.time,
      ),
    ),
    notes: [],
    buttons: [{ label: 'Next ›', payload: JSON.stringify({ v: 1, c: 'audit since:7d', p: 2 }) }],
    generatedAt: 'as of Tue 2 Jun, 12:02 CEST',
  };
  const { slack, teams } = renderBoth('audit', model, 'audit', true);
  expect(model.rows[1]).toEqual({
    title: '✅ Started · vm-1',
    detail:
      'Tue 2 Jun, 12:01 CEST · Ana (teams) · in 19:ops@thread.tacv2 · vault rsv-prod · job 6f1c2d3e-0000-4000-8000-000000000001 · reason & <why>',
  });
  expect(slack.blocks.filter((b) => b.type === 'section')).toHaveLength(11);
  expect(teams.card.actions).toEqual([
    expect.objectContaining({ title: 'Next ›', data: { v: 1, c: 'audit since:7d', p: 2 } }),
  ]);
  // The bot's own skipped runs read as a warning with their reason, not as a person refused.
  const skipped = toAuditRow(
    {
      id: 'skip',
      at: now,
      actor: { platform: 'bot', userId: 'digest-scheduler', name: 'the bot' },
      channel: 'D0123ABCD',
      action: 'digest-skipped',
      target: 'D0123ABCD',
      result: 'denied',
      details: { item: 'digest', reason: 'group membership could not be checked' },
      azureJobId: null,
    },
    env.time,
  );
  expect(skipped.title).toBe('⚠️ Digest run skipped · digest');
  expect(skipped.detail).toContain('group membership could not be checked');
  const empty = renderBoth('audit-empty', { ...model, rows: [], buttons: [], totals: 'no records' }, 'audit');
  expect(empty.slack.blocks.some((b) => b.type === 'actions')).toBe(false);
});

test('a backup that fails with a restore-only code gets Azure’s words, not the restore fix', () => {
  // backup-azure-vms-troubleshoot.md lists UserErrorSkuNotAvailable among VM restore errors only.
  const failed = {
    status: 'Failed' as const,
    rawStatus: 'Failed',
    startTime: PENDING.startedAt,
    endTime: '2026-06-02T10:01:00.000Z',
    errors: [{ code: 'UserErrorSkuNotAvailable', message: 'The backup could not start.', recommendations: [] }],
  };
  const model = progressViews.finishedView(PENDING, failed, env);
  const text = model.notes.join('\n');
  expect(text).not.toContain('Restore the disks');
  expect(text).toContain('The backup could not start.');
});
