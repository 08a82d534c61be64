// The digest card from hand-made answers: the five-second headline, failures by error code with what to do, what
// changed since the previous digest (new, fixed, overdue, running long, new unprotected, vault settings lost),
// snoozed items left out, and the buttons, each opening a new message.
import { opensNewMessage } from '../../../src/core/commands/payload';
import { buildDigest, type DigestInput } from '../../../src/core/digest/report';
import { takeSnapshot } from '../../../src/core/digest/snapshot';
import type { DigestViewModel } from '../../../src/core/digest/view-models';
import { createTimeFormat } from '../../../src/core/views/shared/time';
import type { Snooze } from '../../../src/store/store';
import { CountingStash } from '../support/core-estates';
import { answer, DEV, failedJob, item, NAMES, NOW, unprotectedVm, vault } from './support/digest-data';

const web = item({ name: 'vm-web-01', failing: true, failedHoursAgo: 3, lastGoodHoursAgo: 27 });
const sql = item({
  name: 'master',
  workload: 'sql',
  host: 'sqlvm-02',
  sub: DEV,
  failing: true,
  failedHoursAgo: 5,
  lastGoodHoursAgo: 76,
});
const fixedItem = item({ name: 'vm-fixed', failedHoursAgo: 30, lastGoodHoursAgo: 2 });
const slow = item({ name: 'vm-slow', lastGoodHoursAgo: 20, runningHours: 5, typicalMinutes: 40 });

function input(overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    result: answer({
      failedJobs: [
        failedJob(web, 'UserErrorGuestAgentStatusUnavailable', 3),
        failedJob(web, 'UserErrorGuestAgentStatusUnavailable', 15),
        failedJob(sql, 'UserErrorSQLLSNValidationFailure', 5),
      ],
      items: [web, sql, fixedItem, slow],
      vaults: [vault('rsv-prod')],
      unprotected: { datasources: [unprotectedVm('vm-old')], stopped: [], complete: true },
    }),
    names: NAMES,
    filters: {},
    now: NOW,
    time: createTimeFormat('Europe/Berlin'),
    snoozes: [],
    kind: 'scheduled',
    title: 'Daily digest',
    offerRetry: true,
    stash: new CountingStash(),
    ...overrides,
  };
}

/** The snapshot a digest a day earlier would have recorded from `value`. */
function yesterday(value: Parameters<typeof answer>[0]) {
  return { snapshot: takeSnapshot(answer(value).value, true, new Set()), at: new Date(NOW.getTime() - 24 * 3_600_000) };
}

const labels = (m: DigestViewModel) => [...m.buttons, ...m.views, ...m.manage].map((b) => b.label);

test('a first digest: the headline counts failures and items, groups by error code with the fix, names subscriptions', async () => {
  const { model, hasNews } = await buildDigest(input());
  expect(model.headline).toBe(
    '⚠️ 3 failed backups in the last 24 h on 2 items, 2 items without a good backup within policy (the oldest for 3 d 4 h), 1 backup running far longer than usual.',
  );
  expect(hasNews).toBe(true);
  expect(model.notes).toEqual(['First digest here: from tomorrow on, it says what changed since the one before.']);
  expect(model.failures.map((g) => g.heading)).toEqual([
    '❌ UserErrorGuestAgentStatusUnavailable · VM agent not reachable — 2 failed backups on 1 item',
    '❌ UserErrorSQLLSNValidationFailure · Log chain broken — 1 failed backup on 1 item',
  ]);
  expect(model.failures[0]?.items).toBe('vm-web-01 (Contoso Prod) ×2');
  expect(model.failures[1]?.items).toBe('master on sqlvm-02 (Contoso Dev)');
  expect(model.failures[0]?.advice[0]?.learn.url).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  const overdue = model.sections.find((s) => s.title.startsWith('⏰'));
  expect(overdue?.title).toBe('⏰ No good backup within policy (2)');
  expect(overdue?.lines[0]).toBe(
    'master on sqlvm-02 (Contoso Dev): last good backup Wed 2 Dec, 04:00 CET, daily policy; failing for 3 d 4 h',
  );
  expect(model.sections.find((s) => s.title.startsWith('🐢'))?.lines).toEqual([
    'vm-slow (Contoso Prod): running 5 h 00 min (usually 40 min)',
  ]);
  // Nothing is "new" or "fixed" without a previous digest to compare with.
  expect(model.sections.some((s) => /Newly|Fixed/.test(s.title))).toBe(false);
  expect(model.subtitle).toBe('all subscriptions the bot can read');
  expect(model.generatedAt).toBe('as of Sat 5 Dec, 08:00 CET');
});

