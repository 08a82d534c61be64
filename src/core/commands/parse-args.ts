// Turns the words after a verb into that verb's Command: job and item states, alert lists, workloads, windows, names and
// help topics; digest, notify and snooze words are read in parse-push-args.ts.

import type { AlertListKind } from '../domain/alerts';
import { ITEMS_STATES, type ItemsState } from '../domain/items';
import type { JobListKind } from '../domain/jobs';
import type { Workload } from '../domain/workload';
import { formatCommand } from './format';
import { type Collected, collectOptions, type IndexedToken } from './parse-options';
import { parseDigest, parseNotify, parseSnooze } from './parse-push-args';
import { badArgument, ParseFailure, readAuditSince, readName, readSince } from './parse-values';
import { closestWord } from './suggest-words';
import { plainWord, showToken, type Token, tokenText } from './tokenize';
import { type Command, type HelpTopic, MAX_RETRY_ITEMS, type Verb } from './types';
import {
  alertKindOf,
  HELP_FLAGS,
  itemsStateOf,
  itemsStateWords,
  looksLikeWindow,
  STOP_WORDS,
  statusOf,
  UNUSED_WORDS,
  VAULT_LIST_WORDS,
  verbOf,
  verbWords,
  workloadOf,
  workloadWords,
} from './words';

const UNIT_WORDS: Record<string, 'h' | 'd'> = {
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
};

export function parseArgs(verb: Verb, tokens: Token[], start: number): Command {
  const rest = tokens.slice(start);
  if (verb !== 'help' && rest.some((t) => HELP_FLAGS.includes(plainWord(t) ?? '')))
    return { verb: 'help', topic: verb };
  if (verb === 'help') return parseHelp(tokens, start);
  const c = collectOptions(verb, tokens, start);
  const paging = {
    ...(c.page === undefined ? {} : { page: c.page }),
    ...(c.cursor === undefined ? {} : { cursor: c.cursor }),
  };
  switch (verb) {
    case 'summary':
    case 'vaults':
    case 'compliance': {
      readListWords(verb, c);
      return verb === 'summary' ? { verb, filters: c.filters } : { verb, filters: c.filters, ...paging };
    }
    case 'jobs': {
      const word = readListWords(verb, c);
      const status: JobListKind = word === 'failed' || word === 'running' || word === 'all' ? word : 'failed';
      if (c.code !== undefined && status !== 'failed') {
        throw badArgument(
          'code: picks failed jobs by their error code; it does not apply to running or all jobs.',
          'jobs failed code:400239',
        );
      }
      return { verb, status, ...(c.code === undefined ? {} : { code: c.code }), filters: c.filters, ...paging };
    }
    case 'unprotected': {
      readListWords(verb, c);
      const { workload, ...filters } = c.filters;
      return { verb, ...(workload === undefined ? {} : { workload }), filters, ...paging };
    }
    case 'audit':
      readListWords(verb, c);
      return { verb, ...(c.auditSince === undefined ? {} : { since: c.auditSince }), ...paging };
    case 'vault':
      return parseVault(c);
    case 'policies':
      return parsePolicies(c, paging);
    case 'items': {
      const state = readListWords(verb, c);
      return { verb, ...(state === undefined ? {} : { state }), filters: c.filters, ...paging };
    }
    case 'alerts': {
      const kind = readListWords(verb, c);
      return { verb, kind: kind === 'all' ? 'all' : 'active', filters: c.filters, ...paging };
    }
    case 'item': {
      if (c.words.length === 0) throw badArgument('item needs the name or id of a backup item.', 'item vm-web-01');
      return { verb, ref: readName(c.words.map((w) => tokenText(w.token)).join(' '), 'item name'), filters: c.filters };
    }
    case 'digest':
      return parseDigest(c);
    case 'notify':
      return parseNotify(c);
    case 'snooze':
    case 'unsnooze':
      return parseSnooze(verb, c);
    case 'retry': {
      if (c.words.length === 0) throw badArgument('retry needs the item to back up.', 'retry vm-web-01');
      if (c.words.length > MAX_RETRY_ITEMS) throw badArgument(`retry takes at most ${MAX_RETRY_ITEMS} items at once.`);
      const items = c.words.map((w) => readName(tokenText(w.token), 'item name'));
      return { verb, items, filters: c.filters, ...(c.confirm === undefined ? {} : { confirm: c.confirm }) };
    }
  }
}

function parseHelp(tokens: Token[], start: number): Command {
  const first = tokens[start];
  if (first === undefined) return { verb: 'help' };
  const word = tokenText(first).toLowerCase().replace(/:$/, '');
  const topic: HelpTopic | undefined =
    word === 'filters' || word === 'filter'
      ? 'filters'
      : (verbOf(word) ?? (HELP_FLAGS.includes(word) ? 'help' : undefined));
  if (topic !== undefined) return { verb: 'help', topic };
  const near = closestWord(word, [...verbWords(), 'filters']);
  const fix = near === undefined ? undefined : { index: start, replacement: near };
  throw new ParseFailure({ code: 'bad-argument', message: `There is no command called "${showToken(first)}".` }, fix);
}

/**
 * Bare words of list commands: a job state (jobs), a window ("7d", "7 days"), a workload ("vms"). Anything else is
 * refused, naming the closest word that would have made sense.
 */
