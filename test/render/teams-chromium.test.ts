// The help card through the official Adaptive Cards renderer in headless Chromium: no parse or render problems,
// markdown rendered, and a screenshot a person can look at: test-output/cards/help-<case>.teams.png.
import { existsSync, readFileSync } from 'node:fs';
import { renderView } from '../../src/render/render-view';
import { sampleHelpModel } from './fixtures/help-model';
import { screenshotTeamsCards } from './teams-screenshots';

jest.setTimeout(60_000);

test('the help card renders in the official renderer and is saved as a PNG', async () => {
  const shots = await screenshotTeamsCards([
    { name: 'help-default', card: renderView('help', sampleHelpModel(), 'teams').card },
    {
      name: 'help-markdown',
      card: renderView('help', sampleHelpModel({ intro: 'Use **bold** for *emphasis*.', buttons: [] }), 'teams').card,
    },
  ]);
  expect(shots.map((shot) => shot.name)).toEqual(['help-default', 'help-markdown']);
  const [full, markdown] = shots;
  expect(full?.text).toContain('Backup Center bot: commands');
  expect(full?.text).toContain('jobs [failed|running|all] [filters]');
  expect(full?.text).toContain('Failed jobs');
  // onProcessMarkdown is wired: the asterisks are consumed, not shown.
  expect(markdown?.text).toContain('Use bold for emphasis.');
  for (const shot of shots) {
    expect(existsSync(shot.file)).toBe(true);
    expect(readFileSync(shot.file).subarray(1, 4).toString()).toBe('PNG');
  }
});

test('a card the official renderer rejects fails the screenshot run', async () => {
  const bad = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', size: 'Huge' }] };
  await expect(screenshotTeamsCards([{ name: 'bad-enum', card: bad }])).rejects.toThrow(
    'Teams card "bad-enum" failed in the official renderer: Invalid value "Huge" for property "size".',
  );
});
