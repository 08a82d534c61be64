// Retry in Slack, end to end: signed requests → Bolt → the real core and retry workflow → the Azure stand-in over
// HTTP (real SDK clients) → Block Kit answers and progress (chat.update, or the click's response_url) at the Slack
// API stand-in.
import { DEMO_PRINCIPAL_ID } from '../../../src/azure/arm-connection';
import { busyItem, type PickedItem, subscriptionFact } from '../../azure/actions/support/estate-items';
import { type RecordedCall, TEAM_ID } from '../../standins/slack-api';
import { pickRetryVms, type RetryBot, startRetryBot, withProtectionStopped } from '../support/retry-bot';
import { actionBody, FORM, postToSlackEvents, slashCommandBody } from './support';

jest.setTimeout(120_000);

const ANA = 'U0000AAA';
const EVE = 'U0000EVE';
const CHANNEL = 'C0000CHN';

type Block = {
  type: string;
  block_id?: string;
  elements?: Element[];
  accessory?: Element;
  fields?: Array<{ text: string }>;
};
type Element = {
  type: string;
  action_id?: string;
  value?: string;
  text?: { text: string };
  accessibility_label?: string;
};

let bot: RetryBot;
let vms: PickedItem[];
let spare: PickedItem[];
let urls = 0;

beforeAll(async () => {
  bot = await startRetryBot({ allow: [`slack:user:${ANA}`] });
  ({ vms, spare } = pickRetryVms(bot.estate));
});
afterAll(async () => {
  await bot?.close();
});
afterEach(() => bot.resetFaults());

const blocksOf = (call: RecordedCall | undefined): Block[] => (call?.args.blocks ?? []) as Block[];
const isWorking = (call: RecordedCall) => blocksOf(call).some((b) => b.block_id?.startsWith('v:working:'));

/** Every text a person reads in the message. */
function textOf(call: RecordedCall | undefined): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') out.push(value);
        else walk(value);
      }
    }
  };
  walk(blocksOf(call));
  return out.join('\n');
}

function hasButton(call: RecordedCall | undefined, label: string): boolean {
  try {
    buttonIn(call, label);
    return true;
  } catch {
    return false;
  }
}

function buttonIn(call: RecordedCall | undefined, label: string | RegExp): { element: Element; blockId: string } {
  for (const block of blocksOf(call)) {
    // A row's Retry is its section's accessory; other buttons sit in actions blocks.
    for (const element of [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]) {
      // A row's "Retry" is named by its accessibility label ("Retry vm-web-01"), as a screen reader says it.
      const text = element.accessibility_label ?? element.text?.text ?? '';
      if (element.type === 'button' && (typeof label === 'string' ? text === label : label.test(text))) {
        return { element, blockId: block.block_id ?? '' };
      }
    }
  }
  throw new Error(`no "${label}" button in ${textOf(call)}`);
}

/** The final answer posted to response_url `id` (after any "working" placeholder). */
async function answerAt(id: string): Promise<RecordedCall> {
  const posts = await bot.slack.waitFor('response_url', 1, 30_000, (c) => c.urlId === id && !isWorking(c));
  return posts.at(-1) as RecordedCall;
}

async function slash(text: string, user = ANA): Promise<RecordedCall> {
  const id = `slash-${++urls}`;
  const body = slashCommandBody(text, bot.slack.responseUrl(id), user);
  expect((await postToSlackEvents(bot.origin, body, FORM)).status).toBe(200);
  return answerAt(id);
}

/** A click on `label` in the message `message` (posted at `ts`); the click's own response_url id is returned. */
async function clickIn(
  message: RecordedCall,
  label: string | RegExp,
  options: { ts: string; user?: string },
): Promise<string> {
  const { element, blockId } = buttonIn(message, label);
  const id = `click-${++urls}`;
  const payload = {
    type: 'block_actions',
    user: { id: options.user ?? ANA, username: options.user === EVE ? 'eve' : 'alice', team_id: TEAM_ID },
    api_app_id: 'A0000APP',
    team: { id: TEAM_ID, domain: 'contoso' },
    trigger_id: '1.2.3',
    container: { type: 'message', message_ts: options.ts, channel_id: CHANNEL, is_ephemeral: false },
    channel: { id: CHANNEL, name: 'backups' },
    message: { type: 'message', text: String(message.args.text ?? ''), ts: options.ts, blocks: blocksOf(message) },
    response_url: bot.slack.responseUrl(id),
    actions: [{ type: 'button', action_id: element.action_id, block_id: blockId, value: element.value }],
  };
  expect((await postToSlackEvents(bot.origin, actionBody(payload), FORM)).status).toBe(200);
  return id;
}

