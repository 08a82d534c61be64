// Button payloads: a click carries the canonical command text, so it re-enters the one parser as a typed command would.
// Short and versioned; anything too long for a Slack button value goes to a server-side stash behind an opaque id.
import { formatCommand } from './format';
import { parseCommand } from './parse';
import { COMMAND_SPECS, usageOf } from './table';
import { type Command, MAX_INPUT_CHARS, MAX_PAGE, MAX_TYPED_CHARS, type ParseError, type ParseResult } from './types';

export const PAYLOAD_VERSION = 1;
/** Slack button `value` is at most 2,000 characters; Teams allows more, but one payload serves both. */
export const SLACK_VALUE_MAX_CHARS = 2_000;
/** Slack `action_id` is at most 255 characters (channels build their own ids; this is for their checks). */
export const SLACK_ACTION_ID_MAX_CHARS = 255;
/** ARG keeps jobs for 14 days, so a button about them is worthless after that; digests live as long. */
export const DEFAULT_STASH_TTL_MS = 14 * 24 * 3_600_000;

/**
 * What a button carries (Slack: JSON in `value`; Teams: the Action.Execute/Submit `data` object).
 * `c`: canonical command text without its page; `p`: page; `s`: stash id when the command was too long to inline;
 * `n`: 1 when the answer is a new message and the clicked card stays as it was (a digest's buttons into other views);
 * `b`: canonical text of the list the button sits on (with its page), so a step that ends without doing anything
 * (Cancel on a retry confirmation) can put that list back in place.
 */
export interface ActionPayload {
  v: number;
  c?: string;
  p?: number;
  s?: string;
  n?: 1;
  b?: string;
}

/** Server-side storage for payloads too large for a button; the store implements it. */
export interface PayloadStash {
  /** Stores `value` (JSON-safe) for `ttlMs` and returns a short opaque id (well under 100 characters). */
  put(value: unknown, ttlMs: number): Promise<string>;
  /** The stored value, or undefined when unknown or expired. */
  get(id: string): Promise<unknown | undefined>;
}

export interface EncodeOptions {
  /** Where a payload over `maxChars` goes; without one, such a payload throws PayloadTooLargeError. */
  stash?: PayloadStash;
  /** Longest serialized payload; default SLACK_VALUE_MAX_CHARS. */
  maxChars?: number;
  ttlMs?: number;
  /** The click's answer is posted as a new message; the clicked card is left as it was (`n` in the payload). */
  newMessage?: boolean;
  /** The list the button sits on (`b` in the payload): where a cancelled step returns. */
  back?: Command;
}

/** A decoded click: the command, and the list its button sat on when the button says (`b`). */
export type DecodedAction = ParseResult & { back?: Command };

export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
}

/** The JSON text of a payload, as it goes into a Slack button `value`. */
export function serializeAction(payload: ActionPayload): string {
  return JSON.stringify(payload);
}

/** The inline payload, or undefined when it would exceed `maxChars` once serialized. */
export function encodeActionInline(cmd: Command, maxChars = SLACK_VALUE_MAX_CHARS): ActionPayload | undefined {
  const page = 'page' in cmd ? cmd.page : undefined;
  const rest = page === undefined ? cmd : { ...cmd, page: undefined };
  const payload: ActionPayload = { v: PAYLOAD_VERSION, c: formatCommand(rest as Command) };
  if (page !== undefined) payload.p = page;
  return serializeAction(payload).length <= maxChars ? payload : undefined;
}

/** A payload for `cmd` that fits the platforms' limits: inline when it fits, else stashed. */
export async function encodeAction(cmd: Command, opts: EncodeOptions = {}): Promise<ActionPayload> {
  const maxChars = opts.maxChars ?? SLACK_VALUE_MAX_CHARS;
  const flag = opts.newMessage ? ({ n: 1 } as const) : {};
  const back = opts.back === undefined ? {} : { b: formatCommand(opts.back) };
  // The flag costs 6 characters; it stays outside the stash, so channels can read it without the store.
  const inline = encodeActionInline(cmd, maxChars - (opts.newMessage ? 6 : 0));
  if (inline !== undefined && serializeAction({ ...inline, ...back, ...flag }).length <= maxChars) {
    return { ...inline, ...back, ...flag };
  }
  if (opts.stash === undefined) {
    throw new PayloadTooLargeError(`the ${cmd.verb} command is too long for a button and no stash was given`);
  }
  const whole: ActionPayload = { ...(encodeActionInline(cmd, Number.POSITIVE_INFINITY) as ActionPayload), ...back };
  const id = await opts.stash.put(whole, opts.ttlMs ?? DEFAULT_STASH_TTL_MS);
  const payload: ActionPayload = { v: PAYLOAD_VERSION, s: id, ...flag };
  if (serializeAction(payload).length > maxChars) throw new PayloadTooLargeError('the stash returned an over-long id');
  return payload;
}

/**
 * Whether a click's answer goes into a new message, leaving the clicked card as it was (`n` in the payload). Reads the
 * raw click data (Slack `value`, Teams `data`) without the stash; anything unreadable answers false.
 */