test('the second digest says what changed since yesterday', async () => {
  const previous = yesterday({
    items: [
      item({ name: 'vm-web-01', failing: true, failedHoursAgo: 27 }),
      item({ name: 'vm-fixed', failing: true, failedHoursAgo: 30 }),
    ],
    vaults: [vault('rsv-prod')],
    unprotected: { datasources: [], stopped: [], complete: true },
  });
  const { model } = await buildDigest(
    input({
      previous,
      result: answer({
        failedJobs: [failedJob(web, 'UserErrorGuestAgentStatusUnavailable'), failedJob(sql, '999999')],
        items: [web, sql, fixedItem],
        vaults: [vault('rsv-prod', { softDelete: 'off', immutability: 'unlocked' })],
        unprotected: {
          datasources: [unprotectedVm('vm-new-1'), unprotectedVm('vm-new-2')],
          stopped: [],
          complete: true,
        },
      }),
    }),
  );
  expect(model.headline).toMatch(
    /^⚠️ 2 failed backups in the last 24 h on 2 items \(1 newly failing, 1 fixed since yesterday\), 2 items without .*, 2 new unprotected VMs, 1 vault lost a security setting\.$/,
  );
  expect(model.notes).toEqual([]);
  const section = (prefix: string) => model.sections.find((s) => s.title.startsWith(prefix));
  expect(section('🆕')).toEqual({
    title: '🆕 Newly failing since yesterday (1)',
    lines: ['master on sqlvm-02 (Contoso Dev)'],
  });
  expect(section('✅')).toEqual({ title: '✅ Fixed since yesterday (1)', lines: ['vm-fixed (Contoso Prod)'] });
  expect(section('🛡️')).toEqual({
    title: '🛡️ 2 new unprotected VMs',
    lines: ['vm-new-1 (Contoso Prod), vm-new-2 (Contoso Prod)'],
  });
  expect(section('🔓')?.lines).toEqual([
    'rsv-prod (Contoso Prod): soft delete turned off (was always on); immutability unlocked (was locked); security level Excellent → Fair',
  ]);
  // An unknown code is grouped with Azure's own words.
  expect(model.failures[1]?.heading).toMatch(/^❌ .*999999.* — 1 failed backup on 1 item$/);
});

test('snoozed items are left out of every line and count, and the digest says how many', async () => {
  const snooze: Snooze = {
    platform: 'teams',
    conversationKey: 'c1',
    itemKey: sql.key,
    itemName: 'master on sqlvm-02 (Contoso Dev)',
    until: new Date(NOW.getTime() + 86_400_000),
    createdBy: { platform: 'teams', userId: 'u1', name: 'Ana' },
    createdAt: NOW,
  };
  const { model } = await buildDigest(input({ snoozes: [snooze] }));
  expect(model.headline).toMatch(/^⚠️ 2 failed backups in the last 24 h on 1 item, 1 item without a good backup/);
  expect(JSON.stringify(model)).not.toContain('master on sqlvm-02');
  expect(model.notes).toContain('💤 1 snoozed item left out (“digest” lists them).');
});

test('a calm day is "all good", and a quiet digest would post nothing', async () => {
  const ok = item({ name: 'vm-ok', lastGoodHoursAgo: 3 });
  const previous = yesterday({
    items: [],
    vaults: [vault('rsv-prod')],
    unprotected: { datasources: [], stopped: [], complete: true },
  });
  const out = await buildDigest(
    input({
      previous,
      result: answer({
        items: [ok],
        vaults: [vault('rsv-prod')],
        unprotected: { datasources: [], stopped: [], complete: true },
      }),
    }),
  );
  expect(out.model.headline).toBe(
    '✅ All good: no failed backups in the last 24 h, every item backed up within its policy, no new unprotected datasources, vault security unchanged.',
  );
  expect(out.hasNews).toBe(false);
  expect(out.model.failures).toEqual([]);
  expect(out.model.sections).toEqual([]);
});

test('a partial answer is labelled, counts as news, and claims no changes', async () => {
  const previous = yesterday({ items: [], vaults: [], unprotected: { datasources: [], stopped: [], complete: true } });
  const out = await buildDigest(
    input({
      previous,
      result: answer({ items: [web], failedJobs: [failedJob(web, 'UserErrorGuestAgentStatusUnavailable')] }, [
        { kind: 'throttled', detail: 'throttled', subscriptions: [PROD_SUB] },
      ]),
    }),
  );
  expect(out.model.partial[0]).toMatch(/^⚠️ Partial answer: 1 subscription throttled by Azure/);
  expect(out.model.notes).toEqual([
    'What changed is left out this time: Resource Graph answered only in part (now or last time).',
  ]);
  expect(out.model.headline).not.toMatch(/newly failing/);
  expect(out.hasNews).toBe(true);
  expect(out.snapshot.complete).toBe(false);
});

