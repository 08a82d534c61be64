// The shared view helpers as a reader meets them: labelled times in the caller's zone, totals that never hide a
// short list, one partial-answer line, buttons that carry their command and page, and payloads that fit Slack.
import { PAYLOAD_VERSION } from '../../../src/core/commands/payload';
import type { PartialNote } from '../../../src/core/domain/result';
import {
  commandButton,
  createTimeFormat,
  describePartial,
  describeTotals,
  describeWindow,
  formatAgo,
  formatDuration,
  keepFilters,
  pagingButtons,
  readQueryPayload,
} from '../../../src/core/views/shared';
import { CountingStash } from '../support/core-estates';

const NOW = new Date('2025-11-24T10:02:00Z');

describe('times', () => {
  test('in the caller’s zone with a short label; unknown or bad zones fall back to UTC, labelled', () => {
    expect(createTimeFormat('Europe/Berlin').dateTime('2025-06-02T10:02:00Z')).toBe('Mon 2 Jun, 12:02 CEST');
    expect(createTimeFormat('America/New_York').dateTime('2025-06-02T10:02:00Z')).toBe('Mon 2 Jun, 06:02 EDT');
    expect(createTimeFormat('Asia/Kolkata').dateTime('2025-06-02T10:02:00Z')).toBe('Mon 2 Jun, 15:32 GMT+5:30');
    expect(createTimeFormat(undefined).dateTime('2025-06-02T10:02:00Z')).toBe('Mon 2 Jun, 10:02 UTC');
    expect(createTimeFormat('Not/AZone').zone).toBe('UTC');
    expect(createTimeFormat('UTC').dateTime('garbage')).toBe('unknown time');
  });

  test('short() drops the date for today (in the caller’s zone, not UTC’s)', () => {
    const berlin = createTimeFormat('Europe/Berlin');
    expect(berlin.short('2025-11-24T08:00:00Z', NOW)).toBe('09:00 CET');
    // 23:30 UTC on the 23rd is already the 24th in Berlin.
    expect(berlin.short('2025-11-23T23:30:00Z', NOW)).toBe('00:30 CET');
    expect(createTimeFormat('UTC').short('2025-11-23T23:30:00Z', NOW)).toBe('Sun 23 Nov, 23:30 UTC');
  });

  test('durations, ages and windows in words', () => {
    expect(formatDuration(40_000)).toBe('40 s');
    expect(formatDuration(3_723_000)).toBe('1 h 02 min');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d 0 h');
    expect(formatDuration(undefined)).toBe('');
    expect(formatAgo('2025-11-24T07:00:00Z', NOW)).toBe('3 h ago');
    expect(describeWindow('24h')).toBe('last 24 h');
    expect(describeWindow('7d')).toBe('last 7 days');
  });
});

describe('totals', () => {
  const noun = ['failed job', 'failed jobs'] as const;
  test.each([
    [
      { from: 1, shown: 10, total: 312, noun, across: ['vault', 'vaults', 48] as const },
      'showing 10 of 312 failed jobs in 48 vaults',
    ],
    [{ from: 11, shown: 10, total: 312, noun }, 'showing 11–20 of 312 failed jobs'],
    [{ from: 1, shown: 3, total: 3, noun }, 'showing all 3 failed jobs'],
    [{ from: 1, shown: 1, total: 1, noun, across: ['vault', 'vaults', 1] as const }, 'showing 1 failed job in 1 vault'],
    [{ from: 1, shown: 0, total: 0, noun, across: ['vault', 'vaults', 0] as const }, 'no failed jobs'],
    [{ from: 1, shown: 10, atLeast: 1000, noun }, 'showing 10 of more than 1,000 failed jobs'],
  ])('%j → %s', (input, expected) => {
    expect(describeTotals(input)).toBe(expected);
  });
});

describe('partial-answer banner', () => {
  test('complete answers have none; notes of one kind merge into one short line', () => {
    expect(describePartial([])).toBeUndefined();
    const notes: PartialNote[] = [
      { kind: 'throttled', detail: 'batch 1 throttled', subscriptions: ['Prod', 'Test'] },
      { kind: 'throttled', detail: 'batch 2 throttled', subscriptions: ['Dev', 'Prod', 'QA', 'Lab'] },
      { kind: 'truncated', detail: 'Resource Graph stopped after 5,000 rows' },
    ];
    expect(describePartial(notes)).toBe(
      '⚠️ Partial answer: 5 subscriptions throttled by Azure (Prod, Test, Dev and 2 more); ' +
        'Resource Graph stopped after 5,000 rows. Numbers below may be low.',
    );
  });
});

describe('buttons', () => {
  test('paging buttons carry the same command one page on or back', async () => {
    const cmd = { verb: 'jobs', status: 'failed', filters: { vault: 'rsv-prod' } } as const;
    const first = await pagingButtons(cmd, { page: 1, hasNext: true });
    expect(first.map((b) => [b.label, b.payload])).toEqual([
      ['Next ›', '{"v":1,"c":"jobs failed vault:rsv-prod","p":2}'],
    ]);
    const third = await pagingButtons({ ...cmd, page: 3 }, { page: 3, hasNext: false });
    expect(third.map((b) => b.payload)).toEqual(['{"v":1,"c":"jobs failed vault:rsv-prod","p":2}']);
    expect(await pagingButtons(cmd, { page: 1, hasNext: false })).toEqual([]);
  });

  test('a command too long for a Slack button value goes to the stash; labels stay under 75 characters', async () => {
    const stash = new CountingStash();
    const long = { verb: 'item', ref: 'x'.repeat(1_500), filters: { vault: 'v'.repeat(600) } } as const;
    const button = await commandButton('L'.repeat(100), long, { stash });
    expect(button.payload).toBe(`{"v":${PAYLOAD_VERSION},"s":"s1"}`);
    expect(button.label).toHaveLength(75);
  });

  test('keepFilters drops what the target command would refuse', () => {
    const f = { vault: 'v', tags: [{ key: 'env', value: 'prod' }], since: '7d' as const, workload: 'vm' as const };
    expect(keepFilters('vaults', f)).toEqual({ since: '7d', workload: 'vm' });
    expect(keepFilters('unprotected', f)).toEqual({ tags: f.tags, workload: 'vm' });
  });

  test('a query payload is told apart from a command payload', () => {
    expect(readQueryPayload('{"v":1,"q":"s3"}')).toEqual({ v: 1, q: 's3' });
    expect(readQueryPayload({ v: 1, q: 's3', i: 2 })).toEqual({ v: 1, q: 's3', i: 2 });
    expect(readQueryPayload('{"v":1,"c":"summary"}')).toBeUndefined();
    expect(readQueryPayload({ v: 2, q: 's3' })).toBeUndefined();
  });
});
