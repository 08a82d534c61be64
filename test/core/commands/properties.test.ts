// Properties of the grammar over generated input: nothing makes the parser throw, and every command it can produce
// prints as text that parses back to the same command (so "Show query" and buttons never drift from typed commands).
import fc from 'fast-check';
import {
  type Command,
  type CommandFilters,
  decodeAction,
  encodeAction,
  formatCommand,
  MAX_AUDIT_HOURS,
  MAX_PAGE,
  type PayloadStash,
  parseCommand,
  SLACK_VALUE_MAX_CHARS,
  serializeAction,
  VERBS,
} from '../../../src/core/commands';
import { canonicalAuditSince } from '../../../src/core/commands/parse-values';
import { SNOOZE_LENGTHS } from '../../../src/core/commands/types';
import { SINCE_VALUES } from '../../../src/core/domain/filters';
import { WORKLOADS } from '../../../src/core/domain/workload';

const INTERNAL_FAILURE = 'I could not read that command';

/** Characters and fragments that stress quoting, markup stripping and punctuation handling. */
const TRICKY = [
  'a',
  'B',
  'z',
  '0',
  '7',
  ' ',
  '  ',
  '\u00a0',
  '\t',
  '"',
  "'",
  '“',
  '”',
  '‘',
  '’',
  '„',
  '\\',
  ':',
  '=',
  '<',
  '>',
  '&',
  ';',
  '.',
  '?',
  '!',
  ',',
  '…',
  '#',
  '@',
  '/',
  '-',
  '_',
  '*',
  '(',
  ')',
  'é',
  '漢',
  '🙂',
  '\u200b',
  '&amp;',
  '&lt;',
  '&#39;',
  '<at>',
  '</at>',
  '<@U1ABC>',
  '<!here>',
  '<p>',
  'help',
  'since:',
  'tag:',
  'vault',
  'jobs',
  'page',
];
const trickyText = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 12 });
const anyText = fc.oneof(trickyText, fc.string({ unit: 'grapheme', maxLength: 16 }));

const CONTROL = /[\p{Cc}\p{Cs}\u2028\u2029]/u;
/** A filter value or name as the parser returns it: trimmed, not empty, no control characters. */
const value = anyText.map((s) => s.trim()).filter((s) => s !== '' && !CONTROL.test(s));
const location = value.map((s) => s.toLowerCase().replace(/\s+/g, '')).filter((s) => s !== '');

function filtersArb(names: readonly string[]): fc.Arbitrary<CommandFilters> {
  const all = {
    subscription: value,
    resourceGroup: value,
    vault: value,
    workload: fc.constantFrom(...WORKLOADS),
    tags: fc.uniqueArray(fc.record({ key: value, value: fc.oneof(fc.constant(''), value) }), {
      minLength: 1,
      maxLength: 3,
      selector: (t) => t.key.toLowerCase(),
    }),
    location,
    since: fc.constantFrom(...SINCE_VALUES),
  };
  const picked = Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(k)));
  return fc.record(picked, { requiredKeys: [] }) as fc.Arbitrary<CommandFilters>;
}

const LIST_FILTERS = ['subscription', 'resourceGroup', 'vault', 'workload', 'tags', 'location', 'since'];
const paging = fc.record({ page: fc.integer({ min: 1, max: MAX_PAGE }), cursor: value }, { requiredKeys: [] });

