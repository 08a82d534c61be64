// Checks an expanded Slack message against Block Kit limits (numbers and sources in ./limits), block by block, and
// the message-wide ones: block count, unique action_ids/block_ids, and the undocumented total-text ceiling.
import { RenderLimitError, TemplateError } from './errors';
import { unescapeSlack } from './expand';
import { SLACK_LIMITS as L, SLACK_BLOCK_TYPES } from './limits';

/** Fields Slack does not read as text: the model value was escaped for mrkdwn (./expand) and is put back raw here. */
const RAW_FIELDS = ['action_id', 'block_id', 'value', 'url', 'image_url', 'alt_text', 'accessibility_label'] as const;

export interface SlackCheckResult {
  blocks: number;
  /** Characters of every text object together (what Slack's hidden msg_blocks_too_long ceiling appears to count). */
  textChars: number;
}

type Json = Record<string, unknown>;

class SlackChecker {
  textChars = 0;
  private readonly actionIds = new Set<string>();
  private readonly blockIds = new Set<string>();
  constructor(private readonly view: string) {}

  limit(path: string, limit: string, actual: number, max: number, unit = 'chars'): void {
    if (actual > max)
      throw new RenderLimitError({ view: this.view, platform: 'slack', path, limit, actual, max, unit });
  }

  fail(path: string, message: string): never {
    throw new TemplateError(this.view, 'slack', path, message);
  }

  /** A text composition object: { type: plain_text | mrkdwn, text }. Slack rejects empty text. */
  text(node: unknown, path: string, max: number = L.maxTextChars, plainOnly = false): void {
    if (!isRecord(node) || typeof node.text !== 'string') this.fail(path, 'expected a text object { type, text }');
    if (node.type !== 'plain_text' && (plainOnly || node.type !== 'mrkdwn')) {
      this.fail(`${path}.type`, `text type must be ${plainOnly ? 'plain_text' : 'plain_text or mrkdwn'}`);
    }
    if (node.text.length === 0) this.fail(`${path}.text`, 'empty text (Slack rejects it with invalid_blocks)');
    this.limit(`${path}.text`, 'text', node.text.length, max);
    this.textChars += node.text.length;
  }

