// Every render check fails on a crafted template or model, at the exact limit, and says which limit, where, how big.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: "${…}" here is adaptivecards-templating syntax, not JS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RenderLimitError, TemplateError } from '../../src/render/errors';
import { TEAMS_LIMITS } from '../../src/render/limits';
import { createRenderer } from '../../src/render/render-view';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A renderer over a throw-away cards folder holding `templates` (file name → JSON). */
function rendererWith(templates: Record<string, object | string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bcb-cards-'));
  folders.push(dir);
  for (const [file, json] of Object.entries(templates)) {
    writeFileSync(path.join(dir, file), typeof json === 'string' ? json : JSON.stringify(json));
  }
  return createRenderer<string>(dir);
}

const teamsCard = (body: object[], extra: object = {}) => ({ type: 'AdaptiveCard', version: '1.5', body, ...extra });
const slackMessage = (blocks: object[]) => ({ text: 'fallback', blocks });
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (actionId: string, value: string, text = 'Go') => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text },
  value,
});

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the render to throw');
}

describe('template leftovers', () => {
  const renderer = rendererWith({
    'v.teams.json': teamsCard([{ type: 'TextBlock', text: 'Hello ${name} (${missing})' }]),
    'bad.slack.json': slackMessage([section('n = ${int(text)}')]),
    'syntax.teams.json': teamsCard([{ type: 'TextBlock', text: '${if(a, b)}' }]),
    'broken.slack.json': '{ "blocks": [',
  });

  test('a field missing from the model leaves "${" in the output: TemplateError naming the path', () => {
    const err = caught(() => renderer.renderView('v', { name: 'x' }, 'teams'));
    expect(err).toBeInstanceOf(TemplateError);
    expect(err.message).toBe(
      'teams view "v" at body[0].text: unresolved expression left in the output: "Hello x (${missing})" ' +
        '(a field missing from the model, or a bad expression)',
    );
  });

  test('an expression that fails to evaluate is left verbatim inside a longer string, or throws alone: both caught', () => {
    const err = caught(() => renderer.renderView('bad', { text: 'abc' }, 'slack'));
    expect(err).toBeInstanceOf(TemplateError);
    expect(err.message).toContain('blocks[0].text.text: unresolved expression left in the output: "n = ${int(text)}"');
    const alone = rendererWith({ 'bad.slack.json': slackMessage([section('${int(text)}')]) });
    const thrown = caught(() => alone.renderView('bad', { text: 'abc' }, 'slack'));
    expect(thrown).toBeInstanceOf(TemplateError);
    expect(thrown.message).toBe('slack view "bad": expansion failed: parameter abc is not a valid number string.');
  });

  test('a syntax error in an expression, malformed JSON and a missing template are TemplateErrors', () => {
    expect(caught(() => renderer.renderView('syntax', {}, 'teams')).message).toMatch(
      /cannot load .*syntax\.teams\.json/,
    );
    expect(caught(() => renderer.renderView('broken', {}, 'slack')).message).toMatch(
      /cannot load .*broken\.slack\.json/,
    );
    const missing = caught(() => renderer.renderView('nope', {}, 'slack'));
    expect(missing).toBeInstanceOf(TemplateError);
    expect(missing.message).toMatch(/no template at .*nope\.slack\.json/);
  });
});

