// `npm run cli -- query …` as a real child process: against a stand-in this test starts (ARM_ENDPOINT, tricky estate,
// pinned clock) and in demo mode (DEMO_ESTATE); tables, --json, --show-query, partial warnings, exit codes, and
// `--all` NDJSON over a generated estate of several Resource Graph pages.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateEstate, loadEstateFile } from '../../src/sim/estate';
import { startSim } from '../../src/sim/server/start-sim';
import type { SimHandle } from '../../src/sim/server/types';
import { TRICKY_ESTATE, tricky } from '../azure/support/tricky-checks';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../..');
const MB = 1024 * 1024;
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const cwd = mkdtempSync(join(tmpdir(), 'bot-cli-')); // no developer .env applies here

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], settings: Record<string, string>): Promise<Run> {
  const env = { PATH: process.env['PATH'] ?? '', HOME: cwd, ...settings };
  return new Promise((done) => {
    // --all prints every job of an estate: more than execFile's 1 MB default.
    execFile(TSX, [CLI, ...args], { cwd, env, timeout: 50_000, maxBuffer: 64 * MB }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const caseNamed = (name: string) => {
  const found = tricky.cases.find((c) => c.name === name);
  if (!found) throw new Error(`no case ${name}`);
  return found.expect as { orderedIds?: string[]; ids?: string[] };
};
const idOf = (alias: string): string => (tricky.ids[alias] ?? alias).toLowerCase();

let sim: SimHandle;
let azure: Record<string, string>;
beforeAll(async () => {
  sim = await startSim({ estate: loadEstateFile(TRICKY_ESTATE), now: () => new Date(tricky.now) });
  azure = { ARM_ENDPOINT: sim.url };
});
afterAll(async () => {
  await sim.close();
  rmSync(cwd, { recursive: true, force: true });
});
beforeEach(() => sim.admin.reset());

test('--json prints the domain objects: failed jobs of 24 h, newest first, as the estate says', async () => {
  const run = await cli(['query', 'jobs', 'failed', '--json'], azure);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(`answering from the Azure stand-in at ${sim.url}`);
  const doc = JSON.parse(run.stdout);
  expect(doc.view).toBe('jobs');
  expect(doc.partial).toEqual([]);
  const want = caseNamed('failed jobs, default 24h, both vault kinds and tenants, newest first').orderedIds ?? [];
  expect(doc.value.jobs.map((j: { id: string }) => j.id.toLowerCase())).toEqual(want.map(idOf));
  expect(doc.kql).toBeUndefined();
});

test('the default table: UTC-labelled columns, one line per job and a totals line', async () => {
  const run = await cli(['query', 'jobs', 'failed'], azure);
  expect(run.code).toBe(0);
  const want = caseNamed('failed jobs, default 24h, both vault kinds and tenants, newest first').orderedIds ?? [];
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines[0]).toBe('Failed jobs in the last 24 h, newest first');
  expect(lines[2]).toMatch(/^Start \(UTC\)\s+Status\s+Workload\s+Operation\s+Datasource\s+Vault\s+Subscription/);
  expect(lines.filter((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d\s+Failed\s/.test(l))).toHaveLength(want.length);
  expect(lines[lines.length - 1]).toBe(`Showing ${want.length} of ${want.length} failed jobs`);
  // Subscriptions are shown by name (Resource Graph's ResourceContainers), not by GUID.
  expect(run.stdout).toContain('Contoso Prod');
});

test('a page of a longer list says which rows of how many ("2–2 of 3")', async () => {
  const run = await cli(['query', 'jobs', 'failed', '--limit', '1', 'page:2'], azure);
  expect(run.code).toBe(0);
  const want = caseNamed('failed jobs, default 24h, both vault kinds and tenants, newest first').orderedIds ?? [];
  expect(want.length).toBeGreaterThan(2);
  expect(run.stdout).toContain(`Showing 2–2 of ${want.length} failed jobs`);
});

test('filters with spaces in them reach the query intact; --show-query prints the KQL that was sent', async () => {
  const run = await cli(['query', 'instances', 'sub:Contoso Prod', '--json', '--show-query'], azure);
  expect(run.code).toBe(0);
  const doc = JSON.parse(run.stdout);
  const want = caseNamed('instances by datasource subscription name').ids ?? [];
  expect(doc.value.instances.map((i: { id: string }) => i.id.toLowerCase()).sort()).toEqual(want.map(idOf).sort());
  expect(doc.kql.join('\n')).toContain("name =~ 'Contoso Prod'");
});

test('unprotected VMs as text: the unprotected table, then the VMs whose protection is stopped, with their vault', async () => {
  const run = await cli(['query', 'unprotected', 'vm'], azure);
  expect(run.code).toBe(0);
  const [unprotected = '', stopped = ''] = run.stdout.split(/\n\n(?=\d+ with protection stopped)/);
  const want = caseNamed('unprotected vm') as { ids: string[]; stopped: Record<string, unknown> };
  for (const alias of want.ids) expect(unprotected).toContain(String(tricky.ids[alias]).split('/').pop());
  expect(stopped).toMatch(/^2 with protection stopped or soft-deleted \(resume them; not counted as unprotected\):/);
  expect(stopped).toMatch(/vm-old-02 .* stopped .* rsv-prod/);
  expect(stopped).toMatch(/vm-soft-03 .* soft-deleted .* rsv-prod/);
  expect(unprotected).not.toContain('vm-old-02');
});

test('policies: the unused ones of a vault as a table, and as JSON the hand-computed answer', async () => {
  const run = await cli(['query', 'policies', 'unused', 'vault:rsv-prod', 'tag:owner=backup-team'], azure);
  expect(run.code).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines[2]).toMatch(/^Policy\s+Vault\s+Subscription\s+Workload\s+Schedule\s+Retention\s+Items\s+Stopped$/);
  expect(lines.filter((l) => /^(EnhancedHourly|FilesVaulted|MabBare|SqlWeeklyFull)\s/.test(l))).toHaveLength(4);
  expect(run.stdout).toContain('Weekly on Sun, Wed at 01:00 (Pacific Standard Time)');
  expect(lines[lines.length - 1]).toBe('Showing 4 of 4 policies; 4 protect nothing.');
  const json = await cli(['query', 'policies', '--json', '--show-query'], azure);
  const doc = JSON.parse(json.stdout);
  const want =
    caseNamed(
      'policies: both vault kinds by vault then name; items matched to their policy id ignoring case; stopped items apart',
    ).orderedIds ?? [];
  expect(doc.value.policies.map((p: { id: string }) => p.id.toLowerCase())).toEqual(want.map(idOf));
  // Each printed policy carries its schedule and retention (read for the printed page).
  const sql = doc.value.policies.find((p: { name: string }) => p.name === 'SqlWeeklyFull');
  expect(sql.schedule).toMatchObject({ frequency: 'weekly', days: ['Sunday', 'Wednesday'], times: ['01:00'] });
  expect(sql.retention.weekly).toEqual({ count: 8, unit: 'week' });
  expect(doc.kql).toHaveLength(1);
});

test('items stopped and items stale as tables: the unprotected view’s stopped items; stale with its last good backup', async () => {
  const stopped = await cli(['query', 'items', 'stopped'], azure);
  expect(stopped.code).toBe(0);
  const lines = stopped.stdout.trimEnd().split('\n');
  expect(lines[0]).toBe('Backup items with protection stopped or soft-deleted');
  expect(lines.filter((l) => /^vm-old-02\s+vm\s+stopped\s/.test(l))).toHaveLength(1);
  expect(lines.filter((l) => /^vm-soft-03\s+vm\s+soft-deleted\s/.test(l))).toHaveLength(1);
  expect(lines.filter((l) => /^disk-stopped-03\s+disks\s+stopped\s/.test(l))).toHaveLength(1);
  expect(lines[lines.length - 1]).toBe('Showing 3 items.');
  // Judged at this machine's clock, long after the estate's last backups: every item with a schedule is stale.
  const stale = await cli(['query', 'items', 'stale'], azure);
  expect(stale.code).toBe(0);
  expect(stale.stdout).toMatch(/^pg-single-01\/ordersdb\s.*\snone known\s+one every 4 h\s/m);
  expect(stale.stdout).toMatch(/^vm-web-01\s.*\s2025-06-15 01:05\s+one a day\s/m);
  expect(stale.stdout).not.toMatch(/^stblob01\s/m);
});

test('item detail as text, with its recent jobs and the queries behind it', async () => {
  const run = await cli(['query', 'item', 'vm-web-01', '--show-query'], azure);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^Item:\s+vm-web-01 \(Azure VM\)$/m);
  expect(run.stdout).toMatch(/^Vault:\s+rsv-prod \(Recovery Services vault\)$/m);
  expect(run.stdout).toContain('Jobs in the last 14 days, newest first');
  expect(run.stdout).toMatch(/Resource Graph queries sent \(\d+ queries, \d+ requests/);
  expect(run.stdout).toContain('RecoveryServicesResources');
});

test('a SQL database says what its on-demand Full keeps, as the chat card does', async () => {
  // An on-demand Full of a SQL database is kept at least 45 days (manage-monitor-sql-database-backup.md).
  const run = await cli(['query', 'item', 'hr'], azure);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(
    /^On-demand backup:\s+possible \(retry from chat; a Full backup, which Azure keeps at least 45 days\)$/m,
  );
  const vm = await cli(['query', 'item', 'vm-web-01'], azure);
  expect(vm.stdout).toMatch(/^On-demand backup:\s+possible \(retry from chat\)$/m);
});

test('a truncated Resource Graph answer is labelled partial on stderr, saying what is missing', async () => {
  sim.admin.setFaults({ rules: [{ target: 'arg', truncateTo: 1 }] });
  const run = await cli(['query', 'vaults'], azure);
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/^warning: partial answer, Azure truncated the result: .+/m);
  expect(run.stderr).toContain('warning: the counts and lists above are incomplete');
  expect(run.stdout).toMatch(/^Showing 1 of 1 vaults\./m);
});

test('without Azure settings it answers from the demo estate and says so on stderr', async () => {
  const run = await cli(['query', 'vaults'], { DEMO_ESTATE: TRICKY_ESTATE });
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/^demo mode \(no Azure settings .*tricky-estate\.json/m);
  expect(run.stdout).toMatch(/^Vault\s+Kind\s+Subscription/m);
  expect(run.stdout).toMatch(/^rsv-prod\s+RSV\s+Contoso Prod/m);
  expect(run.stdout).toMatch(/^Showing \d+ of \d+ vaults\. Security level: /m);
});

test('compliance: the backup policy assignments of a hand-made estate as a table, and as JSON', async () => {
  const estate = resolve(__dirname, '../fixtures/compliance-estate.json');
  const run = await cli(['query', 'compliance', 'tag:env=prod'], { DEMO_ESTATE: estate });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^Assignment\s+Scope\s+Definition\s+Non-compliant\s+Compliant\s+Exempt\s+Examples$/m);
  expect(run.stdout).toMatch(
    /^mg-vm-backup\s+mg mg-root\s+Azure Backup should be enabled for Virtual Machines\s+2\s+0\s+0\s+vm-a, vm-d$/m,
  );
  expect(run.stdout).toMatch(/^Showing 3 of 3 assignments; 4 non-compliant resources on this page\.$/m);
  const json = await cli(['query', 'compliance', 'sub:bbbbbbbb-0000-4000-8000-00000000000b', '--json'], {
    DEMO_ESTATE: estate,
  });
  const doc = JSON.parse(json.stdout);
  expect(doc.value.assignments.map((a: { name: string; evaluated: number }) => [a.name, a.evaluated])).toEqual([
    ['mg-vm-backup', 2],
    ['disk-backup', 0],
  ]);
  const refused = await cli(['query', 'compliance', 'since:7d'], { DEMO_ESTATE: estate });
  expect([refused.code, refused.stderr.trim()]).toEqual([
    2,
    expect.stringMatching(/since: does not apply to compliance/),
  ]);
});

test.each([
  [['query', 'jobs', 'since:30d'], /14 days/],
  [['query', 'backups'], /"backups" is not a view/],
  [['query', 'jobs', '--limit', 'lots'], /--limit takes a whole number/],
  [['query', 'unprotected', 'vault:rsv-prod'], /vault: does not apply to unprotected/],
  [['status'], /unknown command "status"/],
])('bad input %j: one line on stderr, exit 2, nothing asked of Azure', async (args, message) => {
  const run = await cli(args, azure);
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(message);
  expect(run.stdout).toBe('');
  expect(sim.admin.requests({ endpoint: 'arg' })).toHaveLength(0);
});

test('an error the user can act on: exit 1 with the message and what to do, no stack trace', async () => {
  const run = await cli(['query', 'jobs', 'sub:No Such Subscription'], azure);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^error: No subscription named "No Such Subscription" is visible to the bot\. .+$/m);
  // Which names it can see, so a typo is fixed at a glance.
  expect(run.stderr).toMatch(/It can see: .*Contoso Prod/);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

test('a lookup that finds nothing exits 1', async () => {
  const run = await cli(['query', 'vault', 'no-such-vault'], azure);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('No vault named "no-such-vault" is visible.');
});

test('--help', async () => {
  const run = await cli(['--help'], {});
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^Usage: npm run cli -- query <view>/);
});

describe('--all: every job as NDJSON, streamed', () => {
  const NOW = new Date('2026-03-02T12:00:00Z');
  const estate = generateEstate({ seed: 5, scale: 'small', now: NOW });
  let big: SimHandle;
  beforeAll(async () => {
    big = await startSim({ estate, now: () => NOW });
  });
  afterAll(async () => {
    await big.close();
  });
  beforeEach(() => big.admin.reset());

  // Computed from the estate's rows, not by the query: job rows of both vault kinds started in the last 14 days.
  const want = estate.tables.RecoveryServicesResources.filter(
    (r) =>
      String(r.type).toLowerCase().endsWith('/backupjobs') &&
      Date.parse(String((r.properties as { startTime?: string }).startTime)) > NOW.getTime() - 14 * 86_400_000,
  ).map((r) => String(r.id).toLowerCase());

  test('one job per line, every job of the window, newest first, totals on stderr', async () => {
    const run = await cli(['query', 'jobs', 'all', 'since:14d', '--all'], { ARM_ENDPOINT: big.url });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const jobs = lines.map((line) => JSON.parse(line) as { id: string; startTime?: string; vault: { name: string } });
    expect(want.length).toBeGreaterThan(2000);
    expect(jobs.map((j) => j.id.toLowerCase()).sort()).toEqual([...want].sort());
    const starts = jobs.map((j) => j.startTime ?? '');
    expect(starts).toEqual([...starts].sort().reverse());
    expect(jobs.every((j) => j.vault.name !== '')).toBe(true);
    const pages = Math.ceil(want.length / 1000);
    expect(big.admin.requests({ endpoint: 'arg' })).toHaveLength(pages);
    expect(run.stderr).toContain(
      `streamed ${want.length.toLocaleString('en-US')} jobs (${pages} Resource Graph requests`,
    );
  });

  test('a cut-short answer: the lines that came, and a partial warning on stderr', async () => {
    big.admin.setFaults({ rules: [{ target: 'arg', truncateTo: 10 }] });
    const run = await cli(['query', 'jobs', 'failed', 'since:14d', '--all', '--json'], { ARM_ENDPOINT: big.url });
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(10);
    expect(run.stderr).toMatch(/^warning: partial answer, Azure truncated the result: .+/m);
  });
});

describe('digest: the report a conversation would get, for scripts and cron', () => {
  // The CLI reads the real clock; the stand-in is pinned to the moment this test starts, with an estate made for it.
  const NOW = new Date();
  const estate = generateEstate({ seed: 11, scale: 'small', now: NOW });
  let live: SimHandle;
  beforeAll(async () => {
    live = await startSim({ estate, now: () => NOW });
  });
  afterAll(async () => {
    await live.close();
  });

  // Failed backup jobs of the last 24 h, read from the estate's rows (both vault kinds), not from the bot's queries.
  const failedBackups = estate.tables.RecoveryServicesResources.filter((r) => {
    const p = r.properties as { startTime?: string; status?: string; operation?: string; operationCategory?: string };
    return (
      String(r.type).toLowerCase().endsWith('/backupjobs') &&
      /^failed$/i.test(p.status ?? '') &&
      /^backup/i.test(p.operation ?? p.operationCategory ?? '') &&
      Date.parse(p.startTime ?? '') > NOW.getTime() - 86_400_000
    );
  }).length;

  test('--json: the headline counts every failed backup of 24 h, groups by error code add up to it', async () => {
    expect(failedBackups).toBeGreaterThan(0);
    const run = await cli(['digest', '--json', '--show-query'], { ARM_ENDPOINT: live.url });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.view).toBe('digest');
    expect(doc.partial).toEqual([]);
    expect(doc.digest.headline).toContain(`${failedBackups.toLocaleString('en-US')} failed backup`);
    expect(doc.kql.join('\n')).toContain('RecoveryServicesResources');
  });

  test('as text: the same headline, the error codes with their fix, and a scope narrowed by a filter', async () => {
    const all = await cli(['digest'], { ARM_ENDPOINT: live.url });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^Backup digest/);
    expect(all.stdout).toContain(`${failedBackups.toLocaleString('en-US')} failed backup`);
    expect(all.stdout).toMatch(/^ {2}Fix: .+/m);
    const vault = estate.tables.Resources.find(
      (r) => String(r.type).toLowerCase() === 'microsoft.recoveryservices/vaults',
    );
    const narrowed = await cli(['digest', `vault:${String(vault?.name)}`], { ARM_ENDPOINT: live.url });
    expect(narrowed.code).toBe(0);
    expect(narrowed.stdout).toContain(`vault:${String(vault?.name)}`);
  });

  test('bad input is a usage error before Azure is asked', async () => {
    live.admin.reset();
    const run = await cli(['digest', 'sinse:7d'], { ARM_ENDPOINT: live.url });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(live.admin.requests({ endpoint: 'arg' })).toHaveLength(0);
  });
});

test('through npm (`npm run -s cli`), stdout is the JSON alone: scripts can parse it', async () => {
  const env = { PATH: process.env['PATH'] ?? '', HOME: cwd, DEMO_ESTATE: TRICKY_ESTATE };
  const run = await new Promise<Run>((done) => {
    execFile(
      'npm',
      ['--prefix', ROOT, 'run', '-s', 'cli', '--', 'query', 'vaults', '--json'],
      { cwd: ROOT, env, timeout: 50_000, maxBuffer: 8 * MB },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
  expect(run.code).toBe(0);
  const doc = JSON.parse(run.stdout);
  expect(doc.view).toBe('vaults');
  expect(doc.value.vaults.map((v: { name: string }) => v.name)).toContain('rsv-prod');
});
