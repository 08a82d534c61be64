// The card changes for Bot Framework clients other than Teams, on cards built to show every place an action or a
// markdown text can sit: nested actions become Action.Submit with their data, markdown texts keep `<` visible.
import { adaptCard, clientOfChannel, escapeAngleBrackets } from '../../../src/channels/teams/clients';
import type { AdaptiveCardJson } from '../../../src/render/render-view';

// biome-ignore lint/suspicious/noExplicitAny: cards are JSON; the tests read the fields they check.
type Json = any;

const execute = (title: string, c: string) => ({
  type: 'Action.Execute',
  title,
  verb: 'cmd',
  data: { v: 1, c },
  fallback: { type: 'Action.Submit', title, data: { v: 1, c } },
});

const card: AdaptiveCardJson = {
  type: 'AdaptiveCard',
  version: '1.5',
  refresh: { action: execute('Refresh', 'summary'), userIds: [] },
  body: [
    { type: 'TextBlock', text: 'vault <name> · `code <kept>` · item <id>', wrap: true },
    { type: 'FactSet', facts: [{ title: 'Usage <a>', value: 'retry <item>' }] },
    {
      type: 'Container',
      selectAction: execute('Open', 'vault x'),
      items: [{ type: 'RichTextBlock', inlines: ['<x>'] }],
    },
    { type: 'ActionSet', actions: [execute('Next ›', 'jobs failed')] },
  ],
  actions: [
    { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', actions: [execute('Deep', 'vaults')] } },
    { type: 'Action.OpenUrl', title: 'Portal', url: 'https://portal.azure.com/' },
  ],
};

test('channels: msteams is Teams, playground is the playground, anything else is a Web Chat-like client', () => {
  expect(clientOfChannel('msteams')).toBe('teams');
  expect(clientOfChannel('playground')).toBe('playground');
  for (const id of ['directline', 'webchat', 'emulator', undefined]) expect(clientOfChannel(id)).toBe('webchat');
});

test('Teams and the playground get the card unchanged', () => {
  expect(adaptCard(card, 'teams')).toBe(card);
  expect(adaptCard(card, 'playground')).toBe(card);
});

test('Web Chat: every Action.Execute, however deep, becomes Action.Submit with the same title and data', () => {
  const json = JSON.stringify(adaptCard(card, 'webchat'));
  expect(json).not.toContain('Action.Execute');
  expect(json).not.toContain('"verb"');
  expect(json).not.toContain('refresh');
  const adapted = adaptCard(card, 'webchat') as Json;
  expect(adapted.body[2].selectAction).toEqual({ type: 'Action.Submit', title: 'Open', data: { v: 1, c: 'vault x' } });
  expect(adapted.body[3].actions[0]).toEqual({
    type: 'Action.Submit',
    title: 'Next ›',
    data: { v: 1, c: 'jobs failed' },
  });
  expect(adapted.actions[0].card.actions[0]).toEqual({
    type: 'Action.Submit',
    title: 'Deep',
    data: { v: 1, c: 'vaults' },
  });
  expect(adapted.actions[1]).toEqual(card.actions && (card.actions as unknown[])[1]);
});

test('Web Chat: TextBlock and fact texts escape < outside code spans; other texts stay', () => {
  const adapted = adaptCard(card, 'webchat') as Json;
  expect(adapted.body[0].text).toBe('vault \\<name> · `code <kept>` · item \\<id>');
  expect(adapted.body[1].facts[0]).toEqual({ title: 'Usage \\<a>', value: 'retry \\<item>' });
  expect(adapted.body[2].items[0].inlines).toEqual(['<x>']);
  expect(escapeAngleBrackets('no brackets')).toBe('no brackets');
});