/** chat.update of the message `ts` whose text matches. */
async function updateOf(ts: string, text: RegExp): Promise<RecordedCall> {
  const [hit] = await bot.slack.waitFor('chat.update', 1, 20_000, (c) => c.args.ts === ts && text.test(textOf(c)));
  return hit as RecordedCall;
}

test('failed jobs → Retry → confirmation → Start → started → in progress → completed (chat.update)', async () => {
  const item = vms[0] as PickedItem;
  let jobs = await slash(`jobs failed vault:${item.target.vaultName}`);
  for (let page = 0; !hasButton(jobs, `Retry ${item.name}`) && page < 15; page++) {
    jobs = await answerAt(await clickIn(jobs, 'Next ›', { ts: '1700000000.000100' }));
  }
  expect(buttonIn(jobs, /^Retry \d+ items? \(\d+ failed jobs?(; \d+ fixed since left out)?\)$/)).toBeDefined();
  // Another view: the confirmation is a new message in the channel (so that it can be updated later).
  await clickIn(jobs, `Retry ${item.name}`, { ts: '1700000000.000100' });
  const [posted] = await bot.slack.waitFor('chat.postMessage', 1, 30_000, (c) => textOf(c).includes('now?'));
  const confirm = posted as RecordedCall;
  const ts = String(confirm.answer?.ts);
  const text = textOf(confirm);
  expect(text).toContain(`Back up ${item.name} now?`);
  expect(text).toContain(`*Recovery Services vault*\n${item.target.vaultName}`);
  expect(text).toContain(`*Subscription*\n${subscriptionFact(bot.estate, item.target.subscriptionId)}`);
  expect(text).toMatch(/\*Kept until\*\n.*\(30 days\)/);
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(0);

  const start = await answerAt(await clickIn(confirm, 'Start backup', { ts }));
  expect(start.args).toMatchObject({ replace_original: true, response_type: 'in_channel' });
  expect(textOf(start)).toMatch(/⏳ Started .* by alice \(slack\)/);
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(1);
  const running = await updateOf(ts, /In progress/);
  const done = await updateOf(ts, /✅ Completed/);
  expect(running.at).toBeLessThanOrEqual(done.at);
  expect(done.args.channel).toBe(CHANNEL);
  expect(textOf(done)).toContain(`Backup of ${item.name} completed`);
});

test('a failed backup shows Failed with its fix; a card chat.update cannot edit goes through response_url', async () => {
  const item = vms[1] as PickedItem;
  bot.sim.admin.setJobCompletion({
    delayMs: 2_500,
    rules: [{ match: item.id, outcome: 'Failed', errorCode: 'UserErrorVmNotInDesirableState' }],
  });
  const confirm = await slash(`retry ${item.id}`);
  expect(confirm.args.response_type).toBe('in_channel');
  bot.slack.failNext('chat.update', { error: 'cant_update_message' });
  const clickId = await clickIn(confirm, 'Start backup', { ts: '1700000000.000300' });
  const progress = await bot.slack.waitFor(
    'response_url',
    1,
    20_000,
    (c) => c.urlId === clickId && /In progress/.test(textOf(c)),
  );
  expect(progress[0]?.args.replace_original).toBe(true);
  const failed = await updateOf('1700000000.000300', /❌ Failed/);
  expect(textOf(failed)).toContain('(UserErrorVmNotInDesirableState)');
  expect(textOf(failed)).toMatch(/Fix: Wait until the VM settles/);
});

