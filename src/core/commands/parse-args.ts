// Turns the words after a verb into that verb's Command: job states, workloads, windows, names and help topics.

import { parseTimeOfDay } from '../digest/schedule';
import type { AlertListKind } from '../domain/alerts';
import { ITEMS_STATES, type ItemsState } from '../domain/items';
import type { JobListKind } from '../domain/jobs';
import type { Workload } from '../domain/workload';
import { formatCommand } from './format';
import { type Collected, collectOptions, type IndexedToken } from './parse-options';
import { ParseFailure, readAuditSince, readName, readSince } from './parse-values';
import { closestWord } from './suggest-words';
import { plainWord, showToken, type Token, tokenText } from './tokenize';
import {
  type Command,
  type DigestCommand,
  type HelpTopic,
  MAX_RETRY_ITEMS,
  type NotifyCommand,
  type SnoozeLength,
  type Verb,
} from './types';
import {
  alertKindOf,
  HELP_FLAGS,
  itemsStateOf,
  itemsStateWords,
  looksLikeWindow,
  STOP_WORDS,
  snoozeLengthOf,
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
        throw missing(
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
      if (c.words.length === 0) throw missing('item needs the name or id of a backup item.', 'item vm-web-01');
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
      if (c.words.length === 0) throw missing('retry needs the item to back up.', 'retry vm-web-01');
      if (c.words.length > MAX_RETRY_ITEMS) throw missing(`retry takes at most ${MAX_RETRY_ITEMS} items at once.`);
      const items = c.words.map((w) => readName(tokenText(w.token), 'item name'));
      return { verb, items, filters: c.filters, ...(c.confirm === undefined ? {} : { confirm: c.confirm }) };
    }
  }
}