  uniqueId(ids: Set<string>, value: unknown, path: string, what: string, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || value.length === 0) this.fail(path, `${what} must be a non-empty string`);
    this.limit(path, what, value.length, max);
    if (ids.has(value)) this.fail(path, `duplicate ${what} "${value}" (must be unique in the message)`);
    ids.add(value);
  }

  element(node: unknown, path: string): void {
    if (!isRecord(node)) this.fail(path, 'expected an element object');
    restoreRawFields(node);
    this.uniqueId(this.actionIds, node.action_id, `${path}.action_id`, 'action_id', L.maxActionIdChars);
    if (node.type === 'button') {
      this.text(node.text, `${path}.text`, L.maxButtonTextChars, true);
      if (node.value !== undefined) {
        if (typeof node.value !== 'string') this.fail(`${path}.value`, 'button value must be a string');
        this.limit(`${path}.value`, 'button value', node.value.length, L.maxButtonValueChars);
      }
      if (node.url !== undefined) this.url(node.url, `${path}.url`);
      if (node.confirm !== undefined) this.confirm(node.confirm, `${path}.confirm`);
      // What a screen reader says instead of the button's text (docs.slack.dev button element: ≤ 75 characters).
      if (node.accessibility_label !== undefined) {
        if (typeof node.accessibility_label !== 'string') this.fail(`${path}.accessibility_label`, 'expected a string');
        this.limit(
          `${path}.accessibility_label`,
          'accessibility_label',
          node.accessibility_label.length,
          L.maxButtonTextChars,
        );
      }
    } else if (node.type === 'overflow') {
      if (Array.isArray(node.options) && node.options.length < L.minOverflowOptions) {
        this.fail(`${path}.options`, `an overflow menu needs at least ${L.minOverflowOptions} options`);
      }
      this.list(node.options, `${path}.options`, 'overflow options', L.maxOverflowOptions, (option, p) => {
        if (!isRecord(option)) this.fail(p, 'expected an option object { text, value }');
        restoreRawFields(option);
        this.text(option.text, `${p}.text`, L.maxButtonTextChars, true);
        if (typeof option.value !== 'string' || option.value === '')
          this.fail(`${p}.value`, 'option value must be a string');
        this.limit(`${p}.value`, 'option value', option.value.length, L.maxOptionValueChars);
      });
    } else if (node.type === 'image') {
      this.url(node.image_url, `${path}.image_url`);
    }
  }

  url(value: unknown, path: string): void {
    if (typeof value !== 'string') this.fail(path, 'expected a URL string');
    this.limit(path, 'url', value.length, L.maxUrlChars);
  }

  confirm(node: unknown, path: string): void {
    if (!isRecord(node)) this.fail(path, 'expected a confirmation dialog object');
    this.text(node.title, `${path}.title`, L.maxConfirmTitleChars, true);
    this.text(node.text, `${path}.text`, L.maxConfirmTextChars);
    this.text(node.confirm, `${path}.confirm`, L.maxConfirmButtonChars, true);
    this.text(node.deny, `${path}.deny`, L.maxConfirmButtonChars, true);
  }

  block(block: unknown, path: string): void {
    if (!isRecord(block) || typeof block.type !== 'string') this.fail(path, 'expected a block with a type');
    if (!SLACK_BLOCK_TYPES.has(block.type)) this.fail(`${path}.type`, `unknown block type "${block.type}"`);
    restoreRawFields(block);
    this.uniqueId(this.blockIds, block.block_id, `${path}.block_id`, 'block_id', L.maxBlockIdChars);
    if (block.type === 'header') {
      this.text(block.text, `${path}.text`, L.maxHeaderChars, true);
    } else if (block.type === 'section') {
      this.section(block, path);
    } else if (block.type === 'context') {
      this.list(block.elements, `${path}.elements`, 'context elements', L.maxContextElements, (el, p) => {
        if (isRecord(el) && el.type === 'image') this.element(el, p);
        else this.text(el, p);
      });
    } else if (block.type === 'actions') {
      this.list(block.elements, `${path}.elements`, 'actions elements', L.maxActionsElements, (el, p) => {
        this.element(el, p);
      });
    } else if (block.type === 'image') {
      this.url(block.image_url, `${path}.image_url`);
    }
  }

  section(block: Json, path: string): void {
    if (block.text === undefined && block.fields === undefined) this.fail(path, 'a section needs text or fields');
    if (block.text !== undefined) this.text(block.text, `${path}.text`);
    if (block.fields !== undefined) {
      this.list(block.fields, `${path}.fields`, 'section fields', L.maxSectionFields, (field, p) => {
        this.text(field, p, L.maxFieldChars);
      });
    }
    if (block.accessory !== undefined) this.element(block.accessory, `${path}.accessory`);
  }

  list(items: unknown, path: string, what: string, max: number, each: (item: unknown, path: string) => void): void {
    if (!Array.isArray(items) || items.length === 0) this.fail(path, `${what} must be a non-empty array`);
    this.limit(path, what, items.length, max, 'elements');
    items.forEach((item, i) => {
      each(item, `${path}[${i}]`);
    });
  }
}

export function checkSlackMessage(message: unknown, view: string): SlackCheckResult {
  const checker: SlackChecker = new SlackChecker(view);
  if (!isRecord(message) || !Array.isArray(message.blocks)) {
    checker.fail('', 'a Slack template must be { "blocks": [...], "text": "<fallback>" }');
  }
  const { blocks, text } = message;
  checker.limit('blocks', 'block count', blocks.length, L.maxBlocks, 'blocks');
  if (typeof text !== 'string' || text.trim().length === 0) {
    checker.fail('text', 'the fallback `text` (notifications, screen readers) must be a non-empty string');
  }
  checker.limit('text', 'fallback text', text.length, L.maxFallbackChars);
  blocks.forEach((block, i) => {
    checker.block(block, `blocks[${i}]`);
  });
  checker.limit('', 'total text of all blocks (msg_blocks_too_long)', checker.textChars, L.maxTotalTextChars);
  return { blocks: blocks.length, textChars: checker.textChars };
}

function restoreRawFields(node: Json): void {
  for (const key of RAW_FIELDS) {
    const value = node[key];
    if (typeof value === 'string' && value.includes('&')) node[key] = unescapeSlack(value);
  }
}

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
