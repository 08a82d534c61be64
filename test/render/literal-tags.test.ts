// Tags are Azure's text, shown as typed: no link, mention or emphasis made of them. Teams through the official renderer
// in Chromium (markdown on, links made of bare addresses as Teams does); Slack by the mrkdwn it is sent.
import type { UnprotectedCommand } from '../../src/core/commands/types';
import { buildUnprotectedView } from '../../src/core/views/unprotected';
import { renderView } from '../../src/render/render-view';
import { inventoryContext } from '../core/views/support/inventory-context';
import { answer, datasource, unprotectedPage } from '../core/views/support/inventory-estates';
import { screenshotTeamsCards } from './teams-screenshots';

jest.setTimeout(60_000);

const TAGS: Record<string, string> = {
  owner: 'ana@contoso.com',
  site: 'www.contoso.com',
  docs: 'https://x.contoso.com/a_b_c',
  notify: '<!channel>',
  style: '*bold* _it_ ~gone~',
  link: '[a](b)',
  tick: 'a`b',
};

async function model() {
  const command: UnprotectedCommand = { verb: 'unprotected', filters: {} };
  const page = unprotectedPage([datasource('vm', 'vm-tagged', { tags: TAGS })]);
  return buildUnprotectedView(answer(page), command, inventoryContext());
}

test('Teams: the official renderer shows every tag literally, with no link in the row', async () => {
  const card = renderView('unprotected', await model(), 'teams').card;
  const [shot] = await screenshotTeamsCards([{ name: 'unprotected-literal-tags', card }]);
  const text = shot?.text ?? '';
  for (const literal of ['*bold* _it_ ~gone~', '[a](b)', '<!channel>', 'https://x.contoso.com/a_b_c', 'a`b']) {
    expect(text).toContain(literal);
  }
  expect(text).toContain('owner=ana@contoso.com');
  // The only link of the row is the datasource's portal link.
  expect(shot?.links).toEqual(['vm-tagged']);
});

test('Slack: each tag is a code span in a verbatim text object, &, < and > escaped', async () => {
  const message = renderView('unprotected', await model(), 'slack');
  const row = message.blocks.find((b) => JSON.stringify(b).includes('vm-tagged')) as unknown as {
    text: { text: string; verbatim?: boolean };
  };
  expect(row.text.verbatim).toBe(true);
  const tagLine = row.text.text.split('\n').find((l) => l.startsWith('tags: '));
  expect(tagLine).toBe(
    'tags: `docs=https://x.contoso.com/a_b_c` `link=[a](b)` `notify=&lt;!channel&gt;` `owner=ana@contoso.com` ' +
      '`site=www.contoso.com` `style=*bold* _it_ ~gone~` `tick=aˋb`',
  );
});
