// `query alerts` in process: the chat grammar's words become the alerts answer, paged in the cards' grouped order,
// printed as a table with times in UTC (the child-process path is test/cli/cli.test.ts's).
import { join } from 'node:path';
import { createBackupData } from '../../src/azure/backup-data';
import { parseCliArgs } from '../../src/cli/args';
import { renderAnswer } from '../../src/cli/render';
import { runQuery } from '../../src/cli/run-query';
import { EngineRunner, loadEstateTables } from '../azure/support/engine-runner';
import { TRICKY_ALERTS } from '../core/views/support/alert-estates';

const now = new Date('2025-06-15T12:00:00Z');
const tables = loadEstateTables(join(__dirname, '../fixtures/tricky-estate.json'));
const data = createBackupData(new EngineRunner({ ...tables, AlertsManagementResources: TRICKY_ALERTS }, now));
const ctx = { subscription: (id: string | undefined) => (id ?? '').slice(0, 8), since: '24h' };

async function run(...words: string[]) {
  const args = parseCliArgs(words);
  if (args.kind !== 'query') throw new Error('expected a query');
  return renderAnswer(await runQuery(data, args.command, args.flags), args.flags, ctx);
}

test('query alerts: the active ones as a table, worst group first, pages continuing the grouped order', async () => {
  const out = (await run('query', 'alerts')).stdout;
  const lines = out.split('\n');
  expect(lines[0]).toBe('Active Azure Monitor alerts for backup (any age), by rule and error');
  expect(lines[2]).toMatch(/^Fired \(UTC\)\s+Severity\s+State\s+Rule\s+Error\s+Item\s+Vault\s+Subscription$/);
  const rules = lines
    .slice(3, 8)
    .map(
      (l) => /(Soft Delete Disabled for Vault|Backup Failure|MUA Disabled|Workload extension unhealthy)/.exec(l)?.[1],
    );
  expect(rules).toEqual([
    'Soft Delete Disabled for Vault',
    'Backup Failure',
    'Backup Failure',
    'MUA Disabled',
    'Workload extension unhealthy',
  ]);
  expect(out).toContain('Showing 5 of 5 alerts.');
  const second = (await run('query', 'alerts', 'page:2', '--limit', '2')).stdout;
  expect(second).toMatch(/Backup Failure .* sales/);
  expect(second).toContain('Showing 3–4 of 5 alerts.');
});

test('query alerts all since:7d lists resolved and closed ones, saying so', async () => {
  const out = (await run('query', 'alerts', 'all', 'since:7d')).stdout;
  expect(out.split('\n')[0]).toBe('All Azure Monitor alerts for backup (the last 7 days), by rule and error');
  expect(out).toMatch(/New, resolved .*disk-data-01/);
  expect(out).toMatch(/Closed .*rsv-legacy/);
});
