// The digest's cards (digest, digest-settings, snooze) for both platforms: every case renders within Teams' and
// Slack's limits, the huge day included; golden files pin the normal ones; the official Adaptive Cards renderer draws
// the Teams cards in headless Chromium (PNGs in test-output/cards/).
import type { Reply } from '../../../src/core/conversation-port';
import { buildDigest, type DigestInput } from '../../../src/core/digest/report';
import { settingsReply, snoozePickerReply } from '../../../src/core/digest/settings-view';
import { takeSnapshot } from '../../../src/core/digest/snapshot';
import { createTimeFormat } from '../../../src/core/views/shared/time';
import { renderView, type ViewName } from '../../../src/render/render-view';
import type { DigestSubscription, Snooze } from '../../../src/store/store';
import { type CardToShoot, screenshotTeamsCards } from '../../render/teams-screenshots';
import { expectGolden } from '../../support/golden';
import { CountingStash } from '../support/core-estates';
import { HUGE_NOW } from '../support/huge-estate';
import { answer, DEV, failedJob, hugeAnswer, item, NAMES, NOW, unprotectedVm, vault } from './support/digest-data';

jest.setTimeout(120_000);

const time = createTimeFormat('Europe/Berlin');
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

function base(overrides: Partial<DigestInput>): DigestInput {
  return {
    result: answer({}),
    names: NAMES,
    filters: {},
    now: NOW,
    time,
    snoozes: [],
    kind: 'scheduled',
    title: 'Daily digest',
    offerRetry: true,
    stash: new CountingStash(),
    ...overrides,
  };
}

async function digestReply(overrides: Partial<DigestInput>): Promise<Reply> {
  const out = await buildDigest(base(overrides));
  return { view: 'digest', model: out.model, summaryText: out.summaryText };
}

const SUB: DigestSubscription = {
  platform: 'teams',
  conversationKey: '19:backup-ops@thread.tacv2',
  address: {},
  time: '08:00',
  timezone: 'Europe/Berlin',
  days: 'weekdays',
  quiet: true,
  filters: { vault: 'rsv-prod' },
  scopeKey: 'vault:rsv-prod',
  createdBy: { platform: 'teams', userId: '29:ana', name: 'Ana Admin' },
  createdAt: new Date('2026-12-01T09:00:00Z'),
  updatedAt: new Date('2026-12-01T09:00:00Z'),
  nextRunAt: new Date('2026-12-07T07:00:00Z'),
  pausedAt: null,
  pausedReason: null,
  lastRun: { dueAt: NOW, finishedAt: NOW, status: 'posted', detail: null, late: false },
  lastSnapshotAt: NOW,
  notes: {},
};

const snooze = (n: number, name: string): Snooze => ({
  platform: 'teams',
  conversationKey: SUB.conversationKey,
  itemKey: `/subscriptions/x/item-${n}`,
  itemName: name,
  until: new Date(NOW.getTime() + (n + 1) * 86_400_000),
  createdBy: { platform: 'teams', userId: '29:ana', name: 'Ana Admin' },
  createdAt: NOW,
});

