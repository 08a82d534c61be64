// A core Reply as Bot Framework activities: the rendered Adaptive Card in a message, an invoke response or an update.
// A card that cannot be rendered becomes a plain text card with a ref, so a template bug never means silence.
import type { Activity, InvokeResponse } from 'botbuilder';
import type { Reply } from '../../core/conversation-port';
import { newErrorRef } from '../../core/errors';
import type { Logger } from '../../log';
import { type AdaptiveCardJson, renderView, type ViewName } from '../../render/render-view';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** The Adaptive Card for a reply (cards/<view>.teams.json); on a render failure, a text card naming a ref. */
export function renderReplyCard(reply: Reply, log: Logger): AdaptiveCardJson {
  try {
    // ReplyView and ViewName name the same views; render knows a view once its template exists in cards/.
    const { card } = renderView(reply.view as ViewName, reply.model, 'teams');
    return card.fallbackText === undefined ? { ...card, fallbackText: reply.summaryText } : card;
  } catch (err) {
    const ref = newErrorRef();
    log.error({ err, ref, view: reply.view }, `could not render the ${reply.view} card (ref ${ref})`);
    return textCard(`${reply.summaryText}\n\n(The card could not be shown; ref ${ref}.)`);
  }
}

/** A minimal card for text only (render failures, timeouts). */
export function textCard(text: string): AdaptiveCardJson {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text, wrap: true }],
    fallbackText: text,
  };
}

/** A message activity carrying `card`; `summary` is what notifications and screen readers show. */
export function cardMessage(card: AdaptiveCardJson, summary: string): Partial<Activity> {
  return {
    type: 'message',
    summary,
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
  };
}

export function replyMessage(reply: Reply, log: Logger): Partial<Activity> {
  return cardMessage(renderReplyCard(reply, log), reply.summaryText);
}

/** The body Teams expects for an `adaptiveCard/action` invoke: the card that replaces the clicked one. */
export function cardInvokeResponse(card: AdaptiveCardJson): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: card } };
}

/**
 * The invoke response of a click whose answer comes as a new message: Teams keeps the clicked card as it was and shows
 * `text` briefly (the "message" response of Universal Actions).
 */
export function messageInvokeResponse(text: string): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } };
}

/** An invoke response that tells the client the action was not understood (it shows its own error). */
export function badInvokeResponse(message: string): InvokeResponse {
  return {
    status: 200,
    body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } },
  };
}
