// "Show query" pastes into Resource Graph Explorer unchanged: the KQL read back out of the rendered Teams card (its
// JSON and the official renderer's DOM in Chromium) and out of the Slack "query" message equals the model's, byte for byte.
import type { ConversationCore } from '../../src/core/conversation-port';
import type { QueryText, ShowQuery } from '../../src/core/view-models/common';
import type { QueryViewModel } from '../../src/core/view-models/detail';
import { unescapeSlack } from '../../src/render/expand';
import { type RenderedSlackMessage, renderView, type ViewName } from '../../src/render/render-view';
import { SLACK_CALLER, smallEstateData, TEAMS_CALLER, testCore } from '../core/support/core-estates';
import { screenshotTeamsCards } from './teams-screenshots';

jest.setTimeout(120_000);

/** Filters full of what markdown and mrkdwn would eat: `*`, `_`, `|`, `<`, `>`, quotes, a backslash. */
const NASTY = 'tag:"a*b_c"="<x> | \'y\' \\z_*"';
const ASKS = [
  `summary ${NASTY}`,
  `jobs failed since:7d ${NASTY}`,
  `unprotected ${NASTY}`,
  'vaults rg:"rg_*<a>|b"',
  'vault "rsv*_<x>|y"',
  'item disk-fin-data-0012',
];

interface Answer {
  view: ViewName;
  model: { query: ShowQuery[] };
}

async function answers(core: ConversationCore): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const text of ASKS) {
    const reply = await core.handleText(text, TEAMS_CALLER);
    out.push({ view: reply.view as ViewName, model: reply.model as Answer['model'] });
  }
  return out;
}

/** Every Input.Text value under the card's Action.ShowCard, in order. */
function teamsQueryInputs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) teamsQueryInputs(item, out);
  else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.type === 'Input.Text' && typeof record.value === 'string') out.push(record.value);
    for (const value of Object.values(record)) teamsQueryInputs(value, out);
  }
  return out;
}

/** The KQL a person copies out of the Slack message: the code blocks' text, entities decoded, pieces rejoined. */
function slackQueryText(message: RenderedSlackMessage): string {
  const pieces = message.blocks
    .map((b) => (b as { text?: { text?: string } }).text?.text ?? '')
    .filter((t) => t.startsWith('```') && t.endsWith('```'))
    .map((t) => unescapeSlack(t.slice(3, -3)));
  return pieces.join('\n');
}

/** The click data of a "Show query" button asking for query `i` (the query view pages through them). */
function queryClick(button: ShowQuery | undefined, i: number): string | undefined {
  return i === 0 ? button?.payload : JSON.stringify({ ...JSON.parse(button?.payload ?? '{}'), i });
}

test('the KQL every view carries comes out of the Teams card and the Slack message unchanged', async () => {
  const { core } = testCore(smallEstateData());
  const all = await answers(core);
  expect(all.map((a) => a.view)).toEqual(['summary', 'jobs', 'unprotected', 'vaults', 'vault', 'item']);
  const kqls: string[] = [];
  for (const { view, model } of all) {
    const queries: QueryText[] = model.query.flatMap((q) => q.queries);
    expect(queries.length).toBeGreaterThan(0);
    const kql = queries.map((q) => q.kql);
    kqls.push(...kql);
    // The filter's characters reach the KQL (bound as string literals), so the test covers them.
    if (view !== 'item') expect(kql.join('\n')).toMatch(/<[ax]>/);
    const inline = teamsQueryInputs(renderView(view, model, 'teams').card);
    if (view === 'jobs') {
      // The failed-jobs card keeps its room for rows: its Show query posts the "query" view, one message per query.
      expect(inline).toEqual([]);
      for (const [i, text] of kql.entries()) {
        const reply = await core.handleAction(queryClick(model.query[0], i), TEAMS_CALLER);
        expect(teamsQueryInputs(renderView('query', reply.model, 'teams').card)).toEqual([text]);
      }
    } else {
      expect(inline).toEqual(kql);
    }

    // Slack: the view's button answers with the "query" view, one message per query.
    const slack = await core.handleText(ASKS[all.findIndex((a) => a.view === view)] ?? '', SLACK_CALLER);
    const button = (slack.model as Answer['model']).query[0];
    for (let i = 0; i < kql.length; i++) {
      const reply = await core.handleAction(queryClick(button, i), SLACK_CALLER);
      expect(reply.view).toBe('query');
      expect((reply.model as QueryViewModel).query.kql).toBe(kql[i]);
      expect(slackQueryText(renderView('query', reply.model, 'slack'))).toBe(kql[i]);
    }
  }
  expect(kqls.some((k) => k.includes('\n'))).toBe(true);
});

test('the official renderer in Chromium shows the KQL of the Teams cards unchanged, newlines and quotes included', async () => {
  const { core } = testCore(smallEstateData());
  const all = await answers(core);
  // The Action.ShowCard body as a card of its own: the DOM holds its inputs only once the card is shown.
  const cards: Array<{ name: string; card: object; kql: string[] }> = [];
  for (const { view, model } of all) {
    const kql = model.query.flatMap((q) => q.queries.map((x) => x.kql));
    const actions = (renderView(view, model, 'teams').card.actions ?? []) as { type: string; card?: object }[];
    const show = actions.find((a) => a.type === 'Action.ShowCard');
    if (show?.card) {
      cards.push({ name: `query-text-${view}`, card: { ...show.card, version: '1.5' }, kql });
      continue;
    }
    // The failed-jobs card's Show query posts the query card.
    for (const [i, text] of kql.entries()) {
      const reply = await core.handleAction(queryClick(model.query[0], i), TEAMS_CALLER);
      cards.push({
        name: `query-text-${view}-${i + 1}`,
        card: renderView('query', reply.model, 'teams').card,
        kql: [text],
      });
    }
  }
  expect(cards.length).toBeGreaterThanOrEqual(all.length);
  const shots = await screenshotTeamsCards(cards);
  for (const [i, shot] of shots.entries()) expect(shot.inputs).toEqual(cards[i]?.kql);
});
