// The answer deadline end to end in Slack: signed slash commands → Bolt → the real core (4 s deadline) → the real data
// layer → the Azure stand-in with its fault flags → response_url posts recorded by the Slack stand-in. A hang gives the
// working message, then "Azure did not answer in time" with Try again (which answers once Azure is back), as do
// dropped connections and a trickling answer; pages that came before a hang are a labelled partial answer; a 429 with
// Retry-After: 120 is answered at once.
import { type AzureBackend, connectAzure } from '../../../src/compose-azure';
import { loadConfig } from '../../../src/config';
import { createConversationCore } from '../../../src/core/conversation';
import { generateEstate } from '../../../src/sim/estate';
import type { RecordedCall } from '../../standins/slack-api';
import { captureLog } from '../../support/capture-log';
import {
  actionBody,
  buttonClick,
  FORM,
  postToSlackEvents,
  type SlackBot,
  slashCommandBody,
  startSlackBot,
} from './support';

jest.setTimeout(60_000);

const NOW = new Date('2025-11-24T10:00:00Z');
const DEADLINE_MS = 4_000;
let bot: SlackBot;
let azure: AzureBackend;

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Button[]; accessory?: Button };
type Button = { type: string; value?: string; text?: { text: string } };

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: '/tmp/unused', DEMO_SEED: '11' });
  const log = captureLog({ level: 'warn' }).log;
  azure = await connectAzure(config, log, {
    now: () => NOW,
    estate: generateEstate({ seed: 11, scale: 'small', now: NOW }),
    // ARG's per-caller quota is the client's business, tested elsewhere; here it would only add waits.
    sim: { quota: { limit: 10_000, windowMs: 5_000 } },
    // Five rows a page, so a vault list takes two Resource Graph pages (the second can be made to hang).
    arg: { pageSize: 5 },
  });
  const core = createConversationCore({
    data: azure.backupData,
    policy: { rules: [] },
    clock: () => NOW,
    log,
    answerDeadlineMs: DEADLINE_MS,
  });
  bot = await startSlackBot(core, { placeholderAfterMs: 1_000 });
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await azure?.close();
});

beforeEach(() => bot.slack.reset());
afterEach(() => azure.sim?.admin.clearFaults());

const faults = () => {
  const sim = azure.sim;
  if (!sim) throw new Error('demo mode runs the stand-in in process');
  return sim.admin;
};
const blocksOf = (call: RecordedCall | undefined) => (call?.args.blocks ?? []) as Block[];
const textOf = (call: RecordedCall | undefined) => JSON.stringify(blocksOf(call));
const isWorking = (call: RecordedCall) => blocksOf(call).some((b) => b.block_id?.startsWith('v:working:'));
const buttonsOf = (blocks: Block[]) =>
  blocks
    .flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
    .filter((e) => e.type === 'button');

/** A slash command; resolves with its posts once the answer (not the working message) is in, and when it came. */
async function slash(text: string, id: string): Promise<{ posts: RecordedCall[]; answerMs: number }> {
  const started = Date.now();
  const response = await postToSlackEvents(bot.base, slashCommandBody(text, bot.slack.responseUrl(id)), FORM);
  expect(response.status).toBe(200);
  const [answer] = await bot.slack.waitFor('response_url', 1, 15_000, (c) => c.urlId === id && !isWorking(c));
  const answerMs = Date.now() - started;
  expect(answer).toBeDefined();
  return { posts: bot.slack.calls('response_url').filter((c) => c.urlId === id), answerMs };
}

test('Resource Graph hangs: the working message, then "did not answer in time" with Try again, which answers once Azure is back', async () => {
  faults().setFaults({ rules: [{ target: 'arg', timeoutMs: 'forever' }] });
  const { posts, answerMs } = await slash('jobs failed since:7d', 'hang');
  // The working message first (after 1 s), then the answer replacing it in the channel.
  expect(posts.map(isWorking)).toEqual([true, false]);
  expect(answerMs).toBeGreaterThanOrEqual(DEADLINE_MS - 2_000);
  expect(answerMs).toBeLessThan(DEADLINE_MS + 4_000);
  const answer = posts.at(-1);
  expect(answer?.args).toMatchObject({ response_type: 'in_channel', replace_original: true });
  expect(textOf(answer)).toContain('Azure did not answer in time');
  expect(textOf(answer)).toContain('Azure did not answer within 4 s, so the bot stopped waiting.');
  const tryAgain = buttonsOf(blocksOf(answer)).find((b) => b.text?.text === 'Try again');
  expect(tryAgain?.value).toBeDefined();

  // Azure is back: Try again runs the same command.
  faults().clearFaults();
  const click = buttonClick({
    value: tryAgain?.value ?? '',
    view: 'error',
    responseUrl: bot.slack.responseUrl('again'),
  });
  expect((await postToSlackEvents(bot.base, actionBody(click), FORM)).status).toBe(200);
  // Another view than the clicked card's: a new message in the channel (replacing its working message if slow).
  const [posted] = await bot.slack.waitFor('chat.postMessage', 1, 15_000);
  const again = posted && isWorking(posted) ? (await bot.slack.waitFor('chat.update', 1, 15_000))[0] : posted;
  expect(blocksOf(again)[0]?.block_id).toMatch(/^v:jobs:/);
  expect(textOf(again)).toContain('last 7 days');
});

test('pages that came before Resource Graph stopped answering: a partial answer labelled with what is missing', async () => {
  faults().setFaults({ rules: [{ target: 'arg', afterRequests: 1, timeoutMs: 'forever' }] });
  const { posts, answerMs } = await slash('vaults', 'partial');
  expect(answerMs).toBeLessThan(DEADLINE_MS + 4_000);
  const answer = posts.at(-1);
  expect(blocksOf(answer)[0]?.block_id).toMatch(/^v:vaults:/);
  expect(textOf(answer)).toMatch(
    /Partial answer: .*had not answered when the answer was due \(only its first 5 rows were read\)/,
  );
});

test.each([
  ['drops every connection', 'jobs running', { timeoutMs: 50 }],
  ['trickles its answers a few bytes at a time', 'jobs all', { trickleMs: 60_000 }],
])('Resource Graph %s: "did not answer in time" by the deadline', async (_what, command, fault) => {
  faults().setFaults({ rules: [{ target: 'arg', ...fault }] });
  const { posts, answerMs } = await slash(command, command);
  expect(answerMs).toBeLessThan(DEADLINE_MS + 4_000);
  expect(textOf(posts.at(-1))).toContain('Azure did not answer in time');
  expect(buttonsOf(blocksOf(posts.at(-1))).map((b) => b.text?.text)).toEqual(['Try again']);
});

test('a 429 with Retry-After: 120 is answered within the deadline, saying how long Azure asked to wait', async () => {
  // Last in this file: the client holds back every request of the identity for the 120 s Azure asked.
  faults().setFaults({ rules: [{ target: 'arg', throttleNext: 1_000, retryAfterSeconds: 120 }] });
  const { posts, answerMs } = await slash('unprotected vm', 'throttled');
  expect(answerMs).toBeLessThan(DEADLINE_MS + 3_000);
  expect(textOf(posts.at(-1))).toContain('Azure is throttling the bot and asked it to wait about 120 s');
});
