// End to end: signed Slack requests → Bolt → the real conversation core → the real backup data layer over the Azure
// stand-in (demo mode, in process) → Block Kit answers recorded by the Slack API stand-in.
import { type AzureBackend, connectAzure } from '../../../src/compose-azure';
import { loadConfig } from '../../../src/config';
import { createConversationCore } from '../../../src/core/conversation';
import { SLACK_LIMITS } from '../../../src/render/limits';
import type { RecordedCall } from '../../standins/slack-api';
import { captureLog } from '../../support/capture-log';
import {
  actionBody,
  buttonClick,
  eventBody,
  FORM,
  JSON_TYPE,
  postToSlackEvents,
  type SlackBot,
  slashCommandBody,
  startSlackBot,
} from './support';

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Button[]; accessory?: Button };
type Button = { type: string; action_id?: string; value?: string; text?: { text: string } };

let bot: SlackBot;
let azure: AzureBackend;

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: '/tmp/unused', DEMO_SEED: '3' });
  const log = captureLog({ level: 'warn' }).log;
  azure = await connectAzure(config, log);
  const core = createConversationCore({
    data: azure.backupData,
    policy: { rules: [] },
    clock: () => new Date(),
    log,
  });
  bot = await startSlackBot(core, { placeholderAfterMs: 400 });
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await azure?.close();
});

beforeEach(() => bot.slack.reset());

const blocksOf = (call: RecordedCall | undefined) => (call?.args.blocks ?? []) as Block[];
const buttonsOf = (blocks: Block[]) =>
  blocks
    .flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
    .filter((e) => e.type === 'button');

function expectWithinSlackLimits(blocks: Block[]): void {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.maxBlocks);
  const ids = blocks.map((b) => b.block_id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(JSON.stringify(blocks)).not.toContain('could not be shown');
}

async function slash(text: string, id: string): Promise<RecordedCall[]> {
  const response = await postToSlackEvents(bot.base, slashCommandBody(text, bot.slack.responseUrl(id)), FORM);
  expect(response.status).toBe(200);
  await bot.slack.waitFor('response_url', 1, 20_000, (c) => c.urlId === id);
  // A slow first query may show the placeholder first; wait for the answer that replaces it.
  const posts = () => bot.slack.calls('response_url').filter((c) => c.urlId === id);
  for (let i = 0; i < 200 && posts().some(isWorking) && posts().length < 2; i++)
    await new Promise((r) => setTimeout(r, 50));
  return posts();
}

const isWorking = (call: RecordedCall) => blocksOf(call).some((b) => b.block_id?.startsWith('v:working:'));

test('/backup summary answers the summary dashboard in the channel, within Block Kit limits', async () => {
  const posts = await slash('summary', 's1');
  const answer = posts.at(-1);
  expect(answer?.args.response_type).toBe('in_channel');
  const blocks = blocksOf(answer);
  expectWithinSlackLimits(blocks);
  expect(blocks[0]?.block_id).toBe('v:summary:0');
  expect(buttonsOf(blocks).length).toBeGreaterThan(0);
}, 30_000);