function readListWords<V extends Verb>(verb: V, c: Collected): ListState<V> | undefined {
  let status: JobListKind | ItemsState | AlertListKind | undefined;
  let sinceFromWord = false;
  const words = c.words;
  for (let k = 0; k < words.length; k++) {
    const { token, index } = words[k] as IndexedToken;
    let word = plainWord(token);
    const unit =
      words[k + 1] === undefined ? undefined : UNIT_WORDS[plainWord((words[k + 1] as IndexedToken).token) ?? ''];
    if (word !== undefined && /^\d{1,5}$/.test(word) && unit !== undefined) {
      word = `${word}${unit}`;
      k++;
    }
    if (word === undefined) throw unknownWord(verb, token, index);
    const state =
      verb === 'jobs'
        ? statusOf(word)
        : verb === 'items'
          ? itemsStateOf(word)
          : verb === 'alerts'
            ? alertKindOf(word)
            : undefined;
    const workload = verb === 'audit' || verb === 'compliance' ? undefined : workloadOf(word);
    if (state !== undefined) {
      if (status !== undefined && status !== state) {
        throw verb === 'items'
          ? badArgument(`Pick one of ${ITEMS_STATES.join(', ')} (you wrote ${status} and ${state}).`, 'items stale')
          : verb === 'alerts'
            ? badArgument(`Pick active or all (you wrote ${status} and ${state}).`, 'alerts all since:7d')
            : badArgument(`Pick one of failed, running or all (you wrote ${status} and ${state}).`, 'jobs running');
      }
      status = state;
    } else if (looksLikeWindow(word) && verb !== 'unprotected' && verb !== 'items') {
      if (c.filters.since !== undefined || c.auditSince !== undefined || sinceFromWord) {
        throw badArgument('The time window is given twice; keep one.', 'jobs failed since:7d');
      }
      sinceFromWord = true;
      if (verb === 'audit') c.auditSince = readAuditSince([{ text: word, quoted: false }]);
      else c.filters.since = readSince([{ text: word, quoted: false }], index);
    } else if (workload !== undefined) {
      setWorkload(c, workload);
    } else if (!STOP_WORDS.has(word)) {
      throw unknownWord(verb, token, index);
    }
  }
  if (c.workload !== undefined && verb !== 'audit') c.filters.workload = c.workload;
  return status as ListState<V> | undefined;
}

/** The state word a list verb takes: a job state (jobs), an item state (items), a list kind (alerts), none else. */
type ListState<V extends Verb> = V extends 'jobs'
  ? JobListKind
  : V extends 'items'
    ? ItemsState
    : V extends 'alerts'
      ? AlertListKind
      : never;

function setWorkload(c: Collected, workload: Workload): void {
  if (c.workload !== undefined && c.workload !== workload) {
    throw badArgument(`Pick one workload (you wrote ${c.workload} and ${workload}).`, 'unprotected vm');
  }
  c.workload = workload;
}

function unknownWord(verb: Verb, token: Token, index: number): ParseFailure {
  const candidates = [
    ...(verb === 'jobs' ? ['failed', 'running', 'all'] : []),
    ...(verb === 'items' ? itemsStateWords() : []),
    ...(verb === 'alerts' ? ['active', 'all'] : []),
    ...(verb === 'audit' ? [] : workloadWords()),
  ];
  const word = plainWord(token);
  const near = word === undefined ? undefined : closestWord(word, candidates);
  const replacement =
    near === undefined
      ? undefined
      : ((verb === 'items' ? itemsStateOf(near) : verb === 'alerts' ? alertKindOf(near) : statusOf(near)) ??
        workloadOf(near) ??
        near);
  const fix = replacement === undefined ? undefined : { index, replacement };
  return new ParseFailure(
    {
      code: 'bad-argument',
      message: `\`${showToken(token)}\` means nothing to ${verb}; filters look like vault:rsv-prod.`,
    },
    fix,
  );
}

/** `policies [<name>] [unused] [workload]`: unquoted workload and "unused" words are keywords, the rest the name. */
function parsePolicies(c: Collected, paging: { page?: number; cursor?: string }): Command {
  let unused = false;
  const nameWords: string[] = [];
  for (const { token } of c.words) {
    const word = plainWord(token);
    const workload = word === undefined ? undefined : workloadOf(word);
    if (word !== undefined && UNUSED_WORDS.includes(word)) unused = true;
    else if (workload !== undefined) setWorkload(c, workload);
    else if (word === undefined || !STOP_WORDS.has(word)) nameWords.push(tokenText(token));
  }
  // "policy compliance" asks for the compliance view, not for a policy named "compliance" (quote it for that).
  const [only] = c.words;
  if (nameWords.length === 1 && c.words.length === 1 && only && plainWord(only.token) === 'compliance' && !unused) {
    const filters = c.workload === undefined ? c.filters : { ...c.filters, workload: c.workload };
    return { verb: 'compliance', filters, ...paging };
  }
  if (c.workload !== undefined) c.filters.workload = c.workload;
  return {
    verb: 'policies',
    ...(nameWords.length === 0 ? {} : { name: readName(nameWords.join(' '), 'policy name') }),
    ...(unused ? { unused: true } : {}),
    filters: c.filters,
    ...paging,
  };
}

function parseVault(c: Collected): Command {
  if (c.words.length === 0) return { verb: 'vaults', filters: c.filters };
  const only = c.words.length === 1 ? plainWord((c.words[0] as IndexedToken).token) : undefined;
  if (only !== undefined && VAULT_LIST_WORDS.includes(only)) {
    const suggestion = formatCommand({ verb: 'vaults', filters: c.filters });
    throw new ParseFailure({
      code: 'bad-argument',
      message: `Did you mean \`${suggestion}\` (every vault's health)? For a vault named ${only}, write vault "${only}".`,
      suggestion,
    });
  }
  return {
    verb: 'vault',
    name: readName(c.words.map((w) => tokenText(w.token)).join(' '), 'vault name'),
    filters: c.filters,
  };
}
