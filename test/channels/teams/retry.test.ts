// Retry in Teams, end to end: Bot Connector stand-in → /api/messages → botbuilder → the real core and retry workflow →
// the Azure stand-in over HTTP (real SDK clients) → cards back at the stand-in, progress as PUTs of the same activity.
import { DEMO_PRINCIPAL_ID } from '../../../src/azure/arm-connection';
import { busyItem, type PickedItem, subscriptionFact } from '../../azure/actions/support/estate-items';
import {
  type BotConnectorStandIn,
  type ConnectorCall,
  sendToBot,
  startBotConnector,
  type TestActivity,
  teamsCardAction,
  teamsMessage,
  USER,
} from '../../standins/bot-connector';
import { pickRetryVms, type RetryBot, startRetryBot, withProtectionStopped } from '../support/retry-bot';
import { button, type Card, type ExecuteAction, executeActions, factsOf, readCard } from '../support/teams-cards';
import { cardOf } from './support';

jest.setTimeout(120_000);

const EVE = { id: '29:eve', name: 'Eve Outsider', aadObjectId: '6a1e0c3b-2222-4c1d-9d2e-000000000002' };

let bot: RetryBot;
let connector: BotConnectorStandIn;
let vms: PickedItem[];
/** Retryable VMs nobody else in this file backs up. */
let spare: PickedItem[];

beforeAll(async () => {
  bot = await startRetryBot({ allow: [`teams:user:${USER.aadObjectId}`] });
  connector = await startBotConnector();
  ({ vms, spare } = pickRetryVms(bot.estate));
  expect(vms.length).toBeGreaterThanOrEqual(4);
});
afterAll(async () => {
  await connector?.close();
  await bot?.close();
});
afterEach(() => bot.resetFaults());

/** The reply to a typed message (a personal chat), and the stand-in's id of it (what later clicks name). */
async function say(text: string, from = USER): Promise<{ card: Card; id: string }> {
  const message: TestActivity = { ...teamsMessage(connector.serviceUrl, text), from };
  expect((await sendToBot(bot.messagesUrl, message)).status).toBe(200);
  const reply = await connector.waitFor(
    (c) => c.kind === 'reply' && c.activityId === message.id && c.activity?.type === 'message',
    30_000,
  );
  return { card: cardOf(reply.activity), id: reply.newId as string };
}

/** A click on `action` of the card `activityId` that answers in place: the card of the invoke response. */
async function click(action: ExecuteAction, activityId: string, from = USER): Promise<Card> {
  const activity: TestActivity = {
    ...teamsCardAction(connector.serviceUrl, action.data, activityId, action.verb),
    from,
  };
  const response = await sendToBot(bot.messagesUrl, activity);
  expect(response.status).toBe(200);
  const body = response.body as { statusCode: number; type: string; value: Card };
  expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  return body.value;
}

/** A click into another view: the clicked card stays, the answer is a new message (its card and the stand-in's id). */
async function clickForNew(
  action: ExecuteAction,
  activityId: string,
  from = USER,
): Promise<{ card: Card; id: string }> {
  const before = connector.calls.length;
  const activity: TestActivity = {
    ...teamsCardAction(connector.serviceUrl, action.data, activityId, action.verb),
    from,
  };
  const response = await sendToBot(bot.messagesUrl, activity);
  expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
  const posted = await connector.waitFor(
    (c) => connector.calls.indexOf(c) >= before && c.kind === 'send' && c.activity?.type === 'message',
    30_000,
  );
  expect(connector.calls.slice(before).filter((c) => c.kind === 'update' && c.activityId === activityId)).toEqual([]);
  return { card: cardOf(posted.activity), id: posted.newId as string };
}

/** The card a PUT of `activityId` showed once its text matches `text` (progress arrives on its own schedule). */
async function updateOf(activityId: string, text: RegExp, timeoutMs = 20_000): Promise<ConnectorCall> {
  return connector.waitFor(
    (c) => c.kind === 'update' && c.activityId === activityId && text.test(readCard(cardOf(c.activity))),
    timeoutMs,
  );
}

/** The failed-jobs card of the item's vault, paged until the item's Retry button shows. */
async function retryButtonOnJobs(item: PickedItem): Promise<{ jobsId: string; card: Card }> {
  const jobs = await say(`jobs failed vault:${item.target.vaultName}`);
  let card = jobs.card;
  for (let page = 0; page < 15; page++) {
    if (executeActions(card).some((a) => a.tooltip === `Retry ${item.name}`)) return { jobsId: jobs.id, card };
    card = await click(button(card, 'Next ›'), jobs.id);
  }
  throw new Error(`no Retry button for ${item.name}`);
}