describe('Teams checks', () => {
  const renderer = rendererWith({
    'v14.teams.json': { ...teamsCard([{ type: 'TextBlock', text: 'x' }]), version: '1.4' },
    'big.teams.json': teamsCard([{ type: 'TextBlock', text: '${text}', wrap: true }]),
    'noverb.teams.json': teamsCard([], { actions: [{ type: 'Action.Execute', title: 'Go', data: { cmd: 'x' } }] }),
    'nodata.teams.json': teamsCard([
      { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Go', verb: 'cmd', data: '${cmd}' }] },
    ]),
    'enum.teams.json': teamsCard([{ type: 'TextBlock', text: 'x', size: 'Huge' }]),
    'unknown.teams.json': teamsCard([{ type: 'Txtblock', text: 'x' }]),
  });

  test('version 1.4 is refused: Teams needs 1.5 for Action.Execute', () => {
    const err = caught(() => renderer.renderView('v14', {}, 'teams'));
    expect(err).toBeInstanceOf(TemplateError);
    expect(err.message).toBe(
      'teams view "v14" at version: version is "1.4"; Teams needs "1.5" (Action.Execute, Universal Actions)',
    );
  });

  test('28,000 bytes pass, 28,001 bytes fail with RenderLimitError', () => {
    const base = renderer.renderView('big', { text: '' }, 'teams').bytes;
    const fits = renderer.renderView('big', { text: 'a'.repeat(TEAMS_LIMITS.maxCardBytes - base) }, 'teams');
    expect(fits.bytes).toBe(28_000);
    const err = caught(() => renderer.renderView('big', { text: 'a'.repeat(28_001 - base) }, 'teams'));
    expect(err).toBeInstanceOf(RenderLimitError);
    expect(err).toMatchObject({ limit: 'card size', actual: 28_001, max: 28_000, view: 'big', platform: 'teams' });
    expect(err.message).toBe(
      'teams view "big": card size is 28,001 bytes; the limit is 28,000 (page or truncate in the view model)',
    );
  });

  test('bytes are UTF-8 bytes, not characters: 10,000 "€" (30,000 bytes) do not fit', () => {
    const err = caught(() => renderer.renderView('big', { text: '€'.repeat(10_000) }, 'teams'));
    expect(err).toBeInstanceOf(RenderLimitError);
    expect((err as RenderLimitError).actual).toBeGreaterThan(30_000);
  });

  test('Action.Execute without a verb, or with data that is not an object, is refused with its path', () => {
    expect(caught(() => renderer.renderView('noverb', {}, 'teams')).message).toContain('at actions[0]: Action.Execute');
    const err = caught(() => renderer.renderView('nodata', { cmd: 'c1:help' }, 'teams'));
    expect(err.message).toContain(
      'at body[0].actions[0]: Action.Execute needs a non-empty `verb` and an object `data`',
    );
  });

  test('what the official adaptivecards parser reports fails the render', () => {
    expect(caught(() => renderer.renderView('enum', {}, 'teams')).message).toContain(
      'InvalidPropertyValue: Invalid value "Huge" for property "size"',
    );
    expect(caught(() => renderer.renderView('unknown', {}, 'teams')).message).toContain(
      'UnknownElementType: Unknown element type "Txtblock"',
    );
  });
});

describe('Slack checks', () => {
  const renderer = rendererWith({
    'rows.slack.json': slackMessage([{ $data: '${rows}', ...section('${text}') }]),
    'text.slack.json': slackMessage([section('${text}')]),
    'dup.slack.json': slackMessage([{ type: 'actions', elements: [button('cmd:a', '1'), button('cmd:a', '2')] }]),
    'dupacc.slack.json': slackMessage([
      { ...section('x'), accessory: button('cmd:a', '1') },
      { type: 'actions', elements: [button('cmd:a', '2')] },
    ]),
    'value.slack.json': slackMessage([{ type: 'actions', elements: [button('cmd:v', '${value}')] }]),
    'label.slack.json': slackMessage([{ type: 'actions', elements: [button('cmd:v', 'x', '${label}')] }]),
    'header.slack.json': slackMessage([{ type: 'header', text: { type: 'plain_text', text: '${text}' } }]),
    'fields.slack.json': slackMessage([
      { type: 'section', fields: [{ $data: '${rows}', type: 'mrkdwn', text: '${text}' }] },
    ]),
    'actionid.slack.json': slackMessage([{ type: 'actions', elements: [button('${id}', 'x')] }]),
    'typo.slack.json': slackMessage([{ type: 'sektion', text: { type: 'mrkdwn', text: 'x' } }]),
    'nofallback.slack.json': { blocks: [section('x')] },
  });
  const rows = (n: number, text = 'row') => ({ rows: Array.from({ length: n }, () => ({ text })) });

  test('50 blocks pass, 51 fail', () => {
    expect(renderer.renderView('rows', rows(50), 'slack').blocks).toHaveLength(50);
    const err = caught(() => renderer.renderView('rows', rows(51), 'slack'));
    expect(err).toBeInstanceOf(RenderLimitError);
    expect(err.message).toBe(
      'slack view "rows" at blocks: block count is 51 blocks; the limit is 50 (page or truncate in the view model)',
    );
  });

  test('a 3,000-char text passes, 3,001 fails at its path', () => {
    expect(renderer.renderView('text', { text: 'a'.repeat(3_000) }, 'slack').textChars).toBe(3_000);
    const err = caught(() => renderer.renderView('text', { text: 'a'.repeat(3_001) }, 'slack'));
    expect(err).toBeInstanceOf(RenderLimitError);
    expect(err).toMatchObject({ path: 'blocks[0].text.text', actual: 3_001, max: 3_000 });
  });

  test('the limit counts what Slack receives: escaped "<" is 4 chars', () => {
    const err = caught(() => renderer.renderView('text', { text: '<'.repeat(751) }, 'slack'));
    expect(err).toMatchObject({ actual: 3_004, max: 3_000 });
  });

  test('duplicate action_ids fail, in one actions block or across blocks', () => {
    for (const view of ['dup', 'dupacc']) {
      const err = caught(() => renderer.renderView(view, {}, 'slack'));
      expect(err).toBeInstanceOf(TemplateError);
      expect(err.message).toContain('duplicate action_id "cmd:a" (must be unique in the message)');
    }
  });

  test('a 2,000-char button value passes, 2,001 fails', () => {
    const ok = renderer.renderView('value', { value: 'v'.repeat(2_000) }, 'slack');
    expect(ok.blocks[0]?.elements).toEqual([expect.objectContaining({ value: 'v'.repeat(2_000) })]);
    const err = caught(() => renderer.renderView('value', { value: 'v'.repeat(2_001) }, 'slack'));
    expect(err).toMatchObject({
      limit: 'button value',
      path: 'blocks[0].elements[0].value',
      actual: 2_001,
      max: 2_000,
    });
  });

  test('button text over 75, header over 150, more than 10 fields or a field over 2,000, action_id over 255', () => {
    expect(caught(() => renderer.renderView('label', { label: 'b'.repeat(76) }, 'slack'))).toMatchObject({
      max: 75,
      path: 'blocks[0].elements[0].text.text',
    });
    renderer.renderView('header', { text: 'h'.repeat(150) }, 'slack');
    expect(caught(() => renderer.renderView('header', { text: 'h'.repeat(151) }, 'slack'))).toMatchObject({
      max: 150,
      actual: 151,
    });
    renderer.renderView('fields', rows(10), 'slack');
    expect(caught(() => renderer.renderView('fields', rows(11), 'slack'))).toMatchObject({ limit: 'section fields' });
    expect(caught(() => renderer.renderView('fields', rows(1, 'f'.repeat(2_001)), 'slack'))).toMatchObject({
      max: 2_000,
      path: 'blocks[0].fields[0].text',
    });
    expect(caught(() => renderer.renderView('actionid', { id: 'i'.repeat(256) }, 'slack'))).toMatchObject({
      limit: 'action_id',
      max: 255,
    });
  });

  test('the whole message is held under the undocumented msg_blocks_too_long ceiling', () => {
    const err = caught(() => renderer.renderView('rows', rows(4, 'x'.repeat(2_600)), 'slack'));
    expect(err).toBeInstanceOf(RenderLimitError);
    expect(err).toMatchObject({ actual: 10_400, max: 10_000 });
    expect(err.message).toContain('total text of all blocks (msg_blocks_too_long)');
  });

  test('empty text, an unknown block type and a missing fallback text are TemplateErrors', () => {
    expect(caught(() => renderer.renderView('text', { text: '' }, 'slack')).message).toContain(
      'at blocks[0].text.text: empty text',
    );
    expect(caught(() => renderer.renderView('typo', {}, 'slack')).message).toContain('unknown block type "sektion"');
    expect(caught(() => renderer.renderView('nofallback', {}, 'slack')).message).toContain('fallback `text`');
  });
});
