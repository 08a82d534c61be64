// Every Teams card of the conversation core's views (summary, jobs, item, items, error, help, welcome, working,
// query), for the empty, normal and huge estates, through the official renderer in headless Chromium; PNGs go to
// test-output/cards/<view>-<case>.teams.png for a person to look at; the failed-jobs card of the normal estate is the
// README's docs/triage.png (rewritten when UPDATE_SCREENSHOTS=1).
import type { ConversationCore } from '../../src/core/conversation-port';
import { renderView, type ViewName } from '../../src/render/render-view';
import {
  emptyEstateData,
  hugeEstateData,
  SLACK_CALLER,
  smallEstateData,
  TEAMS_CALLER,
  testCore,
} from '../core/support/core-estates';
import { publishReadmeScreenshot } from '../support/readme-screenshot';
import { type CardToShoot, screenshotTeamsCards } from './teams-screenshots';

jest.setTimeout(120_000);

async function card(core: ConversationCore, name: string, text: string): Promise<CardToShoot> {
  const reply = await core.handleText(text, TEAMS_CALLER);
  return { name, card: renderView(reply.view as ViewName, reply.model, 'teams').card };
}

test('every Teams card of the core views renders cleanly in the official renderer', async () => {
  const cards: CardToShoot[] = [];
  for (const [estate, data, item] of [
    ['empty', emptyEstateData(), 'vm-nowhere-01'],
    ['normal', smallEstateData(), 'disk-fin-data-0012'],
    ['huge', hugeEstateData(), 'anything'],
  ] as const) {
    const { core } = testCore(data);
    cards.push(await card(core, `summary-${estate}`, 'summary'));
    cards.push(await card(core, `jobs-failed-${estate}`, 'jobs failed'));
    cards.push(await card(core, `jobs-running-${estate}`, 'jobs running'));
    cards.push(await card(core, `jobs-all-${estate}`, 'jobs all since:7d'));
    cards.push(await card(core, `item-${estate}`, `item ${item}`));
    cards.push(await card(core, `items-${estate}`, 'items'));
    cards.push(await card(core, `items-stale-${estate}`, 'items stale'));
    const summary = await core.handleText('summary', SLACK_CALLER);
    const query = await core.handleAction(
      (summary.model as { query: { payload: string }[] }).query[0]?.payload,
      TEAMS_CALLER,
    );
    cards.push({ name: `query-${estate}`, card: renderView('query', query.model, 'teams').card });
  }
  const { core } = testCore(emptyEstateData());
  cards.push(await card(core, 'error-typo', 'jbos failed'));
  cards.push(await card(core, 'error-retry', 'retry vm-web-01'));
  cards.push(await card(core, 'help-core', 'help'));
  cards.push({ name: 'welcome', card: renderView('welcome', (await core.welcome(TEAMS_CALLER)).model, 'teams').card });
  cards.push({
    name: 'working',
    card: renderView('working', core.working(TEAMS_CALLER, 'jobs failed').model, 'teams').card,
  });

  const shots = await screenshotTeamsCards(cards);
  expect(shots).toHaveLength(cards.length);
  const text = (name: string) => shots.find((s) => s.name === name)?.text ?? '';
  // What a person reads: icons and counts, grouped failures with what to do, the typo's suggestion.
  expect(text('summary-normal')).toContain('❌ Failed');
  expect(text('jobs-failed-normal')).toContain('showing 11 of 42 failed jobs in 6 vaults');
  expect(text('jobs-failed-normal')).toContain('error codes, biggest first');
  expect(text('jobs-failed-normal')).toContain('Fix:');
  expect(text('jobs-failed-huge')).toContain('Partial answer');
  expect(text('error-typo')).toContain('Did you mean');
  expect(text('items-stale-normal')).toContain('Stale backup items');
  expect(text('items-stale-huge')).toContain('expects one at least every 4 days (+2 h grace)');
  expect(text('working')).toContain('Working on jobs failed');
  const triage = shots.find((s) => s.name === 'jobs-failed-normal');
  expect(publishReadmeScreenshot(triage?.file ?? '', 'triage.png')).toEqual([]);
});
