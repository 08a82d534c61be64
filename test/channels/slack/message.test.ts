// Replies as Slack messages and inbound text: block ids that tell a click's view, a labelled fallback when a card
// cannot be built, mentions stripped, and where a click's answer lands.
import { clickLandsInPlace, textOfMention } from '../../../src/channels/slack/inbound';
import { renderReply, viewOfBlockId } from '../../../src/channels/slack/message';
import { sampleHelpModel } from '../../render/fixtures/help-model';
import { captureLog } from '../../support/capture-log';

test('every block carries the view it was rendered for, read back from the block id', () => {
  const message = renderReply({ view: 'help', model: sampleHelpModel(), summaryText: 'help' }, captureLog().log);
  expect(message.blocks.length).toBeGreaterThan(3);
  expect(message.blocks.map((b) => viewOfBlockId(b.block_id))).toEqual(message.blocks.map(() => 'help'));
  expect(message.ephemeral).toBe(false);
});

test('a card that cannot be rendered still answers: the summary text, labelled, and the error logged with a ref', () => {
  const captured = captureLog();
  const broken = {
    view: 'help' as const,
    model: { title: 'x' },
    summaryText: '3 jobs failed <in> rg & co',
    ephemeral: true,
  };
  const message = renderReply(broken, captured.log);
  expect(message.text).toBe('3 jobs failed <in> rg & co');
  const shown = JSON.stringify(message.blocks);
  expect(shown).toContain('3 jobs failed &lt;in&gt; rg &amp; co');
  const ref = /ref ([0-9a-f]{8})/.exec(shown)?.[1];
  expect(ref).toBeDefined();
  expect(captured.text()).toContain(`ref ${ref}`);
  expect(message.ephemeral).toBe(true);
});

test.each([
  ['<@UBOT0001> jobs failed', 'jobs failed'],
  ['  <@UBOT0001|backup>, summary', 'summary'],
  ['<@UBOT0001> <@UBOT0001> vaults', 'vaults'],
  ['jobs for <@U0000AAA>', 'jobs for <@U0000AAA>'],
  ['<@UBOT0001>', ''],
])('textOfMention(%j) = %j', (text, expected) => {
  expect(textOfMention(text)).toBe(expected);
});

test('a click stays in place only for the view its message shows', () => {
  expect(
    clickLandsInPlace({ action_id: 'cmd:jobs:nav:1', block_id: 'v:jobs:7', value: '{"v":1,"c":"jobs failed","p":3}' }),
  ).toBe(true);
  expect(
    clickLandsInPlace({ action_id: 'cmd:summary:0', block_id: 'v:summary:4', value: '{"v":1,"c":"jobs failed"}' }),
  ).toBe(false);
  // A block id Slack made up (not ours), or a stashed payload that cannot be read without the stash: a new message.
  expect(clickLandsInPlace({ action_id: 'cmd:jobs:0', block_id: 'Xy12', value: '{"v":1,"c":"jobs"}' })).toBe(false);
  expect(clickLandsInPlace({ action_id: 'cmd:jobs:0', block_id: 'v:jobs:1', value: '{"v":1,"s":"abc"}' })).toBe(false);
});
