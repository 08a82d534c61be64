// View "error": typos (with the closest command as a button and the usage line), refusals, missing items, features
// that are not there yet, and unexpected failures (only a ref; the details go to the log).

import { parseCommand } from '../commands/parse';
import type { PayloadStash } from '../commands/payload';
import type { Command, ParseError } from '../commands/types';
import type { Reply } from '../conversation-port';
import { NotAuthorizedError, type UserFacingError } from '../errors';
import type { CardButton } from '../view-models/common';
import type { ErrorViewModel } from '../view-models/detail';
import { commandButton } from './shared/buttons';
import { ICONS } from './shared/status';
import type { TimeFormat } from './shared/time';
import { clipText } from './shared/words';

export interface ErrorContext {
  stash: PayloadStash;
  time: TimeFormat;
  now: Date;
}

export interface ErrorParts {
  title: string;
  icon?: string;
  message: string;
  hint?: string;
  suggestion?: string;
  usage?: string;
  example?: string;
  ref?: string;
  buttons?: CardButton[];
}

/** Error text is ours or Azure's; long Azure texts are clipped so the card always renders. */
const MAX_MESSAGE = 1_000;

const opt = (text: string | undefined): string[] => (text === undefined || text === '' ? [] : [text]);

export function errorModel(p: ErrorParts, ctx: ErrorContext): ErrorViewModel {
  return {
    title: p.title,
    icon: p.icon ?? ICONS.warning,
    message: clipText(p.message, MAX_MESSAGE),
    hint: opt(p.hint === undefined ? undefined : clipText(p.hint, MAX_MESSAGE)),
    suggestion: opt(p.suggestion),
    // The overview usage already begins "Commands: …".
    usage: opt(p.usage === undefined ? undefined : p.usage.startsWith('Commands:') ? p.usage : `Usage: ${p.usage}`),
    example: opt(p.example === undefined ? undefined : `Example: ${p.example}`),
    ref: opt(p.ref === undefined ? undefined : `ref ${p.ref}`),
    buttons: p.buttons ?? [],
    generatedAt: ctx.time.asOf(ctx.now),
  };
}

export function errorReply(p: ErrorParts, ctx: ErrorContext, ephemeral = true): Reply {
  const text = [p.message, p.hint].filter((t) => t !== undefined && t !== '').join(' ');
  return { view: 'error', model: errorModel(p, ctx), ephemeral, summaryText: clipText(text, 300) };
}

/** A command that did not parse: what is wrong, the closest command as a button, the usage line. */
export async function parseErrorReply(e: ParseError, ctx: ErrorContext): Promise<Reply> {
  const buttons: CardButton[] = [];
  const suggested = e.suggestion === undefined ? undefined : parseCommand(e.suggestion);
  if (suggested?.ok) buttons.push(await commandButton(`Run: ${e.suggestion}`, suggested.command, { stash: ctx.stash }));
  buttons.push(await commandButton('Help', { verb: 'help' }, { stash: ctx.stash }));
  const stale = e.code === 'old-version' || e.code === 'bad-payload' || e.code === 'expired';
  return errorReply(
    {
      title: stale ? 'This button no longer works' : 'Not understood',
      icon: stale ? ICONS.stopped : '❓',
      message: e.message,
      ...(e.suggestion === undefined || e.message.includes(e.suggestion)
        ? {}
        : { hint: `Did you mean "${e.suggestion}"?` }),
      ...(e.suggestion === undefined ? {} : { suggestion: e.suggestion }),
      ...(stale ? {} : { usage: e.usage }),
      ...(e.example === undefined ? {} : { example: e.example }),
      buttons,
    },
    ctx,
  );
}

/** An error the user can act on: its message and hint. Refusals are private to the caller where possible. */
export function userErrorReply(err: UserFacingError, ctx: ErrorContext): Reply {
  const refused = err instanceof NotAuthorizedError;
  return errorReply(
    {
      title: refused ? 'Not allowed' : 'Could not answer',
      icon: refused ? ICONS.stopped : ICONS.warning,
      message: err.message,
      ...(err.hint === undefined ? {} : { hint: err.hint }),
    },
    ctx,
  );
}

/** Anything unexpected: only the reference; the error itself is logged under it by the caller. */
export function unexpectedErrorReply(ref: string, ctx: ErrorContext): Reply {
  return errorReply(
    {
      title: 'Something went wrong',
      icon: ICONS.failed,
      message: `Something went wrong (ref ${ref}).`,
      hint: 'Try again in a minute; if it keeps happening, give your bot admin the ref.',
      ref,
    },
    ctx,
    false,
  );
}

/**
 * The answer given up at its deadline (ANSWER_DEADLINE_SECONDS): said plainly, with Try again running the same
 * command. In the conversation, not private: it replaces the working card everyone saw.
 */
export async function timedOutReply(
  command: Command | undefined,
  seconds: number,
  ctx: ErrorContext,
  retryAfterMs?: number,
): Promise<Reply> {
  const buttons = command === undefined ? [] : [await commandButton('Try again', command, { stash: ctx.stash })];
  const why =
    retryAfterMs === undefined
      ? 'Azure may be slow or throttling the bot'
      : `Azure is throttling the bot and asked it to wait about ${Math.ceil(retryAfterMs / 1000)} s`;
  return errorReply(
    {
      title: 'Azure did not answer in time',
      icon: '⏱️',
      message: `Azure did not answer within ${seconds} s, so the bot stopped waiting.`,
      hint:
        command === undefined ? `${why}; send the command again later.` : `${why}; Try again runs the same command.`,
      buttons,
    },
    ctx,
    false,
  );
}
