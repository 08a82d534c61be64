// The render step: view model + cards/<view>.<platform>.json → a checked Teams card or Slack message.
// Throws RenderLimitError (page or truncate in the view model) or TemplateError (a bug in a template or model).
import path from 'node:path';
import { loadAdaptiveCards } from './adaptive-cards';
import { checkSlackMessage } from './check-slack';
import { checkTeamsCard } from './check-teams';
import { type Platform, RenderLimitError } from './errors';
import { expandTemplate, TemplateStore } from './expand';
import { shrinkSteps } from './shrink';

/** Every view core can ask for; each has a template per platform in cards/ (see cards/README.md). */
export type ViewName =
  | 'summary'
  | 'jobs'
  | 'unprotected'
  | 'vaults'
  | 'vault'
  | 'policies'
  | 'compliance'
  | 'items'
  | 'alerts'
  | 'item'
  | 'retry'
  | 'audit'
  | 'help'
  | 'error'
  | 'welcome'
  | 'working'
  | 'query'
  | 'digest'
  | 'digest-settings'
  | 'snooze'
  | 'notify';

/** An Adaptive Card as JSON: what goes into the attachment's `content`. */
export type AdaptiveCardJson = { type: 'AdaptiveCard'; version: string } & Record<string, unknown>;
/** A Block Kit block as JSON. */
export type SlackBlock = { type: string } & Record<string, unknown>;

export interface RenderedTeamsCard {
  platform: 'teams';
  view: string;
  /** How many shrink steps (./shrink) it took to fit; 0 for every page that fits as designed. */
  shrunk: number;
  /** Attachment content, contentType `application/vnd.microsoft.card.adaptive`. */
  card: AdaptiveCardJson;
  /** UTF-8 bytes of `card` as JSON (limit: TEAMS_LIMITS.maxCardBytes). */
  bytes: number;
}

export interface RenderedSlackMessage {
  platform: 'slack';
  view: string;
  /** How many shrink steps (./shrink) it took to fit; 0 for every page that fits as designed. */
  shrunk: number;
  /** For chat.postMessage / chat.update / respond: `{ blocks, text }`. */
  blocks: SlackBlock[];
  /** Fallback text (notifications, screen readers); Slack wants it beside blocks. */
  text: string;
  /** Sum of every text object's length (limit: SLACK_LIMITS.maxTotalTextChars). */
  textChars: number;
}

export type RenderedCard = RenderedTeamsCard | RenderedSlackMessage;

export interface Renderer<V extends string = ViewName> {
  renderView(view: V, model: object, platform: 'teams'): RenderedTeamsCard;
  renderView(view: V, model: object, platform: 'slack'): RenderedSlackMessage;
  renderView(view: V, model: object, platform: Platform): RenderedCard;
  /**
   * Reads and prepares every template in the folder and loads the adaptivecards library, so that startup (not the
   * first user) pays the one-off ~100-200 ms and a malformed template fails at start. Returns the file names.
   */
  preload(): string[];
}

/** The repository's cards/ folder (src/render → ../../cards). */
export const CARDS_DIR = path.resolve(__dirname, '../../cards');

/** A renderer over the templates in `cardsDir`; each template is read and prepared once, then reused. */
export function createRenderer<V extends string = ViewName>(cardsDir: string = CARDS_DIR): Renderer<V> {
  const templates = new TemplateStore(cardsDir);
  function renderOnce(view: V, model: object, platform: Platform, shrunk: number): RenderedCard {
    const expanded = expandTemplate(templates.get(view, platform), model, view, platform);
    if (platform === 'teams') {
      const { bytes } = checkTeamsCard(expanded, view);
      return { platform, view, card: expanded as AdaptiveCardJson, bytes, shrunk };
    }
    const { textChars } = checkSlackMessage(expanded, view);
    const message = expanded as { blocks: SlackBlock[]; text: string };
    return { platform, view, blocks: message.blocks, text: message.text, textChars, shrunk };
  }
  /** The page as designed, or with less detail (./shrink) when it would overflow; the last overflow propagates. */
  function render(view: V, model: object, platform: Platform): RenderedCard {
    const steps = shrinkSteps(view);
    let current = model;
    for (let done = 0; ; done++) {
      try {
        return renderOnce(view, current, platform, done);
      } catch (err) {
        const step = steps[done];
        if (!(err instanceof RenderLimitError) || step === undefined) throw err;
        current = step(current);
      }
    }
  }
  function preload(): string[] {
    loadAdaptiveCards();
    return templates.loadAll();
  }
  return { renderView: render as Renderer<V>['renderView'], preload };
}

let shared: Renderer | undefined;

/** The renderer over the repository's cards/ that renderView uses; call `.preload()` on it at startup. */
export function defaultRenderer(): Renderer {
  shared ??= createRenderer();
  return shared;
}

/**
 * Renders `view` for `platform` from the templates in cards/, checking every platform limit.
 * Lists longer than a page should go through fitItems (./fit-items), which finds the largest slice that fits.
 */
export function renderView(view: ViewName, model: object, platform: 'teams'): RenderedTeamsCard;
export function renderView(view: ViewName, model: object, platform: 'slack'): RenderedSlackMessage;
export function renderView(view: ViewName, model: object, platform: Platform): RenderedCard;
export function renderView(view: ViewName, model: object, platform: Platform): RenderedCard {
  return defaultRenderer().renderView(view, model, platform);
}
