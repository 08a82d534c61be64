// The settable estate clock over HTTP (GET/POST /_sim/clock) and in process: what Resource Graph's now()/ago() and
// triggered jobs see when a test jumps, advances or freezes time, what it refuses, and what reset restores.
import { buildRsvJobRow } from '../../../src/sim/estate/job-rows';
import { startSim } from '../../../src/sim/server/start-sim';
import type { SimHandle, SimOptions } from '../../../src/sim/server/types';
import { createFixtureEstate, rsvItemId } from './fixture-estate';
import { argQuery, simAdmin, triggerRsvBackup } from './sim-http';

const T0 = new Date('2026-03-02T10:00:00.000Z');
const HOUR = 3_600_000;
let sim: SimHandle;
/** The clock under the estate clock; tests move it to stand for real time passing (no sleeping). */
let realMs: number;

async function start(extra: Partial<SimOptions> = {}): Promise<void> {
  realMs = T0.getTime();
  const estate = createFixtureEstate(T0);
  const rows = estate.tables.RecoveryServicesResources;
  const web = rows.find((r) => r.id === rsvItemId({ vm: 'vm-web-01' }));
  if (!web) throw new Error('fixture lost vm-web-01');
  rows.push(
    buildRsvJobRow(web, {
      jobId: 'cccccccc-0000-0000-0000-000000000023',
      startTime: new Date(T0.getTime() - 23 * HOUR),
      endTime: new Date(T0.getTime() - 23 * HOUR + 600_000),
      isUserTriggered: false,
      status: 'Failed',
    }),
  );
  sim = await startSim({ estate, now: () => new Date(realMs), quota: { limit: 1000, windowMs: 5000 }, ...extra });
}

afterEach(async () => {
  await sim.close();
});

const clock = async (): Promise<{ now: string; frozen: boolean }> =>
  (await simAdmin<{ now: string; frozen: boolean }>(sim.url, 'GET', 'clock')).json;

const moveClock = async (body: object): Promise<{ now: string; frozen: boolean }> => {
  const answer = await simAdmin<{ now: string; frozen: boolean }>(sim.url, 'POST', 'clock', body);
  expect(answer.status).toBe(200);
  return answer.json;
};

/** KQL now() as Resource Graph answers it. */
async function kqlNow(): Promise<number> {
  const page = await argQuery(sim.url, 'Resources | take 1 | project t = now()');
  return Date.parse(String(page.data[0]?.t));
}

const JOBS_LAST_DAY = `RecoveryServicesResources
| where type == 'microsoft.recoveryservices/vaults/backupjobs' and todatetime(properties.startTime) > ago(24h)
| project name, status = tostring(properties.status), endTime = tostring(properties.endTime)`;

test('GET /_sim/clock shows the start instant; set jumps there and KQL now() follows', async () => {
  await start();
  expect(await clock()).toEqual({ now: T0.toISOString(), frozen: false });
  expect(await moveClock({ set: '2026-03-10T08:00:00Z' })).toEqual({ now: '2026-03-10T08:00:00.000Z', frozen: false });
  expect(await kqlNow()).toBe(Date.parse('2026-03-10T08:00:00Z'));
  // Backwards too: only advanceMs is forward-only.
  await moveClock({ set: '2026-03-01T00:00:00Z' });
  expect(await kqlNow()).toBe(Date.parse('2026-03-01T00:00:00Z'));
});

test('a job 23 h old drops out of ago(24h) once the clock advances 2 h', async () => {
  await start();
  const before = await argQuery(sim.url, JOBS_LAST_DAY);
  expect(before.data.map((r) => r.name)).toContain('cccccccc-0000-0000-0000-000000000023');
  expect((await moveClock({ advanceMs: 2 * HOUR })).now).toBe(new Date(T0.getTime() + 2 * HOUR).toISOString());
  const after = await argQuery(sim.url, JOBS_LAST_DAY);
  expect(after.data.map((r) => r.name)).not.toContain('cccccccc-0000-0000-0000-000000000023');
  // The fixture's running job (10 min old) is still there: the window moved, the estate did not.
  expect(after.data.map((r) => r.name)).toContain('aaaaaaaa-0000-0000-0000-000000000001');
});

test('a running clock runs on from a jump; a frozen one stays put across requests until moved', async () => {
  await start();
  await moveClock({ set: '2026-04-01T00:00:00Z' });
  realMs += 5_000;
  expect((await clock()).now).toBe('2026-04-01T00:00:05.000Z');

  expect(await moveClock({ freeze: true })).toEqual({ now: '2026-04-01T00:00:05.000Z', frozen: true });
  realMs += 60_000;
  expect((await clock()).now).toBe('2026-04-01T00:00:05.000Z');
  expect(await kqlNow()).toBe(Date.parse('2026-04-01T00:00:05Z'));
  realMs += 60_000;
  expect(await kqlNow()).toBe(Date.parse('2026-04-01T00:00:05Z'));
  expect((await moveClock({ advanceMs: 1_000 })).now).toBe('2026-04-01T00:00:06.000Z');

  // Unfrozen, it runs on from where it stood, not from where real time got to.
  await moveClock({ freeze: false });
  realMs += 3_000;
  expect(await clock()).toEqual({ now: '2026-04-01T00:00:09.000Z', frozen: false });
});

