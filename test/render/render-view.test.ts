// The help view through the real templates in cards/: both platforms render, pass every check and match goldens.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: "${…}" here is adaptivecards-templating syntax, not JS.
import { createRenderer, renderView } from '../../src/render/render-view';
import { expectGolden } from '../support/golden';
import { sampleHelpModel } from './fixtures/help-model';

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

describe('help view', () => {
  test('Teams: an Adaptive Card 1.5 with every command and Action.Execute buttons', () => {
    const rendered = renderView('help', sampleHelpModel(), 'teams');
    expect(rendered.card.version).toBe('1.5');
    expect(rendered.bytes).toBe(Buffer.byteLength(JSON.stringify(rendered.card)));
    const text = allStrings(rendered.card.body).join('\n');
    for (const command of sampleHelpModel().commands) expect(text).toContain(command.usage);
    expect(text).toContain('e.g. jobs failed since:7d vault:rsv-prod  ·  jobs running');
    expect(text).toContain('Quote values with spaces: sub:"Contoso Production".');
    // The payload object as data, on Action.Execute and on the Action.Submit fallback for older clients; the verb names
    // the card's view, so a click into another view opens a new message.
    expect(rendered.card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Summary',
        verb: 'cmd:help',
        data: { v: 1, c: 'summary' },
        fallback: { type: 'Action.Submit', title: 'Summary', data: { v: 1, c: 'summary' } },
      },
      expect.objectContaining({ type: 'Action.Execute', title: 'Failed jobs', data: { v: 1, c: 'jobs failed' } }),
    ]);
    expectGolden('render/help.teams', rendered.card);
  });

  test('Slack: header, one section per command, buttons with unique action_ids and the command as value', () => {
    const rendered = renderView('help', sampleHelpModel(), 'slack');
    expect(rendered.text).toBe('Backup Center bot: commands');
    expect(rendered.blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'divider',
      ...sampleHelpModel().commands.map(() => 'section'),
      'section',
      'actions',
      'context',
    ]);
    const actions = rendered.blocks.find((block) => block.type === 'actions');
    // The value is the payload's JSON, which decodeAction reads back.
    expect(actions?.elements).toEqual([
      expect.objectContaining({ action_id: 'cmd:help:0', value: '{"v":1,"c":"summary"}' }),
      expect.objectContaining({ action_id: 'cmd:help:1', value: '{"v":1,"c":"jobs failed"}' }),
    ]);
    expect(allStrings(rendered.blocks)).toContain(
      'Filters combine: jobs failed type:vm tag:env=prod since:7d.\nQuote values with spaces: sub:"Contoso Production".',
    );
    expect(rendered.textChars).toBeGreaterThan(500);
    expectGolden('render/help.slack', { blocks: rendered.blocks, text: rendered.text });
  });

  test('a command without examples shows no empty "e.g." line; no notes or buttons, no empty blocks', () => {
    const model = sampleHelpModel({ buttons: [], notes: [] });
    const slack = renderView('help', model, 'slack');
    const retry = allStrings(slack.blocks).find((text) => text.startsWith('*retry'));
    expect(retry).toBe('*retry &lt;item&gt;*\nStart an on-demand backup, after you confirm.');
    expect(slack.blocks.map((block) => block.type).slice(-2)).toEqual(['section', 'context']);
    expect(slack.blocks.some((block) => block.type === 'actions')).toBe(false);
    const teams = renderView('help', model, 'teams');
    expect(allStrings(teams.card).filter((text) => text === 'e.g. ')).toEqual([]);
    expect(teams.card.actions).toEqual([]);
    expect(JSON.stringify(teams.card)).not.toContain('Filters combine');
  });

  test('Slack: model text cannot inject mentions or links, but button values come back unescaped', () => {
    const model = sampleHelpModel({
      intro: 'Ask <!channel> & <https://evil.example|click>',
      buttons: [{ label: 'A & B', payload: JSON.stringify({ v: 1, c: 'jobs tag:a=<b>&c ${x}' }) }],
    });
    const slack = renderView('help', model, 'slack');
    expect(allStrings(slack.blocks)).toContain('Ask &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    const actions = slack.blocks.find((block) => block.type === 'actions');
    expect(actions?.elements).toEqual([
      expect.objectContaining({ text: { type: 'plain_text', text: 'A &amp; B', emoji: true } }),
    ]);
    expect(actions?.elements).toEqual([expect.objectContaining({ value: '{"v":1,"c":"jobs tag:a=<b>&c ${x}"}' })]);
    // Teams text is not Slack mrkdwn: left as written.
    const teams = renderView('help', model, 'teams');
    expect(allStrings(teams.card.body)).toContain('Ask <!channel> & <https://evil.example|click>');
    expect(teams.card.actions).toEqual([expect.objectContaining({ data: { v: 1, c: 'jobs tag:a=<b>&c ${x}' } })]);
  });

  test('"${" typed by a user (e.g. in a tag value) is shown as written, not taken for a template leftover', () => {
    const model = sampleHelpModel({ generatedAt: 'filter tag:env=${prod}' });
    expect(allStrings(renderView('help', model, 'teams').card)).toContain('filter tag:env=${prod}');
    expect(allStrings(renderView('help', model, 'slack').blocks)).toContain('filter tag:env=${prod}');
  });

  test('rendering does not change the caller’s model', () => {
    const model = sampleHelpModel({ intro: 'a <b> ${c}' });
    const before = JSON.stringify(model);
    renderView('help', model, 'slack');
    renderView('help', model, 'teams');
    expect(JSON.stringify(model)).toBe(before);
  });

  test('preload prepares every template in cards/, including both help templates', () => {
    const names = createRenderer().preload();
    expect(names).toEqual(expect.arrayContaining(['help.slack.json', 'help.teams.json']));
  });
});
