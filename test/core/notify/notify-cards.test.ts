// The notification card for both platforms: a new message, one updated after a repeat and a fix, one with every item
// fixed, a burst beyond NOTIFY_MAX_ITEMS (one line per error code) and the largest allowed; all within Teams' and
// Slack's limits, the normal ones pinned by golden files and drawn by the Adaptive Cards renderer in Chromium.
import type { Reply } from '../../../src/core/conversation-port';
import type { FailureEvent } from '../../../src/core/domain/notify';
import { eventOfJob } from '../../../src/core/notify/events';
import {
  addFailures,
  type NotifyMessageState,
  newMessageState,
  renderNotification,
} from '../../../src/core/notify/message';
import { createTimeFormat } from '../../../src/core/views/shared/time';
import { renderView } from '../../../src/render/render-view';
import { type CardToShoot, screenshotTeamsCards } from '../../render/teams-screenshots';
import { expectGolden } from '../../support/golden';
import { DEV, failedJob, item, NAMES, NOW } from '../digest/support/digest-data';
import { CountingStash } from '../support/core-estates';

jest.setTimeout(120_000);

const time = createTimeFormat('Europe/Berlin');
const web = item({ name: 'vm-web-01', failing: true, failedHoursAgo: 1, lastGoodHoursAgo: 25 });
const app = item({ name: 'vm-app-02', failing: true, failedHoursAgo: 1, lastGoodHoursAgo: 25 });
const sql = item({ name: 'master', workload: 'sql', host: 'sqlvm-02', sub: DEV, failing: true, failedHoursAgo: 1 });

const event = (e: FailureEvent | undefined): FailureEvent => {
  if (e === undefined) throw new Error('no event');
  return e;
};

function stateOf(events: FailureEvent[], maxNames = NAMES): NotifyMessageState {
  const state = newMessageState({ vault: 'rsv-prod' }, 'Europe/Berlin', new Date(NOW.getTime() - 3_600_000));
  addFailures(state, events, maxNames);
  return state;
}

async function render(state: NotifyMessageState, maxItems = 10): Promise<Reply> {
  return renderNotification({
    state,
    time,
    now: NOW,
    stash: new CountingStash(),
    offerRetry: true,
    maxItems,
    scope: 'vault:rsv-prod',
  });
}

async function cases(): Promise<Record<string, Reply>> {
  const first = [
    event(eventOfJob(failedJob(web, 'UserErrorGuestAgentStatusUnavailable', 1))),
    event(eventOfJob(failedJob(app, 'UserErrorGuestAgentStatusUnavailable', 1))),
    event(eventOfJob(failedJob(sql, 'UserErrorSQLLSNValidationFailure', 1))),
  ];
  const later = stateOf(first);
  addFailures(later, [event(eventOfJob(failedJob(web, 'UserErrorGuestAgentStatusUnavailable', 0.5)))], NAMES);
  const sqlItem = later.items.find((i) => i.label.startsWith('master')) as NotifyMessageState['items'][number];
  sqlItem.fixedAt = new Date(NOW.getTime() - 10 * 60_000).toISOString();
  sqlItem.fixedBy = 'by a retry from Ana Admin';
  const allFixed = stateOf(first.slice(0, 1));
  (allFixed.items[0] as NotifyMessageState['items'][number]).fixedAt = NOW.toISOString();
  (allFixed.items[0] as NotifyMessageState['items'][number]).fixedBy = 'by the schedule';
  const burst = Array.from({ length: 40 }, (_, n) =>
    event(
      eventOfJob(
        failedJob(
          item({ name: `vm-burst-${n}`, failing: true }),
          n % 3 === 0 ? 'UserErrorVmNotInDesirableState' : 'ExtensionSnapshotFailedNoNetwork',
          1,
        ),
      ),
    ),
  );
  const longName = `vm-${'a-very-long-resource-name-segment-'.repeat(4)}`;
  const widest = Array.from({ length: 20 }, (_, n) =>
    event(eventOfJob(failedJob(item({ name: `${longName}${n}`, failing: true }), `UserErrorCode${n}`, 1))),
  );
  return {
    'notify-new': await render(stateOf(first)),
    'notify-repeat-and-fix': await render(later),
    'notify-all-fixed': await render(allFixed),
    'notify-burst': await render(stateOf(burst)),
    'notify-huge': await render(stateOf(widest), 20),
  };
}

test('every notification card renders within both platforms’ limits; golden files pin the normal ones', async () => {
  const shots: CardToShoot[] = [];
  for (const [name, reply] of Object.entries(await cases())) {
    const teams = renderView('notify', reply.model, 'teams');
    const slack = renderView('notify', reply.model, 'slack');
    expect(teams.bytes).toBeLessThanOrEqual(28_000);
    expect(slack.textChars).toBeLessThanOrEqual(10_000);
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    if (!name.endsWith('huge')) {
      expectGolden(`notify/${name}.teams`, teams.card);
      expectGolden(`notify/${name}.slack`, { text: slack.text, blocks: slack.blocks });
    }
    shots.push({ name, card: teams.card });
  }
  const drawn = await screenshotTeamsCards(shots);
  const text = (name: string) => drawn.find((s) => s.name === name)?.text ?? '';
  expect(text('notify-new')).toContain('3 new backup failures on 3 items');
  expect(text('notify-new')).toContain('Fix:');
  expect(text('notify-new')).toContain('Retry these 2');
  expect(text('notify-repeat-and-fix')).toMatch(/vm-web-01 \(Contoso Prod\) · failed 2 times since/);
  expect(text('notify-repeat-and-fix')).toContain('by a retry from Ana Admin');
  expect(text('notify-all-fixed')).toContain('1 backup failure fixed');
  expect(text('notify-burst')).toContain('one line per error code');
  expect(text('notify-burst')).not.toContain('vm-burst-1 ');
});