async function cases(): Promise<Record<string, Reply>> {
  const stash = new CountingStash();
  const longName = `vm-${'a-very-long-resource-name-segment-'.repeat(4)}`;
  const huge = hugeAnswer();
  return {
    'digest-first': await digestReply({
      result: answer({
        failedJobs: [
          failedJob(web, 'UserErrorGuestAgentStatusUnavailable'),
          failedJob(sql, 'UserErrorSQLLSNValidationFailure'),
        ],
        items: [web, sql],
        vaults: [vault('rsv-prod')],
      }),
    }),
    'digest-changes': await digestReply({
      previous: {
        snapshot: takeSnapshot(answer({ vaults: [vault('rsv-prod')] }).value, true, new Set()),
        at: new Date(NOW.getTime() - 86_400_000),
      },
      result: answer({
        failedJobs: [failedJob(web, 'UserErrorGuestAgentStatusUnavailable')],
        items: [web, sql],
        vaults: [vault('rsv-prod', { softDelete: 'off' })],
        unprotected: { datasources: [unprotectedVm('vm-new-1')], stopped: [], complete: true },
      }),
    }),
    'digest-all-good': await digestReply({ result: answer({ vaults: [vault('rsv-prod')] }) }),
    // The biggest day with changes to report (changes need a complete answer) …
    'digest-huge': await digestReply({
      now: HUGE_NOW,
      previous: {
        snapshot: takeSnapshot(answer({}).value, true, new Set()),
        at: new Date(HUGE_NOW.getTime() - 3 * 86_400_000),
      },
      result: { ...huge, partial: [] },
      lateFrom: new Date(HUGE_NOW.getTime() - 3_600_000),
      snoozes: [snooze(1, 'vm-x')],
    }),
    // … and the biggest partial one (its banner instead of the changes).
    'digest-partial-huge': await digestReply({
      now: HUGE_NOW,
      result: huge,
      lateFrom: new Date(HUGE_NOW.getTime() - 3_600_000),
    }),
    'digest-settings-on': await settingsReply({
      sub: SUB,
      snoozes: [snooze(1, 'vm-web-01 (Contoso Prod)')],
      now: NOW,
      time,
      stash,
    }),
    'digest-settings-off': await settingsReply({ sub: undefined, snoozes: [], now: NOW, time, stash }),
    'digest-settings-huge': await settingsReply({
      sub: {
        ...SUB,
        pausedAt: NOW,
        pausedReason: `the bot can no longer post here (${'x'.repeat(300)})`,
        filters: { subscription: 'y'.repeat(256), tags: [{ key: 'k'.repeat(256), value: 'v'.repeat(256) }] },
      },
      snoozes: Array.from({ length: 30 }, (_, n) =>
        snooze(n, `${longName}${n} (Contoso Production Subscription With A Long Name)`),
      ),
      now: NOW,
      time,
      stash,
      title: `Ana Admin turned on the weekday digest`,
      notes: [
        'Your time zone is unknown to the bot, so the digest runs on UTC; add tz:<zone> (e.g. tz:Europe/Berlin) to change it.',
      ],
    }),
    'snooze-picker': await snoozePickerReply({
      offers: [
        { id: web.id, text: 'vm-web-01 (Contoso Prod) · failing' },
        { id: sql.id, text: 'master on sqlvm-02 (Contoso Dev) · no good backup within policy' },
      ],
      title: 'Snooze an item',
      subtitle: "Leave an item out of this conversation's digests for a while · everything the bot can read",
      notes: [],
      time,
      now: NOW,
      stash,
    }),
    'snooze-huge': await snoozePickerReply({
      offers: Array.from({ length: 8 }, (_, n) => ({
        id: `${web.id}-${'x'.repeat(300)}-${n}`,
        text: `${longName}${n} (Contoso Production) · no good backup within policy`,
      })),
      title: 'Snooze an item',
      subtitle: `Leave an item out of this conversation's digests for a while · ${'tag:x=y · '.repeat(30)}`,
      notes: ['12 more; type snooze <name> 7d for any of them.'],
      time,
      now: NOW,
      stash,
    }),
  };
}

test('every digest card renders within both platforms’ limits, and the normal ones match their golden files', async () => {
  const shots: CardToShoot[] = [];
  for (const [name, reply] of Object.entries(await cases())) {
    const teams = renderView(reply.view as ViewName, reply.model, 'teams');
    const slack = renderView(reply.view as ViewName, reply.model, 'slack');
    expect(teams.bytes).toBeLessThanOrEqual(28_000);
    expect(slack.textChars).toBeLessThanOrEqual(10_000);
    if (!name.endsWith('huge')) {
      expectGolden(`digest/${name}.teams`, teams.card);
      expectGolden(`digest/${name}.slack`, { text: slack.text, blocks: slack.blocks });
    }
    shots.push({ name, card: teams.card });
  }
  const drawn = await screenshotTeamsCards(shots);
  const text = (name: string) => drawn.find((s) => s.name === name)?.text ?? '';
  expect(text('digest-first')).toContain('2 failed backups in the last 24 h on 2 items');
  expect(text('digest-first')).toContain('Fix:');
  expect(text('digest-changes')).toContain('Vault security dropped');
  expect(text('digest-partial-huge')).toContain('Partial answer');
  expect(text('digest-huge')).toContain('more error code');
  expect(text('digest-settings-on')).toContain('Snoozed here');
  expect(text('snooze-picker')).toContain('7 days');
});

test('the huge day still shows what matters first: the headline, the biggest error codes, and counts of the rest', async () => {
  const reply = (await cases())['digest-huge'] as Reply;
  const model = reply.model as {
    headline: string;
    failures: unknown[];
    failuresMore: string[];
    sections: { title: string; lines: string[] }[];
  };
  expect(model.headline).toMatch(
    /^⚠️ At least 1,000 failed backups in the last 24 h on [\d,]+ items \([\d,]+ newly failing/,
  );
  expect(model.failures.length).toBeGreaterThanOrEqual(3);
  expect(model.failuresMore[0]).toMatch(/^\+ \d+ more error codes? \(/);
  // Sections that did not fit entirely say how many more there are.
  expect(model.sections.some((s) => /… and [\d,]+ more$/.test(s.lines.at(-1) ?? ''))).toBe(true);
});
