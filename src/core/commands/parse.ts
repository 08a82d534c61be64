// parseCommand: chat text → Command, forgiving of mentions, case, spacing, smart quotes and trailing punctuation.
// It never throws: every problem becomes a ParseError saying what to write instead.
import { formatCommand } from './format';
import { stripMarkup } from './markup';
import { parseArgs } from './parse-args';
import { ParseFailure } from './parse-values';
import { unknownCommand } from './suggest';
import { usageOf } from './table';
import { plainWord, type Token, tokenize } from './tokenize';
import { type Command, MAX_INPUT_CHARS, MAX_TYPED_CHARS, type ParseError, type ParseResult } from './types';
import { FILLER_WORDS, verbOf } from './words';

/** Words in front of the command that address the bot rather than ask it anything. */
const PREFIXES = ['/backup', '/backups', 'backup', 'backups', 'bot'];

function dropLeadingNoise(tokens: Token[]): Token[] {
  let start = 0;
  while (start < tokens.length) {
    const word = plainWord(tokens[start] as Token);
    const next = tokens[start + 1];
    const nextIsVerb = next !== undefined && verbOf(plainWord(next) ?? '') !== undefined;
    if (word === undefined) break;
    if (word.startsWith('@') || word === '/backup' || word === '/backups') start++;
    else if (PREFIXES.includes(word) && next !== undefined) start++;
    else if (FILLER_WORDS.includes(word) && nextIsVerb) start++;
    else break;
  }
  return tokens.slice(start);
}

function parseVerb(tokens: Token[]): Command {
  const verb = verbOf(plainWord(tokens[0] as Token) ?? '');
  if (verb === undefined) throw unknownCommand(tokens, tryParse);
  return parseArgs(verb, tokens, 1);
}

function tryParse(tokens: Token[]): string | undefined {
  try {
    return formatCommand(parseVerb(tokens));
  } catch (err) {
    if (err instanceof ParseFailure) return undefined;
    throw err;
  }
}

function toParseError(failure: ParseFailure, tokens: Token[]): ParseError {
  const verb = verbOf(plainWord(tokens[0] as Token) ?? '');
  const error: ParseError = { ...failure.error, usage: failure.error.usage ?? usageOf(verb) };
  const fix = failure.fix;
  if (error.suggestion === undefined && fix !== undefined) {
    const replacement = fix.replacement === null ? [] : tokenize(fix.replacement);
    const fixed = [...tokens.slice(0, fix.index), ...replacement, ...tokens.slice(fix.index + 1)];
    const suggestion = tryParse(fixed);
    if (suggestion !== undefined) error.suggestion = suggestion;
  }
  return error;
}

/** The refusal of an over-long message: it says how long is allowed, and nothing of the text is read. */
export function tooLong(length: number, max: number): ParseResult {
  const message =
    `That message is too long to be a command (${length.toLocaleString('en-US')} characters; ` +
    `commands are at most ${max.toLocaleString('en-US')}).`;
  return { ok: false, error: { code: 'too-long', message, usage: usageOf(undefined) } };
}

function parseText(text: string): ParseResult {
  if (text.length > MAX_INPUT_CHARS) return tooLong(text.length, MAX_INPUT_CHARS);
  const tokens = dropLeadingNoise(tokenize(stripMarkup(text)));
  // A bare mention ("@Backup") or an empty slash command asks what the bot can do.
  if (tokens.length === 0) return { ok: true, command: { verb: 'help' } };
  try {
    return { ok: true, command: parseVerb(tokens) };
  } catch (err) {
    if (err instanceof ParseFailure) return { ok: false, error: toParseError(err, tokens) };
    throw err;
  }
}

/** Parses what someone typed (or what a button carries) into a Command; never throws. */
export function parseCommand(text: string): ParseResult {
  try {
    return parseText(typeof text === 'string' ? text : '');
  } catch {
    // A bug in the parser must not become a stack trace in chat.
    return {
      ok: false,
      error: { code: 'bad-argument', message: 'I could not read that command. Try `help`.', usage: usageOf(undefined) },
    };
  }
}

/**
 * What a person typed: refused by its length alone above MAX_TYPED_CHARS, before tokenizing or looking for a
 * suggestion (the work per message stays bounded whatever arrives); otherwise parseCommand.
 */
export function parseTypedCommand(text: string): ParseResult {
  if (typeof text === 'string' && text.length > MAX_TYPED_CHARS) return tooLong(text.length, MAX_TYPED_CHARS);
  return parseCommand(text);
}
