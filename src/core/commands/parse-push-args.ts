// The words after the verbs that change what a conversation receives: digest (its time, zone, days and filters),
// notify and snooze. The other verbs' words are read in parse-args.ts.

import { parseTimeOfDay } from '../digest/schedule';
import type { Collected, IndexedToken } from './parse-options';
import { badArgument, ParseFailure, readName } from './parse-values';
import { closestWord } from './suggest-words';
import { plainWord, showToken, tokenText } from './tokenize';
import type { Command, DigestCommand, NotifyCommand, SnoozeLength } from './types';
import { looksLikeWindow, snoozeLengthOf } from './words';

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
export function parseDigest(c: Collected): Command {
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
      if (out.time !== undefined) throw badArgument('The time is given twice; keep one.', 'digest on 08:00');
      out.time = time;
      schedule.push(showToken(token));
    } else if (word !== undefined && Object.hasOwn(DAY_WORDS, word)) {
      const days = DAY_WORDS[word] as 'daily' | 'weekdays';
      if (out.days !== undefined && out.days !== days) throw badArgument('Pick daily or weekdays, not both.');
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
    throw badArgument(`A time, zone, days or quiet belong to digest on, not digest ${out.action}.`, 'digest on 08:00');
  }
  const hasFilters = Object.keys(out.filters).length > 0;
  if (hasFilters && (out.action === 'off' || out.action === 'show')) {
    throw badArgument(`digest ${out.action} takes no filters: one digest per conversation.`, `digest ${out.action}`);
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
export function parseNotify(c: Collected): Command {
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
    throw badArgument(
      `notify ${action} takes no filters: one notification scope per conversation.`,
      'notify on vault:rsv-prod',
    );
  }
  return { verb: 'notify', action, filters };
}

/** `snooze [<item> [1d|7d|30d]]`, `unsnooze <item>`: a trailing length word belongs to snooze, the rest is the name. */
export function parseSnooze(verb: 'snooze' | 'unsnooze', c: Collected): Command {
  const words = [...c.words];
  let length: SnoozeLength | undefined;
  const lastWord = words.at(-1);
  const last = lastWord === undefined ? undefined : plainWord(lastWord.token);
  if (verb === 'snooze' && last !== undefined && snoozeLengthOf(last) !== undefined) {
    length = snoozeLengthOf(last);
    words.pop();
  } else if (verb === 'snooze' && last !== undefined && looksLikeWindow(last)) {
    throw badArgument(`Snooze for 1d, 7d or 30d (not ${last}).`, 'snooze vm-web-01 7d');
  }
  if (words.length === 0) {
    if (verb === 'unsnooze') throw badArgument('unsnooze needs the item to report again.', 'unsnooze vm-web-01');
    if (length !== undefined) throw badArgument('snooze needs the item to leave out.', 'snooze vm-web-01 7d');
    return { verb, filters: c.filters };
  }
  const item = readName(words.map((w) => tokenText(w.token)).join(' '), 'item name');
  if (verb === 'unsnooze') return { verb, item, filters: c.filters };
  return { verb, item, ...(length === undefined ? {} : { length }), filters: c.filters };
}
