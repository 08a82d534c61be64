// Retry's item lookups under the answer deadline in Slack, end to end: signed slash commands → Bolt → the real core and
// retry workflow (ANSWER_DEADLINE_SECONDS=3) → the Resource Graph client → the Azure stand-in with Resource Graph
// hanging. `retry <item>` is answered "Azure did not answer in time" with Try again (never "no backup item matches")
// by the deadline, and its lookups let go of what they held then: once Azure answers, the next retry is confirmed.
import type { RecordedCall } from '../../standins/slack-api';
import { pickRetryVms, type RetryBot, startRetryBot } from '../support/retry-bot';
import { FORM, postToSlackEvents, slashCommandBody } from './support';

jest.setTimeout(120_000);

const ANA = 'U0000AAA';
const DEADLINE_MS = 3_000;
let bot: RetryBot;
let urls = 0;

beforeAll(async () => {
  bot = await startRetryBot({ allow: [`slack:user:${ANA}`], env: { ANSWER_DEADLINE_SECONDS: '3' } });
});
afterAll(async () => {
  await bot?.close();
});
afterEach(() => bot.sim.admin.clearFaults());

type Block = { type: string; block_id?: string; elements?: Array<{ type: string; text?: { text: string } }> };
const blocksOf = (call: RecordedCall | undefined): Block[] => (call?.args.blocks ?? []) as Block[];
const isWorking = (call: RecordedCall) => blocksOf(call).some((b) => b.block_id?.startsWith('v:working:'));
const textOf = (call: RecordedCall | undefined) => JSON.stringify(blocksOf(call));
const buttonsOf = (call: RecordedCall | undefined) =>
  blocksOf(call)
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button')
    .map((e) => e.text?.text);

/** `/backup <text>`; the answer (not the working message) and how long it took. */
async function slash(text: string): Promise<{ answer: RecordedCall | undefined; ms: number }> {
  const id = `slash-${++urls}`;
  const started = Date.now();
  const body = slashCommandBody(text, bot.slack.responseUrl(id), ANA);
  expect((await postToSlackEvents(bot.origin, body, FORM)).status).toBe(200);
  const posts = await bot.slack.waitFor('response_url', 1, 30_000, (c) => c.urlId === id && !isWorking(c));
  return { answer: posts.at(-1), ms: Date.now() - started };
}

test('Resource Graph hangs: `retry <item>` is "did not answer in time" by the deadline, and the lookups free their slots', async () => {
  const item = pickRetryVms(bot.estate).vms[0];
  if (!item) throw new Error('the demo estate has a retryable VM');
  bot.sim.admin.setFaults({ rules: [{ target: 'arg', timeoutMs: 'forever' }] });
  // More people than Resource Graph concurrency slots (4): lookups left running would hold every one.
  const asked = await Promise.all([1, 2, 3, 4, 5].map(() => slash(`retry ${item.id}`)));
  for (const { answer, ms } of asked) {
    expect(ms).toBeLessThan(DEADLINE_MS + 4_000);
    expect(textOf(answer)).toContain('Azure did not answer in time');
    expect(textOf(answer)).not.toMatch(/No backup item matches|not found/i);
    expect(buttonsOf(answer)).toEqual(['Try again']);
  }

  // Azure answers again (the requests it was holding stay held): the next retry is looked up and confirmed in time.
  bot.sim.admin.clearFaults();
  const { answer } = await slash(`retry ${item.id}`);
  expect(textOf(answer)).not.toContain('Azure did not answer in time');
  expect(buttonsOf(answer)).toContain('Start backup');
});
