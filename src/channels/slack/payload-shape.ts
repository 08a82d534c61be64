// The shape a signed Slack body must have before Bolt routes it: the fields Bolt's routing and our listeners read.
// A signature proves who sent a body, not that it is sane; Bolt dereferences these fields unchecked (a 500 otherwise).

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const optional = (value: unknown, check: (v: unknown) => boolean) => value === undefined || check(value);
const isString = (v: unknown) => typeof v === 'string';
const isStringOrObject = (v: unknown) => typeof v === 'string' || isObject(v);
/** Slack sends `team: null` for org-wide installs; null is fine where Bolt checks for it. */
const isObjectOrNull = (v: unknown) => v === null || isObject(v);

/** Fields of an event that Bolt (buildSource, getTypeAndConversation) or our listeners read, and their types. */
const EVENT_FIELDS: Record<string, (v: unknown) => boolean> = {
  type: isString,
  user: isStringOrObject,
  channel: isStringOrObject,
  item: isObject,
  subteam: isObject,
  text: isString,
  thread_ts: isString,
  channel_type: isString,
  subtype: isString,
  bot_id: isString,
  tab: isString,
};

/** Events a listener acts on, with the fields it needs present. */
const EVENT_NEEDS: Record<string, readonly string[]> = {
  app_mention: ['channel'],
  message: ['channel'],
  app_home_opened: ['user'],
};

function eventProblem(body: Body): string | undefined {
  const event = body.event;
  if (!isObject(event)) return 'an event_callback whose event is not an object';
  if (typeof event.type !== 'string') return 'an event without a type';
  for (const [field, check] of Object.entries(EVENT_FIELDS)) {
    if (!optional(event[field], check)) return `a ${event.type} event with a bad ${field}`;
  }
  for (const field of EVENT_NEEDS[event.type] ?? []) {
    if (typeof event[field] !== 'string') return `a ${event.type} event without ${field}`;
  }
  const authorizations = body.authorizations;
  if (!optional(authorizations, (a) => Array.isArray(a) && a.every(isObject))) return 'bad authorizations';
  return undefined;
}

const COMMAND_FIELDS = ['command', 'user_id', 'response_url'] as const;

function commandProblem(body: Body): string | undefined {
  for (const field of COMMAND_FIELDS) if (typeof body[field] !== 'string') return `a slash command without ${field}`;
  for (const field of ['text', 'team_id', 'channel_id', 'user_name']) {
    if (!optional(body[field], isString)) return `a slash command with a bad ${field}`;
  }
  return undefined;
}

/** Kinds of interactive payloads Bolt routes; each names the caller in `user` and reads `team`, `channel`. */
const INTERACTIVE_TYPES = new Set([
  'block_actions',
  'interactive_message',
  'dialog_submission',
  'block_suggestion',
  'shortcut',
  'message_action',
  'view_submission',
  'view_closed',
]);

function interactiveProblem(body: Body): string | undefined {
  const kind = typeof body.type === 'string' ? body.type : 'interactive';
  const user = body.user;
  if (!isObject(user) || typeof user.id !== 'string') return `a ${kind} payload without a user id`;
  if (!optional(body.team, isObjectOrNull) || !optional(body.enterprise, isObjectOrNull)) return `a bad team`;
  for (const field of ['channel', 'container', 'message']) {
    if (!optional(body[field], isObject)) return `a ${kind} payload with a bad ${field}`;
  }
  if (!optional(body.response_url, isString)) return `a ${kind} payload with a bad response_url`;
  if (body.actions !== undefined) {
    const actions = body.actions;
    if (!Array.isArray(actions) || actions.length === 0 || !actions.every(isObject)) return 'bad actions';
  }
  if ((kind === 'view_submission' || kind === 'view_closed') && !isObject(body.view)) return `a ${kind} without view`;
  return undefined;
}

/**
 * Undefined when the body can be handed to Bolt; otherwise what is wrong, in words safe to log (field names only,
 * never values). The order of the checks is Bolt's order of routing (an `event` wins over a `command`, and so on).
 */
export function malformedSlackBody(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body is not a JSON object';
  if (body.event !== undefined || body.type === 'event_callback') return eventProblem(body);
  if (body.command !== undefined) return commandProblem(body);
  const interactive =
    body.actions !== undefined || body.name !== undefined || INTERACTIVE_TYPES.has(body.type as string);
  if (interactive) return interactiveProblem(body);
  if (body.user_id !== undefined || body.response_url !== undefined) return 'a slash command without command';
  return undefined;
}