const PROD_SUB = '0b2e4f1a-0000-4000-8000-000000000001';

test('more than 1,000 failures in a day is "at least", never a made-up total', async () => {
  const jobs = Array.from({ length: 1_000 }, (_, n) =>
    failedJob(item({ name: `vm-${n}`, failing: true }), 'UserErrorVmNotInDesirableState'),
  );
  const { model } = await buildDigest(input({ result: answer({ failedJobs: jobs, failedJobsMore: true }) }));
  expect(model.headline).toMatch(/^⚠️ At least 1,000 failed backups in the last 24 h on 1,000 items/);
});

test('buttons: lists with the digest scope, retry of what is failing, snooze and turn off, each in a new message', async () => {
  const { model } = await buildDigest(input({ filters: { vault: 'rsv-prod', workload: 'vm' } }));
  expect(labels(model)).toEqual(['Failed jobs', 'Retry 2 items', 'Vaults', 'Snooze an item', 'Turn off']);
  for (const b of [...model.buttons, ...model.views, ...model.manage]) expect(opensNewMessage(b.payload)).toBe(true);
  expect(JSON.parse(model.buttons[0]?.payload as string).c).toBe('jobs failed vault:rsv-prod type:vm');
  // Vault-scoped digests have no unprotected datasources (they belong to no vault); a preview has nothing to turn off.
  const preview = await buildDigest(input({ kind: 'preview', offerRetry: false, title: 'Backup digest' }));
  expect(labels(preview.model)).toEqual(['Failed jobs', 'Unprotected', 'Vaults', 'Snooze an item']);
  expect(preview.model.title).toBe('Backup digest (preview)');
  expect(preview.model.notes[0]).toMatch(/^Preview: /);
  expect(opensNewMessage(model.query[0]?.payload)).toBe(false);
});

test('a late digest says when it was due', async () => {
  const { model } = await buildDigest(input({ lateFrom: new Date(NOW.getTime() - 14 * 60_000) }));
  expect(model.notes[0]).toBe('⏰ Late: due 07:46 CET, posted 08:00 CET.');
});

test('protection stopped since yesterday is its own line (resume them), never "new unprotected"', async () => {
  const stoppedIn = (name: string, state: 'stopped' | 'softDeleted') => ({
    ...unprotectedVm(name),
    stopped: {
      state,
      vaultName: 'rsv-prod',
      itemId: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/rsv-prod/i/${name}`,
    },
  });
  const quiet = { items: [], vaults: [vault('rsv-prod')] };
  const previous = yesterday({
    ...quiet,
    unprotected: {
      datasources: [unprotectedVm('vm-old')],
      stopped: [stoppedIn('vm-was-stopped', 'stopped')],
      complete: true,
    },
  });
  const now = answer({
    ...quiet,
    unprotected: {
      datasources: [unprotectedVm('vm-old')],
      stopped: [
        stoppedIn('vm-was-stopped', 'stopped'),
        stoppedIn('vm-stop-1', 'stopped'),
        stoppedIn('vm-gone-2', 'softDeleted'),
      ],
      complete: true,
    },
  });
  const { model, hasNews } = await buildDigest(input({ previous, result: now }));
  expect(hasNews).toBe(true);
  expect(model.headline).toBe('⚠️ 2 with protection newly stopped — resume them.');
  const section = model.sections.find((s) => s.title.startsWith('⏸️'));
  expect(section).toEqual({
    title: '⏸️ 2 with protection newly stopped — resume them',
    lines: ['vm-stop-1 (vault rsv-prod), vm-gone-2 (soft-deleted, vault rsv-prod)'],
  });
  expect(model.sections.find((s) => s.title.startsWith('🛡️'))).toBeUndefined();

  // A snapshot from before stopped protection was told apart claims nothing new about it.
  const old = yesterday({
    ...quiet,
    unprotected: { datasources: [unprotectedVm('vm-old')], stopped: [], complete: true },
  });
  delete old.snapshot.stopped;
  const after = await buildDigest(input({ previous: old, result: now }));
  expect(after.model.sections.find((s) => s.title.startsWith('⏸️'))).toBeUndefined();
  expect(after.snapshot.stopped).toHaveLength(3);
});