const DIGEST_FILTERS = ['subscription', 'resourceGroup', 'vault', 'workload', 'tags', 'location'];

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record(
    { verb: fc.constant('help' as const), topic: fc.constantFrom(...VERBS, 'filters' as const) },
    { requiredKeys: ['verb'] },
  ),
  fc.record({ verb: fc.constant('summary' as const), filters: filtersArb(LIST_FILTERS) }),
  fc
    .tuple(fc.constantFrom('failed' as const, 'running' as const, 'all' as const), filtersArb(LIST_FILTERS), paging)
    .map(([status, filters, p]) => ({ verb: 'jobs' as const, status, filters, ...p })),
  fc
    .tuple(fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,40}$/), filtersArb(LIST_FILTERS), paging)
    .map(([code, filters, p]) => ({ verb: 'jobs' as const, status: 'failed' as const, code, filters, ...p })),
  fc
    .tuple(
      fc.option(fc.constantFrom(...WORKLOADS), { nil: undefined }),
      filtersArb(['subscription', 'resourceGroup', 'tags', 'location']),
      paging,
    )
    .map(([workload, filters, p]) => ({
      verb: 'unprotected' as const,
      ...(workload ? { workload } : {}),
      filters,
      ...p,
    })),
  fc
    .tuple(filtersArb(['subscription', 'resourceGroup', 'workload', 'location', 'since']), paging)
    .map(([filters, p]) => ({
      verb: 'vaults' as const,
      filters,
      ...p,
    })),
  fc
    .tuple(
      fc.record({ name: value, unused: fc.constant(true) }, { requiredKeys: [] }),
      filtersArb(DIGEST_FILTERS),
      paging,
    )
    .map(([named, filters, p]) => ({ verb: 'policies' as const, ...named, filters, ...p })),
  fc.record({
    verb: fc.constant('vault' as const),
    name: value,
    filters: filtersArb(['subscription', 'resourceGroup', 'since']),
  }),
  fc.record({
    verb: fc.constant('item' as const),
    ref: value,
    filters: filtersArb(['subscription', 'resourceGroup', 'vault']),
  }),
  fc.record(
    {
      verb: fc.constant('retry' as const),
      items: fc.array(value, { minLength: 1, maxLength: 4 }),
      filters: filtersArb(['subscription', 'resourceGroup', 'vault']),
      confirm: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    },
    { requiredKeys: ['verb', 'items', 'filters'] },
  ),
  fc.tuple(fc.option(fc.integer({ min: 1, max: MAX_AUDIT_HOURS }), { nil: undefined }), paging).map(([hours, p]) => ({
    verb: 'audit' as const,
    ...(hours === undefined ? {} : { since: canonicalAuditSince(hours) }),
    ...p,
  })),
  fc.constantFrom({ verb: 'digest' as const, action: 'show' as const, filters: {} }),
  fc.constantFrom({ verb: 'digest' as const, action: 'off' as const, filters: {} }),
  fc.record({
    verb: fc.constant('digest' as const),
    action: fc.constant('now' as const),
    filters: filtersArb(DIGEST_FILTERS),
  }),
  fc.record(
    {
      verb: fc.constant('digest' as const),
      action: fc.constant('on' as const),
      time: fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      timeZone: fc.constantFrom(
        'Europe/Berlin',
        'America/New_York',
        'Asia/Kolkata',
        'UTC',
        'America/Argentina/Buenos_Aires',
      ),
      days: fc.constantFrom('daily' as const, 'weekdays' as const),
      quiet: fc.constant(true),
      filters: filtersArb(DIGEST_FILTERS),
    },
    { requiredKeys: ['verb', 'action', 'filters'] },
  ),
  fc.constantFrom(
    { verb: 'notify' as const, action: 'show' as const, filters: {} },
    { verb: 'notify' as const, action: 'off' as const, filters: {} },
  ),
  fc.record({
    verb: fc.constant('notify' as const),
    action: fc.constant('on' as const),
    filters: filtersArb(DIGEST_FILTERS),
  }),
  fc.constant({ verb: 'snooze' as const, filters: {} }),
  fc.record(
    {
      verb: fc.constant('snooze' as const),
      item: value,
      length: fc.constantFrom(...SNOOZE_LENGTHS),
      filters: filtersArb(['subscription', 'resourceGroup', 'vault']),
    },
    { requiredKeys: ['verb', 'item', 'filters'] },
  ),
  fc.record({
    verb: fc.constant('unsnooze' as const),
    item: value,
    filters: filtersArb(['subscription', 'resourceGroup', 'vault']),
  }),
);

test('no text makes parseCommand throw or fall into its internal-error net', () => {
  fc.assert(
    fc.property(
      fc.oneof(anyText, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 200 })),
      (text) => {
        const result = parseCommand(text);
        if (!result.ok) {
          expect(result.error.message).not.toContain(INTERNAL_FAILURE);
          expect(result.error.usage.length).toBeGreaterThan(0);
        }
      },
    ),
    { numRuns: 1500 },
  );
});

test('text built from command words never throws either (mentions, verbs, filters, quotes in any order)', () => {
  const words = fc.constantFrom(
    '<at>Backup</at>',
    '@Backup',
    '/backup',
    'jobs',
    'failed',
    'vault',
    'vaults',
    'item',
    'retry',
    'help',
    'since:7d',
    'since:30d',
    'tag:',
    'tag:"a b"=',
    'type:',
    'page:0',
    'page',
    '2',
    'confirm:',
    '"',
    '“x',
    'x”',
    '?',
    '.',
    'show',
    'digest',
    'on',
    'off',
    'now',
    '08:00',
    '8am',
    'tz:Europe/Berlin',
    'tz:',
    'weekdays',
    'quiet',
    'snooze',
    'unsnooze',
    'notify',
    '7d',
  );
  fc.assert(
    fc.property(fc.array(fc.oneof(words, trickyText), { maxLength: 8 }), (parts) => {
      const result = parseCommand(parts.join(' '));
      if (!result.ok) expect(result.error.message).not.toContain(INTERNAL_FAILURE);
    }),
    { numRuns: 1500 },
  );
});

test('parseCommand(formatCommand(cmd)) gives back cmd, and formatting is stable', () => {
  fc.assert(
    fc.property(commandArb, (cmd) => {
      const text = formatCommand(cmd);
      const parsed = parseCommand(text);
      expect(parsed).toEqual({ ok: true, command: cmd });
      if (parsed.ok) expect(formatCommand(parsed.command)).toBe(text);
    }),
    { numRuns: 1000 },
  );
});

test('every command survives a button: encode (stashing when long) then decode gives it back, within 2,000 chars', async () => {
  const stored = new Map<string, unknown>();
  const stash: PayloadStash = {
    put: async (v) => {
      const id = `s${stored.size}`;
      stored.set(id, JSON.parse(JSON.stringify(v)));
      return id;
    },
    get: async (id) => stored.get(id),
  };
  await fc.assert(
    fc.asyncProperty(commandArb, async (cmd) => {
      const payload = await encodeAction(cmd, { stash });
      const wire = serializeAction(payload);
      expect(wire.length).toBeLessThanOrEqual(SLACK_VALUE_MAX_CHARS);
      expect(await decodeAction(wire, stash)).toEqual({ ok: true, command: cmd });
    }),
    { numRuns: 300 },
  );
});

test('decodeAction never rejects on arbitrary data', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.anything(), fc.json(), fc.string()), async (data) => {
      const result = await decodeAction(data);
      if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
    }),
    { numRuns: 500 },
  );
});