test('set with freeze stops the clock exactly at the instant set', async () => {
  await start();
  expect(await moveClock({ set: '2026-05-01T12:00:00Z', freeze: true })).toEqual({
    now: '2026-05-01T12:00:00.000Z',
    frozen: true,
  });
  realMs += HOUR;
  expect(await kqlNow()).toBe(Date.parse('2026-05-01T12:00:00Z'));
});

test('advancing past a triggered job’s completion time finishes it, stamped in estate time', async () => {
  await start({ jobCompletion: { delayMs: 30 * 60_000, rules: [{ match: 'vm-web-01', outcome: 'Failed' }] } });
  await moveClock({ freeze: true });
  expect((await triggerRsvBackup(sim.url, rsvItemId({ vm: 'vm-web-01' }))).status).toBe(202);
  const mine = (rows: { status?: unknown; endTime?: unknown; name?: unknown }[]) =>
    rows.filter((r) => r.name !== 'aaaaaaaa-0000-0000-0000-000000000001' && !String(r.name).startsWith('cccc'));
  expect(mine((await argQuery(sim.url, JOBS_LAST_DAY)).data)).toEqual([
    expect.objectContaining({ status: 'InProgress', endTime: '' }),
  ]);
  await moveClock({ advanceMs: 29 * 60_000 });
  expect(mine((await argQuery(sim.url, JOBS_LAST_DAY)).data)).toEqual([
    expect.objectContaining({ status: 'InProgress' }),
  ]);
  await moveClock({ advanceMs: 2 * 60_000 });
  const [done] = mine((await argQuery(sim.url, JOBS_LAST_DAY)).data);
  expect(done).toEqual(expect.objectContaining({ status: 'Failed' }));
  expect(Date.parse(String(done?.endTime))).toBe(T0.getTime() + 30 * 60_000);
});

test('bad clock bodies answer 400 naming the problem and leave the clock alone', async () => {
  await start();
  const refused = async (body: unknown, mention: string): Promise<void> => {
    const answer = await simAdmin<{ error: { code: string; message: string } }>(sim.url, 'POST', 'clock', body);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain(mention);
  };
  await refused({ advanceMs: -1_000 }, 'advanceMs');
  await refused({ advanceMs: '5m' }, 'advanceMs');
  await refused({ set: 'yesterday' }, 'set');
  await refused({ set: '2026-05-01T00:00:00Z', freeze: 'yes' }, 'freeze');
  await refused({ advance: 60_000 }, "'advance'");
  await refused({}, 'advanceMs');
  await refused([], 'advanceMs');
  const garbled = await simAdmin<{ error: { code: string } }>(sim.url, 'POST', 'clock', '{not json');
  expect(garbled.status).toBe(400);
  expect(await clock()).toEqual({ now: T0.toISOString(), frozen: false });
});

test('POST /_sim/reset puts the clock back on the start option, running', async () => {
  await start();
  await moveClock({ set: '2027-01-01T00:00:00Z', freeze: true });
  expect((await simAdmin(sim.url, 'POST', 'reset')).status).toBe(200);
  realMs += 1_000;
  expect(await clock()).toEqual({ now: new Date(T0.getTime() + 1_000).toISOString(), frozen: false });
});

test('a clock started frozen stays put and resets to its first instant, still frozen', async () => {
  await start({ frozenClock: true });
  realMs += HOUR;
  expect(await clock()).toEqual({ now: T0.toISOString(), frozen: true });
  await moveClock({ advanceMs: HOUR });
  await simAdmin(sim.url, 'POST', 'reset');
  expect(await clock()).toEqual({ now: T0.toISOString(), frozen: true });
});

test('in-process tests move the same clock through SimAdmin', async () => {
  await start();
  sim.admin.freezeClock();
  sim.admin.setClock('2026-06-01T00:00:00Z');
  sim.admin.advanceClock(90_000);
  expect(sim.admin.clockNow().toISOString()).toBe('2026-06-01T00:01:30.000Z');
  expect(await kqlNow()).toBe(Date.parse('2026-06-01T00:01:30Z'));
  expect(() => sim.admin.advanceClock(-1)).toThrow(/advanceMs/);
  expect(() => sim.admin.setClock('not a time')).toThrow(/ISO/);
  sim.admin.freezeClock(false);
  realMs += 10_000;
  expect(sim.admin.clockState()).toEqual({ now: '2026-06-01T00:01:40.000Z', frozen: false });
  const index = await simAdmin<{ endpoints: Record<string, string> }>(sim.url, 'GET', '');
  expect(Object.keys(index.json.endpoints)).toEqual(expect.arrayContaining(['GET /_sim/clock', 'POST /_sim/clock']));
});
