// Block Kit limits on the huge estate (1,500 failed jobs, a huge summary, a worst-case item, partial-result notes):
// every answer the Slack channel would send renders as a real card within Slack's limits, with our block ids added.
import { renderReply } from '../../../src/channels/slack/message';
import { checkSlackMessage } from '../../../src/render/check-slack';
import { SLACK_LIMITS } from '../../../src/render/limits';
import { hugeEstateData, SLACK_CALLER, testCore } from '../../core/support/core-estates';
import { captureLog } from '../../support/capture-log';

const COMMANDS: Array<[string, string]> = [
  ['summary', 'summary'],
  ['jobs failed', 'jobs'],
  ['jobs running', 'jobs'],
  ['jobs all since:14d', 'jobs'],
  ['item vm-app-0001', 'item'],
  ['policies', 'policies'],
  ['policies unused vault:rsv-prod page:3', 'policies'],
  ['compliance', 'compliance'],
  ['compliance tag:env=prod page:7', 'compliance'],
  ['items stale', 'items'],
  ['items failing vault:rsv-prod page:4', 'items'],
  ['alerts', 'alerts'],
  ['alerts all since:14d page:5', 'alerts'],
  ['help', 'help'],
];

describe.each(COMMANDS)('/backup %s on the huge estate', (text, view) => {
  test('renders a real card (no fallback) within every Block Kit limit', async () => {
    const { core } = testCore(hugeEstateData());
    const captured = captureLog();
    const reply = await core.handleText(text, SLACK_CALLER);
    expect(reply.view).toBe(view);
    const message = renderReply(reply, captured.log);
    expect(captured.text()).not.toContain('could not render');
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.maxBlocks);
    // Checked again after the block ids this channel adds: still unique, still within every limit.
    const { textChars } = checkSlackMessage(
      structuredClone({ blocks: message.blocks, text: message.text }),
      reply.view,
    );
    expect(textChars).toBeLessThanOrEqual(SLACK_LIMITS.maxTotalTextChars);
    expect(message.blocks.every((b) => typeof b.block_id === 'string')).toBe(true);
  });
});

test('every page of the huge failed-jobs list stays within the limits, clicked page by page', async () => {
  const { core } = testCore(hugeEstateData());
  const log = captureLog().log;
  let reply = await core.handleText('jobs failed', SLACK_CALLER);
  for (let page = 1; page <= 3; page++) {
    const message = renderReply(reply, log);
    checkSlackMessage(structuredClone({ blocks: message.blocks, text: message.text }), reply.view);
    const next = message.blocks
      .flatMap((b) => (Array.isArray(b.elements) ? (b.elements as Array<Record<string, unknown>>) : []))
      .find((e) => typeof e.value === 'string' && (e.value as string).includes(`"p":${page + 1}`));
    expect(next).toBeDefined();
    reply = await core.handleAction(next?.value, SLACK_CALLER);
    expect(reply.view).toBe('jobs');
  }
});
