// A core Reply as a Slack message: rendered from cards/<view>.slack.json, with every block tagged by the view it
// belongs to (so a click knows where it came from), and a plain fallback when a card cannot be rendered.
import type { Reply } from '../../core/conversation-port';
import { newErrorRef } from '../../core/errors';
import type { Logger } from '../../log';
import { escapeSlack } from '../../render/expand';
import { renderView, type ViewName } from '../../render/render-view';
import type { SlackMessage } from './slack-api';

export interface RenderedReply extends SlackMessage {
  view: string;
  ephemeral: boolean;
}

const VIEW_TAG = /^v:([a-z]+):\d+$/;

/** The view a block was rendered for, read back from the block_id this file gave it. */
export function viewOfBlockId(blockId: unknown): string | undefined {
  return typeof blockId === 'string' ? VIEW_TAG.exec(blockId)?.[1] : undefined;
}

export function renderReply(reply: Reply, log: Logger): RenderedReply {
  const ephemeral = reply.ephemeral === true;
  try {
    // ReplyView and the renderer's ViewName grow together; a view without a template throws and falls back below.
    const rendered = renderView(reply.view as ViewName, reply.model, 'slack');
    return { view: reply.view, ephemeral, text: rendered.text, blocks: tagBlocks(rendered.blocks, reply.view) };
  } catch (err) {
    const ref = newErrorRef();
    log.error({ err, ref, view: reply.view }, `could not render the ${reply.view} view for Slack (ref ${ref})`);
    return { view: reply.view, ephemeral, ...plainMessage(reply.summaryText, ref) };
  }
}

/** The reply's own plain text when its card could not be built: the facts still reach the user, labelled. */
export function plainMessage(summaryText: string, ref: string): SlackMessage {
  const body = summaryText.trim() === '' ? 'Something went wrong.' : summaryText;
  // A section text holds 3,000 characters; the summary is meant to be short, but cut it to be sure.
  const shown = escapeSlack(body.length > 2_800 ? `${body.slice(0, 2_800)}…` : body);
  const note = `The full card could not be shown (ref ${ref}).`;
  return {
    text: body.slice(0, 3_000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: shown } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: note }] },
    ],
  };
}

/** Blocks without an id get `v:<view>:<index>`: unique in the message, and Slack hands it back with every click. */
function tagBlocks(blocks: Array<Record<string, unknown>>, view: string): Array<Record<string, unknown>> {
  return blocks.map((block, i) => (block.block_id === undefined ? { ...block, block_id: `v:${view}:${i}` } : block));
}