test('refusals: not in RETRY_ALLOW (only they see why; audited), Azure 403, not protected, already running', async () => {
  const item = vms[2] as PickedItem;
  const denied = await slash(`retry ${item.name}`, EVE);
  expect(denied.args.response_type).toBe('ephemeral');
  expect(textOf(denied)).toContain('only people listed in RETRY_ALLOW may start backups');
  expect(textOf(denied)).toContain(`slack:user:${EVE}`);
  const [record] = await bot.store.queryAudit({ actor: { platform: 'slack', userId: EVE } });
  expect(record).toMatchObject({ action: 'retry', result: 'denied', channel: CHANNEL });

  // Ana's card, Eve's click: refused for Eve alone (ephemeral); nothing reaches Azure.
  const card = await slash(`retry ${item.id}`);
  const eveClick = await answerAt(await clickIn(card, 'Start backup', { ts: '1700000000.000400', user: EVE }));
  expect(eveClick.args.response_type).toBe('ephemeral');
  expect(textOf(eveClick)).toContain('You cannot start backups here');

  bot.sim.admin.setForbidden([{ principal: DEMO_PRINCIPAL_ID, vault: item.target.vaultName }]);
  const forbidden = textOf(await answerAt(await clickIn(card, 'Start backup', { ts: '1700000000.000400' })));
  expect(forbidden).toContain(`Azure refused the backup of ${item.name}`);
  expect(forbidden).toContain(`Backup Operator role on vault ${item.target.vaultName}`);
  bot.sim.admin.setForbidden([]);

  const stopped = vms[3] as PickedItem;
  const stoppedCard = await slash(`retry ${stopped.id}`);
  await withProtectionStopped(stopped, async () => {
    const answer = textOf(await answerAt(await clickIn(stoppedCard, 'Start backup', { ts: '1700000000.000500' })));
    expect(answer).toContain(`Azure refused the backup of ${stopped.name}`);
    expect(answer).toMatch(/is stopped in vault/);
  });

  const busy = busyItem(bot.estate);
  expect(textOf(await slash(`retry ${busy.id}`))).toMatch(/already running, started .* by the backup schedule/i);
  expect(bot.sim.admin.countBackupCalls(busy.id)).toBe(0);
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('a double click on Start (two deliveries at once) reaches Azure once', async () => {
  const item = spare[0] as PickedItem;
  const card = await slash(`retry ${item.id}`);
  const [a, b] = await Promise.all([
    clickIn(card, 'Start backup', { ts: '1700000000.000600' }),
    clickIn(card, 'Start backup', { ts: '1700000000.000600' }),
  ]);
  const texts = [textOf(await answerAt(a)), textOf(await answerAt(b))];
  expect(texts.filter((t) => /Backup of .* started/.test(t))).toHaveLength(1);
  expect(texts.filter((t) => /already running, started .* by alice \(slack\)/i.test(t))).toHaveLength(1);
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('audit since:7d lists the attempts for allowed people and refuses others', async () => {
  const audit = textOf(await slash('audit since:7d'));
  expect(audit).toContain('Audit log: backups started from chat');
  expect(audit).toMatch(/records/);
  expect(audit).toMatch(/alice \(slack\)|U0000AAA \(slack\)/);
  const refused = await slash('audit since:7d', EVE);
  expect(refused.args.response_type).toBe('ephemeral');
  expect(textOf(refused)).toContain('only people listed in RETRY_ALLOW may read the audit log');
});

test('a Slack id differing only in case is someone else: "u0000aaa" is refused where U0000AAA may retry', async () => {
  const item = spare[0] as PickedItem;
  const impostor = ANA.toLowerCase();
  const backupsBefore = bot.sim.admin.countBackupCalls(item.id);
  const denied = await slash(`retry ${item.id}`, impostor);
  expect(denied.args.response_type).toBe('ephemeral');
  expect(textOf(denied)).toContain('only people listed in RETRY_ALLOW may start backups');
  const [record] = await bot.store.queryAudit({ actor: { platform: 'slack', userId: impostor } });
  expect(record).toMatchObject({ action: 'retry', result: 'denied' });
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(backupsBefore);
});