function missing(message: string, example?: string): ParseFailure {
  return new ParseFailure({ code: 'bad-argument', message, ...(example === undefined ? {} : { example }) });
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
          ? missing(`Pick one of ${ITEMS_STATES.join(', ')} (you wrote ${status} and ${state}).`, 'items stale')
          : verb === 'alerts'
            ? missing(`Pick active or all (you wrote ${status} and ${state}).`, 'alerts all since:7d')
            : missing(`Pick one of failed, running or all (you wrote ${status} and ${state}).`, 'jobs running');
      }
      status = state;
    } else if (looksLikeWindow(word) && verb !== 'unprotected' && verb !== 'items') {
      if (c.filters.since !== undefined || c.auditSince !== undefined || sinceFromWord) {
        throw missing('The time window is given twice; keep one.', 'jobs failed since:7d');
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
    throw missing(`Pick one workload (you wrote ${c.workload} and ${workload}).`, 'unprotected vm');
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

const DIGEST_ACTIONS: Record<string, DigestCommand['action']> = {
  on: 'on',
  enable: 'on',
  start: 'on',
  subscribe: 'on',
  schedule: 'on',
  off: 'off',
  disable: 'off',
  stop: 'off',
  unsubscribe: 'off',
  now: 'now',
  preview: 'now',
  show: 'show',
  status: 'show',
  settings: 'show',
};
const DAY_WORDS: Record<string, 'daily' | 'weekdays'> = {
  daily: 'daily',
  everyday: 'daily',
  weekdays: 'weekdays',
  weekday: 'weekdays',
  workdays: 'weekdays',
  workday: 'weekdays',
};

/** `digest [on [HH:MM] [tz:…] [daily|weekdays] [quiet] [filters] | off | now [filters]]` in any order after the action. */
function parseDigest(c: Collected): Command {
  const out: DigestCommand = {
    verb: 'digest',
    action: 'show',
    filters: c.workload === undefined ? c.filters : { ...c.filters, workload: c.workload },
  };
  const words = [...c.words];
  const first = words[0] === undefined ? undefined : plainWord(words[0].token);
  if (first !== undefined && Object.hasOwn(DIGEST_ACTIONS, first)) {
    out.action = DIGEST_ACTIONS[first] as DigestCommand['action'];
    words.shift();
  }
  const schedule: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const { token, index } = words[k] as IndexedToken;
    const word = plainWord(token);
    // "6:15 pm" arrives as two words.
    const half = words[k + 1] === undefined ? undefined : plainWord((words[k + 1] as IndexedToken).token);
    const joined =
      half !== undefined && /^(am|pm|a\.m\.|p\.m\.)$/.test(half) ? `${tokenText(token)}${half}` : undefined;
    if (joined !== undefined && parseTimeOfDay(joined) !== undefined) k++;
    const time = word === undefined ? undefined : parseTimeOfDay(joined ?? tokenText(token));
    if (time !== undefined) {
      if (out.time !== undefined) throw missing('The time is given twice; keep one.', 'digest on 08:00');
      out.time = time;
      schedule.push(showToken(token));
    } else if (word !== undefined && Object.hasOwn(DAY_WORDS, word)) {
      const days = DAY_WORDS[word] as 'daily' | 'weekdays';
      if (out.days !== undefined && out.days !== days) throw missing('Pick daily or weekdays, not both.');
      out.days = days;
      schedule.push(word);
    } else if (word === 'quiet') {
      out.quiet = true;
      schedule.push(word);
    } else if (word === undefined || !['at', 'every', 'each', 'day', 'on'].includes(word)) {
      const near =
        word === undefined ? undefined : closestWord(word, ['on', 'off', 'now', 'daily', 'weekdays', 'quiet']);
      throw new ParseFailure(
        {
          code: 'bad-argument',
          message: `\`${showToken(token)}\` means nothing to digest; write a time like 08:00, daily, weekdays or quiet.`,
        },
        near === undefined ? undefined : { index, replacement: near },
      );
    }
  }
  if (c.timeZone !== undefined) out.timeZone = c.timeZone;
  const scheduled = schedule.length > 0 || out.timeZone !== undefined;
  if (scheduled && out.action === 'show') out.action = 'on';
  if (scheduled && out.action !== 'on') {
    throw missing(`A time, zone, days or quiet belong to digest on, not digest ${out.action}.`, 'digest on 08:00');
  }
  const hasFilters = Object.keys(out.filters).length > 0;
  if (hasFilters && (out.action === 'off' || out.action === 'show')) {
    throw missing(`digest ${out.action} takes no filters: one digest per conversation.`, `digest ${out.action}`);
  }
  return out;
}

const NOTIFY_ACTIONS: Record<string, NotifyCommand['action']> = {
  on: 'on',
  start: 'on',
  enable: 'on',
  subscribe: 'on',
  off: 'off',
  stop: 'off',
  disable: 'off',
  unsubscribe: 'off',
};

/** `notify [on [filters] | off]`. */
function parseNotify(c: Collected): Command {
  const filters = c.workload === undefined ? c.filters : { ...c.filters, workload: c.workload };
  const [first, ...rest] = c.words;
  const word = first === undefined ? undefined : plainWord(first.token);
  let action: NotifyCommand['action'] = 'show';
  if (first !== undefined) {
    if (word === undefined || !Object.hasOwn(NOTIFY_ACTIONS, word)) {
      const near = word === undefined ? undefined : closestWord(word, ['on', 'off']);
      throw new ParseFailure(
        { code: 'bad-argument', message: `\`${showToken(first.token)}\` means nothing to notify; write on or off.` },
        near === undefined ? undefined : { index: first.index, replacement: near },
      );
    }
    action = NOTIFY_ACTIONS[word] as NotifyCommand['action'];
  }
  const extra = rest[0];
  if (extra !== undefined) {
    throw new ParseFailure({
      code: 'bad-argument',
      message: `\`${showToken(extra.token)}\` means nothing to notify ${action}; filters look like vault:rsv-prod.`,
    });
  }
  if (Object.keys(filters).length > 0 && action !== 'on') {
    throw missing(
      `notify ${action} takes no filters: one notification scope per conversation.`,
      'notify on vault:rsv-prod',
    );
  }
  return { verb: 'notify', action, filters };
}

/** `snooze [<item> [1d|7d|30d]]`, `unsnooze <item>`: a trailing length word belongs to snooze, the rest is the name. */
function parseSnooze(verb: 'snooze' | 'unsnooze', c: Collected): Command {
  const words = [...c.words];
  let length: SnoozeLength | undefined;
  const lastWord = words.at(-1);
  const last = lastWord === undefined ? undefined : plainWord(lastWord.token);
  if (verb === 'snooze' && last !== undefined && snoozeLengthOf(last) !== undefined) {
    length = snoozeLengthOf(last);
    words.pop();
  } else if (verb === 'snooze' && last !== undefined && looksLikeWindow(last)) {
    throw missing(`Snooze for 1d, 7d or 30d (not ${last}).`, 'snooze vm-web-01 7d');
  }
  if (words.length === 0) {
    if (verb === 'unsnooze') throw missing('unsnooze needs the item to report again.', 'unsnooze vm-web-01');
    if (length !== undefined) throw missing('snooze needs the item to leave out.', 'snooze vm-web-01 7d');
    return { verb, filters: c.filters };
  }
  const item = readName(words.map((w) => tokenText(w.token)).join(' '), 'item name');
  if (verb === 'unsnooze') return { verb, item, filters: c.filters };
  return { verb, item, ...(length === undefined ? {} : { length }), filters: c.filters };
}
