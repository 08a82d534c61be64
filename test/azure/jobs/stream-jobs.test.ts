// BackupData.streamJobs: every job of the window as domain objects, page by page, over real HTTP through the stand-in
// (small generated estate, several pages); and over a runner that cannot stream (the whole answer as one page).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArgClient } from '../../../src/azure/arg-client';
import { createArmConnection } from '../../../src/azure/arm-connection';
import { createBackupData, type JobPage, type JobStreamItem, type StreamEnd } from '../../../src/azure/backup-data';
import { generateEstate } from '../../../src/sim/estate';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle } from '../../../src/sim/server/types';
import { EngineRunner, loadEstateTables } from '../support/engine-runner';

const NOW = new Date('2026-03-02T12:00:00Z');
const DAY = 86_400_000;
const estate = generateEstate({ seed: 3, scale: 'small', now: NOW });
let sim: SimHandle;

beforeAll(async () => {
  sim = await startSim({ estate, now: () => NOW, quota: { limit: 10_000, windowMs: 5000 } });
});
afterAll(async () => {
  await sim.close();
});

/** The estate's own answer: job rows of both vault kinds that started in the window (no query code involved). */
function jobIdsInWindow(days: number, status?: string): string[] {
  return estate.tables.RecoveryServicesResources.filter((row) => {
    const type = String(row.type).toLowerCase();
    if (!type.endsWith('/backupjobs')) return false;
    const props = row.properties as { startTime?: string; status?: string };
    if (status && props.status?.toLowerCase() !== status.toLowerCase()) return false;
    return Date.parse(props.startTime ?? '') > NOW.getTime() - days * DAY;
  }).map((row) => String(row.id).toLowerCase());
}

async function readAll(stream: AsyncIterable<JobStreamItem>, onPage: (page: JobPage) => void = () => {}) {
  const pages: JobPage[] = [];
  let end: StreamEnd | undefined;
  for await (const item of stream) {
    if (item.kind === 'end') end = item;
    else {
      pages.push(item);
      onPage(item);
    }
  }
  if (!end) throw new Error('no end item');
  return { pages, end, jobs: pages.flatMap((p) => p.jobs) };
}

test('every job of 14 days, as domain jobs, page by page and newest first, with the KQL and cost at the end', async () => {
  const client = createArgClient({
    identities: [{ credential: createArmConnection({ endpoint: sim.url }).credential, label: 'demo' }],
    clientOptions: createArmConnection({ endpoint: sim.url }).clientOptions,
  });
  const requestsWhenTaken: number[] = [];
  const { pages, end, jobs } = await readAll(createBackupData(client).streamJobs('all', { since: '14d' }), () =>
    requestsWhenTaken.push(sim.admin.requests({ endpoint: 'arg' }).length),
  );
  const want = jobIdsInWindow(14);
  expect(want.length).toBeGreaterThan(2000);
  expect(pages.length).toBe(Math.ceil(want.length / 1000));
  // Page n was handed on after n requests: nothing was read ahead of the consumer.
  expect(requestsWhenTaken).toEqual(pages.map((_, i) => i + 1));
  expect(jobs.map((j) => j.id.toLowerCase()).sort()).toEqual([...want].sort());
  const starts = jobs.map((j) => j.startTime ?? '');
  expect(starts).toEqual([...starts].sort().reverse());
  expect(jobs.every((j) => j.vault.name !== '' && j.status !== undefined)).toBe(true);
  expect(end.partial).toEqual([]);
  expect(end.kql).toHaveLength(1);
  expect(end.stats).toMatchObject({ requests: pages.length, rows: want.length });
  client.close();
});

test('a runner that cannot stream answers with its whole result as one page, the same jobs as jobs()', async () => {
  const fixtures = join(__dirname, '../../fixtures');
  const expected = JSON.parse(readFileSync(join(fixtures, 'tricky-estate.expected.json'), 'utf8')) as { now: string };
  const data = createBackupData(
    new EngineRunner(loadEstateTables(join(fixtures, 'tricky-estate.json')), new Date(expected.now)),
  );
  const listed = await data.jobs('failed', { since: '7d' }, { limit: 5000 });
  const { pages, end, jobs } = await readAll(data.streamJobs('failed', { since: '7d' }));
  expect(listed.value.jobs.length).toBeGreaterThan(0);
  expect(pages).toHaveLength(1);
  expect(jobs).toEqual(listed.value.jobs);
  expect(end.kql).toEqual(listed.kql);
  expect(end.partial).toEqual([]);
});
