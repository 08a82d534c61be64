// Digests across daylight saving changes, through the whole path on a driven clock: the scheduler runs a round every
// 15 minutes of estate time and the Slack stand-in records when each digest was posted. 08:00 stays 08:00 local in
// Europe/Berlin and America/New_York on both sides of their changes, Asia/Kolkata never moves, and a local time that
// does not exist (02:30 on Berlin's spring change) runs at the first minute after the gap, once.
import { postsIn, slackSays } from './support/chat';
import { type DigestBot, startDigestBot } from './support/digest-bot';

jest.setTimeout(240_000);

const STEP = 15 * 60_000;
let bot: DigestBot;

const CHANNELS = {
  C00BERLIN: '08:00 tz:Europe/Berlin',
  C00NEWYORK: '08:00 tz:America/New_York',
  C00KOLKATA: '08:00 tz:Asia/Kolkata',
  C00GAP: '02:30 tz:Europe/Berlin',
} as const;
type Channel = keyof typeof CHANNELS;

/** Runs a scheduler round every 15 minutes from `from` to `to`; returns, per channel, the times digests were posted. */
async function run(from: string, to: string): Promise<Record<Channel, string[]>> {
  const posted = Object.fromEntries(Object.keys(CHANNELS).map((c) => [c, [] as string[]])) as Record<Channel, string[]>;
  const seen = Object.fromEntries(Object.keys(CHANNELS).map((c) => [c, postsIn(bot, c).length])) as Record<
    Channel,
    number
  >;
  for (let t = Date.parse(from); t <= Date.parse(to); t += STEP) {
    bot.clock.set(new Date(t));
    await bot.tick();
    for (const channel of Object.keys(CHANNELS) as Channel[]) {
      const now = postsIn(bot, channel).length;
      for (; seen[channel] < now; seen[channel]++) posted[channel].push(new Date(t).toISOString().slice(0, 16));
    }
  }
  return posted;
}

beforeAll(async () => {
  bot = await startDigestBot({ start: new Date('2026-03-05T00:00:00Z') });
  for (const [channel, schedule] of Object.entries(CHANNELS)) {
    expect(await slackSays(bot, `digest on ${schedule}`, 'U0000AAA', channel)).toContain('turned on');
  }
});
afterAll(async () => {
  await bot?.close();
});

test('spring: New York changes on 8 March, Berlin on 29 March; Kolkata stays; 02:30 Berlin runs at 03:00 CEST once', async () => {
  // The first days' runs are missed while the clock jumps; from the start of each range, runs come on time.
  const early = await run('2026-03-06T00:00Z', '2026-03-09T23:45Z');
  expect(early.C00NEWYORK).toEqual(['2026-03-06T13:00', '2026-03-07T13:00', '2026-03-08T12:00', '2026-03-09T12:00']);
  expect(early.C00BERLIN).toEqual(['2026-03-06T07:00', '2026-03-07T07:00', '2026-03-08T07:00', '2026-03-09T07:00']);
  expect(early.C00KOLKATA).toEqual(['2026-03-06T02:30', '2026-03-07T02:30', '2026-03-08T02:30', '2026-03-09T02:30']);
  const late = await run('2026-03-27T00:00Z', '2026-03-30T23:45Z');
  expect(late.C00BERLIN).toEqual(['2026-03-27T07:00', '2026-03-28T07:00', '2026-03-29T06:00', '2026-03-30T06:00']);
  expect(late.C00GAP).toEqual(['2026-03-27T01:30', '2026-03-28T01:30', '2026-03-29T01:00', '2026-03-30T00:30']);
  expect(late.C00KOLKATA).toEqual(['2026-03-27T02:30', '2026-03-28T02:30', '2026-03-29T02:30', '2026-03-30T02:30']);
  // The digest's times are in its own zone, labelled.
  const berlin = postsIn(bot, 'C00BERLIN');
  expect(berlin.at(-1)).toContain('as of Mon 30 Mar, 08:00 CEST');
  expect(berlin.at(-3)).toContain('as of Sat 28 Mar, 08:00 CET');
});

test('autumn: Berlin changes on 25 October, New York on 1 November; the repeated 02:30 runs once', async () => {
  const posted = await run('2026-10-24T00:00Z', '2026-11-02T23:45Z');
  expect(posted.C00BERLIN.slice(0, 3)).toEqual(['2026-10-24T06:00', '2026-10-25T07:00', '2026-10-26T07:00']);
  expect(posted.C00GAP.slice(0, 3)).toEqual(['2026-10-24T00:30', '2026-10-25T00:30', '2026-10-26T01:30']);
  expect(posted.C00NEWYORK.slice(-3)).toEqual(['2026-10-31T12:00', '2026-11-01T13:00', '2026-11-02T13:00']);
  expect(posted.C00KOLKATA).toHaveLength(10);
});
