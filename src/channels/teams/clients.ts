// Which Bot Framework client a conversation runs in (Teams, the playground, or any other: Web Chat over Direct Line,
// the Emulator), and the card changes the others need: buttons they can run and placeholders they show literally.
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { PLAYGROUND_CHANNEL_ID } from '../../playground/channel';
import type { AdaptiveCardJson } from '../../render/render-view';

/**
 * teams: Universal Actions, cards updated in place. playground: the bot's own page, which plays Teams. webchat: every
 * other channel (`directline` and `webchat` from Azure's Direct Line, `emulator`, …). Core still sees such a caller as
 * platform "playground" (what RETRY_ALLOW and the audit name); this notion only shapes what the channel sends.
 */
export type BotClient = 'teams' | 'playground' | 'webchat';

const CARD = 'application/vnd.microsoft.card.adaptive';

export function clientOfChannel(channelId: string | undefined): BotClient {
  if (channelId === 'msteams') return 'teams';
  if (channelId === PLAYGROUND_CHANNEL_ID) return 'playground';
  return 'webchat';
}

/**
 * Whether a message the bot posted can be changed later. Direct Line cannot: updating an activity is on its backlog
 * with no date (BotFramework-Services #130, BotFramework-WebChat #1384), and the connector answers a PUT with 405
 * "This channel does not support this operation" (botframework-sdk #4734); the Emulator does not either
 * (BotFramework-Emulator #1123). So for those clients an update is posted as a new message instead.
 */
export function updatesInPlace(client: BotClient): boolean {
  return client !== 'webchat';
}

type Json = unknown;

/**
 * `<name>` in a TextBlock or fact is an HTML tag to Web Chat's markdown renderer (markdown-it with HTML on, then
 * sanitized away), so "item <name>" showed as "item ". A backslash makes markdown print `<` as text. Code spans keep
 * backslashes literally, so text between backticks stays as it was. Teams renders no HTML in cards and is not changed.
 */
export function escapeAngleBrackets(text: string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '\\<')))
    .join('');
}

/**
 * Web Chat knows Action.Execute, so the Action.Submit fallback in our cards never runs, yet it sends no
 * `adaptiveCard/action` invoke a bot could answer: the button is dead. Action.Submit with the same `data` comes back
 * as a message with that `value`, which message.ts answers like Teams' own fallback.
 */
function toSubmit(action: Record<string, Json>): Record<string, Json> {
  const { verb: _verb, fallback: _fallback, ...rest } = action;
  return { ...rest, type: 'Action.Submit' };
}

function adaptNode(node: Json): Json {
  if (Array.isArray(node)) return node.map(adaptNode);
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, Json>;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(record)) out[key] = adaptNode(value);
  if (record.type === 'Action.Execute') return toSubmit(out);
  if (record.type === 'TextBlock' && typeof out.text === 'string') out.text = escapeAngleBrackets(out.text);
  if (record.type === 'FactSet' && Array.isArray(out.facts)) {
    out.facts = out.facts.map((fact) => {
      const f = fact as { title?: Json; value?: Json };
      return {
        ...f,
        ...(typeof f.title === 'string' ? { title: escapeAngleBrackets(f.title) } : {}),
        ...(typeof f.value === 'string' ? { value: escapeAngleBrackets(f.value) } : {}),
      };
    });
  }
  return out;
}

/** The card as `client` can use it; Teams and the playground get it unchanged. */
export function adaptCard(card: AdaptiveCardJson, client: BotClient): AdaptiveCardJson {
  if (client !== 'webchat') return card;
  // A Universal Actions refresh is an Action.Execute the client runs on its own; Web Chat cannot run it either.
  const { refresh: _refresh, ...rest } = adaptNode(card) as AdaptiveCardJson;
  return rest as AdaptiveCardJson;
}

/** The activity with each Adaptive Card attachment adapted to `client`. */
export function adaptActivity<T extends Partial<Activity>>(activity: T, client: BotClient): T {
  if (client !== 'webchat' || !activity.attachments?.some((a) => a.contentType === CARD)) return activity;
  return {
    ...activity,
    attachments: activity.attachments.map((a) =>
      a.contentType === CARD ? { ...a, content: adaptCard(a.content as AdaptiveCardJson, client) } : a,
    ),
  };
}

/**
 * Adapts every card the bot sends or updates in a turn (replies, the placeholder, proactive turns) to the client of
 * the turn's conversation. Posts that bypass the turn (adapter.postNew) adapt their message themselves.
 */
export const adaptCardsToClient: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const client = clientOfChannel(context.activity.channelId);
    if (client === 'webchat') {
      context.onSendActivities(async (_ctx, activities, send) => {
        activities.splice(0, activities.length, ...activities.map((a) => adaptActivity(a, client)));
        return send();
      });
      context.onUpdateActivity(async (_ctx, activity, update) => {
        Object.assign(activity, adaptActivity(activity, client));
        return update();
      });
    }
    await next();
  },
};
