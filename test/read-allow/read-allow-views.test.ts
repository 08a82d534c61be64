// READ_ALLOW end to end through the Slack and Teams stand-ins over one Azure stand-in estate: two channels bound to
// different subscriptions see disjoint answers (vaults, failed jobs, item lookups), Show query carries the narrowed
// scope, a sub: filter narrows and never widens, and whoever no rule names is refused with who to ask.
import { actionBody, buttonClick, FORM, postToSlackEvents } from '../channels/slack/support';
import { cardOf, textsOf } from '../channels/teams/support';
import { slackSays } from '../digest/support/chat';
import { type DigestBot, startDigestBot } from '../digest/support/digest-bot';
import { CHANNEL_ID, sendToBot, teamsMessage, USER } from '../standins/bot-connector';
import { A, A_NAME, B, B_NAME, namesOnlyIn, READ_ALLOW, resourceNamesOnlyIn, vaultNames } from './support/estate';

jest.setTimeout(120_000);

const START = new Date('2026-12-07T06:30:00Z');
let bot: DigestBot & { db: { drop(): Promise<void> } };

beforeAll(async () => {
  bot = await startDigestBot({ start: START, readAllow: READ_ALLOW, retryAllow: ['slack:*', 'teams:*'] });
});
afterAll(async () => {
  await bot?.close();
});
beforeEach(() => {
  bot.connector.calls.length = 0;
  bot.slack.reset();
});

const says = (text: string, channel: string, user = 'U0000AAA') => slackSays(bot, text, user, channel);

async function teamsSays(text: string, kind: 'personal' | 'channel'): Promise<string> {
  const before = bot.connector.calls.length;
  const sent = await sendToBot(bot.messagesUrl, teamsMessage(bot.connector.serviceUrl, text, kind));
  expect(sent.status).toBeLessThan(300);
  const reply = await bot.connector.waitFor(
    (c, i = bot.connector.calls.indexOf(c)) => i >= before && c.kind === 'reply' && c.activity?.type === 'message',
  );
  return textsOf(cardOf(reply.activity)).join('\n');
}

/** The value of the first button whose label matches, in a Slack answer's blocks (JSON text). */
function buttonValue(blocks: string, label: RegExp): string | undefined {
  let found: string | undefined;
  JSON.parse(blocks, (_key, v) => {
    if (found === undefined && v && v.type === 'button' && label.test(String(v.text?.text))) found = v.value;
    return v;
  });
  return found;
}

const mentioned = (answer: string, names: readonly string[]) => names.filter((n) => answer.includes(n));

test('two Slack channels bound to different subscriptions list disjoint vaults', async () => {
  const [inA, inB] = [await says('vaults', 'C0000CHN'), await says('vaults', 'C0000TWO')];
  const ofA = vaultNames(bot.estate, A);
  const ofB = vaultNames(bot.estate, B);
  const all = [...vaultNames(bot.estate)];
  expect(mentioned(inA, all).sort()).toEqual([...ofA].sort());
  expect(mentioned(inB, all).sort()).toEqual([...ofB].sort());
});

test('policies: each channel sees the policies of its own subscription’s vaults and none of the other’s', async () => {
  const [inA, inB] = [await says('policies', 'C0000CHN'), await says('policies', 'C0000TWO')];
  const all = [...vaultNames(bot.estate)];
  const ofA = vaultNames(bot.estate, A);
  const ofB = vaultNames(bot.estate, B);
  expect(mentioned(inA, all).length).toBeGreaterThan(0);
  expect(mentioned(inA, all).every((v) => ofA.has(v))).toBe(true);
  expect(mentioned(inB, all).length).toBeGreaterThan(0);
  expect(mentioned(inB, all).every((v) => ofB.has(v))).toBe(true);
});

test('compliance: each channel sees the policy assignments and non-compliant resources of its own subscription', async () => {
  const [inA, inB] = [await says('compliance', 'C0000CHN'), await says('compliance', 'C0000TWO')];
  expect(inA).toContain(`subscription ${A_NAME}`);
  expect(inA).not.toContain(B_NAME);
  expect(inB).not.toContain(A_NAME);
  expect(mentioned(inA, resourceNamesOnlyIn(bot.estate, A)).length).toBeGreaterThan(0);
  expect(mentioned(inA, resourceNamesOnlyIn(bot.estate, B))).toEqual([]);
  expect(mentioned(inB, resourceNamesOnlyIn(bot.estate, A))).toEqual([]);
});

test('items and items stale: each channel sees its own subscription’s items and none of the other’s', async () => {
  const onlyA = namesOnlyIn(bot.estate, A);
  const onlyB = namesOnlyIn(bot.estate, B);
  for (const text of ['items', 'items stale']) {
    const [inA, inB] = [await says(text, 'C0000CHN'), await says(text, 'C0000TWO')];
    expect(mentioned(inA, onlyB)).toEqual([]);
    expect(mentioned(inB, onlyA)).toEqual([]);
    if (text === 'items') {
      expect(mentioned(inA, onlyA).length).toBeGreaterThan(0);
      expect(mentioned(inB, onlyB).length).toBeGreaterThan(0);
    }
  }
});

test('failed jobs: each channel sees its own subscription’s items and none of the other’s', async () => {
  const [inA, inB] = [await says('jobs failed since:14d', 'C0000CHN'), await says('jobs failed since:14d', 'C0000TWO')];
  const onlyA = namesOnlyIn(bot.estate, A);
  const onlyB = namesOnlyIn(bot.estate, B);
  expect(mentioned(inA, onlyA).length).toBeGreaterThan(0);
  expect(mentioned(inA, onlyB)).toEqual([]);
  expect(mentioned(inB, onlyB).length).toBeGreaterThan(0);
  expect(mentioned(inB, onlyA)).toEqual([]);
  // Without the guardrail the estate's third subscription would show too: its vault is never named.
  expect(mentioned(inA + inB, [...vaultNames(bot.estate, '99718bba-8024-45c6-ab2b-cff9b03a3583')])).toEqual([]);
});

