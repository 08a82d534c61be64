// The policies answer as its consumers hold it (CLI --json, copies, clones): a policy's schedule and retention are
// read from its row on first use, yet serialise and copy like plain data, with the values the hand-made row holds.
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

test('a listed policy serialises, spreads and clones with its schedule and retention', async () => {
  const { value } = await data.policies({});
  const json = JSON.parse(JSON.stringify(value)) as typeof value;
  const fromJson = json.policies.find((p) => p.name === 'SqlWeeklyFull');
  const held = value.policies.find((p) => p.name === 'SqlWeeklyFull');
  expect(fromJson?.schedule).toEqual(SQL_SCHEDULE);
  expect(fromJson?.retention).toEqual(SQL_RETENTION);
  expect({ ...held }).toEqual(fromJson);
  expect(structuredClone(held)).toEqual(fromJson);
  // Every policy, not only the one looked at: the JSON answer is the answer read field by field.
  expect(json.policies).toEqual(value.policies.map((p) => ({ ...p, schedule: p.schedule, retention: p.retention })));
});