test('failed jobs → Retry → confirmation (a new message) → Start → started → in progress → completed, on that card', async () => {
  const item = vms[0] as PickedItem;
  const { jobsId, card: jobs } = await retryButtonOnJobs(item);
  expect(button(jobs, /^Retry \d+ items? \(\d+ failed jobs?(; \d+ fixed since left out)?\)$/)).toBeDefined();

  // Retry opens another view: the confirmation is a new message, and the list stays as it was.
  const { card: confirm, id: confirmId } = await clickForNew(button(jobs, `Retry ${item.name}`), jobsId);
  expect(readCard(confirm)).toContain(`Back up ${item.name} now?`);
  expect(factsOf(confirm)).toMatchObject({
    Item: item.name,
    'Recovery Services vault': item.target.vaultName,
    Subscription: subscriptionFact(bot.estate, item.target.subscriptionId),
    'Kept until': expect.stringMatching(/\(30 days\)$/),
  });
  expect(executeActions(confirm).map((a) => a.title)).toEqual(['Start backup', 'Cancel']);
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(0);

  const started = await click(button(confirm, 'Start backup'), confirmId);
  expect(readCard(started)).toMatch(new RegExp(`⏳ Started .* by ${USER.name} \\(teams\\)`));
  expect(factsOf(started)['Started by']).toMatch(new RegExp(`^${USER.name} \\(teams\\), `));
  expect(readCard(started)).toContain('This card updates as the job runs');
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(1);

  const running = await updateOf(confirmId, /In progress/);
  const done = await updateOf(confirmId, /✅ Completed/);
  expect(running.at).toBeLessThan(done.at);
  expect(readCard(cardOf(done.activity))).toContain(`Backup of ${item.name} completed`);
  expect(done.conversationId).toBe(`a:personal-${USER.id}`);
});

test('a backup that fails shows Failed with the error and its fix', async () => {
  const item = vms[1] as PickedItem;
  bot.sim.admin.setJobCompletion({
    delayMs: 1_000,
    rules: [{ match: item.id, outcome: 'Failed', errorCode: 'UserErrorVmNotInDesirableState' }],
  });
  const confirm = await say(`retry ${item.id}`);
  await click(button(confirm.card, 'Start backup'), confirm.id);
  const failed = cardOf((await updateOf(confirm.id, /❌ Failed/)).activity);
  const text = readCard(failed);
  expect(text).toContain(`Backup of ${item.name} failed`);
  expect(text).toContain('(UserErrorVmNotInDesirableState)');
  expect(text).toMatch(/Fix: Wait until the VM settles/);
  expect(executeActions(failed).map((a) => a.title)).toContain('Try again');
});

test('refusals: not in RETRY_ALLOW (said why, audited), Azure 403 (role and vault), not protected, running', async () => {
  const item = vms[2] as PickedItem;
  // Eve is listed nowhere: her jobs card offers no Retry, and typing it is refused with the reason, and audited.
  const eveJobs = await say(`jobs failed vault:${item.target.vaultName}`, EVE);
  expect(executeActions(eveJobs.card).some((a) => a.title.startsWith('Retry'))).toBe(false);
  const refused = await say(`retry ${item.name}`, EVE);
  expect(readCard(refused.card)).toContain('only people listed in RETRY_ALLOW may start backups');
  expect(readCard(refused.card)).toContain(`teams:user:${EVE.aadObjectId}`);
  const [denied] = await bot.store.queryAudit({ actor: { platform: 'teams', userId: EVE.id } });
  expect(denied).toMatchObject({ action: 'retry', result: 'denied' });

  // The bot's identity lacks Backup Operator on the vault: Azure's 403 is worded with the role and the vault.
  bot.sim.admin.setForbidden([{ principal: DEMO_PRINCIPAL_ID, vault: item.target.vaultName }]);
  const confirm = await say(`retry ${item.id}`);
  const forbidden = readCard(await click(button(confirm.card, 'Start backup'), confirm.id));
  expect(forbidden).toContain(`Azure refused the backup of ${item.name}`);
  expect(forbidden).toContain(`Backup Operator role on vault ${item.target.vaultName}`);
  bot.sim.admin.setForbidden([]);

  // Protection stopped a moment ago, Resource Graph does not know yet: Azure refuses and the card says why.
  const stopped = vms[3] as PickedItem;
  const card = await say(`retry ${stopped.id}`);
  await withProtectionStopped(stopped, async () => {
    const answer = readCard(await click(button(card.card, 'Start backup'), card.id));
    expect(answer).toContain(`Azure refused the backup of ${stopped.name}`);
    expect(answer).toMatch(
      new RegExp(`Protection of \\S*${stopped.name} is stopped in vault ${stopped.target.vaultName}`),
    );
  });

  // The schedule's backup is running: no Start button, and who started it.
  const busy = busyItem(bot.estate);
  const running = readCard((await say(`retry ${busy.id}`)).card);
  expect(running).toMatch(/already running/);
  expect(running).toMatch(/by the backup schedule/);

  const results = (await bot.store.queryAudit({ limit: 20 })).map((r) => `${r.target === item.id}:${r.result}`);
  expect(results).toContain('true:refused:forbidden');
  expect(bot.sim.admin.countBackupCalls(busy.id)).toBe(0);
});

