// View "items" over the real data path (instance list / digest item head → the stand-in's KQL engine → row mapping) on
// the hand-made tricky estate: states in the unprotected view's words, stale judged at the request's clock (the
// boundary of a 4-hour policy), buttons to the item and its policy; golden files for both platforms; and a page of the
// hardest rows fits both platforms while one more would not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackupData } from '../../../src/azure/backup-data';
import { bindStaleItemsKql } from '../../../src/azure/instances/items';
import { decodeAction, decodeActionInline } from '../../../src/core/commands/payload';
import type { ItemsCommand } from '../../../src/core/commands/types';
import { ageText, buildItemsView, expectationText } from '../../../src/core/views/items';
import { PAGE_SIZES } from '../../../src/core/views/shared/page-size';
import { renderView } from '../../../src/render/render-view';
import { GUARDED } from '../../azure/support/all-queries';
import { EngineRunner, loadEstateTables } from '../../azure/support/engine-runner';
import { hugeEstateData, SLACK_CALLER, TEAMS_CALLER, testCore } from '../../core/support/core-estates';
import { expectGolden } from '../../support/golden';
import { CountingStash, inventoryContext } from './support/inventory-context';
import { answer } from './support/inventory-estates';
import { hugeItems } from './support/items-estates';
import { expectPagesWithinLimits, rendersAsDesigned } from './support/render-checks';

const FIXTURES = join(__dirname, '../../fixtures');
const now = new Date(
  (JSON.parse(readFileSync(join(FIXTURES, 'tricky-estate.expected.json'), 'utf8')) as { now: string }).now,
);
const runner = new EngineRunner(loadEstateTables(join(FIXTURES, 'tricky-estate.json')), now);
const data = createBackupData(runner);
const list: ItemsCommand = { verb: 'items', filters: {} };
const stash = new CountingStash();
const ctx = (at = now) => inventoryContext({ now: at, pageSize: 50, stash });

async function view(cmd: ItemsCommand, at = now) {
  const result = await data.items(
    { ...(cmd.filters.vault ? { vault: cmd.filters.vault } : {}) },
    {
      now: at,
      ...(cmd.state === undefined ? {} : { state: cmd.state }),
    },
  );
  return buildItemsView(result, cmd, ctx(at));
}

// By hand from test/fixtures/tricky-estate.json (now 2025-06-15T12:00Z): 12 items; vm-old-02 and disk-stopped-03
// ProtectionStopped, vm-soft-03 ProtectionStopped + isScheduledForDeferredDelete (soft-deleted), aks-prod-01
// ConfiguringProtectionFailed; the rest active.
test('items: every item of both vault kinds once, problems first, with its state in words', async () => {
  const model = await view(list);
  expect(model.title).toBe('Backup items');
  expect(model.totals).toBe('showing all 12 items');
  expect(model.items.map((i) => i.name)).toEqual([
    'sales on vm-sql-01',
    'aks-prod-01',
    'share1',
    'vm-web-01',
    'hr on vm-sql-01',
    'disk-data-01',
    'pg-single-01/ordersdb',
    'stblob01',
    'aks-ok-02',
    'vm-soft-03',
    'vm-old-02',
    'disk-stopped-03',
  ]);
  const row = (name: string) => model.items.find((i) => i.name === name);
  expect(row('vm-old-02')?.state).toBe('🚫 Protection stopped (data retained): resume it');
  expect(row('vm-soft-03')?.state).toBe('🚫 Soft-deleted: undelete it and resume it');
  expect(row('aks-prod-01')?.state).toBe('⚠️ Protection not configured (ConfiguringProtectionFailed)');
  expect(row('vm-web-01')).toMatchObject({
    state: '✅ Protected · ✅ Healthy',
    policy: 'Policy: DefaultPolicy',
    color: 'Good',
    stale: [],
  });
  expect(row('vm-web-01')?.last).toMatch(/^Last backup: ✅ Succeeded · .* \(10 h ago\)$/);
  // A Backup vault instance's last backup is its newest finished backup job (none for this one in ARG's 14 days).
  expect(row('stblob01')?.last).toBe('Last backup: ⚠️ none in Resource Graph’s 14 days of jobs');
  // policyInfo carries only the id here: the policy's name is its last segment.
  expect(row('disk-data-01')?.policy).toBe('Policy: DISK-HOURLY');
  expect(decodeActionInline(row('disk-data-01')?.policyButton[0]?.payload)).toEqual({
    ok: true,
    command: {
      verb: 'policies',
      name: 'DISK-HOURLY',
      filters: { vault: 'bv-prod', subscription: expect.any(String), resourceGroup: expect.any(String) },
    },
  });
  // The item's id is too long to ride inline: its button carries a stash id.
  const item = await decodeAction(JSON.parse(row('vm-web-01')?.item.payload ?? '{}'), stash);
  expect(item.ok && item.command).toEqual({
    verb: 'item',
    ref: expect.stringMatching(/\/protectedItems\/VM;iaasvmcontainerv2;RG-App;vm-web-01$/),
    filters: {},
  });
  expect(row('hr on vm-sql-01')?.policyButton).toEqual([]);
  expect(model.buttons.map((b) => b.label)).toEqual(['Stale', 'Failing']);
  renderBoth('normal', model);
});

test('items stopped: the stopped and the soft-deleted, as the unprotected view groups them', async () => {
  const model = await view({ ...list, state: 'stopped' });
  expect(model.title).toBe('Backup items with protection stopped or soft-deleted');
  expect(model.items.map((i) => i.name).sort()).toEqual(['disk-stopped-03', 'vm-old-02', 'vm-soft-03']);
  expect(model.buttons.map((b) => b.label)).toEqual(['All items', 'Stale']);
});

