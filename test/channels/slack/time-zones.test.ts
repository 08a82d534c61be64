// The time-zone memory of the Slack channel on its own: an hour per person, a bounded number of people, never
// waiting long for Slack, and a refusal remembered while a hiccup is not. users.info is played by a plain function.
import { SlackTimeZones } from '../../../src/channels/slack/time-zones';
import { captureLog } from '../../support/capture-log';

function setup(options: { delayMs?: number; maxEntries?: number; answer?: (user: string) => unknown } = {}) {
  let now = 1_000_000;
  const asked: string[] = [];
  const zones = new SlackTimeZones({
    usersInfo: async (user) => {
      asked.push(user);
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      const answer = options.answer?.(user) ?? { ok: true, user: { id: user, tz: 'America/New_York' } };
      if (answer instanceof Error) throw answer;
      return answer as Record<string, unknown>;
    },
    log: captureLog().log,
    now: () => now,
    waitMs: 100,
    ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }),
  });
  return { zones, asked, advance: (ms: number) => (now += ms) };
}

test('a zone is kept for an hour, then asked again', async () => {
  const { zones, asked, advance } = setup();
  expect(await zones.zoneOf('U1')).toBe('America/New_York');
  advance(59 * 60_000);
  expect(await zones.zoneOf('U1')).toBe('America/New_York');
  expect(asked).toEqual(['U1']);
  advance(2 * 60_000);
  await zones.zoneOf('U1');
  expect(asked).toEqual(['U1', 'U1']);
});

test('the memory is bounded: the oldest person is forgotten first', async () => {
  const { zones, asked } = setup({ maxEntries: 2 });
  for (const user of ['U1', 'U2', 'U3']) await zones.zoneOf(user);
  await zones.zoneOf('U3');
  await zones.zoneOf('U1');
  expect(asked).toEqual(['U1', 'U2', 'U3', 'U1']);
});

test('a slow users.info does not hold the answer up; its result is kept for next time', async () => {
  const { zones, asked } = setup({ delayMs: 1_500 });
  const started = Date.now();
  expect(await zones.zoneOf('U1')).toBeUndefined();
  expect(Date.now() - started).toBeLessThan(1_000); // waits 100 ms, never users.info's 1.5 s
  await new Promise((r) => setTimeout(r, 1_600));
  expect(await zones.zoneOf('U1')).toBe('America/New_York');
  expect(asked).toEqual(['U1']);
});

test('a refusal is remembered for the hour; a failure without an answer is asked again', async () => {
  const refused = Object.assign(new Error('missing_scope'), { data: { ok: false, error: 'missing_scope' } });
  const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  const { zones, asked } = setup({ answer: (user) => (user === 'U1' ? refused : reset) });
  expect(await zones.zoneOf('U1')).toBeUndefined();
  expect(await zones.zoneOf('U1')).toBeUndefined();
  expect(await zones.zoneOf('U2')).toBeUndefined();
  expect(await zones.zoneOf('U2')).toBeUndefined();
  expect(asked).toEqual(['U1', 'U2', 'U2']);
});

test('a zone Node does not know, or none at all, gives undefined (the answer uses UTC)', async () => {
  const { zones } = setup({
    answer: (user) => ({ ok: true, user: user === 'U1' ? { tz: 'Mars/Olympus_Mons' } : { id: user } }),
  });
  expect(await zones.zoneOf('U1')).toBeUndefined();
  expect(await zones.zoneOf('U2')).toBeUndefined();
});