test('a double click on Start reaches Azure once; the second click says it is already running, by whom', async () => {
  const item = spare[0] as PickedItem;
  const confirm = await say(`retry ${item.id}`);
  const start = button(confirm.card, 'Start backup');
  const [a, b] = await Promise.all([click(start, confirm.id), click(start, confirm.id)]);
  const texts = [readCard(a), readCard(b)].sort();
  expect(texts.filter((t) => /Backup of .* started/.test(t))).toHaveLength(1);
  expect(texts.find((t) => /already running/.test(t))).toMatch(new RegExp(`by ${USER.name} \\(teams\\)`));
  expect(bot.sim.admin.countBackupCalls(item.id)).toBe(1);
});

test('"Retry N items (M failed jobs)": one confirmation for every item, then one summary card', async () => {
  const item = vms[4] ?? (vms[0] as PickedItem);
  const jobs = await say(`jobs failed vault:${item.target.vaultName}`);
  const all = button(jobs.card, /^Retry \d+ items? \(\d+ failed jobs?(; \d+ fixed since left out)?\)$/);
  const n = Number(/(\d+)/.exec(all.title)?.[1]);
  const { card: confirm, id: confirmId } = await clickForNew(all, jobs.id);
  expect(readCard(confirm)).toContain(`Back up ${n === 1 ? '1 item' : `${n} items`} now?`);
  const summary = readCard(await click(button(confirm, /^Start \d+ backups?$/), confirmId));
  expect(summary).toMatch(new RegExp(`Backups started: \\d+ of ${n === 1 ? '1 item' : `${n} items`}`));
});

test('Cancel on a bulk confirmation puts the list back in its place, titled "Nothing started"; nothing reaches Azure', async () => {
  const item = vms[4] ?? (vms[0] as PickedItem);
  const jobs = await say(`jobs failed vault:${item.target.vaultName}`);
  const calls = bot.sim.admin.countBackupCalls();
  const all = button(jobs.card, /^Retry \d+ items? \(\d+ failed jobs?(; \d+ fixed since left out)?\)$/);
  const { card: confirm, id: confirmId } = await clickForNew(all, jobs.id);
  const back = await click(button(confirm, 'Cancel'), confirmId);
  const text = readCard(back);
  expect(text).toContain('Nothing started · Failed jobs');
  // The same list as the one the button sat on: its totals line and its Next button.
  const totals = readCard(jobs.card).match(/showing [^\n]* failed jobs?[^\n]*/)?.[0];
  expect(totals).toBeDefined();
  expect(text).toContain(totals as string);
  // (Retry labels may change meanwhile: the previous test's backups complete on their own schedule.)
  const others = (card: Card) => executeActions(card).flatMap((a) => (a.title.startsWith('Retry') ? [] : [a.title]));
  expect(others(back)).toEqual(others(jobs.card));
  expect(others(back)).toContain('Running jobs');
  expect(bot.sim.admin.countBackupCalls()).toBe(calls);
});

test('audit since:7d shows the records to people RETRY_ALLOW names, and refuses everyone else', async () => {
  const first = await say('audit since:7d');
  expect(readCard(first.card)).toContain('Audit log: backups started from chat');
  // Newest first, ten a page: every record of this file's tests is there, Eve's refusal too.
  const pages = [readCard(first.card)];
  for (let card = first.card; executeActions(card).some((a) => a.title === 'Next ›'); ) {
    card = await click(button(card, 'Next ›'), first.id);
    pages.push(readCard(card));
  }
  const audit = pages.join('\n');
  // The demo estate spells some VM names in other cases (Vm-Crm-Test-0120), as Azure keeps the creator's casing.
  expect(audit).toMatch(/✅ Started · vm-/i);
  expect(audit).toMatch(/✅ Backup completed · vm-/i);
  expect(audit).toMatch(/❌ Backup failed · vm-/i);
  expect(audit).toMatch(/Refused: not allowed · vm-.* \n?.*Eve Outsider \(teams\)|Eve Outsider \(teams\)/);
  expect(audit).toMatch(/Refused by Azure/);
  const refused = readCard((await say('audit since:7d', EVE)).card);
  expect(refused).toContain('only people listed in RETRY_ALLOW may read the audit log');
  expect(refused).not.toContain('Audit log: backups started from chat');
});
