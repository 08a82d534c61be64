// The policies answer as its consumers hold it (the view's page, CLI --json, copies, clones): listed policies are plain
// data, and a policy's schedule and retention are read from the same answer when asked for, with the values the
// hand-made row holds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackupData } from '../../../src/azure/backup-data';
import { EngineRunner, loadEstateTables } from '../support/engine-runner';

const FIXTURES = join(__dirname, '../../fixtures');
const now = new Date(
  (JSON.parse(readFileSync(join(FIXTURES, 'tricky-estate.expected.json'), 'utf8')) as { now: string }).now,
);
const data = createBackupData(new EngineRunner(loadEstateTables(join(FIXTURES, 'tricky-estate.json')), now));

// SqlWeeklyFull in tricky-estate.json: Full weekly Sun + Wed at 01:00 in Pacific time, a Differential sub-policy, logs
// every 15 min kept 7 days, full backups kept 8 weeks and tiered to archive after 45 days.
const SQL_SCHEDULE = {
  frequency: 'weekly',
  days: ['Sunday', 'Wednesday'],
  times: ['01:00'],
  timeZone: 'Pacific Standard Time',
  logEveryMinutes: 15,
  partialKind: 'Differential',
};
const SQL_RETENTION = {
  weekly: { count: 8, unit: 'week' },
  log: { count: 7, unit: 'day' },
  archive: { mode: 'after', after: { count: 45, unit: 'day' } },
};

test('listed policies are plain data; their schedule and retention are read from the answer when asked for', async () => {
  const { value } = await data.policies({});
  expect(JSON.parse(JSON.stringify(value.policies))).toEqual(value.policies);
  expect(structuredClone(value.policies)).toEqual(value.policies);
  const held = value.policies.find((p) => p.name === 'SqlWeeklyFull');
  if (held === undefined) throw new Error('SqlWeeklyFull is not listed');
  expect(value.termsOf(held)).toEqual({ schedule: SQL_SCHEDULE, retention: SQL_RETENTION });
  // A copy of a listed policy reads the same terms; a policy the answer does not hold has none known.
  expect(value.termsOf({ ...held })).toEqual({ schedule: SQL_SCHEDULE, retention: SQL_RETENTION });
  expect(value.termsOf({ ...held, id: `${held.id}-elsewhere` })).toEqual({
    schedule: { frequency: 'unknown', times: [], days: [] },
    retention: {},
  });
});
