// Loads card templates from cards/ once and expands them with a view model through adaptivecards-templating.
// The library leaves a bad or unresolved expression in the output verbatim, without an error, so every string is checked.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { type Platform, TemplateError } from './errors';

/**
 * Stands in for "${" inside model strings while a template is expanded, so that user text such as a tag value
 * "${x}" neither trips the leftover check nor gets evaluated; it is put back after the check.
 */
const SHIELD = '\uE000\uE001';
const OPEN = '${';

export class TemplateStore {
  private readonly cache = new Map<string, Template>();
  constructor(private readonly cardsDir: string) {}

  /** The prepared template for `cards/<view>.<platform>.json`; read and parsed once per process. */
  get(view: string, platform: Platform): Template {
    const file = path.join(this.cardsDir, `${view}.${platform}.json`);
    const cached = this.cache.get(file);
    if (cached) return cached;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new TemplateError(view, platform, '', `no template at ${file}`);
    }
    let template: Template;
    try {
      // The constructor parses every expression, so a syntax error (e.g. `${if(a, b)}`) surfaces here.
      template = new Template(JSON.parse(text));
    } catch (err) {
      throw new TemplateError(view, platform, '', `cannot load ${file}: ${(err as Error).message}`);
    }
    this.cache.set(file, template);
    return template;
  }

  /** Prepares every `<view>.<platform>.json` in the folder now (startup), so a broken template fails fast. */
  loadAll(): string[] {
    const names = readdirSync(this.cardsDir).filter((name) => TEMPLATE_FILE.test(name));
    for (const name of names) {
      const [view = '', platform] = name.split('.');
      this.get(view, platform as Platform);
    }
    return names.sort();
  }
}

const TEMPLATE_FILE = /^[a-z][a-z0-9-]*\.(teams|slack)\.json$/;

/**
 * Expands `template` with `model` as `$root`, and proves that no `${` survived anywhere in the result.
 * For Slack, model text is escaped for mrkdwn first (see escapeSlack); check-slack restores the raw value in
 * fields that are not text (button value, url, action_id, block_id).
 */
export function expandTemplate(template: Template, model: object, view: string, platform: Platform): unknown {
  let expanded: unknown;
  try {
    expanded = template.expand({ $root: prepareModel(model, platform === 'slack') });
  } catch (err) {
    throw new TemplateError(view, platform, '', `expansion failed: ${(err as Error).message}`);
  }
  const trail: Array<string | number> = [];
  const leftover = restoreStrings(expanded, trail);
  if (leftover !== undefined) {
    const shown = leftover.value.length > 120 ? `${leftover.value.slice(0, 117)}...` : leftover.value;
    throw new TemplateError(
      view,
      platform,
      leftover.path,
      `unresolved expression left in the output: "${shown}" (a field missing from the model, or a bad expression)`,
    );
  }
  return expanded;
}

/**
 * Slack reads &, < and > in text objects as control characters (links, mentions) and asks for them as HTML entities
 * (api.slack.com/reference/surfaces/formatting, "escaping text"); model text never carries Slack markup, so all of it
 * is escaped. Whether plain_text decodes the entities too is (unverified); Slack's page says "text objects".
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const SLACK_SPECIAL = /[&<>]/;

/**
 * A copy of `value` in which every "${" in a string is shielded (and, for Slack, &<> escaped); parts that need no
 * change are shared, not copied, so a large model costs one walk.
 */
function prepareModel<T>(value: T, slack: boolean): T {
  if (typeof value === 'string') {
    let text: string = value;
    if (slack && SLACK_SPECIAL.test(text)) text = escapeSlack(text);
    if (text.includes(OPEN)) text = text.split(OPEN).join(SHIELD);
    return text as T;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = prepareModel(value[i], slack);
      if (item !== value[i]) {
        copy ??= value.slice();
        copy[i] = item;
      }
    }
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const shielded = prepareModel(item, slack);
      if (shielded !== item) {
        copy ??= { ...(value as Record<string, unknown>) };
        copy[key] = shielded;
      }
    }
    return (copy ?? value) as T;
  }
  return value;
}

/**
 * Walks the expanded output: returns the first string (or key) still holding "${", turns shielded model text back
 * into "${", and drops null properties. Objects created by the expansion are fresh, and the only shared model parts
 * hold no shield.
 */
function restoreStrings(node: unknown, trail: Array<string | number>): { path: string; value: string } | undefined {
  if (typeof node === 'string') return node.includes(OPEN) ? { path: '', value: node } : undefined;
  if (node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item = node[i];
      if (typeof item === 'string') {
        if (item.includes(OPEN)) return { path: formatPath([...trail, i]), value: item };
        if (item.includes(SHIELD)) node[i] = item.split(SHIELD).join(OPEN);
      } else if (item !== null && typeof item === 'object') {
        trail.push(i);
        const found = restoreStrings(item, trail);
        trail.pop();
        if (found) return found;
      }
    }
    return undefined;
  }
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key.includes(OPEN)) return { path: formatPath(trail), value: key };
    const item = record[key];
    if (item === null) {
      // A property whose object's `$when` was false comes out null (a Slack section's optional accessory); Slack
      // rejects null fields, so the property goes, as if the template had not written it.
      delete record[key];
      continue;
    }
    if (typeof item === 'string') {
      if (item.includes(OPEN)) return { path: formatPath([...trail, key]), value: item };
      if (item.includes(SHIELD)) record[key] = item.split(SHIELD).join(OPEN);
    } else if (item !== null && typeof item === 'object') {
      trail.push(key);
      const found = restoreStrings(item, trail);
      trail.pop();
      if (found) return found;
    }
  }
  return undefined;
}

/** `['blocks', 3, 'text']` → `blocks[3].text`. */
export function formatPath(trail: ReadonlyArray<string | number>): string {
  return trail.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
