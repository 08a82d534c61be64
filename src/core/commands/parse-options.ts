// Sorts the words after a verb into options (`key:value`) and bare words, refusing options the verb does not take.
import type { Workload } from '../domain/workload';
import {
  badFilter,
  ParseFailure,
  readAuditSince,
  readConfirm,
  readCursor,
  readErrorCode,
  readPage,
  readSince,
  readTag,
  readTextFilter,
  readTimeZone,
  readWorkload,
} from './parse-values';
import { closestWord } from './suggest-words';
import { COMMAND_SPECS, FILTER_SPECS } from './table';
import { type Part, partsSource, plainWord, splitParts, type Token } from './tokenize';
import { type CommandFilters, type FilterName, MAX_TAG_FILTERS, type Verb } from './types';
import { type OptionKey, optionOf, optionWords } from './words';

export interface IndexedToken {
  token: Token;
  index: number;
}

export interface Collected {
  filters: CommandFilters;
  /** type:… as given (unprotected moves it to its positional workload). */
  workload?: Workload;
  page?: number;
  cursor?: string;
  confirm?: string;
  auditSince?: string;
  /** tz: (digest on), an IANA zone. */
  timeZone?: string;
  /** code: (jobs), an error code. */
  code?: string;
  words: IndexedToken[];
}

/** Verbs whose bare words are a name, so an unknown `x:y` there is part of the name rather than a bad filter. */
const NAME_VERBS: readonly Verb[] = ['vault', 'policies', 'item', 'retry', 'snooze', 'unsnooze'];

/** `key:value` with an unquoted key that looks like a keyword; undefined for anything else. */
function splitOption(token: Token): { key: string; value: Part[] } | undefined {
  const first = token.parts[0];
  if (first === undefined || first.quoted) return undefined;
  const split = splitParts(token.parts, ':');
  if (split === undefined) return undefined;
  const key = split[0].map((p) => p.text).join('');
  if (!/^[a-z][a-z-]{0,30}$/i.test(key) || split[0].some((p) => p.quoted)) return undefined;
  return { key: key.toLowerCase(), value: split[1] };
}

function allows(verb: Verb, option: OptionKey): boolean {
  const spec = COMMAND_SPECS[verb];
  if (option === 'page' || option === 'cursor') return spec.paged;
  if (option === 'confirm') return verb === 'retry';
  if (option === 'tz') return verb === 'digest';
  if (option === 'code') return verb === 'jobs';
  if (option === 'since' && verb === 'audit') return true;
  return spec.filters.includes(option as FilterName);
}

export function collectOptions(verb: Verb, tokens: Token[], start: number): Collected {
  const out: Collected = { filters: {}, words: [] };
  const seen = new Set<OptionKey>();
  for (let index = start; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    const word = plainWord(token);
    const next = tokens[index + 1];
    if (word === 'page' && COMMAND_SPECS[verb].paged && next !== undefined && /^\d+$/.test(plainWord(next) ?? '')) {
      out.page = readPage(next.parts);
      index++;
      continue;
    }
    const option = splitOption(token);
    const known = option === undefined ? undefined : optionOf(option.key);
    if (option === undefined || known === undefined) {
      // In a name (`item SQLDataBase;db:1`) an unknown key is part of the name, unless it is a typo of a filter.
      const typo = option !== undefined && closestWord(option.key, optionWords()) !== undefined;
      if (option !== undefined && (typo || !NAME_VERBS.includes(verb))) {
        throw unknownFilter(option.key, option.value, index);
      }
      out.words.push({ token, index });
      continue;
    }
    if (!allows(verb, known)) throw notForVerb(verb, known, index);
    if (seen.has(known) && known !== 'tag') {
      throw badFilter(`${known}: is given twice; keep one.`, FILTER_SPECS[known as FilterName]?.example);
    }
    seen.add(known);
    readOption(verb, known, option.value, index, out);
  }
  return out;
}

function readOption(verb: Verb, key: OptionKey, value: Part[], index: number, out: Collected): void {
  const f = out.filters;
  switch (key) {
    case 'sub':
      f.subscription = readTextFilter('subscription', value, 'sub:Production');
      return;
    case 'rg':
      f.resourceGroup = readTextFilter('resourceGroup', value, 'rg:rg-app');
      return;
    case 'vault':
      f.vault = readTextFilter('vault', value, 'vault:rsv-prod');
      return;
    case 'location':
      f.location = readTextFilter('location', value, 'location:westeurope');
      return;
    case 'type':
      out.workload = readWorkload('type', value, index);
      return;
    case 'tag': {
      const tag = readTag(value);
      const tags = f.tags ?? [];
      if (tags.some((t) => t.key.toLowerCase() === tag.key.toLowerCase())) {
        throw badFilter(
          `tag:${tag.key} is given twice; a resource has one value per tag.`,
          'tag:env=prod tag:team=ops',
        );
      }
      if (tags.length >= MAX_TAG_FILTERS) throw badFilter(`At most ${MAX_TAG_FILTERS} tag filters, please.`);
      f.tags = [...tags, tag];
      return;
    }
    case 'since':
      if (verb === 'audit') out.auditSince = readAuditSince(value);
      else f.since = readSince(value, index);
      return;
    case 'page':
      out.page = readPage(value);
      return;
    case 'cursor':
      out.cursor = readCursor(value);
      return;
    case 'confirm':
      out.confirm = readConfirm(value);
      return;
    case 'tz':
      out.timeZone = readTimeZone(value);
      return;
    case 'code':
      out.code = readErrorCode(value);
      return;
  }
}

function unknownFilter(key: string, value: Part[], index: number): ParseFailure {
  const near = closestWord(key, optionWords());
  const canonical = near === undefined ? undefined : optionOf(near);
  const fix = canonical === undefined ? undefined : { index, replacement: `${canonical}:${partsSource(value)}` };
  const hint = canonical === undefined ? '' : ` Did you mean ${canonical}:?`;
  return badFilter(
    `${key}: is not a filter.${hint} Filters are sub: rg: vault: type: tag: location: since:`,
    'vault:rsv-prod',
    fix,
  );
}

function notForVerb(verb: Verb, key: OptionKey, index: number): ParseFailure {
  const fix = { index, replacement: null };
  if (key === 'page' || key === 'cursor') {
    return new ParseFailure({ code: 'bad-argument', message: `${verb} has only one page.` }, fix);
  }
  if (key === 'confirm') {
    return new ParseFailure({ code: 'bad-argument', message: 'confirm: belongs to retry only.' }, fix);
  }
  if (key === 'tz') {
    return new ParseFailure({ code: 'bad-argument', message: 'tz: belongs to digest on only.' }, fix);
  }
  if (key === 'code') {
    return new ParseFailure({ code: 'bad-argument', message: 'code: belongs to jobs failed only.' }, fix);
  }
  const takes = COMMAND_SPECS[verb].filters.map((f) => `${f}:`);
  const list = takes.length === 0 ? `${verb} takes no filters.` : `${verb} takes ${takes.join(' ')}`;
  return badFilter(`${key}: does not apply to ${verb}. ${list}`, undefined, fix);
}
