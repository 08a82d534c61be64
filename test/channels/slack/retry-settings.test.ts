// The retry settings from the environment reach the workflow, end to end over Slack: ARM_REQUEST_TIMEOUT_SECONDS
// bounds a trigger Azure never answers, RETRY_REFUSAL_AUDIT_PER_MINUTE bounds the refusals recorded one by one.
import type { PickedItem } from '../../azure/actions/support/estate-items';
import { type RecordedCall, TEAM_ID } from '../../standins/slack-api';
import { pickRetryVms, type RetryBot, startRetryBot } from '../support/retry-bot';
import { actionBody, FORM, postToSlackEvents, slashCommandBody } from './support';

jest.setTimeout(120_000);

const ANA = 'U0000AAA';
const EVE = 'U0000EVE';

type Element = { type: string; action_id?: string; value?: string; text?: { text: string } };
type Block = { type: string; block_id?: string; elements?: Element[]; text?: { text: string } };

let bot: RetryBot;
let vms: PickedItem[];
let urls = 0;

beforeAll(async () => {
  bot = await startRetryBot({
    allow: [`slack:user:${ANA}`],
    // The SDK's default would hold a hung trigger for 30 s: past answerAt's wait, so the setting is what ends it.
    env: { ARM_REQUEST_TIMEOUT_SECONDS: '1', RETRY_REFUSAL_AUDIT_PER_MINUTE: '2' },
  });
  ({ vms } = pickRetryVms(bot.estate));
});
afterAll(async () => {
  await bot?.close();
});

const blocksOf = (call: RecordedCall): Block[] => (call.args.blocks ?? []) as Block[];
const textOf = (call: RecordedCall): string => JSON.stringify(call.args.blocks ?? call.args.text ?? '');

async function answerAt(id: string): Promise<RecordedCall> {
  const working = (c: RecordedCall) => blocksOf(c).some((b) => b.block_id?.startsWith('v:working:'));
  const posts = await bot.slack.waitFor('response_url', 1, 20_000, (c) => c.urlId === id && !working(c));
  return posts.at(-1) as RecordedCall;
}

async function slash(text: string, user = ANA): Promise<RecordedCall> {
  const id = `slash-${++urls}`;
  const body = slashCommandBody(text, bot.slack.responseUrl(id), user);
  expect((await postToSlackEvents(bot.origin, body, FORM)).status).toBe(200);
  return answerAt(id);
}

async function clickStart(card: RecordedCall): Promise<RecordedCall> {
  const blocks = blocksOf(card);
  const block = blocks.find((b) => b.elements?.some((e) => e.text?.text === 'Start backup'));
  const button = block?.elements?.find((e) => e.text?.text === 'Start backup');
  if (block === undefined || button === undefined) throw new Error(`no Start backup in ${textOf(card)}`);
  const id = `click-${++urls}`;
  const payload = {
    type: 'block_actions',
    user: { id: ANA, username: 'alice', team_id: TEAM_ID },
    api_app_id: 'A0000APP',
    team: { id: TEAM_ID, domain: 'contoso' },
    trigger_id: '1.2.3',
    container: { type: 'message', message_ts: '1700000000.000900', channel_id: 'C0000CHN', is_ephemeral: false },
    channel: { id: 'C0000CHN', name: 'backups' },
    message: { type: 'message', text: '', ts: '1700000000.000900', blocks },
    response_url: bot.slack.responseUrl(id),
    actions: [{ type: 'button', action_id: button.action_id, block_id: block.block_id, value: button.value }],
  };
  expect((await postToSlackEvents(bot.origin, actionBody(payload), FORM)).status).toBe(200);
  return answerAt(id);
}

test('ARM_REQUEST_TIMEOUT_SECONDS=1: a trigger Azure holds ends as "outcome unknown" instead of waiting', async () => {
  const item = vms[0] as PickedItem;
  const card = await slash(`retry ${item.id}`);
  bot.sim.admin.setFaults({ rules: [{ target: 'rsv-trigger', timeoutMs: 'forever' }] });
  try {
    const answer = textOf(await clickStart(card));
    expect(answer).toContain(`Backup of ${item.name}: outcome unknown`);
    expect(answer).toMatch(/Azure did not (confirm|answer)/);
  } finally {
    bot.sim.admin.clearFaults();
  }
});

test('RETRY_REFUSAL_AUDIT_PER_MINUTE=2: four refusals in a minute are two records and one that counts the rest', async () => {
  const item = vms[1] as PickedItem;
  for (let i = 0; i < 4; i++) {
    expect(textOf(await slash(`retry ${item.id}`, EVE))).toContain('only people listed in RETRY_ALLOW');
  }
  const records = await bot.store.queryAudit({ actor: { platform: 'slack', userId: EVE } });
  expect(records.filter((r) => r.result === 'denied')).toHaveLength(2);
  expect(records.filter((r) => r.result === 'denied-repeated')).toHaveLength(1);
});
