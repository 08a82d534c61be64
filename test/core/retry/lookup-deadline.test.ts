// Retry's own item lookups under the answer deadline, through the real core, workflow and Resource Graph client over
// the stand-in: with Resource Graph hanging, `retry <item>` is answered "did not answer in time" at the deadline and
// its lookups let go of the client's concurrency slots then (the next person is answered); a confirmed Start is a
// write and is never cut short by the deadline, however slow the lookup before the trigger.
import { parseAccessPolicy } from '../../../src/core/authorize';
import { createConversationCore } from '../../../src/core/conversation';
import type { ConversationCore } from '../../../src/core/conversation-port';
import { retryHandlers } from '../../../src/core/retry';
import { createStoreStash } from '../../../src/core/store-stash';
import type { ErrorViewModel } from '../../../src/core/view-models/detail';
import type { RetryViewModel } from '../../../src/core/view-models/retry';
import { retryableItem } from '../../azure/actions/support/estate-items';
import { captureLog } from '../../support/capture-log';
import { ALLOW, ANA, clock, type Harness, refFor, useHarness } from './support/harness';

jest.setTimeout(60_000);

const DEADLINE_MS = 3_000;
let h: Harness;
useHarness((started) => {
  h = started;
});

async function deadlineCore(): Promise<ConversationCore> {
  const store = await h.openStore();
  const stash = createStoreStash(store);
  const { workflow } = await h.workflow({ store, stash });
  return createConversationCore({
    data: h.items,
    policy: parseAccessPolicy(ALLOW),
    clock,
    log: captureLog({ level: 'fatal' }).log,
    stash,
    answerDeadlineMs: DEADLINE_MS,
    ...retryHandlers(workflow),
  });
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

test('Resource Graph hangs: `retry <item>` says "did not answer in time" at the deadline, and its lookups free their slots', async () => {
  const bot = await deadlineCore();
  const item = retryableItem(h.estate, 'vm');
  h.sim.admin.setFaults({ rules: [{ target: 'arg', timeoutMs: 'forever' }] });
  // More askers than the client has concurrency slots (4): were the lookups left running, they would hold them all.
  const asked = await timed(Promise.all([1, 2, 3, 4, 5].map(() => bot.handleText(`retry ${item.name}`, ANA))));
  expect(asked.ms).toBeLessThan(DEADLINE_MS + 3_000);
  for (const reply of asked.value) {
    const model = reply.model as ErrorViewModel;
    expect(model.title).toBe('Azure did not answer in time');
    expect(JSON.stringify(model)).not.toMatch(/not found|No backup item matches/i);
    expect(model.buttons.map((b) => b.label)).toEqual(['Try again']);
  }

  // Azure answers again (the requests it holds stay held): the next retry is looked up at once, not behind them.
  h.sim.admin.clearFaults();
  const tryAgain = (asked.value[0]?.model as ErrorViewModel | undefined)?.buttons[0]?.payload;
  const again = await timed(bot.handleAction(tryAgain, ANA));
  expect(again.value.view).toBe('retry');
  expect((again.value.model as RetryViewModel).state).toBe('confirm');
  expect(again.ms).toBeLessThan(DEADLINE_MS);
});

test('a confirmed Start whose lookups take longer than the deadline is not cut short: the backup starts', async () => {
  const bot = await deadlineCore();
  const item = retryableItem(h.estate, 'sql');
  const card = await bot.handleText(`retry ${item.id}`, ANA);
  expect(card.model).toMatchObject({ state: 'confirm' });
  const start = (card.model as RetryViewModel).buttons.find((b) => b.label === 'Start backup');
  expect(start).toBeDefined();
  // Every Resource Graph answer now takes longer than the whole deadline.
  h.sim.admin.setFaults({ rules: [{ target: 'arg', latencyMs: DEADLINE_MS + 500 }] });
  const started = await timed(bot.handleAction(start?.payload, ANA, { messageRef: refFor(1) }));
  expect(started.ms).toBeGreaterThan(DEADLINE_MS);
  expect(started.value.view).toBe('retry');
  expect((started.value.model as RetryViewModel).state).toBe('started');
});