export function opensNewMessage(data: unknown): boolean {
  const value = clickObject(data);
  return value !== undefined && (value as { n?: unknown }).n === 1;
}

/** Click data as an object: Teams sends one, Slack the JSON text; undefined when it is neither. */
function clickObject(data: unknown): object | undefined {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null ? value : undefined;
}

function failure(code: ParseError['code'], message: string): ParseResult {
  return { ok: false, error: { code, message, usage: usageOf(undefined) } };
}

const DAMAGED = "This button's data is damaged or not from this bot; run the command again.";

/**
 * Checks shape and version; a stash reference comes back as `{ stashId }`. A click carries at most what the bot wrote
 * inline (2,000 characters), so a longer command is not ours and is refused unparsed; stashed ones may be longer.
 */
function readPayload(
  data: unknown,
  maxCommandChars = MAX_TYPED_CHARS,
): { payload: ActionPayload } | { stashId: string } | { error: ParseResult } {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { error: failure('bad-payload', DAMAGED) };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: failure('bad-payload', DAMAGED) };
  const record = value as Record<string, unknown>;
  if (!('v' in record) && !('c' in record) && !('s' in record)) return { error: failure('bad-payload', DAMAGED) };
  if (record.v !== PAYLOAD_VERSION) {
    const newer = typeof record.v === 'number' && record.v > PAYLOAD_VERSION;
    const which = newer ? 'a newer' : 'an older';
    return { error: failure('old-version', `This button is from ${which} version of the bot; run the command again.`) };
  }
  if (typeof record.s === 'string' && record.s !== '' && record.c === undefined) return { stashId: record.s };
  const page = record.p;
  const pageOk =
    page === undefined || (Number.isInteger(page) && (page as number) >= 1 && (page as number) <= MAX_PAGE);
  if (typeof record.c !== 'string' || !pageOk) return { error: failure('bad-payload', DAMAGED) };
  if (record.c.length > maxCommandChars) return { error: failure('bad-payload', DAMAGED) };
  const back =
    typeof record.b === 'string' && record.b !== '' && record.b.length <= maxCommandChars ? { b: record.b } : {};
  return {
    payload: { v: PAYLOAD_VERSION, c: record.c, ...(page === undefined ? {} : { p: page as number }), ...back },
  };
}

function commandOf(payload: ActionPayload): DecodedAction {
  const parsed = parseCommand(payload.c ?? '');
  if (!parsed.ok) return parsed;
  if (payload.p !== undefined && !COMMAND_SPECS[parsed.command.verb].paged) return failure('bad-payload', DAMAGED);
  const command = payload.p === undefined ? parsed.command : ({ ...parsed.command, page: payload.p } as Command);
  // A list that no longer parses (an older grammar) only loses the way back; the click itself still works.
  const back = payload.b === undefined ? undefined : parseCommand(payload.b);
  return { ok: true, command, ...(back?.ok ? { back: back.command } : {}) };
}

/** Decodes an inline payload; a stashed one needs decodeAction with the stash. */
export function decodeActionInline(data: unknown): DecodedAction {
  const read = readPayload(data);
  if ('error' in read) return read.error;
  if ('stashId' in read) return failure('expired', 'This button has expired; run the command again.');
  return commandOf(read.payload);
}

/**
 * Decodes a click (Slack `value` string or Teams `data` object; extra keys such as Teams input values are ignored)
 * into the Command it carries. Bad data is a ParseResult error; it rejects only when the stash itself fails.
 */
export async function decodeAction(data: unknown, stash?: PayloadStash): Promise<DecodedAction> {
  const read = readPayload(data);
  if ('error' in read) return read.error;
  if ('payload' in read) return commandOf(read.payload);
  const stored = stash === undefined ? undefined : await stash.get(read.stashId);
  if (stored === undefined) return failure('expired', 'This button has expired; run the command again.');
  const inner = readPayload(stored, MAX_INPUT_CHARS);
  if ('payload' in inner) return commandOf(inner.payload);
  return 'error' in inner ? inner.error : failure('bad-payload', DAMAGED);
}

/**
 * Where the answer to a click on a card of view `source` goes: the same view again (paging, refresh, a narrower
 * list) replaces the card; another view opens a new message and leaves the card being read as it was. A button marked
 * new-message always opens one; a stashed command cannot be read without the store, so it opens one too. A "Show
 * query" card's own buttons (its other queries, `{q, i}`) page in place.
 */
export function landsInPlace(source: string, data: unknown): boolean {
  if (opensNewMessage(data)) return false;
  if (source === 'query') return isQueryPage(data);
  const decoded = decodeActionInline(data);
  return decoded.ok && decoded.command.verb === source;
}

/** `{v, q, i?}` without a command: one of the queries behind an answer. */
function isQueryPage(data: unknown): boolean {
  const value = clickObject(data);
  return value !== undefined && typeof (value as { q?: unknown }).q === 'string' && !('c' in value);
}