test('items failing: active items whose last backup failed (RSV Unhealthy, BV newest job Failed)', async () => {
  const model = await view({ ...list, state: 'failing' });
  expect(model.items.map((i) => i.name).sort()).toEqual(['aks-ok-02', 'pg-single-01/ordersdb', 'sales on vm-sql-01']);
});

// By hand: DefaultPolicy is daily and vm-web-01's last good backup is 11 h old; sales and hr name no policy; share1 is
// still configuring; stblob01's policy is operational (no schedule); disk-data-01 (every 4 h) had a good job at 06:00,
// exactly 4 h + 2 h grace ago; pg-single-01 and aks-ok-02 (every 4 h) have only failed jobs; aks-prod-01 never got
// configured (not stale: not configured).
test('items stale: no good backup within the policy’s interval plus the grace, judged at the request’s clock', async () => {
  const model = await view({ ...list, state: 'stale' });
  expect(model.title).toBe('Stale backup items');
  expect(model.items.map((i) => i.name)).toEqual(['pg-single-01/ordersdb', 'aks-ok-02']);
  expect(model.items[0]?.stale).toEqual([
    '❌ No good backup known (no successful backup job in Resource Graph’s 14 days); pg-weekly expects one every 4 h (+2 h grace)',
  ]);
  expect(model.items[0]?.color).toBe('Attention');
  // One minute later disk-data-01's 06:00 backup is past 4 h + 2 h: it joins, after the ones with none known.
  const later = await view({ ...list, state: 'stale' }, new Date(now.getTime() + 60_000));
  expect(later.items.map((i) => i.name)).toEqual(['pg-single-01/ordersdb', 'aks-ok-02', 'disk-data-01']);
  expect(later.items[2]?.stale[0]).toMatch(
    /^⚠️ No good backup for 6 h \(since .*\); DISK-HOURLY expects one every 4 h \(\+2 h grace\)$/,
  );
  renderBoth('stale', later);
});

test('items stale binds the bot’s clock, not ARG’s now()', () => {
  const kql = bindStaleItemsKql({ since: '24h' }, new Date('2025-06-15T12:00:00Z'));
  expect(kql).toContain('lastGoodAt < datetime(2025-06-15T12:00:00.000Z) - (everyHours + 2) * 1h');
  expect(kql).not.toMatch(/\bnow\(\)/);
});

test('words: what a policy expects and how old a backup is', () => {
  expect(expectationText(24)).toBe('one a day');
  expect(expectationText(168)).toBe('one a week');
  expect(expectationText(4)).toBe('one every 4 h');
  expect(expectationText(96)).toBe('one at least every 4 days');
  expect(ageText('2025-06-10T08:00:00Z', now)).toBe('5 d 4 h');
  expect(ageText('2025-06-14T12:00:00Z', now)).toBe('24 h');
});

test('empty: what no item means for each state', async () => {
  const empty = answer({ rows: [], hasMore: false });
  const stale = await buildItemsView(empty, { ...list, state: 'stale' }, ctx());
  expect(stale.totals).toBe('no stale items');
  expect(stale.empty[0]).toMatch(/^Every active backup item has a good backup within its policy’s schedule/);
  renderBoth('empty', stale);
});

function renderBoth(name: string, model: object) {
  const teams = renderView('items', model, 'teams');
  const slack = renderView('items', model, 'slack');
  expectGolden(`views/items-${name}.teams`, teams.card);
  expectGolden(`views/items-${name}.slack`, { text: slack.text, blocks: slack.blocks });
}

describe.each(['teams', 'slack'] as const)('%s: the hardest page', (platform) => {
  const family = platform === 'slack' ? 'slack' : 'adaptive';
  test('a full page renders as designed, one more item would not fit, and the last page is within limits', async () => {
    const size = PAGE_SIZES.items[family];
    const c = () => inventoryContext({ caller: { platform, userId: 'u' }, pageSize: 1000 });
    // A partial answer's banner too, as the huge estate's answers carry one.
    const partial = [
      { kind: 'throttled' as const, detail: '12 subscriptions were throttled', subscriptions: ['s1', 's2'] },
      { kind: 'failed-batch' as const, detail: 'one subscription batch failed', subscriptions: ['s99'] },
    ];
    const huge = answer(hugeItems(), partial, [bindStaleItemsKql(GUARDED, now)]);
    const cmd: ItemsCommand = { ...list, state: 'stale' };
    const [one, two] = await Promise.all([1, 2].map((page) => buildItemsView(huge, { ...cmd, page }, c())));
    expect(one?.items).toHaveLength(size);
    expect(rendersAsDesigned('items', one as object, platform)).toBe(true);
    const extra = two?.items.slice(0, 1) ?? [];
    const longer = {
      ...one,
      items: [...(one?.items ?? []), ...extra],
      entries: [
        ...(one?.entries ?? []),
        ...extra.flatMap((r) => [
          { row: [r], policy: [] },
          { row: [], policy: [r] },
        ]),
      ],
    };
    expect(rendersAsDesigned('items', longer, platform)).toBe(false);
    const last = await buildItemsView(huge, { ...cmd, page: 10_000 }, c());
    expect(last.totals).toMatch(/^showing 5[89][0-9]–600 of 600 stale items$/);
    expect(rendersAsDesigned('items', last, platform)).toBe(true);
  });
});

describe.each([
  ['teams', TEAMS_CALLER],
  ['slack', SLACK_CALLER],
] as const)('%s: typed and clicked through the conversation core on the huge estate', (_platform, caller) => {
  test('every page asked renders as designed within the limits, and Next moves on', async () => {
    const { core } = testCore(hugeEstateData());
    await expectPagesWithinLimits(core, caller, 'items stale', { view: 'items', totals: 'of 600 stale items' });
  });
});