test('unprotected resources: each channel sees its own subscription’s and none of the other’s', async () => {
  const [inA, inB] = [await says('unprotected', 'C0000CHN'), await says('unprotected', 'C0000TWO')];
  const onlyA = resourceNamesOnlyIn(bot.estate, A);
  const onlyB = resourceNamesOnlyIn(bot.estate, B);
  expect(mentioned(inA, onlyA).length).toBeGreaterThan(0);
  expect(mentioned(inA, onlyB)).toEqual([]);
  expect(mentioned(inB, onlyB).length).toBeGreaterThan(0);
  expect(mentioned(inB, onlyA)).toEqual([]);
});

test('Show query shows the narrowed scope as bound values', async () => {
  const answer = await says('jobs failed', 'C0000CHN');
  const value = buttonValue(answer, /^Show quer/);
  expect(value).toBeDefined();
  const id = `q${Math.random().toString(36).slice(2)}`;
  const click = buttonClick({ value: value as string, view: 'jobs', responseUrl: bot.slack.responseUrl(id) });
  expect((await postToSlackEvents(bot.origin, actionBody(click), FORM)).status).toBe(200);
  // Slack has no toggle: the query is posted for the person who clicked (an ephemeral message).
  const [shown] = await bot.slack.waitFor('chat.postEphemeral', 1, 30_000, (c) => c.args.user === 'U0000AAA');
  const text = JSON.stringify(shown?.args);
  expect(text).toContain(`where dsSub in~ ('${A}') or strcat(dsSub, '/', dsRg) in~ ('${A}')`);
  expect(text).not.toContain(B);
});

test('a sub: filter narrows within the guardrail and never widens it', async () => {
  const outside = await says(`jobs failed sub:${B}`, 'C0000CHN');
  expect(outside).toContain(`No subscription \\"${B}\\" is visible in this conversation`);
  const named = await says(`vaults sub:${B_NAME}`, 'C0000CHN');
  expect(named).toContain(`No subscription named \\"${B_NAME}\\" is visible in this conversation`);
  // What this channel may read is offered; no other subscription is named.
  expect(named).toContain(`Here you can read: ${A_NAME}.`);
  expect(named).not.toMatch(/fabrikam|analytics-nonprod-002\./);
  // A sub: inside the guardrail narrows as always.
  const own = await says(`vaults sub:${A_NAME}`, 'C0000CHN');
  expect(mentioned(own, [...vaultNames(bot.estate)]).sort()).toEqual([...vaultNames(bot.estate, A)].sort());
});

test('item lookups and retry find nothing outside the guardrail', async () => {
  const [ofB] = namesOnlyIn(bot.estate, B);
  const inA = await says(`item ${ofB}`, 'C0000CHN');
  expect(inA).toMatch(/No backup item matches/);
  const inB = await says(`item ${ofB}`, 'C0000TWO');
  expect(inB).not.toMatch(/No backup item matches/);
  const retry = await says(`retry ${ofB}`, 'C0000CHN');
  expect(retry).toMatch(/No backup item matches|not found/i);
});

test('a 1:1 chat of a person outside every rule is refused with who to ask, in Slack and Teams', async () => {
  const dm = await says('jobs failed', 'D0000DM1', 'U0000ZZZ');
  expect(dm).toContain('READ_ALLOW does not name you');
  expect(dm).toContain('Ask your backup admin to add you to READ_ALLOW (your entry would be slack:user:U0000ZZZ@sub:');
  // A retry there is refused the same way, and audited as every refused write attempt.
  const retry = await says('retry vm-iot-prod-0001', 'D0000DM1', 'U0000ZZZ');
  expect(retry).toContain('READ_ALLOW does not name you');
  const [audited] = (await bot.store.queryAudit({ limit: 5 })).filter((r) => r.action === 'retry');
  expect(audited).toMatchObject({ result: 'denied', actor: expect.objectContaining({ userId: 'U0000ZZZ' }) });
  const teams = await teamsSays('vaults', 'personal');
  expect(teams).toContain('READ_ALLOW does not name you');
  expect(teams).toContain(`teams:user:${USER.aadObjectId}@sub:`);
  // A person the rules name reads their own scope in a 1:1 chat, but not in an unbound channel.
  const own = await says('vaults', 'D0000DM2', 'U0000BOB');
  expect(mentioned(own, [...vaultNames(bot.estate)]).sort()).toEqual([...vaultNames(bot.estate, B)].sort());
  const unbound = await says('vaults', 'C0000BAD', 'U0000BOB');
  expect(unbound).toContain('READ_ALLOW binds no backup data to this conversation');
  expect(unbound).toContain('#C0000BAD');
  // Help still answers, and says what this conversation reads.
  expect(await says('help', 'C0000BAD', 'U0000BOB')).not.toContain('READ_ALLOW binds no');
  expect(await says('help', 'C0000CHN')).toContain(`READ_ALLOW: here the bot shows subscription ${A}`);
});

test('a Teams channel bound to a subscription reads it only', async () => {
  const answer = await teamsSays('vaults', 'channel');
  expect(mentioned(answer, [...vaultNames(bot.estate)]).sort()).toEqual([...vaultNames(bot.estate, B)].sort());
  expect(CHANNEL_ID).toBe('19:backup-ops@thread.tacv2');
});