test('/backup jobs failed, then a click on a jobs button updates that message in place', async () => {
  const posts = await slash('jobs failed since:14d', 'j1');
  const blocks = blocksOf(posts.at(-1));
  expectWithinSlackLimits(blocks);
  expect(blocks[0]?.block_id).toMatch(/^v:jobs:/);
  const sameView = buttonsOf(blocks).find((b) => /^\{"v":1,"c":"jobs /.test(b.value ?? ''));
  expect(sameView).toBeDefined();
  const holder = blocks.find((b) => buttonsOf([b]).includes(sameView as Button));
  const click = buttonClick({ value: sameView?.value ?? '', view: 'jobs', responseUrl: bot.slack.responseUrl('j2') });
  const actions = (click.actions as Array<Record<string, unknown>>).map((a) => ({ ...a, block_id: holder?.block_id }));
  await postToSlackEvents(bot.base, actionBody({ ...click, actions }), FORM);
  const [update] = await bot.slack.waitFor('response_url', 1, 20_000, (c) => c.urlId === 'j2');
  expect(update?.args.replace_original).toBe(true);
  expectWithinSlackLimits(blocksOf(update));
}, 30_000);

test('an unknown command gets an ephemeral answer naming the closest command', async () => {
  const posts = await slash('jbos failed', 'e1');
  const answer = posts.at(-1);
  expect(answer?.args.response_type).toBe('ephemeral');
  expect(JSON.stringify(answer?.args.blocks)).toContain('jobs');
}, 30_000);

test('a 200 KB slash command is answered with the too-long error alone, and the next command still works', async () => {
  // "jobs failed" followed by 200 KB: parsed, it would be a jobs list; refused unread, it is the length error.
  const posts = await slash(`jobs failed ${'x '.repeat(100_000)}`, 'long');
  const text = JSON.stringify(posts.map((p) => p.args.blocks));
  expect(posts.at(-1)?.args.response_type).toBe('ephemeral');
  // 200,011: Slack's listener trims the trailing space before core counts.
  expect(text).toContain('That message is too long to be a command (200,011 characters; commands are at most 4,000).');
  expect(text).not.toContain('v:jobs:');
  expect(text.length).toBeLessThan(20_000);
  const after = await slash('help', 'after-long');
  expect(blocksOf(after.at(-1))[0]?.block_id).toMatch(/^v:help:/);
}, 30_000);

test('@Backup vaults in a channel is answered with chat.postMessage', async () => {
  const event = { type: 'app_mention', user: 'U0000BBB', text: '<@UBOT0001> vaults', channel: 'C0000CHN', ts: '9.9' };
  await postToSlackEvents(bot.base, eventBody(event), JSON_TYPE);
  await bot.slack.waitFor('chat.postMessage', 1, 20_000);
  const final = bot.slack.calls('chat.update').at(-1) ?? bot.slack.calls('chat.postMessage').at(-1);
  const blocks = blocksOf(final);
  expectWithinSlackLimits(blocks);
  expect(blocks[0]?.block_id).toMatch(/^v:vaults:/);
}, 30_000);

test('App Home shows the summary dashboard', async () => {
  const event = { type: 'app_home_opened', user: 'U0000DDD', channel: 'D0000DM2', tab: 'home' };
  await postToSlackEvents(bot.base, eventBody(event), JSON_TYPE);
  await bot.slack.waitFor('views.publish', 1, 20_000);
  const published = bot.slack.calls('views.publish').at(-1);
  const view = published?.args.view as { type: string; blocks: Block[] };
  expect(view.type).toBe('home');
  expect(view.blocks.some((b) => b.block_id?.startsWith('v:summary:'))).toBe(true);
  expect(view.blocks.length).toBeLessThanOrEqual(100);
}, 30_000);

test('a slow Azure answer: acknowledged at once, the working placeholder first, then the answer replaces it', async () => {
  azure.sim?.admin.setFaults({ rules: [{ target: 'arg', latencyMs: 1_500 }] });
  try {
    const started = Date.now();
    const body = slashCommandBody('unprotected vm', bot.slack.responseUrl('slow'));
    const response = await postToSlackEvents(bot.base, body, FORM);
    const ackedAt = Date.now();
    expect(response.status).toBe(200);
    expect(ackedAt - started).toBeLessThan(3_000);
    const [placeholder, answer] = await bot.slack.waitFor('response_url', 2, 20_000, (c) => c.urlId === 'slow');
    // Acknowledged before even the placeholder, which itself comes before the slow answer.
    expect(ackedAt).toBeLessThan(placeholder?.at ?? 0);
    expect((answer?.at ?? 0) - started).toBeGreaterThanOrEqual(1_450);
    expect(isWorking(placeholder as RecordedCall)).toBe(true);
    expect(placeholder?.args).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(answer?.args).toMatchObject({ response_type: 'in_channel', replace_original: true });
    expect(blocksOf(answer)[0]?.block_id).toMatch(/^v:unprotected:/);
    expectWithinSlackLimits(blocksOf(answer));
  } finally {
    azure.sim?.admin.clearFaults();
  }
}, 30_000);
